import type { Root } from "react-dom/client";
import { describeError } from "../core/errors";
import type { PanelPlatform } from "./platform/panelPlatform";
import { PanelRuntime } from "./runtime/panelRuntime";
import { App } from "./ui/App";
import { ErrorBoundary } from "./ui/ErrorBoundary";
import { PanelContext } from "./ui/panelContext";

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
    root.render(
      <div className="sb-center sb-error" data-testid="platform-failed">
        Shotbin could not reach Premiere's modules: {describeError(error)}. Check that the plugin runs in Premiere Pro 25.6 or later.
      </div>,
    );
    return undefined;
  }
  root.render(
    <ErrorBoundary area="Shotbin">
      <PanelContext.Provider value={runtime}>
        <App />
      </PanelContext.Provider>
    </ErrorBoundary>,
  );
  void runtime.start();
  return runtime;
}
