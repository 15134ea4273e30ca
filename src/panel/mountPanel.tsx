import { createRoot, type Root } from "react-dom/client";
import { describeError } from "../core/errors";
import type { PanelPlatform } from "./platform/panelPlatform";
import { PanelRuntime } from "./runtime/panelRuntime";
import { App } from "./ui/App";
import { ErrorBoundary } from "./ui/ErrorBoundary";
import { PanelContext } from "./ui/panelContext";
import { installPanelStyles } from "./ui/panelStyles";

let root: Root | undefined;
let runtime: PanelRuntime | undefined;

/**
 * Mounts the panel into the node UXP hands the panel entrypoint, once (UXP calls create and
 * show; both land here). The platform is built lazily so that a missing module becomes a message
 * in the panel rather than a failed plugin load.
 */
export function mountPanel(rootNode: HTMLElement, makePlatform: () => PanelPlatform): PanelRuntime | undefined {
  if (root) return runtime;
  const document = rootNode.ownerDocument;
  installPanelStyles(document);
  const container = document.createElement("div");
  container.className = "shotbin-root";
  container.style.height = "100%";
  rootNode.appendChild(container);
  root = createRoot(container);
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
