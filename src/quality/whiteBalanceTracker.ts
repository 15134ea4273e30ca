/**
 * White-balance drift, tracked against a key frame. A colour-temperature estimate of each frame
 * alone moves whenever the camera shows something else (pan from a blue sky to warm ground and
 * the "neutral" pixels change); a grade or a generator drifting changes the colour of the same
 * content. So each near-neutral sample is compared with the sample that showed the same content
 * in the key frame (the camera's translation found from luma projections and taken out), and the
 * typical (median) change of its R/G and B/G ratios is the white balance's change since the key
 * frame (von Kries). A new key frame is taken only when the camera has moved a quarter of the
 * frame or too little still matches, so a locked-off or handheld shot is judged against one
 * frame and measurement noise does not add up frame after frame.
 */
import { kelvinToMired, linearRgbToCct } from "./colourTemperature";
import { bestShift, emptyProjections, MOTION_SEARCH, projectLuma, type Projections } from "./globalMotion";
import * as proxyColour from "./proxyColour";
import type { ProxyColour } from "./proxyColour";

// Local copies: a bundler's CommonJS exports are getters, too slow to call in the pixel loop.
const lutIndex = proxyColour.lutIndex;
const NEUTRAL_LUMA_LOW = proxyColour.NEUTRAL_LUMA_LOW;
const NEUTRAL_LUMA_HIGH = proxyColour.NEUTRAL_LUMA_HIGH;
const NEUTRAL_CHROMA_MAX = proxyColour.NEUTRAL_CHROMA_MAX;

/** A sample's 2×2 luma block "held still" when it moved by at most 3 codes + 3 %. */
const STABLE_LUMA_CODES = 3;
const STABLE_LUMA_RELATIVE = 0.03;
/** Every other chroma sample across and down: a quarter of them is plenty for a median, at a quarter of the cost. */
const SAMPLE_STEP = 2;
/** With fewer matching near-neutral samples than this fraction of those looked at, the frame changes nothing. */
const STABLE_MIN_FRACTION = 0.1;
/** A new key frame when the matching samples fall under half of what matched just after keying. */
const REKEY_FRACTION = 0.5;
/** Histogram of log-ratio changes: ±0.25 in steps of 0.001 (a 0.1 % gain change). */
const MOVE_LIMIT = 0.25;
const MOVE_BINS = 501;
const NEUTRAL_CHROMA_MAX_SQUARED = NEUTRAL_CHROMA_MAX * NEUTRAL_CHROMA_MAX;
/** Rec.709's white (equal RGB) is D65: about 6504 K, 153.8 mired. */
const REFERENCE_WHITE_MIRED = kelvinToMired(linearRgbToCct(1, 1, 1)!);

function addMove(histogram: Float64Array, move: number): void {
  const clamped = Math.max(-MOVE_LIMIT, Math.min(MOVE_LIMIT, move));
  const bin = Math.round(((clamped + MOVE_LIMIT) / (2 * MOVE_LIMIT)) * (MOVE_BINS - 1));
  histogram[bin] = histogram[bin]! + 1;
}

/** The median of `count` values binned by addMove, interpolated within its bin. */
function histogramMedian(histogram: Float64Array, count: number): number {
  const half = count / 2;
  let seen = 0;
  for (let bin = 0; bin < MOVE_BINS; bin++) {
    const inBin = histogram[bin]!;
    if (inBin > 0 && seen + inBin >= half) {
      const within = (half - seen) / inBin - 0.5;
      return ((bin + within) / (MOVE_BINS - 1)) * 2 * MOVE_LIMIT - MOVE_LIMIT;
    }
    seen += inBin;
  }
  return 0;
}

interface KeyFrame {
  frame: Uint8Array;
  projections: Projections;
  gainRed: number;
  gainBlue: number;
  /** Samples that matched on the first comparison after keying. */
  firstMatch?: number;
  /** The camera's shift from the key frame at the last frame. */
  dx: number;
  dy: number;
}

export class WhiteBalanceTracker {
  private gainRed = 1;
  private gainBlue = 1;
  private key: KeyFrame | undefined;
  private readonly projections: Projections;
  /** Chroma samples looked at per frame. */
  private readonly samples: number;
  private readonly redMoves = new Float64Array(MOVE_BINS);
  private readonly blueMoves = new Float64Array(MOVE_BINS);

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly colour: ProxyColour,
  ) {
    this.projections = emptyProjections(width, height);
    this.samples = Math.ceil(width / 2 / SAMPLE_STEP) * Math.ceil(height / 2 / SAMPLE_STEP);
  }

  /**
   * Takes the next frame and answers the white point's drift since the first frame, mired
   * (positive: warmer). `projections` are the frame's luma column and row means, when the caller
   * has them already (FrameMeter does); otherwise they are computed here.
   */
  update(frame: Uint8Array, projections?: Projections): number {
    const { width, height } = this;
    if (projections) {
      this.projections.columns.set(projections.columns);
      this.projections.rows.set(projections.rows);
    } else projectLuma(frame, width, height, this.projections);
    const key = this.key;
    if (!key) {
      this.rekey(frame);
    } else {
      // The camera moves on from where it was last seen: search around the last shift.
      const dx = bestShift(this.projections.columns, key.projections.columns, MOTION_SEARCH, key.dx, Math.floor(width / 4));
      const dy = bestShift(this.projections.rows, key.projections.rows, MOTION_SEARCH, key.dy, Math.floor(height / 4));
      key.dx = dx;
      key.dy = dy;
      const matched = this.compare(frame, key.frame, dx, dy);
      if (matched >= STABLE_MIN_FRACTION * this.samples) {
        this.gainRed = key.gainRed * Math.exp(histogramMedian(this.redMoves, matched));
        this.gainBlue = key.gainBlue * Math.exp(histogramMedian(this.blueMoves, matched));
      }
      key.firstMatch ??= matched;
      const movedFar = Math.abs(dx) > width / 4 - 2 || Math.abs(dy) > height / 4 - 2;
      if (movedFar || matched < Math.max(STABLE_MIN_FRACTION * this.samples, REKEY_FRACTION * key.firstMatch)) this.rekey(frame);
    }
    const shifted = linearRgbToCct(this.gainRed, 1, this.gainBlue);
    return shifted === undefined ? 0 : kelvinToMired(shifted) - REFERENCE_WHITE_MIRED;
  }

  private rekey(frame: Uint8Array): void {
    const key = this.key ?? { frame: new Uint8Array(frame.length), projections: emptyProjections(this.width, this.height), gainRed: 1, gainBlue: 1, dx: 0, dy: 0 };
    key.frame.set(frame);
    key.projections.columns.set(this.projections.columns);
    key.projections.rows.set(this.projections.rows);
    key.gainRed = this.gainRed;
    key.gainBlue = this.gainBlue;
    key.dx = 0;
    key.dy = 0;
    delete key.firstMatch;
    this.key = key;
  }

  /**
   * Fills the move histograms from the near-neutral samples of `frame` whose content held still
   * since `key` (where it sat (dx, dy) luma pixels away); answers how many there were. A hot
   * loop: no closures or allocations inside it.
   */
  private compare(frame: Uint8Array, key: Uint8Array, dx: number, dy: number): number {
    const { width, height, colour } = this;
    const cw = width / 2;
    const ch = height / 2;
    const lumaSize = width * height;
    const chromaSize = cw * ch;
    const redMoves = this.redMoves;
    const blueMoves = this.blueMoves;
    redMoves.fill(0);
    blueMoves.fill(0);
    const { black, white, chromaScale } = colour.levels;
    const span = white - black;
    // The key's chroma sits half a sample off when the shift is odd: average the two neighbours.
    const kx0 = Math.floor(-dx / 2);
    const ky0 = Math.floor(-dy / 2);
    const stepX = -dx / 2 - kx0 ? 1 : 0;
    const stepY = -dy / 2 - ky0 ? cw : 0;
    const logLut = colour.logLut;
    let matched = 0;
    for (let cy = 0; cy < ch; cy += SAMPLE_STEP) {
      const ky = cy + ky0;
      const ly = 2 * cy - dy;
      if (ky < 0 || ky + (stepY ? 1 : 0) >= ch || ly < 0 || ly + 1 >= height) continue;
      for (let cx = 0; cx < cw; cx += SAMPLE_STEP) {
        const kx = cx + kx0;
        const lx = 2 * cx - dx;
        if (kx < 0 || kx + stepX >= cw || lx < 0 || lx + 1 >= width) continue;
        const top = 2 * cy * width + 2 * cx;
        const y = (frame[top]! + frame[top + 1]! + frame[top + width]! + frame[top + width + 1]!) / 4;
        const keyTop = ly * width + lx;
        const yKey = (key[keyTop]! + key[keyTop + 1]! + key[keyTop + width]! + key[keyTop + width + 1]!) / 4;
        const dLuma = y - yKey;
        if ((dLuma < 0 ? -dLuma : dLuma) > STABLE_LUMA_CODES + STABLE_LUMA_RELATIVE * yKey) continue;
        // Both frames pass the same gates: selecting on one frame's noise alone would pull every
        // change the same way (regression to the mean).
        const yn = (y - black) / span;
        const ynKey = (yKey - black) / span;
        if (yn < NEUTRAL_LUMA_LOW || yn > NEUTRAL_LUMA_HIGH || ynKey < NEUTRAL_LUMA_LOW || ynKey > NEUTRAL_LUMA_HIGH) continue;
        const j = cy * cw + cx;
        const cb = (frame[lumaSize + j]! - 128) / chromaScale;
        const cr = (frame[lumaSize + chromaSize + j]! - 128) / chromaScale;
        const k = ky * cw + kx;
        const u = lumaSize + k;
        const v = lumaSize + chromaSize + k;
        const cbKey = ((key[u]! + key[u + stepX]! + key[u + stepY]! + key[u + stepX + stepY]!) / 4 - 128) / chromaScale;
        const crKey = ((key[v]! + key[v + stepX]! + key[v + stepY]! + key[v + stepX + stepY]!) / 4 - 128) / chromaScale;
        if (cb * cb + cr * cr >= NEUTRAL_CHROMA_MAX_SQUARED || cbKey * cbKey + crKey * crKey >= NEUTRAL_CHROMA_MAX_SQUARED) continue;
        // BT.709 Y'CbCr → R'G'B' → ln(display light), through the lookup table.
        const r = logLut[lutIndex(yn + 1.5748 * cr)]!;
        const g = logLut[lutIndex(yn - 0.1873 * cb - 0.4681 * cr)]!;
        const b = logLut[lutIndex(yn + 1.8556 * cb)]!;
        const rk = logLut[lutIndex(ynKey + 1.5748 * crKey)]!;
        const gk = logLut[lutIndex(ynKey - 0.1873 * cbKey - 0.4681 * crKey)]!;
        const bk = logLut[lutIndex(ynKey + 1.8556 * cbKey)]!;
        // Black in any channel (ln 0 = −∞) has no ratio to compare.
        if (!(r > Number.NEGATIVE_INFINITY && g > Number.NEGATIVE_INFINITY && b > Number.NEGATIVE_INFINITY)) continue;
        if (!(rk > Number.NEGATIVE_INFINITY && gk > Number.NEGATIVE_INFINITY && bk > Number.NEGATIVE_INFINITY)) continue;
        addMove(redMoves, r - g - (rk - gk));
        addMove(blueMoves, b - g - (bk - gk));
        matched++;
      }
    }
    return matched;
  }
}
