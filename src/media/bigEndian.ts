import { MediaError } from "../core/errors";

/** Big-endian integers and four-character codes in byte arrays, as ISO-BMFF stores them. */

/** Reading past the end of a buffer means a box is shorter than its fields: a corrupt file. */
export function readU8(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw new MediaError("corrupt", `A box is shorter than the fields it must hold (read past its end at byte ${at}).`);
  return value;
}

export function readU16(bytes: Uint8Array, at: number): number {
  return (readU8(bytes, at) << 8) | readU8(bytes, at + 1);
}

export function readU32(bytes: Uint8Array, at: number): number {
  return readU8(bytes, at) * 0x1000000 + ((readU8(bytes, at + 1) << 16) | (readU8(bytes, at + 2) << 8) | readU8(bytes, at + 3));
}

/** A u64 as a number; values past 2^53 (no real file has them) come back as Infinity. */
export function readU64(bytes: Uint8Array, at: number): number {
  const high = readU32(bytes, at);
  const low = readU32(bytes, at + 4);
  if (high >= 0x200000) return Number.POSITIVE_INFINITY;
  return high * 0x100000000 + low;
}

export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${value} does not fit in 32 bits`);
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

export function writeU64(bytes: Uint8Array, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${value} is not a safe u64`);
  writeU32(bytes, at, Math.floor(value / 0x100000000));
  writeU32(bytes, at + 4, value % 0x100000000);
}

/** Four bytes as a string of char codes 0-255 (`'©nam'` keeps its © as U+00A9). */
export function readFourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(readU8(bytes, at), readU8(bytes, at + 1), readU8(bytes, at + 2), readU8(bytes, at + 3));
}

export function fourCCBytes(code: string): Uint8Array {
  if (code.length !== 4) throw new RangeError(`'${code}' is not a four-character code`);
  return Uint8Array.from(code, (c) => c.charCodeAt(0) & 0xff);
}

/** A four-character code for messages: printable as is, otherwise as hex. */
export function printableFourCC(code: string): string {
  return /^[\x20-\x7e\xa9]{4}$/.test(code)
    ? code
    : `0x${Array.from(code, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("")}`;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Hex text (even length, 0-9a-f) to bytes, for constants such as the XMP UUID. */
export function hexToBytesStrict(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new RangeError(`'${text}' is not lowercase hex`);
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
