import { MediaError } from "../core/errors";
import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import { printableFourCC, readFourCC, readU32, readU64 } from "./bigEndian";

/**
 * Box (atom) headers of ISO-BMFF and QuickTime files. A header is a u32 size and a type; size 1
 * means a u64 size follows, size 0 means "to the end of the file" (allowed for the last top-level
 * box only), and a `uuid` box carries a 16-byte user type after that.
 */
export interface BoxHeader {
  /** The four-character type, one char per byte. */
  type: string;
  /** Offset of the first header byte: absolute for top-level boxes, else within the buffer walked. */
  start: number;
  /** Bytes before the payload: 8, or 16 with a u64 size, plus 16 for a `uuid` user type. */
  headerSize: number;
  size: number;
  end: number;
  sizeField: "u32" | "u64" | "to-end";
  /** The 16-byte user type of a `uuid` box, as lowercase hex. */
  userType?: string;
}

export const XMP_UUID = "be7acfcb97a942e89c71999491e3afac";

/** More top-level boxes than any real clip has; a guard against files built to make us loop. */
const MAX_TOP_LEVEL_BOXES = 100_000;
const MAX_CHILD_BOXES = 1_000_000;

interface HeaderProblem {
  problem: string;
  /** True when the header is incomplete because the data ended, not because it is wrong. */
  cutOff?: boolean;
}

function isProblem(value: BoxHeader | HeaderProblem): value is HeaderProblem {
  return "problem" in value;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Parses the header at `at` from `bytes` (which hold at least the header's first 32 bytes when
 * available). Returns why it cannot when the header itself is invalid.
 */
function parseHeader(
  bytes: Uint8Array,
  at: number,
  available: number,
  limit: number,
  origin: number,
): BoxHeader | HeaderProblem {
  if (available < 8) return { problem: "a box header needs 8 bytes", cutOff: true };
  const size32 = readU32(bytes, at);
  const type = readFourCC(bytes, at + 4);
  let headerSize = 8;
  let size: number;
  let sizeField: BoxHeader["sizeField"];
  if (size32 === 1) {
    if (available < 16) return { problem: `the '${printableFourCC(type)}' box's 64-bit size is cut off`, cutOff: true };
    size = readU64(bytes, at + 8);
    headerSize = 16;
    sizeField = "u64";
    if (size < 16) return { problem: `the '${printableFourCC(type)}' box has a 64-bit size of ${size}, less than its own header` };
  } else if (size32 === 0) {
    size = limit - origin;
    sizeField = "to-end";
  } else {
    if (size32 < 8) return { problem: `the '${printableFourCC(type)}' box has a size of ${size32}, less than its own header` };
    size = size32;
    sizeField = "u32";
  }
  let userType: string | undefined;
  if (type === "uuid") {
    if (available < headerSize + 16) return { problem: "a 'uuid' box's user type is cut off", cutOff: true };
    userType = hex(bytes.subarray(at + headerSize, at + headerSize + 16));
    headerSize += 16;
  }
  if (size < headerSize) return { problem: `the '${printableFourCC(type)}' box is smaller than its own header` };
  return { type, start: origin, headerSize, size, end: origin + size, sizeField, userType };
}

export function describeBox(box: BoxHeader): string {
  return `'${printableFourCC(box.type)}' box at offset ${box.start}`;
}

/**
 * The boxes at the top level of a file, headers only. Throws a MediaError when a header is
 * invalid or a box runs past the end of the file (the file is then truncated).
 */
export async function readTopLevelBoxes(file: RandomAccessFile, fileSize: number): Promise<BoxHeader[]> {
  const boxes: BoxHeader[] = [];
  let offset = 0;
  while (offset < fileSize) {
    if (boxes.length >= MAX_TOP_LEVEL_BOXES) {
      throw new MediaError("corrupt", `More than ${MAX_TOP_LEVEL_BOXES} top-level boxes: this is not a clip Shotbin can edit.`, file.label);
    }
    const bytes = await file.read(offset, 40);
    const header = parseHeader(bytes, 0, bytes.length, fileSize, offset);
    if (isProblem(header)) {
      throw header.cutOff
        ? new MediaError(
            "truncated",
            `The file ends ${fileSize - offset} bytes into a box header at offset ${offset}: it is truncated (an incomplete download or copy).`,
            file.label,
          )
        : new MediaError("corrupt", `Invalid box header at offset ${offset}: ${header.problem}.`, file.label);
    }
    if (header.end > fileSize) {
      throw new MediaError(
        "truncated",
        `The ${describeBox(header)} needs ${header.size} bytes but the file ends ${fileSize - header.start} bytes into it: the file is truncated (an incomplete download or copy).`,
        file.label,
      );
    }
    boxes.push(header);
    offset = header.end;
  }
  return boxes;
}

/**
 * The child boxes between `start` and `end` of a buffer already in memory (inside `moov`).
 * `path` names the parent in messages. Trailing zero bytes shorter than a header (QuickTime's
 * user-data terminator) end the list.
 */
export function readChildBoxes(bytes: Uint8Array, start: number, end: number, path: string): BoxHeader[] {
  const boxes: BoxHeader[] = [];
  let offset = start;
  while (offset < end) {
    const remaining = end - offset;
    if (remaining < 8) {
      if (bytes.subarray(offset, end).every((b) => b === 0)) break;
      throw new MediaError("corrupt", `${remaining} stray bytes at the end of ${path}.`);
    }
    if (readU32(bytes, offset) === 0 && remaining <= 8 && bytes.subarray(offset, end).every((b) => b === 0)) break;
    const header = parseHeader(bytes, offset, Math.min(remaining, 40), end, offset);
    if (isProblem(header)) throw new MediaError("corrupt", `Invalid box inside ${path}: ${header.problem}.`);
    if (header.sizeField === "to-end") {
      throw new MediaError("corrupt", `The '${printableFourCC(header.type)}' box inside ${path} has size 0, which only a top-level box may have.`);
    }
    if (header.end > end) {
      throw new MediaError(
        "corrupt",
        `The '${printableFourCC(header.type)}' box inside ${path} claims ${header.size} bytes but its parent has only ${remaining} left.`,
      );
    }
    boxes.push(header);
    if (boxes.length > MAX_CHILD_BOXES) throw new MediaError("corrupt", `Too many boxes inside ${path}.`);
    offset = header.end;
  }
  return boxes;
}

export function payloadStart(box: BoxHeader): number {
  return box.start + box.headerSize;
}
