/**
 * A frame's colour temperature from its near-neutral mid-tones: of the samples (every other one
 * across and down) between 20 % and
 * 92 % of the luma range with chroma under 0.2, the least chromatic half (a grey-world estimate
 * that a coloured scene sways less) is averaged in display-linear RGB, then McCamy. An absolute
 * estimate that moves with the content too; drift is judged on WhiteBalanceTracker instead.
 */
import { linearRgbToCct } from "./colourTemperature";
import * as proxyColour from "./proxyColour";
import type { ProxyColour } from "./proxyColour";

// Local copies: a bundler's CommonJS exports are getters, too slow to call in the pixel loop.
const lutIndex = proxyColour.lutIndex;
const NEUTRAL_LUMA_LOW = proxyColour.NEUTRAL_LUMA_LOW;
const NEUTRAL_LUMA_HIGH = proxyColour.NEUTRAL_LUMA_HIGH;
const NEUTRAL_CHROMA_MAX = proxyColour.NEUTRAL_CHROMA_MAX;

const CHROMA_BINS = 64;
/** Every other chroma sample across and down: a mean needs no more. */
const SAMPLE_STEP = 2;
/** Fewer near-neutral samples than this fraction of the frame, and it has no colour temperature. */
const MIN_FRACTION = 0.005;

export class NeutralTemperature {
  private readonly candidateChroma: Float32Array;
  private readonly candidateIndex: Int32Array;
  private readonly bins = new Float64Array(CHROMA_BINS);

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly colour: ProxyColour,
  ) {
    const chromaSize = (width / 2) * (height / 2);
    this.candidateChroma = new Float32Array(chromaSize);
    this.candidateIndex = new Int32Array(chromaSize);
  }

  /** Kelvin, rounded; null when fewer than 0.5 % of the samples looked at are near neutral. */
  measure(frame: Uint8Array): number | null {
    const { width, height, colour, bins } = this;
    const cw = width / 2;
    const ch = height / 2;
    const chromaSize = cw * ch;
    const lumaSize = width * height;
    const { black, white, chromaScale } = colour.levels;
    const span = white - black;
    bins.fill(0);
    let candidates = 0;
    let looked = 0;
    for (let cy = 0; cy < ch; cy += SAMPLE_STEP) {
      for (let cx = 0; cx < cw; cx += SAMPLE_STEP) {
        looked++;
        const top = 2 * cy * width + 2 * cx;
        const yn = ((frame[top]! + frame[top + 1]! + frame[top + width]! + frame[top + width + 1]!) / 4 - black) / span;
        if (yn < NEUTRAL_LUMA_LOW || yn > NEUTRAL_LUMA_HIGH) continue;
        const j = cy * cw + cx;
        const cb = (frame[lumaSize + j]! - 128) / chromaScale;
        const cr = (frame[lumaSize + chromaSize + j]! - 128) / chromaScale;
        const c = Math.sqrt(cb * cb + cr * cr);
        if (c >= NEUTRAL_CHROMA_MAX) continue;
        this.candidateChroma[candidates] = c;
        this.candidateIndex[candidates] = j;
        candidates++;
        const bin = Math.min(CHROMA_BINS - 1, Math.floor((c / NEUTRAL_CHROMA_MAX) * CHROMA_BINS));
        bins[bin] = bins[bin]! + 1;
      }
    }
    if (candidates < Math.max(8, MIN_FRACTION * looked)) return null;
    let medianBin = 0;
    for (let seen = 0; medianBin < CHROMA_BINS; medianBin++) {
      seen += bins[medianBin]!;
      if (seen >= candidates / 2) break;
    }
    const limit = ((medianBin + 1) / CHROMA_BINS) * NEUTRAL_CHROMA_MAX;
    const lut = colour.lut;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let k = 0; k < candidates; k++) {
      if (this.candidateChroma[k]! > limit) continue;
      const j = this.candidateIndex[k]!;
      const cy = Math.floor(j / cw);
      const top = 2 * cy * width + 2 * (j - cy * cw);
      const yn = ((frame[top]! + frame[top + 1]! + frame[top + width]! + frame[top + width + 1]!) / 4 - black) / span;
      const cb = (frame[lumaSize + j]! - 128) / chromaScale;
      const cr = (frame[lumaSize + chromaSize + j]! - 128) / chromaScale;
      // BT.709 Y'CbCr → R'G'B', then display light.
      r += lut[lutIndex(yn + 1.5748 * cr)]!;
      g += lut[lutIndex(yn - 0.1873 * cb - 0.4681 * cr)]!;
      b += lut[lutIndex(yn + 1.8556 * cb)]!;
    }
    const cct = linearRgbToCct(r, g, b);
    return cct === undefined ? null : Math.round(cct);
  }
}
