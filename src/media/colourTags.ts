import { MediaError } from "../core/errors";
import { fourCCBytes, readFourCC, readU16, readU8, writeU16, writeU32 } from "./bigEndian";
import { payloadStart, type BoxHeader } from "./boxWalker";

/**
 * Colour code points (ITU-T H.273 / ISO 23091-2: the numbers ffmpeg's AVCOL_* use) and the `colr`
 * box that carries them in a video sample entry: `nclx` (ISO, 19 bytes, with a range flag) or
 * `nclc` (QuickTime, 18 bytes, without one).
 */
export interface ColourTags {
  primaries: number;
  transfer: number;
  matrix: number;
  fullRange: boolean;
}

/** Colour as far as a source specifies it; a missing field is "unspecified". */
export type ColourDescription = Partial<ColourTags>;

export const REC709_LIMITED: ColourTags = { primaries: 1, transfer: 1, matrix: 1, fullRange: false };

export type ColourSource = "bitstream" | "provider" | "existing colr" | "default";

export interface ColrBox {
  box: BoxHeader;
  colourType: string;
  /** Only for `nclx`/`nclc`; ICC colr boxes carry a profile instead. */
  colour?: ColourDescription;
}

const NAMES = {
  primaries: { 1: "BT.709", 4: "BT.470M", 5: "BT.470BG", 6: "SMPTE 170M", 7: "SMPTE 240M", 9: "BT.2020", 11: "DCI-P3", 12: "Display P3" },
  transfer: { 1: "BT.709", 4: "gamma 2.2", 5: "gamma 2.8", 6: "SMPTE 170M", 8: "linear", 13: "sRGB", 14: "BT.2020 10-bit", 15: "BT.2020 12-bit", 16: "PQ", 18: "HLG" },
  matrix: { 0: "RGB", 1: "BT.709", 5: "BT.470BG", 6: "SMPTE 170M", 9: "BT.2020 NCL", 10: "BT.2020 CL" },
} as const satisfies Record<string, Record<number, string>>;

/** "BT.709/BT.709/BT.709, limited range": for summaries and messages. */
export function describeColour(colour: ColourDescription, withRange = true): string {
  const name = (table: Record<number, string>, value: number | undefined) =>
    value === undefined ? "unspecified" : `${table[value] ?? "code"} (${value})`;
  const text = `primaries ${name(NAMES.primaries, colour.primaries)}, transfer ${name(NAMES.transfer, colour.transfer)}, matrix ${name(NAMES.matrix, colour.matrix)}`;
  if (!withRange) return text;
  return `${text}, ${colour.fullRange === undefined ? "range unspecified" : colour.fullRange ? "full range" : "limited range"}`;
}

function specified(value: number): number | undefined {
  return value === 2 ? undefined : value;
}

export function parseColr(moov: Uint8Array, box: BoxHeader, path: string): ColrBox {
  const at = payloadStart(box);
  if (box.end - at < 4) throw new MediaError("corrupt", `The colr box at ${path} is too short.`);
  const colourType = readFourCC(moov, at);
  if (colourType !== "nclx" && colourType !== "nclc") return { box, colourType };
  const needed = colourType === "nclx" ? 11 : 10;
  if (box.end - at < needed) throw new MediaError("corrupt", `The ${colourType} colr box at ${path} is too short.`);
  const colour: ColourDescription = {};
  const primaries = specified(readU16(moov, at + 4));
  const transfer = specified(readU16(moov, at + 6));
  const matrix = specified(readU16(moov, at + 8));
  if (primaries !== undefined) colour.primaries = primaries;
  if (transfer !== undefined) colour.transfer = transfer;
  if (matrix !== undefined) colour.matrix = matrix;
  if (colourType === "nclx") colour.fullRange = (readU8(moov, at + 10) & 0x80) !== 0;
  return { box, colourType, colour };
}

/** A complete `colr` box: 19 bytes for `nclx`, 18 for `nclc`. */
export function buildColr(colourType: "nclx" | "nclc", tags: ColourTags): Uint8Array {
  const out = new Uint8Array(colourType === "nclx" ? 19 : 18);
  writeU32(out, 0, out.length);
  out.set(fourCCBytes("colr"), 4);
  out.set(fourCCBytes(colourType), 8);
  writeU16(out, 12, tags.primaries);
  writeU16(out, 14, tags.transfer);
  writeU16(out, 16, tags.matrix);
  if (colourType === "nclx") out[18] = tags.fullRange ? 0x80 : 0;
  return out;
}

/** Overwrites the values of an existing `nclx`/`nclc` box in `moov` (same size). */
export function patchColr(moov: Uint8Array, colr: ColrBox, tags: ColourTags): void {
  const at = payloadStart(colr.box);
  writeU16(moov, at + 4, tags.primaries);
  writeU16(moov, at + 6, tags.transfer);
  writeU16(moov, at + 8, tags.matrix);
  if (colr.colourType === "nclx") moov[at + 10] = (tags.fullRange ? 0x80 : 0) | ((moov[at + 10] ?? 0) & 0x7f);
}

export interface ColourDecision {
  tags: ColourTags;
  sources: Record<keyof ColourTags, ColourSource>;
  /** Where the provider's claim or the old colr disagreed with the bitstream (which wins). */
  conflicts: string[];
}

/**
 * Field by field: the bitstream (VUI) when it says something, else what the provider is known to
 * produce, else the existing colr, else Rec.709 limited. So the colr written never contradicts
 * the VUI, and an explicit tag in the file is not replaced by a guess.
 */
export function decideColour(inputs: {
  bitstream: ColourDescription;
  provider?: ColourDescription;
  existing?: ColourDescription;
}): ColourDecision {
  const tags = { ...REC709_LIMITED };
  const sources = {} as Record<keyof ColourTags, ColourSource>;
  const conflicts: string[] = [];
  for (const field of ["primaries", "transfer", "matrix", "fullRange"] as const) {
    const candidates: Array<[ColourSource, number | boolean | undefined]> = [
      ["bitstream", inputs.bitstream[field]],
      ["provider", inputs.provider?.[field]],
      ["existing colr", inputs.existing?.[field]],
      ["default", REC709_LIMITED[field]],
    ];
    const [source, value] = candidates.find(([, v]) => v !== undefined) as [ColourSource, number | boolean];
    (tags as Record<string, number | boolean>)[field] = value;
    sources[field] = source;
    if (source === "bitstream") {
      for (const [other, otherValue] of candidates.slice(1, 3)) {
        if (otherValue !== undefined && otherValue !== value) {
          conflicts.push(`${other} says ${field} ${String(otherValue)} but the bitstream says ${String(value)}; kept the bitstream's`);
        }
      }
    }
  }
  return { tags, sources, conflicts };
}
