import { MediaError } from "../../core/errors";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";
import { utf8Encode } from "../../core/text/utf8";
import { concatBytes } from "../bigEndian";
import { readExactly } from "./stillFormat";

/**
 * WebP's RIFF container (Google's "WebP Container Specification"): chunks are a FourCC, a
 * little-endian size and the payload padded to an even length. XMP goes in an `XMP ` chunk at the
 * end, and only an extended file (first chunk `VP8X`, XMP flag set) may carry one: a simple
 * `VP8 `/`VP8L` file is converted by putting a VP8X chunk in front of its image chunk.
 */

export interface WebpChunk {
  type: string;
  start: number;
  dataStart: number;
  size: number;
  /** After the payload and its pad byte. */
  end: number;
}

export interface WebpLayout {
  chunks: WebpChunk[];
  fileSize: number;
  /** The RIFF size field (file length minus 8 when consistent). */
  riffSize: number;
  kind: "simple-lossy" | "simple-lossless" | "extended";
  width: number;
  height: number;
  hasAlpha: boolean;
  xmp?: WebpChunk;
}

export const VP8X_XMP_FLAG = 0x04;
const VP8X_ALPHA_FLAG = 0x10;

export function readU32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

export function u32LE(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

function u24LE(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff);
}

export async function readWebpLayout(file: RandomAccessFile): Promise<WebpLayout> {
  const label = file.label;
  const fileSize = await file.size();
  const header = await readExactly(file, 0, 12, "the RIFF header");
  const riffSize = readU32LE(header, 4);
  if (riffSize + 8 > fileSize) throw new MediaError("truncated", `The WebP says it is ${riffSize + 8} bytes long but the file has ${fileSize}; it is incomplete.`, label);
  if (riffSize % 2 === 1 || riffSize < 4) throw new MediaError("corrupt", "The WebP's RIFF size is invalid; the file is damaged.", label);
  const chunks: WebpChunk[] = [];
  const end = riffSize + 8;
  for (let at = 12; at < end; ) {
    const head = await readExactly(file, at, 8, "a chunk header");
    const type = String.fromCharCode(...head.subarray(0, 4));
    const size = readU32LE(head, 4);
    const chunkEnd = at + 8 + size + (size % 2);
    if (chunkEnd > end) throw new MediaError("truncated", `The WebP's '${type}' chunk at byte ${at} runs past the end of the RIFF data; the file is damaged.`, label);
    chunks.push({ type, start: at, dataStart: at + 8, size, end: chunkEnd });
    at = chunkEnd;
  }
  const first = chunks[0];
  if (!first) throw new MediaError("corrupt", "The WebP has no chunks; it is damaged.", label);
  let kind: WebpLayout["kind"];
  let width: number;
  let height: number;
  let hasAlpha = false;
  if (first.type === "VP8X") {
    if (first.size < 10) throw new MediaError("corrupt", "The WebP's VP8X chunk is too short; it is damaged.", label);
    const data = await readExactly(file, first.dataStart, 10, "the VP8X chunk");
    kind = "extended";
    hasAlpha = (data[0]! & VP8X_ALPHA_FLAG) !== 0;
    width = 1 + (data[4]! | (data[5]! << 8) | (data[6]! << 16));
    height = 1 + (data[7]! | (data[8]! << 8) | (data[9]! << 16));
  } else if (first.type === "VP8 ") {
    const data = await readExactly(file, first.dataStart, 10, "the VP8 frame header");
    if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw new MediaError("corrupt", "The WebP's VP8 frame has no start code; it is damaged.", label);
    kind = "simple-lossy";
    width = (data[6]! | (data[7]! << 8)) & 0x3fff;
    height = (data[8]! | (data[9]! << 8)) & 0x3fff;
  } else if (first.type === "VP8L") {
    const data = await readExactly(file, first.dataStart, 5, "the VP8L header");
    if (data[0] !== 0x2f) throw new MediaError("corrupt", "The WebP's VP8L chunk has no signature; it is damaged.", label);
    const bits = readU32LE(data, 1);
    kind = "simple-lossless";
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    hasAlpha = ((bits >>> 28) & 1) === 1;
  } else {
    throw new MediaError("corrupt", `The WebP starts with a '${first.type}' chunk where VP8, VP8L or VP8X belongs; it is damaged.`, label);
  }
  const xmp = chunks.find((chunk) => chunk.type === "XMP ");
  return { chunks, fileSize, riffSize, kind, width, height, hasAlpha, ...(xmp ? { xmp } : {}) };
}

/** A complete `XMP ` chunk: header, packet, and a pad byte when the packet's length is odd. */
export function xmpWebpChunk(packet: Uint8Array): Uint8Array {
  return concatBytes([utf8Encode("XMP "), u32LE(packet.length), packet, packet.length % 2 ? Uint8Array.of(0) : new Uint8Array(0)]);
}

/** A VP8X chunk for a simple file being converted: XMP flag, alpha when the lossless bitstream has it. */
export function vp8xChunk(width: number, height: number, hasAlpha: boolean): Uint8Array {
  const flags = VP8X_XMP_FLAG | (hasAlpha ? VP8X_ALPHA_FLAG : 0);
  return concatBytes([utf8Encode("VP8X"), u32LE(10), Uint8Array.of(flags, 0, 0, 0), u24LE(width - 1), u24LE(height - 1)]);
}
