import { MediaError } from "../../core/errors";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";

/** The still formats Shotbin writes XMP into. */
export type StillFormat = "png" | "jpeg" | "webp";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of a still from its first 12 bytes, or undefined when it is none of the three. */
export function sniffStill(head: Uint8Array): StillFormat | undefined {
  if (head.length >= 8 && PNG_SIGNATURE.every((b, i) => head[i] === b)) return "png";
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (head.length >= 12 && String.fromCharCode(...head.subarray(0, 4)) === "RIFF" && String.fromCharCode(...head.subarray(8, 12)) === "WEBP") return "webp";
  return undefined;
}

/** Whether the first bytes of a download can start a still (RIFF alone passes: WEBP is at 8-11). */
export function looksLikeStillStart(head: Uint8Array): boolean {
  if (sniffStill(head)) return true;
  return head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === "RIFF";
}

export const STILL_MEDIA_TYPES: Record<StillFormat, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };
export const STILL_EXTENSIONS: Record<StillFormat, string> = { png: ".png", jpeg: ".jpg", webp: ".webp" };

export async function stillFormatOf(file: RandomAccessFile): Promise<StillFormat> {
  const head = await file.read(0, 12);
  const format = sniffStill(head);
  if (!format) throw new MediaError("not-media", "This is not a PNG, JPEG or WebP still (its first bytes match none of them).", file.label);
  return format;
}

/** Reads `length` bytes at `position` or throws: the file ended where its own structure says it goes on. */
export async function readExactly(file: RandomAccessFile, position: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = await file.read(position, length);
  if (bytes.length !== length) throw new MediaError("truncated", `The file ends inside ${what} (at byte ${position + bytes.length} of ${position + length}); it is damaged or incomplete.`, file.label);
  return bytes;
}
