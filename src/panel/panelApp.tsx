import type { Root } from "react-dom/client";
import { describeError } from "../core/errors";
import type { PanelPlatform } from "./platform/panelPlatform";
import { currentTheme, themeClass } from "./theme/hostTheme";
import { PanelRuntime } from "./runtime/panelRuntime";
import { App } from "./ui/App";
import { ErrorBoundary } from "./ui/ErrorBoundary";
import { PanelContext } from "./ui/panelContext";
import { ThemeScope } from "./ui/ThemeScope";

/**
 * The whole panel: builds the runtime on the platform and renders the tabs. The platform is built
 * here, lazily, so that a missing module becomes a message in the panel rather than a failed
 * plugin load.
 */
export function renderPanel(root: Root, makePlatform: () => PanelPlatform): PanelRuntime | undefined {
  let runtime: PanelRuntime;
  try {
    runtime = new PanelRuntime(makePlatform());
  } catch (error) {
    const theme = currentTheme((globalThis as { document?: { theme?: Parameters<typeof currentTheme>[0] } }).document?.theme);
    root.render(
      <div className={`sb-root ${themeClass(theme)}`}>
        <div className="sb-center sb-error" data-testid="platform-failed">
          Shotbin could not reach Premiere's modules: {describeError(error)}. Check that the plugin runs in Premiere Pro 25.6 or later.
        </div>
      </div>,
    );
    return undefined;
  }
  root.render(
    <PanelContext.Provider value={runtime}>
      <ThemeScope>
        <ErrorBoundary area="Shotbin">
          <App />
        </ErrorBoundary>
      </ThemeScope>
    </PanelContext.Provider>,
  );
  void runtime.start();
  return runtime;
}
