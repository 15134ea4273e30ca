import type { FileSystem } from "../core/seams/fileSystem";
import { UxpRandomAccessFile, type UxpFsModule } from "./uxpRandomAccessFile";

/**
 * The file-system seam over UXP's `require("fs")`, passed in by the panel. UXP's errors carry no
 * reliable code, so a failing `lstat` counts as "not there"; and its `rename` replaces, so
 * `renameNoReplace` checks first (a small window remains in which another program could take the
 * name).
 */
export function uxpFileSystem(fs: UxpFsModule): FileSystem {
  const exists = async (path: string) => {
    try {
      await fs.lstat(path);
      return true;
    } catch {
      return false;
    }
  };
  return {
    join(folder, name) {
      if (folder.endsWith("/") || folder.endsWith("\\")) return folder + name;
      const separator = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
      return folder + separator + name;
    },
    exists,
    open: (path, mode) => UxpRandomAccessFile.open(fs, path, mode),
    createNew: (path) => UxpRandomAccessFile.createNew(fs, path),
    async renameNoReplace(from, to) {
      if (await exists(to)) return false;
      await fs.rename(from, to);
      return true;
    },
    async remove(path) {
      if (await exists(path)) await fs.unlink(path);
    },
  };
}
