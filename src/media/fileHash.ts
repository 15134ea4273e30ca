import { sha256 } from "@noble/hashes/sha256";
import type { FileSystem } from "../core/seams/fileSystem";

const CHUNK = 1 << 20;

/** SHA-256 of a file's bytes, lowercase hex, read in 1 MiB pieces (pure TypeScript, UXP-safe). */
export async function sha256OfFile(files: FileSystem, path: string): Promise<string> {
  const file = await files.open(path, "read");
  try {
    const hash = sha256.create();
    const size = await file.size();
    for (let at = 0; at < size; at += CHUNK) hash.update(await file.read(at, Math.min(CHUNK, size - at)));
    return Array.from(hash.digest(), (b) => b.toString(16).padStart(2, "0")).join("");
  } finally {
    await file.close();
  }
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return Array.from(sha256(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}
