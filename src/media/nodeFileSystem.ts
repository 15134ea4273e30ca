import { promises as fsp } from "node:fs";
import * as path from "node:path";
import type { FileSystem } from "../core/seams/fileSystem";
import { NodeRandomAccessFile } from "./nodeRandomAccessFile";

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** The file-system seam over Node's `fs`. */
export const nodeFileSystem: FileSystem = {
  join: (folder, name) => path.join(folder, name),

  async exists(target) {
    try {
      await fsp.lstat(target);
      return true;
    } catch (error) {
      if (errorCode(error) === "ENOENT") return false;
      throw error;
    }
  },

  open: (target, mode) => NodeRandomAccessFile.open(target, mode),

  createNew: (target) => NodeRandomAccessFile.createNew(target),

  async renameNoReplace(from, to) {
    // link() fails with EEXIST instead of replacing, which makes "rename unless taken" atomic.
    try {
      await fsp.link(from, to);
    } catch (error) {
      const code = errorCode(error);
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw error;
      // File systems without hard links (FAT, exFAT, some network shares): check, then rename.
      if (await nodeFileSystem.exists(to)) return false;
      await fsp.rename(from, to);
      return true;
    }
    await fsp.unlink(from);
    return true;
  },

  async remove(target) {
    try {
      await fsp.unlink(target);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
    }
  },
};
