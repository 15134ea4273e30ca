/**
 * A browser stand-in for UXP's `document.theme` and what Premiere does when the editor changes
 * its brightness: `getCurrent()` answers the theme's name, `onUpdated` listeners get the new one,
 * and the host's `--uxp-host-*` CSS variables are set on the page root with Premiere's colours for
 * that theme (or left unset, as a Premiere that provides none would). The harness page and its
 * Spectrum widget stand-ins follow `data-uxp-theme` on the root.
 */
import { THEME_PALETTES, TOKENS, type ThemeToken } from "../../panel/ui/theme/themePalette";
import type { PanelTheme } from "../../panel/theme/hostTheme";
import type { UxpDocumentTheme } from "../../panel/uxp/uxpModule";

export interface ThemeOptions {
  /** Set Premiere's `--uxp-host-*` variables (default); false leaves them unset, so the panel's own colours show. */
  hostVariables?: boolean;
}

export interface ThemeStandIn extends UxpDocumentTheme {
  set(theme: PanelTheme, options?: ThemeOptions): void;
}

export function createThemeStandIn(root: HTMLElement, initial: PanelTheme, options: ThemeOptions = {}): ThemeStandIn {
  let current: PanelTheme = initial;
  const listeners = new Set<(theme: string) => void>();
  const apply = (theme: PanelTheme, applyOptions: ThemeOptions) => {
    root.setAttribute("data-uxp-theme", theme);
    for (const token of Object.keys(TOKENS) as ThemeToken[]) {
      const host = TOKENS[token];
      if (!host) continue;
      if (applyOptions.hostVariables === false) root.style.removeProperty(host);
      else root.style.setProperty(host, THEME_PALETTES[theme][token]);
    }
  };
  apply(initial, options);
  return {
    getCurrent: () => current,
    onUpdated: {
      addListener: (listener) => void listeners.add(listener),
      removeListener: (listener) => void listeners.delete(listener),
    },
    set(theme, setOptions = {}) {
      current = theme;
      apply(theme, setOptions);
      listeners.forEach((listener) => listener(theme));
    },
  };
}
