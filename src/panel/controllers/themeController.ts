/**
 * Follows Premiere's brightness: the theme at start, and every change the host announces through
 * `document.theme.onUpdated`. The store's `theme` selects the panel's colours (ui/theme), so a
 * change re-renders the panel in the new colours without a reload.
 */
import { currentTheme, panelThemeOf } from "../theme/hostTheme";
import type { PanelStore } from "../state/panelStore";
import type { UxpDocumentTheme } from "../uxp/uxpModule";

export class ThemeController {
  private listening = false;

  constructor(
    private readonly store: PanelStore,
    private readonly theme: UxpDocumentTheme | undefined,
  ) {}

  private readonly updated = (name: string) => {
    const theme = panelThemeOf(name);
    if (this.store.getState().theme !== theme) this.store.setState({ theme });
  };

  start(): void {
    this.store.setState({ theme: currentTheme(this.theme) });
    if (this.listening || !this.theme) return;
    try {
      this.theme.onUpdated.addListener(this.updated);
      this.listening = true;
    } catch {
      // A host without theme events: the panel keeps the theme it started with.
    }
  }

  stop(): void {
    if (!this.listening) return;
    this.listening = false;
    try {
      this.theme?.onUpdated.removeListener(this.updated);
    } catch {
      // Nothing to undo.
    }
  }
}
