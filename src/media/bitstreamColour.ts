import { readU16, readU8 } from "./bigEndian";
import { BitReader, unescapeRbsp } from "./bitReader";
import { payloadStart, type BoxHeader } from "./boxWalker";
import type { ColourDescription } from "./colourTags";

/**
 * The colour a video bitstream declares about itself: the H.264 or HEVC sequence parameter set's
 * VUI (read from `avcC` / `hvcC`), or VP9's `vpcC`. A `colr` box must never contradict it.
 */
export type BitstreamColour =
  /** The codec configuration was read; `colour` holds what it specifies (possibly nothing). */
  | { kind: "described"; from: "avcC" | "hvcC" | "vpcC"; colour: ColourDescription }
  /** The codec carries no colour of its own (ProRes, DNxHD, Motion JPEG): the container decides. */
  | { kind: "container-only" }
  /** It could not be read, so nothing may be written that could contradict it. */
  | { kind: "unreadable"; reason: string };

const CONTAINER_ONLY_FORMATS = new Set(["apch", "apcn", "apcs", "apco", "ap4h", "ap4x", "AVdn", "AVdh", "jpeg", "mjpa", "mjpb"]);
const H264_HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** video_signal_type and colour_description from the start of the VUI (H.264 Annex E, HEVC E.2.1). */
function readVuiColour(r: BitReader): ColourDescription {
  if (r.flag()) {
    if (r.bits(8) === 255) r.skip(32); // aspect_ratio_idc == Extended_SAR
  }
  if (r.flag()) r.skip(1); // overscan
  if (!r.flag()) return {}; // no video_signal_type
  r.skip(3); // video_format
  const fullRange = r.flag();
  if (!r.flag()) return { fullRange };
  const primaries = r.bits(8);
  const transfer = r.bits(8);
  const matrix = r.bits(8);
  const colour: ColourDescription = { fullRange };
  // 2 is "unspecified"; 0 is reserved for primaries and transfer (but identity/RGB for matrix).
  if (primaries !== 2 && primaries !== 0) colour.primaries = primaries;
  if (transfer !== 2 && transfer !== 0) colour.transfer = transfer;
  if (matrix !== 2) colour.matrix = matrix;
  return colour;
}

function skipAvcScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

export function parseAvcSps(nal: Uint8Array): ColourDescription {
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profile = r.bits(8);
  r.skip(16);
  r.ue();
  if (H264_HIGH_PROFILES.has(profile)) {
    const chroma = r.ue();
    if (chroma === 3) r.skip(1);
    r.ue();
    r.ue();
    r.skip(1);
    if (r.flag()) {
      for (let i = 0; i < (chroma !== 3 ? 8 : 12); i++) if (r.flag()) skipAvcScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue();
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.skip(1);
    r.se();
    r.se();
    const cycle = r.ue();
    if (cycle > 255) throw new Error("num_ref_frames_in_pic_order_cnt_cycle is out of range");
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue();
  r.skip(1);
  r.ue();
  r.ue();
  if (!r.flag()) r.skip(1);
  r.skip(1);
  if (r.flag()) for (let i = 0; i < 4; i++) r.ue();
  return r.flag() ? readVuiColour(r) : {};
}

function skipHevcProfileTierLevel(r: BitReader, maxSubLayersMinus1: number): void {
  r.skip(96);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) r.skip(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
}

function skipHevcScalingListData(r: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.flag()) r.ue();
      else {
        const coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
        if (sizeId > 1) r.se();
        for (let i = 0; i < coefficients; i++) r.se();
      }
    }
  }
}

/** st_ref_pic_set() for every set in the SPS (HEVC 7.3.7); returns nothing, only advances. */
function skipShortTermRefPicSets(r: BitReader, count: number): void {
  const sets: number[][] = [];
  for (let index = 0; index < count; index++) {
    const interPredicted = index !== 0 && r.flag();
    const deltas: number[] = [];
    if (interPredicted) {
      const reference = sets[index - 1] ?? [];
      const sign = r.bit();
      const deltaRps = (1 - 2 * sign) * (r.ue() + 1);
      for (let j = 0; j <= reference.length; j++) {
        const used = r.flag();
        const useDelta = used || r.flag();
        if (useDelta) deltas.push((j < reference.length ? (reference[j] ?? 0) : 0) + deltaRps);
      }
    } else {
      const negative = r.ue();
      const positive = r.ue();
      if (negative + positive > 32) throw new Error("too many reference pictures");
      let poc = 0;
      for (let i = 0; i < negative; i++) {
        poc -= r.ue() + 1;
        r.skip(1);
        deltas.push(poc);
      }
      poc = 0;
      for (let i = 0; i < positive; i++) {
        poc += r.ue() + 1;
        r.skip(1);
        deltas.push(poc);
      }
    }
    if (deltas.length > 32) throw new Error("too many reference pictures");
    sets.push(deltas);
  }
}

export function parseHevcSps(nal: Uint8Array): ColourDescription {
  const r = new BitReader(unescapeRbsp(nal.subarray(2)));
  r.skip(4);
  const maxSubLayersMinus1 = r.bits(3);
  r.skip(1);
  skipHevcProfileTierLevel(r, maxSubLayersMinus1);
  r.ue();
  if (r.ue() === 3) r.skip(1);
  r.ue();
  r.ue();
  if (r.flag()) for (let i = 0; i < 4; i++) r.ue();
  r.ue();
  r.ue();
  const pocLsbBits = r.ue() + 4;
  if (pocLsbBits > 16) throw new Error("log2_max_pic_order_cnt_lsb is out of range");
  const orderingForAll = r.flag();
  for (let i = orderingForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    r.ue();
    r.ue();
    r.ue();
  }
  for (let i = 0; i < 6; i++) r.ue();
  if (r.flag() && r.flag()) skipHevcScalingListData(r);
  r.skip(2);
  if (r.flag()) {
    r.skip(8);
    r.ue();
    r.ue();
    r.skip(1);
  }
  const sets = r.ue();
  if (sets > 64) throw new Error("num_short_term_ref_pic_sets is out of range");
  skipShortTermRefPicSets(r, sets);
  if (r.flag()) {
    const longTerm = r.ue();
    if (longTerm > 32) throw new Error("num_long_term_ref_pics_sps is out of range");
    for (let i = 0; i < longTerm; i++) r.skip(pocLsbBits + 1);
  }
  r.skip(2);
  return r.flag() ? readVuiColour(r) : {};
}

function firstAvcSps(config: Uint8Array): Uint8Array {
  const count = readU8(config, 5) & 0x1f;
  if (count === 0) throw new Error("avcC holds no sequence parameter set");
  const length = readU16(config, 6);
  if (8 + length > config.length) throw new Error("avcC's SPS runs past the box");
  return config.subarray(8, 8 + length);
}

function firstHevcSps(config: Uint8Array): Uint8Array {
  const arrays = readU8(config, 22);
  let at = 23;
  for (let a = 0; a < arrays; a++) {
    const type = readU8(config, at) & 0x3f;
    const count = readU16(config, at + 1);
    at += 3;
    for (let n = 0; n < count; n++) {
      const length = readU16(config, at);
      if (at + 2 + length > config.length) throw new Error("hvcC's parameter set runs past the box");
      if (type === 33) return config.subarray(at + 2, at + 2 + length);
      at += 2 + length;
    }
  }
  throw new Error("hvcC holds no sequence parameter set");
}

function parseVpcC(config: Uint8Array): ColourDescription {
  if (readU8(config, 0) !== 1) throw new Error("only version 1 of vpcC is understood");
  const fullRange = (readU8(config, 6) & 1) === 1;
  const colour: ColourDescription = { fullRange };
  const primaries = readU8(config, 7);
  const transfer = readU8(config, 8);
  const matrix = readU8(config, 9);
  if (primaries !== 2 && primaries !== 0) colour.primaries = primaries;
  if (transfer !== 2 && transfer !== 0) colour.transfer = transfer;
  if (matrix !== 2) colour.matrix = matrix;
  return colour;
}

/** The colour the bitstream of one video sample entry declares. */
export function readBitstreamColour(moov: Uint8Array, format: string, children: readonly BoxHeader[]): BitstreamColour {
  if (CONTAINER_ONLY_FORMATS.has(format)) return { kind: "container-only" };
  const find = (type: string) => children.find((box) => box.type === type);
  const config = (box: BoxHeader) => moov.subarray(payloadStart(box), box.end);
  const attempt = (from: "avcC" | "hvcC" | "vpcC", read: (bytes: Uint8Array) => ColourDescription): BitstreamColour => {
    const box = find(from);
    if (!box) return { kind: "unreadable", reason: `the '${format}' sample entry has no '${from}' box` };
    try {
      return { kind: "described", from, colour: read(config(box)) };
    } catch (error) {
      return { kind: "unreadable", reason: `its '${from}' could not be parsed (${error instanceof Error ? error.message : String(error)})` };
    }
  };
  switch (format) {
    case "avc1":
    case "avc3":
      return attempt("avcC", (bytes) => parseAvcSps(firstAvcSps(bytes)));
    case "hvc1":
    case "hev1":
      return attempt("hvcC", (bytes) => parseHevcSps(firstHevcSps(bytes)));
    case "vp09":
      return attempt("vpcC", parseVpcC);
    default:
      return { kind: "unreadable", reason: `Shotbin does not read the colour of '${format}' bitstreams` };
  }
}
