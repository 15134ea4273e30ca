import type { RandomAccessFile } from "../../../src/core/seams/randomAccessFile";

/** A RandomAccessFile over bytes in memory, for unit tests of the box walker. */
export function memoryFile(initial: Uint8Array, label = "memory.mp4"): RandomAccessFile & { bytes(): Uint8Array } {
  let data = Uint8Array.from(initial);
  return {
    label,
    bytes: () => data,
    size: async () => data.length,
    read: async (position, length) => data.slice(position, Math.min(data.length, position + length)),
    write: async (position, bytes) => {
      if (position + bytes.length > data.length) {
        const grown = new Uint8Array(position + bytes.length);
        grown.set(data);
        data = grown;
      }
      data.set(bytes, position);
    },
    append: async (bytes) => {
      const at = data.length;
      const grown = new Uint8Array(at + bytes.length);
      grown.set(data);
      grown.set(bytes, at);
      data = grown;
      return at;
    },
    sync: async () => undefined,
    close: async () => undefined,
  };
}
