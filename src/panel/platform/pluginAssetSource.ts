import type { AssetSource } from "../../media/download";
import { UxpRandomAccessFile } from "../../media/uxpRandomAccessFile";
import type { UxpPanelFs } from "../uxp/uxpModule";

/** `shotbin-asset:<name>` clips (the simulator's) from the plugin folder, where the build copies them. */
export function pluginAssetSource(fs: UxpPanelFs): AssetSource {
  return {
    open: (name) => {
      const file = name.split(/[\\/]/).pop() ?? name;
      return UxpRandomAccessFile.open(fs, `plugin:/assets/clips/${file}`, "read");
    },
  };
}
