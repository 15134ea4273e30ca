import { MediaError } from "../core/errors";
import { writeU32, writeU64 } from "./bigEndian";
import type { TimeFields } from "./movieBox";

/** ISO-BMFF and QuickTime count seconds from 1904-01-01T00:00:00Z. */
export const MP4_EPOCH_OFFSET_SECONDS = 2_082_844_800;

export function toMp4Seconds(iso: string): number {
  const unixMs = Date.parse(iso);
  if (!Number.isFinite(unixMs)) throw new MediaError("invalid-metadata", `'${iso}' is not a date.`);
  const seconds = Math.floor(unixMs / 1000) + MP4_EPOCH_OFFSET_SECONDS;
  if (seconds < 0) throw new MediaError("invalid-metadata", `${iso} is before 1904, which MP4 dates cannot express.`);
  return seconds;
}

/** The date a 1904-based time stands for, or undefined when it is out of range. */
export function fromMp4Seconds(seconds: number): string | undefined {
  const ms = (seconds - MP4_EPOCH_OFFSET_SECONDS) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

/** Sets creation and modification time of one `mvhd`/`tkhd`/`mdhd` in the moov buffer. */
export function patchTimes(moov: Uint8Array, fields: TimeFields, mp4Seconds: number, boxPath: string): void {
  if (fields.fieldBytes === 4) {
    if (mp4Seconds > 0xffffffff) {
      throw new MediaError("unsupported-layout", `The ${boxPath} box stores dates in 32 bits, which end in February 2040.`);
    }
    writeU32(moov, fields.creationAt, mp4Seconds);
    writeU32(moov, fields.creationAt + 4, mp4Seconds);
  } else {
    writeU64(moov, fields.creationAt, mp4Seconds);
    writeU64(moov, fields.creationAt + 8, mp4Seconds);
  }
}
