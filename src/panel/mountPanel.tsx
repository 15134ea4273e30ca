import { createRoot, type Root } from "react-dom/client";
import { ModelCatalog } from "./ModelCatalog";

let root: Root | undefined;

/** Mounts the React panel into the node UXP gives the panel entrypoint, once. */
export function mountPanel(rootNode: HTMLElement): void {
  if (root) return;
  const container = document.createElement("div");
  container.className = "shotbin-root";
  rootNode.appendChild(container);
  root = createRoot(container);
  root.render(<ModelCatalog />);
}
