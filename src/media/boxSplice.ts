import { MediaError } from "../core/errors";
import { concatBytes, readU32, readU64, writeU32, writeU64 } from "./bigEndian";
import type { BoxHeader } from "./boxWalker";

/**
 * Inserting, removing or replacing bytes inside a box tree held in memory (the `moov`), keeping
 * every enclosing box's size right.
 */
export interface Splice {
  at: number;
  remove: number;
  insert: Uint8Array;
  /** Every box that contains `at`, outermost first; each grows or shrinks by the difference. */
  ancestors: readonly BoxHeader[];
}

function adjustSize(bytes: Uint8Array, box: BoxHeader, delta: number): void {
  if (readU32(bytes, box.start) === 1) {
    writeU64(bytes, box.start + 8, readU64(bytes, box.start + 8) + delta);
    return;
  }
  const size = readU32(bytes, box.start) + delta;
  if (size > 0xffffffff) {
    throw new MediaError("unsupported-layout", `The '${box.type}' box would grow past 4 GiB, which its 32-bit size cannot hold.`);
  }
  writeU32(bytes, box.start, size);
}

/** Applies splices from the last position to the first, so that earlier offsets stay valid. */
export function applySplices(original: Uint8Array, splices: readonly Splice[]): Uint8Array {
  let bytes = original;
  for (const splice of [...splices].sort((a, b) => b.at - a.at)) {
    bytes = concatBytes([bytes.subarray(0, splice.at), splice.insert, bytes.subarray(splice.at + splice.remove)]);
    const delta = splice.insert.length - splice.remove;
    if (delta !== 0) for (const box of splice.ancestors) adjustSize(bytes, box, delta);
  }
  return bytes;
}
