import type { OpenMode, RandomAccessFile } from "./randomAccessFile";

/**
 * The few folder operations the downloader and the embedder need: open, create a new file,
 * rename without replacing, remove. Paths are whatever the platform uses (native paths in Node,
 * native paths or `file:` URLs in UXP); only `join` builds them.
 */
export interface FileSystem {
  /** `folder` joined with a single file name (never a path). */
  join(folder: string, name: string): string;
  exists(path: string): Promise<boolean>;
  open(path: string, mode: OpenMode): Promise<RandomAccessFile>;
  /** Creates an empty file and opens it for writing; fails when something already has that name. */
  createNew(path: string): Promise<RandomAccessFile>;
  /**
   * Renames `from` to `to`. Never replaces: resolves `false`, leaving both untouched, when `to`
   * already exists.
   */
  renameNoReplace(from: string, to: string): Promise<boolean>;
  /** Removes a file; resolves quietly when it is already gone. */
  remove(path: string): Promise<void>;
}
