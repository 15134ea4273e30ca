import { crc32 } from "../../core/bytes/crc32";
import { MediaError } from "../../core/errors";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";
import { utf8Encode } from "../../core/text/utf8";
import { concatBytes, readU32, writeU32 } from "../bigEndian";
import { readExactly } from "./stillFormat";

/**
 * PNG (ISO/IEC 15948) chunks as far as XMP needs them. XMP lives in an `iTXt` chunk with the
 * keyword `XML:com.adobe.xmp`, uncompressed, empty language and translated keyword (XMP Spec
 * Part 3 §1.1.5), placed before `IDAT` so readers that stop at the image data still find it.
 */

export interface PngChunk {
  type: string;
  start: number;
  dataStart: number;
  length: number;
  /** After the CRC. */
  end: number;
}

export interface PngLayout {
  chunks: PngChunk[];
  fileSize: number;
  width: number;
  height: number;
  /** The XMP chunks found (Shotbin replaces all of them with one). */
  xmpChunks: Array<{ chunk: PngChunk; textStart: number; compressed: boolean }>;
}

export const XMP_KEYWORD = "XML:com.adobe.xmp";
const KEYWORD_BYTES = utf8Encode(XMP_KEYWORD);
const CRC_CHUNK = 1 << 20;
/** keyword, NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL */
export const ITXT_HEADER = concatBytes([KEYWORD_BYTES, Uint8Array.of(0, 0, 0, 0, 0)]);

async function chunkCrc(file: RandomAccessFile, chunk: PngChunk): Promise<number> {
  let crc = crc32(await readExactly(file, chunk.start + 4, 4, `the ${chunk.type} chunk`));
  for (let at = chunk.dataStart; at < chunk.dataStart + chunk.length; at += CRC_CHUNK) {
    crc = crc32(await readExactly(file, at, Math.min(CRC_CHUNK, chunk.dataStart + chunk.length - at), `the ${chunk.type} chunk`), crc);
  }
  return crc;
}

/** Every chunk, each CRC checked: a damaged PNG is refused before anything is written. */
export async function readPngLayout(file: RandomAccessFile): Promise<PngLayout> {
  const label = file.label;
  const fileSize = await file.size();
  const chunks: PngChunk[] = [];
  const xmpChunks: PngLayout["xmpChunks"] = [];
  let at = 8;
  let sawIend = false;
  while (at < fileSize && !sawIend) {
    const head = await readExactly(file, at, 8, "a chunk header");
    const length = readU32(head, 0);
    const type = String.fromCharCode(...head.subarray(4, 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new MediaError("corrupt", `The PNG has a chunk with an invalid type at byte ${at}; it is damaged.`, label);
    if (length > 0x7fffffff || at + 12 + length > fileSize) throw new MediaError("truncated", `The PNG's ${type} chunk at byte ${at} runs past the end of the file; it is damaged or incomplete.`, label);
    const chunk: PngChunk = { type, start: at, dataStart: at + 8, length, end: at + 12 + length };
    const stored = readU32(await readExactly(file, chunk.dataStart + length, 4, `the ${type} chunk's CRC`), 0);
    if ((await chunkCrc(file, chunk)) !== stored) throw new MediaError("corrupt", `The PNG's ${type} chunk at byte ${at} fails its CRC check; the file is damaged.`, label);
    if (chunks.length === 0 && (type !== "IHDR" || length !== 13)) throw new MediaError("corrupt", "The PNG does not start with its IHDR chunk; it is damaged.", label);
    if (type === "iTXt" && length >= KEYWORD_BYTES.length + 1) {
      const head2 = await readExactly(file, chunk.dataStart, Math.min(length, 200), "an iTXt chunk");
      if (KEYWORD_BYTES.every((b, i) => head2[i] === b) && head2[KEYWORD_BYTES.length] === 0) {
        const compressed = head2[KEYWORD_BYTES.length + 1] === 1;
        // Skip the language tag and the translated keyword (each NUL-terminated).
        let p = KEYWORD_BYTES.length + 3;
        for (let n = 0; n < 2; n++) {
          while (p < head2.length && head2[p] !== 0) p++;
          p++;
        }
        xmpChunks.push({ chunk, textStart: chunk.dataStart + p, compressed });
      }
    }
    chunks.push(chunk);
    sawIend = type === "IEND";
    at = chunk.end;
  }
  if (!sawIend) throw new MediaError("truncated", "The PNG has no IEND chunk; it is incomplete.", label);
  if (!chunks.some((chunk) => chunk.type === "IDAT")) throw new MediaError("corrupt", "The PNG has no image data (IDAT); it is damaged.", label);
  const ihdr = await readExactly(file, chunks[0]!.dataStart, 8, "IHDR");
  return { chunks, fileSize, width: readU32(ihdr, 0), height: readU32(ihdr, 4), xmpChunks };
}

/** A complete `iTXt` chunk (length, type, data, CRC) holding `packet`. */
export function xmpItxtChunk(packet: Uint8Array): Uint8Array {
  const typed = concatBytes([utf8Encode("iTXt"), ITXT_HEADER, packet]);
  const out = new Uint8Array(8 + ITXT_HEADER.length + packet.length + 4);
  writeU32(out, 0, ITXT_HEADER.length + packet.length);
  out.set(typed, 4);
  writeU32(out, out.length - 4, crc32(typed));
  return out;
}
