import { createRoot, type Root } from "react-dom/client";
import type { PanelPlatform } from "./platform/panelPlatform";
import { currentTheme, themeClass } from "./theme/hostTheme";
import type { UxpDocumentTheme } from "./uxp/uxpModule";
import { installPanelStyles } from "./ui/panelStyles";
import { StartingShell } from "./ui/StartingShell";

let root: Root | undefined;

/**
 * Mounts the panel into the node UXP hands the panel entrypoint, once (UXP calls create and show;
 * both land here). A small shell is painted first; the rest of Shotbin (providers, pipeline,
 * schemas, tabs) is in a second file, panel.js, that webpack's import() loads through UXP's
 * CommonJS require just after, so the first paint waits neither for its parse nor its evaluation.
 */
export function mountPanel(rootNode: HTMLElement, makePlatform: () => PanelPlatform): void {
  if (root) return;
  const document = rootNode.ownerDocument;
  installPanelStyles(document);
  const container = document.createElement("div");
  container.className = "shotbin-root";
  container.style.height = "100%";
  rootNode.appendChild(container);
  const mounted = createRoot(container);
  root = mounted;
  // The shell and a load failure paint before the runtime follows the theme: the host's theme now.
  const theme = currentTheme((document as Document & { theme?: UxpDocumentTheme }).theme);
  let loading = false;
  const load = () => {
    if (loading) return;
    loading = true;
    import(/* webpackChunkName: "panel" */ "./panelApp")
      .then(({ renderPanel }) => renderPanel(mounted, makePlatform))
      .catch((error: unknown) =>
        mounted.render(
          <div className={`sb-root ${themeClass(theme)}`}>
            <div className="sb-center sb-error" data-testid="platform-failed">
              Shotbin failed to load: {error instanceof Error ? error.message : String(error)}. Reinstall the plugin; if it happens again, report this message.
            </div>
          </div>,
        ),
      );
  };
  mounted.render(<StartingShell onShown={load} theme={theme} />);
}
