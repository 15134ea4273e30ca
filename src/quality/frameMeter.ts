/**
 * Measures one proxy frame (8-bit Y'CbCr 4:2:0, planar: Y then Cb then Cr) into a row of the
 * per-frame series, keeping only the previous frame. No I/O: the caller feeds frames, from
 * ffmpeg or from a test.
 */
import { emptyProjections, type Projections } from "./globalMotion";
import { NeutralTemperature } from "./neutralTemperature";
import { ProxyColour } from "./proxyColour";
import type { FrameSeries, SampleRange } from "./qualityTypes";
import { WhiteBalanceTracker } from "./whiteBalanceTracker";

/** One frame's values, one per series field except the time. */
export type FrameStats = { [K in Exclude<keyof FrameSeries, "t">]: FrameSeries[K][number] };

/** Luma within 1 % of the nominal range below white counts as clipped (compression noise keeps a clipped sky from sitting exactly on 235). */
export const CLIP_MARGIN = 0.01;
/** blackdetect's `pix_th`: a pixel is dark at or below 10 % of the nominal range. */
export const DARK_PIXEL_LEVEL = 0.1;
/** A picture whose luma varies by less than this (standard deviation, codes) is flat: nothing to correlate. */
const FLAT_VARIANCE = 1;

const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

export class FrameMeter {
  readonly frameBytes: number;
  private readonly lumaSize: number;
  private readonly colour: ProxyColour;
  private readonly previous: Uint8Array;
  private hasPrevious = false;
  private readonly histogram = new Uint32Array(256);
  /** Luma column and row means, filled by the luma pass for the white-balance tracking. */
  private readonly projections: Projections;
  private previousSum = 0;
  private previousSumSquares = 0;
  private readonly lightOfCode = new Float64Array(256);
  private readonly neutral: NeutralTemperature;
  private readonly whiteBalance: WhiteBalanceTracker;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly range: SampleRange,
  ) {
    if (width % 2 || height % 2 || width <= 0 || height <= 0) throw new Error(`FrameMeter needs an even, positive size, not ${width}x${height}`);
    this.lumaSize = width * height;
    this.frameBytes = this.lumaSize * 1.5;
    this.colour = new ProxyColour(range);
    this.previous = new Uint8Array(this.frameBytes);
    for (let code = 0; code < 256; code++) this.lightOfCode[code] = this.colour.linear(this.colour.nominal(code));
    this.neutral = new NeutralTemperature(width, height, this.colour);
    this.whiteBalance = new WhiteBalanceTracker(width, height, this.colour);
    this.projections = emptyProjections(width, height);
  }

  /** Measures a frame of exactly `frameBytes` bytes (a longer buffer's tail is ignored). */
  measure(buffer: Uint8Array): FrameStats {
    if (buffer.length < this.frameBytes) throw new Error(`a proxy frame needs ${this.frameBytes} bytes, got ${buffer.length}`);
    const frame = buffer.subarray(0, this.frameBytes);
    const luma = frame.subarray(0, this.lumaSize);
    const change = this.lumaPass(luma);
    const levels = this.levelsFromHistogram();
    const wbShift = this.whiteBalance.update(frame, this.projections);
    const stats: FrameStats = {
      ...levels,
      chroma: this.meanChroma(frame),
      cct: this.neutral.measure(frame),
      wbShift: round(wbShift, 2),
      ...change,
    };
    this.previous.set(frame);
    this.hasPrevious = true;
    return stats;
  }

  /**
   * Histogram of luma, its column and row means, and difference and correlation with the
   * previous frame, in one pass. The frame's sums (Σa, Σa²) come from its histogram and the
   * previous frame's are kept, so the pixel loop does little else.
   */
  private lumaPass(luma: Uint8Array): Pick<FrameStats, "diff" | "change"> {
    const histogram = this.histogram;
    histogram.fill(0);
    const n = this.lumaSize;
    const { width, height } = this;
    const { columns, rows } = this.projections;
    columns.fill(0);
    let absSum = 0;
    let sumAB = 0;
    const previous = this.previous; // its luma plane comes first
    const compare = this.hasPrevious;
    for (let y = 0, i = 0; y < height; y++) {
      let rowSum = 0;
      for (let x = 0; x < width; x++, i++) {
        const a = luma[i]!;
        histogram[a] = histogram[a]! + 1;
        rowSum += a;
        columns[x] = columns[x]! + a;
        if (!compare) continue;
        const b = previous[i]!;
        const d = a - b;
        absSum += d < 0 ? -d : d;
        sumAB += a * b;
      }
      rows[y] = rowSum / width;
    }
    for (let x = 0; x < width; x++) columns[x] = columns[x]! / height;
    let sumA = 0;
    let sumAA = 0;
    for (let code = 0; code < 256; code++) {
      const count = histogram[code]!;
      sumA += code * count;
      sumAA += code * code * count;
    }
    const sumB = this.previousSum;
    const sumBB = this.previousSumSquares;
    this.previousSum = sumA;
    this.previousSumSquares = sumAA;
    if (!this.hasPrevious) return { diff: 0, change: 0 };
    const meanA = sumA / n;
    const meanB = sumB / n;
    const varA = sumAA / n - meanA * meanA;
    const varB = sumBB / n - meanB * meanB;
    const cov = sumAB / n - meanA * meanB;
    const flatA = varA < FLAT_VARIANCE;
    const flatB = varB < FLAT_VARIANCE;
    let change: number;
    if (flatA && flatB) change = 0;
    else if (flatA || flatB) change = 1;
    else change = Math.min(2, Math.max(0, 1 - cov / Math.sqrt(varA * varB)));
    return { diff: round(absSum / n, 3), change: round(change, 4) };
  }

  private levelsFromHistogram(): Pick<FrameStats, "luma" | "lumaP10" | "lumaP90" | "light" | "clipped" | "outOfRange" | "outOfTolerance" | "dark"> {
    const h = this.histogram;
    const n = this.lumaSize;
    const { black, white, legalLow, legalHigh, toleranceLow, toleranceHigh } = this.colour.levels;
    const clipLevel = white - Math.round(CLIP_MARGIN * (white - black));
    const darkLevel = black + Math.floor(DARK_PIXEL_LEVEL * (white - black));
    let sum = 0;
    let light = 0;
    let clipped = 0;
    let outOfRange = 0;
    let outOfTolerance = 0;
    let dark = 0;
    let cumulative = 0;
    let p10 = -1;
    let p90 = -1;
    for (let code = 0; code < 256; code++) {
      const count = h[code]!;
      if (count === 0) continue;
      sum += code * count;
      light += this.lightOfCode[code]! * count;
      if (code >= clipLevel) clipped += count;
      if (code < legalLow || code > legalHigh) outOfRange += count;
      if (code < toleranceLow || code > toleranceHigh) outOfTolerance += count;
      if (code <= darkLevel) dark += count;
      cumulative += count;
      if (p10 < 0 && cumulative >= 0.1 * n) p10 = code;
      if (p90 < 0 && cumulative >= 0.9 * n) p90 = code;
    }
    return {
      luma: round(sum / n, 2),
      lumaP10: p10,
      lumaP90: p90,
      light: round(light / n, 5),
      clipped: round(clipped / n, 5),
      outOfRange: round(outOfRange / n, 5),
      outOfTolerance: round(outOfTolerance / n, 5),
      dark: round(dark / n, 5),
    };
  }

  /** Mean √(Cb²+Cr²) in code values, like signalstats' SATAVG. */
  private meanChroma(frame: Uint8Array): number {
    const chromaSize = this.lumaSize / 4;
    const u = this.lumaSize;
    const v = this.lumaSize + chromaSize;
    let sum = 0;
    for (let j = 0; j < chromaSize; j++) {
      const du = frame[u + j]! - 128;
      const dv = frame[v + j]! - 128;
      sum += Math.sqrt(du * du + dv * dv);
    }
    return round(sum / chromaSize, 3);
  }
}

/** Collects frame measurements into series; times are set when the pass ends. */
export class SeriesRecorder {
  private readonly series: FrameSeries = {
    t: [],
    luma: [],
    lumaP10: [],
    lumaP90: [],
    light: [],
    clipped: [],
    outOfRange: [],
    outOfTolerance: [],
    dark: [],
    chroma: [],
    cct: [],
    wbShift: [],
    diff: [],
    change: [],
  };

  get frames(): number {
    return this.series.luma.length;
  }

  add(stats: FrameStats): void {
    for (const key of Object.keys(stats) as Array<keyof FrameStats>) (this.series[key] as unknown[]).push(stats[key]);
  }

  /** The series with one presentation time per frame (seconds from the first frame). */
  finish(times: readonly number[]): FrameSeries {
    if (times.length !== this.frames) throw new Error(`${times.length} frame times for ${this.frames} frames`);
    const origin = times[0] ?? 0;
    this.series.t = times.map((t) => round(t - origin, 6));
    return this.series;
  }
}
