import * as path from "node:path";
import type { AssetSource } from "./download";
import { NodeRandomAccessFile } from "./nodeRandomAccessFile";

/** Bundled clips (`shotbin-asset:<name>`) from a folder, for the CLI and the relay. */
export function nodeAssetSource(folder: string): AssetSource {
  return { open: (name) => NodeRandomAccessFile.open(path.join(folder, path.basename(name)), "read") };
}
