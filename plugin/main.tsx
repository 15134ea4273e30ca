// The UXP entry point: registers the panel with `entrypoints.setup` at once (a late call can
// throw inside UXP) and mounts the React panel into the node UXP hands over.
import type { UxpModule } from "../src/panel/uxp/uxpModule";
import { mountPanel } from "../src/panel/mountPanel";

const uxp: UxpModule = require("uxp");

uxp.entrypoints.setup({
  panels: {
    shotbinPanel: {
      create: (rootNode) => mountPanel(rootNode),
      show: (rootNode) => mountPanel(rootNode),
    },
  },
});
