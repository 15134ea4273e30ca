import { MediaError } from "../../core/errors";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";
import { utf8Encode } from "../../core/text/utf8";
import { concatBytes, readU16, writeU16 } from "../bigEndian";
import { readExactly } from "./stillFormat";

/**
 * JPEG markers up to the start of scan, as far as XMP needs them. XMP lives in an APP1 segment
 * whose payload starts with `http://ns.adobe.com/xap/1.0/` and a NUL (XMP Spec Part 3 §1.1.3);
 * a segment holds at most 65533 payload bytes, so a packet is at most 65504 bytes. Shotbin does
 * not write ExtendedXMP: a packet that does not fit is refused (see docs/frames.md).
 */

export interface JpegSegment {
  marker: number;
  start: number;
  /** Where the payload begins (after the 2-byte length). */
  dataStart: number;
  /** After the payload. */
  end: number;
}

export interface JpegLayout {
  segments: JpegSegment[];
  fileSize: number;
  /** Where the entropy-coded scan starts (the SOS marker). */
  scanStart: number;
  width?: number;
  height?: number;
  xmpSegments: Array<{ segment: JpegSegment; packetStart: number }>;
  /** Where a new XMP segment goes: after SOI, JFIF (APP0) and Exif (APP1). */
  insertAt: number;
}

export const XMP_HEADER = utf8Encode("http://ns.adobe.com/xap/1.0/\u0000");
const EXIF_HEADER = utf8Encode("Exif\u0000");
/** 65535 (the length field's maximum) minus the length field and the namespace header. */
export const MAX_JPEG_PACKET = 65535 - 2 - XMP_HEADER.length;

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

export async function readJpegLayout(file: RandomAccessFile): Promise<JpegLayout> {
  const label = file.label;
  const fileSize = await file.size();
  const segments: JpegSegment[] = [];
  const xmpSegments: JpegLayout["xmpSegments"] = [];
  let at = 2;
  let insertAt = 2;
  let leading = true;
  let width: number | undefined;
  let height: number | undefined;
  for (;;) {
    const head = await readExactly(file, at, 2, "a JPEG marker");
    if (head[0] !== 0xff) throw new MediaError("corrupt", `The JPEG has no marker where one should be (byte ${at}); it is damaged.`, label);
    const marker = head[1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      throw new MediaError("corrupt", `The JPEG has an unexpected marker FF${marker.toString(16).toUpperCase()} before its image data (byte ${at}); it is damaged.`, label);
    }
    const length = readU16(await readExactly(file, at + 2, 2, "a segment length"), 0);
    if (length < 2 || at + 2 + length > fileSize) throw new MediaError("truncated", `The JPEG segment FF${marker.toString(16).toUpperCase()} at byte ${at} runs past the end of the file; it is damaged or incomplete.`, label);
    const segment: JpegSegment = { marker, start: at, dataStart: at + 4, end: at + 2 + length };
    if (marker === 0xda) {
      const tail = await file.read(Math.max(segment.end, fileSize - 4096), Math.min(4096, fileSize - segment.end));
      let eoi = false;
      for (let i = tail.length - 2; i >= 0 && !eoi; i--) eoi = tail[i] === 0xff && tail[i + 1] === 0xd9;
      if (!eoi) throw new MediaError("truncated", "The JPEG's image data has no end marker (EOI); the file is incomplete.", label);
      return { segments, fileSize, scanStart: at, width, height, xmpSegments, insertAt };
    }
    if (marker === 0xe1) {
      const payloadHead = await readExactly(file, segment.dataStart, Math.min(length - 2, XMP_HEADER.length), "an APP1 segment");
      if (startsWith(payloadHead, XMP_HEADER)) xmpSegments.push({ segment, packetStart: segment.dataStart + XMP_HEADER.length });
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const frame = await readExactly(file, segment.dataStart, 5, "a frame header");
      height = readU16(frame, 1);
      width = readU16(frame, 3);
    }
    if (leading) {
      const isApp0 = marker === 0xe0;
      const isExif = marker === 0xe1 && startsWith(await readExactly(file, segment.dataStart, Math.min(length - 2, EXIF_HEADER.length), "an APP1 segment"), EXIF_HEADER);
      if (isApp0 || isExif) insertAt = segment.end;
      else leading = false;
    }
    segments.push(segment);
    at = segment.end;
  }
}

/** A complete APP1 segment holding `packet`; the caller has checked it fits. */
export function xmpApp1Segment(packet: Uint8Array): Uint8Array {
  if (packet.length > MAX_JPEG_PACKET) throw new Error("XMP packet too large for one APP1 segment");
  const head = new Uint8Array(4);
  head[0] = 0xff;
  head[1] = 0xe1;
  writeU16(head, 2, 2 + XMP_HEADER.length + packet.length);
  return concatBytes([head, XMP_HEADER, packet]);
}
