// The UXP entry point: registers the panel with `entrypoints.setup` at once (a late call can
// throw inside UXP) and mounts the React panel into the node UXP hands over, wired to the real
// `uxp`, `fs` and `premierepro` modules.
import type { premierepro } from "@adobe/premierepro";
import { mountPanel } from "../src/panel/mountPanel";
import { createUxpPlatform } from "../src/panel/platform/uxpPlatform";
import type { UxpModule, UxpPanelFs } from "../src/panel/uxp/uxpModule";

const uxp: UxpModule = require("uxp");
const platform = () => createUxpPlatform(uxp, require("fs") as UxpPanelFs, require("premierepro") as premierepro);

uxp.entrypoints.setup({
  panels: {
    shotbinPanel: {
      create: (rootNode) => void mountPanel(rootNode, platform),
      show: (rootNode) => void mountPanel(rootNode, platform),
    },
  },
});
