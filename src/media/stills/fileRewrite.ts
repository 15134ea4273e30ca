import { MediaError } from "../../core/errors";
import type { FileSystem } from "../../core/seams/fileSystem";

/** A piece of the rewritten file: bytes of the original, or new bytes. */
export type RewritePiece = { copy: [start: number, end: number] } | { bytes: Uint8Array };

const CHUNK = 1 << 20;

/** The folder and the name of a native path or `file:` URL (the seam joins, this splits). */
export function splitPath(path: string): { folder: string; name: string } {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? { folder: ".", name: path } : { folder: path.slice(0, cut) || "/", name: path.slice(cut + 1) };
}

/**
 * Rewrites a file whose new layout moves bytes (a chunk inserted before the image data): the new
 * file is streamed to a temporary name in the same folder and synced; then the original is moved
 * aside, the new one takes its name, and the original is removed. At every moment the original
 * bytes exist under one of the two names, so a crash loses nothing; memory stays at one buffer.
 */
export async function rewriteFile(files: FileSystem, path: string, pieces: readonly RewritePiece[]): Promise<number> {
  const { folder, name } = splitPath(path);
  const token = `${Date.now().toString(36)}${Math.floor(Math.random() * 0xffffff).toString(36)}`;
  const tempPath = files.join(folder, `.${name}.${token}.xmp-tmp`);
  const asidePath = files.join(folder, `.${name}.${token}.xmp-old`);
  const source = await files.open(path, "read");
  let temp;
  try {
    temp = await files.createNew(tempPath);
  } catch (error) {
    await source.close();
    throw new MediaError("io", `Cannot create a temporary file next to ${name}: ${error instanceof Error ? error.message : String(error)}`, path, { cause: error });
  }
  let written = 0;
  try {
    for (const piece of pieces) {
      if ("bytes" in piece) {
        await temp.write(written, piece.bytes);
        written += piece.bytes.length;
        continue;
      }
      for (let at = piece.copy[0]; at < piece.copy[1]; at += CHUNK) {
        const length = Math.min(CHUNK, piece.copy[1] - at);
        const bytes = await source.read(at, length);
        if (bytes.length !== length) throw new MediaError("truncated", `The file changed or ended while it was being rewritten (at byte ${at}).`, source.label);
        await temp.write(written, bytes);
        written += bytes.length;
      }
    }
    await temp.sync();
  } catch (error) {
    await temp.close().catch(() => undefined);
    await files.remove(tempPath).catch(() => undefined);
    throw error;
  } finally {
    // Closed before any rename: Windows cannot rename an open file.
    await source.close();
  }
  await temp.close();
  if (!(await files.renameNoReplace(path, asidePath))) {
    await files.remove(tempPath).catch(() => undefined);
    throw new MediaError("io", `Could not move ${name} aside to replace it.`, path);
  }
  if (!(await files.renameNoReplace(tempPath, path))) {
    // Put the original back; the rewritten copy is discarded.
    await files.renameNoReplace(asidePath, path);
    await files.remove(tempPath).catch(() => undefined);
    throw new MediaError("io", `Could not put the rewritten ${name} in place; the original is unchanged.`, path);
  }
  await files.remove(asidePath);
  return written;
}
