/**
 * Reading colour out of 8-bit Y'CbCr proxy samples: the range's code levels, and BT.709
 * Y'CbCr → R'G'B' → display-linear RGB (BT.1886, γ 2.4) through a lookup table.
 */
import { bt1886ToLinear } from "./colourTemperature";
import type { SampleRange } from "./qualityTypes";

/** Code values that bound a range at 8 bits. */
export interface RangeLevels {
  black: number;
  white: number;
  /** Lowest and highest legal code (16/235 limited; 0/255 full). */
  legalLow: number;
  legalHigh: number;
  /** EBU R103's tolerance, −5 % to 105 % of the nominal range (5/246 limited). */
  toleranceLow: number;
  toleranceHigh: number;
  /** Chroma excursion for ±0.5 (224 limited, 255 full). */
  chromaScale: number;
}

export function rangeLevels(range: SampleRange): RangeLevels {
  if (range === "full") return { black: 0, white: 255, legalLow: 0, legalHigh: 255, toleranceLow: 0, toleranceHigh: 255, chromaScale: 255 };
  // R103: −5 % and 105 % of the 219 steps above 16 are 5.05 and 245.95.
  return { black: 16, white: 235, legalLow: 16, legalHigh: 235, toleranceLow: 5, toleranceHigh: 246, chromaScale: 224 };
}

/** Near-neutral mid-tones: far enough from black to be above the noise, below clipping, of low chroma. */
export const NEUTRAL_LUMA_LOW = 0.2;
export const NEUTRAL_LUMA_HIGH = 0.92;
export const NEUTRAL_CHROMA_MAX = 0.2;

/** Display-light lookup: 1024 steps of R'G'B' signal up to 1.09 (a little over white). */
export const LUT_SIZE = 1024;
export const LUT_MAX = 1.09;

/** Converts proxy samples of one range to nominal luma, chroma and linear RGB. */
export class ProxyColour {
  readonly levels: RangeLevels;
  private readonly span: number;
  /** Display light by LUT index (see `lutIndex`). */
  readonly lut = new Float64Array(LUT_SIZE + 1);
  /** ln of display light by LUT index, −∞ for black: log ratios of colours without Math.log. */
  readonly logLut = new Float64Array(LUT_SIZE + 1);

  constructor(range: SampleRange) {
    this.levels = rangeLevels(range);
    this.span = this.levels.white - this.levels.black;
    for (let i = 0; i <= LUT_SIZE; i++) {
      this.lut[i] = bt1886ToLinear((i / LUT_SIZE) * LUT_MAX);
      this.logLut[i] = Math.log(this.lut[i]!);
    }
  }

  /** Luma code → 0 (black) … 1 (nominal white). */
  nominal(lumaCode: number): number {
    return (lumaCode - this.levels.black) / this.span;
  }

  /** Chroma code → −0.5 … 0.5. */
  chroma(code: number): number {
    return (code - 128) / this.levels.chromaScale;
  }

  /** Display light of a nominal R', G' or B' value. */
  linear(signal: number): number {
    return this.lut[lutIndex(signal)]!;
  }

  /** BT.709 Y'CbCr (nominal luma, chroma −0.5…0.5) → linear R, G, B into `out`. */
  toLinearRgb(yn: number, cb: number, cr: number, out: Float64Array): void {
    out[0] = this.linear(yn + 1.5748 * cr);
    out[1] = this.linear(yn - 0.1873 * cb - 0.4681 * cr);
    out[2] = this.linear(yn + 1.8556 * cb);
  }
}

/** The lookup tables' index for a nominal R', G' or B' value (0 for black and below). */
export function lutIndex(signal: number): number {
  if (signal <= 0) return 0;
  const index = Math.round(signal * (LUT_SIZE / LUT_MAX));
  return index > LUT_SIZE ? LUT_SIZE : index;
}

/** Mean of a chroma sample's 2×2 luma block (4:2:0). */
export function blockLuma(luma: Uint8Array, width: number, cx: number, cy: number): number {
  const top = 2 * cy * width + 2 * cx;
  return (luma[top]! + luma[top + 1]! + luma[top + width]! + luma[top + width + 1]!) / 4;
}
