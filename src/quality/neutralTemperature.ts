/**
 * A frame's colour temperature from its near-neutral mid-tones: of the samples between 20 % and
 * 92 % of the luma range with chroma under 0.2, the least chromatic half (a grey-world estimate
 * that a coloured scene sways less) is averaged in display-linear RGB, then McCamy. An absolute
 * estimate that moves with the content too; drift is judged on WhiteBalanceTracker instead.
 */
import { linearRgbToCct } from "./colourTemperature";
import { blockLuma, NEUTRAL_CHROMA_MAX, NEUTRAL_LUMA_HIGH, NEUTRAL_LUMA_LOW, type ProxyColour } from "./proxyColour";

const CHROMA_BINS = 64;
/** Fewer near-neutral samples than this fraction of the frame, and it has no colour temperature. */
const MIN_FRACTION = 0.005;

export class NeutralTemperature {
  private readonly candidateChroma: Float32Array;
  private readonly candidateIndex: Int32Array;
  private readonly bins = new Float64Array(CHROMA_BINS);
  private readonly rgb = new Float64Array(3);

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly colour: ProxyColour,
  ) {
    const chromaSize = (width / 2) * (height / 2);
    this.candidateChroma = new Float32Array(chromaSize);
    this.candidateIndex = new Int32Array(chromaSize);
  }

  /** Kelvin, rounded; null when fewer than 0.5 % of the samples are near neutral. */
  measure(frame: Uint8Array): number | null {
    const { width, height, colour, bins } = this;
    const cw = width / 2;
    const chromaSize = cw * (height / 2);
    const lumaSize = width * height;
    bins.fill(0);
    let candidates = 0;
    for (let j = 0; j < chromaSize; j++) {
      const cy = Math.floor(j / cw);
      const yn = colour.nominal(blockLuma(frame, width, j - cy * cw, cy));
      if (yn < NEUTRAL_LUMA_LOW || yn > NEUTRAL_LUMA_HIGH) continue;
      const c = Math.hypot(colour.chroma(frame[lumaSize + j]!), colour.chroma(frame[lumaSize + chromaSize + j]!));
      if (c >= NEUTRAL_CHROMA_MAX) continue;
      this.candidateChroma[candidates] = c;
      this.candidateIndex[candidates] = j;
      candidates++;
      const bin = Math.min(CHROMA_BINS - 1, Math.floor((c / NEUTRAL_CHROMA_MAX) * CHROMA_BINS));
      bins[bin] = bins[bin]! + 1;
    }
    if (candidates < Math.max(8, MIN_FRACTION * chromaSize)) return null;
    let medianBin = 0;
    for (let seen = 0; medianBin < CHROMA_BINS; medianBin++) {
      seen += bins[medianBin]!;
      if (seen >= candidates / 2) break;
    }
    const limit = ((medianBin + 1) / CHROMA_BINS) * NEUTRAL_CHROMA_MAX;
    let r = 0;
    let g = 0;
    let b = 0;
    const rgb = this.rgb;
    for (let k = 0; k < candidates; k++) {
      if (this.candidateChroma[k]! > limit) continue;
      const j = this.candidateIndex[k]!;
      const cy = Math.floor(j / cw);
      const yn = colour.nominal(blockLuma(frame, width, j - cy * cw, cy));
      colour.toLinearRgb(yn, colour.chroma(frame[lumaSize + j]!), colour.chroma(frame[lumaSize + chromaSize + j]!), rgb);
      r += rgb[0]!;
      g += rgb[1]!;
      b += rgb[2]!;
    }
    const cct = linearRgbToCct(r, g, b);
    return cct === undefined ? null : Math.round(cct);
  }
}
