import { sha256 } from "@noble/hashes/sha256";
import { adler32, crc32 } from "../core/bytes/crc32";
import { utf8Decode, utf8Encode } from "../core/text/utf8";

/**
 * The simulator's stills, drawn in pure TypeScript (UXP has no canvas to spare, no Node and no
 * TextEncoder): a pattern chosen by a hash of prompt, seed and index, saved as a palette PNG with
 * stored (uncompressed) deflate blocks. An edit redraws the pattern of the still it edits (whose
 * parameters the PNG carries in a `tEXt` chunk) and marks it with the edit, so it visibly derives
 * from its source.
 */

export interface SimPattern {
  /** 32 hex digits from the hash that chose the pattern. */
  key: string;
  /** Edits applied on top, oldest first (their own keys). */
  edits: string[];
}

const SIZES: Record<string, [number, number]> = {
  "16:9": [768, 432],
  "9:16": [432, 768],
  "1:1": [576, 576],
  "4:3": [640, 480],
  "3:4": [480, 640],
  "3:2": [720, 480],
  "2:3": [480, 720],
  "21:9": [840, 360],
};

export function simStillSize(aspectRatio: string | undefined): [number, number] {
  return SIZES[aspectRatio ?? "16:9"] ?? SIZES["16:9"]!;
}

export function patternKey(text: string): string {
  return Array.from(sha256(utf8Encode(text)).slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

function bytesOf(key: string): number[] {
  return Array.from({ length: 16 }, (_, i) => parseInt(key.slice(i * 2, i * 2 + 2), 16));
}

function palette(key: string): Uint8Array {
  const k = bytesOf(key);
  const stops = [[k[0]!, k[1]!, k[2]!], [k[3]!, k[4]!, k[5]!], [k[6]!, k[7]!, k[8]!]];
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const [a, b, u] = t < 0.5 ? [stops[0]!, stops[1]!, t * 2] : [stops[1]!, stops[2]!, (t - 0.5) * 2];
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(a[c]! + (b[c]! - a[c]!) * u);
  }
  return out;
}

/** The palette index of each pixel: diagonal bands and a disc, from the key; edits add a frame and a band. */
function drawIndices(pattern: SimPattern, width: number, height: number): Uint8Array {
  const k = bytesOf(pattern.key);
  const angle = (k[9]! / 255) * Math.PI;
  const frequency = 2 + (k[10]! % 7);
  const cx = (k[11]! / 255) * width;
  const cy = (k[12]! / 255) * height;
  const radius = (0.15 + (k[13]! / 255) * 0.25) * Math.min(width, height);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const along = (x * cos + y * sin) / Math.max(width, height);
      let value = 0.5 + 0.5 * Math.sin(along * frequency * Math.PI * 2);
      const dx = x - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy < radius * radius) value = 1 - value * 0.6;
      pixels[y * width + x] = Math.round(value * 255);
    }
  }
  pattern.edits.forEach((edit, n) => {
    const e = bytesOf(edit);
    const border = 6 + n * 6;
    const bandStart = Math.floor((e[0]! / 255) * height * 0.7);
    const bandHeight = Math.floor(height * 0.12);
    const shade = e[1]!;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inFrame = x < border || y < border || x >= width - border || y >= height - border;
        const inBand = y >= bandStart && y < bandStart + bandHeight && (x + y) % 24 < 12;
        if (inFrame || inBand) pixels[y * width + x] = shade;
      }
    }
  });
  return pixels;
}

function u32(value: number): Uint8Array {
  return Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([utf8Encode(type), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

/** zlib with stored blocks: no compression, so no deflate implementation is needed (and decoding is a copy). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0x01)];
  for (let at = 0; at < raw.length || at === 0; at += 65535) {
    const block = raw.subarray(at, Math.min(raw.length, at + 65535));
    const last = at + 65535 >= raw.length ? 1 : 0;
    parts.push(Uint8Array.of(last, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff), block);
    if (raw.length === 0) break;
  }
  parts.push(u32(adler32(raw)));
  return concat(parts);
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const TEXT_KEY = "shotbin-sim";

export function renderSimStill(pattern: SimPattern, width: number, height: number): Uint8Array {
  const indices = drawIndices(pattern, width, height);
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = concat([u32(width), u32(height), Uint8Array.of(8, 3, 0, 0, 0)]);
  const text = concat([utf8Encode(TEXT_KEY), Uint8Array.of(0), utf8Encode(JSON.stringify(pattern))]);
  return concat([SIGNATURE, chunk("IHDR", header), chunk("PLTE", palette(pattern.key)), chunk("tEXt", text), chunk("IDAT", zlibStored(rows)), chunk("IEND", new Uint8Array(0))]);
}

/** The pattern a simulator still was drawn from, when `bytes` is one (read from its `tEXt` chunk). */
export function readSimPattern(bytes: Uint8Array): SimPattern | undefined {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === "IDAT" || at + 12 + length > bytes.length) return undefined;
    if (type === "tEXt") {
      const data = bytes.subarray(at + 8, at + 8 + length);
      const nul = data.indexOf(0);
      if (nul > 0 && utf8Decode(data.subarray(0, nul)) === TEXT_KEY) {
        try {
          const parsed = JSON.parse(utf8Decode(data.subarray(nul + 1))) as SimPattern;
          if (typeof parsed.key === "string" && Array.isArray(parsed.edits)) return parsed;
        } catch {
          return undefined;
        }
      }
    }
    at += 12 + length;
  }
  return undefined;
}

/** Width and height from a PNG's IHDR, when `bytes` is a PNG. */
export function pngDimensions(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.length < 24 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const read = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  return [read(16), read(20)];
}
