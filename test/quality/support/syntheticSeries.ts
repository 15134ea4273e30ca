/**
 * Per-frame series written by hand: a clean, gently moving 24 fps take that a test then spoils
 * in one place, so each detector is judged on exactly the signal it is meant to read.
 */
import { assessSeries, type Assessment } from "../../../src/quality/assessSeries";
import type { FrameSeries, SampleRange } from "../../../src/quality/qualityTypes";

export const FPS = 24;

/** A deterministic wobble in [-1, 1] (no Math.random: tests must repeat). */
export function wobble(i: number, seed = 1): number {
  const x = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** A clean take: a slow pan (luma drifting 110 → 118), grain-level noise, steady white balance. */
export function cleanSeries(frames = 120, fps = FPS): FrameSeries {
  const t = Array.from({ length: frames }, (_, i) => i / fps);
  const luma = t.map((_, i) => 110 + (8 * i) / frames + 0.05 * wobble(i));
  return {
    t,
    luma,
    lumaP10: luma.map((l, i) => Math.round(l - 60 + 0.4 * wobble(i, 2))),
    lumaP90: luma.map((l, i) => Math.round(l + 70 + 0.4 * wobble(i, 3))),
    light: luma.map((l) => Math.pow((l - 16) / 219, 2.4)),
    clipped: luma.map(() => 0.002),
    outOfRange: luma.map(() => 0.001),
    outOfTolerance: luma.map(() => 0),
    dark: luma.map(() => 0.04),
    chroma: luma.map(() => 8),
    cct: luma.map((_, i) => 6400 + Math.round(30 * wobble(i, 4))),
    wbShift: luma.map((_, i) => 0.4 * wobble(i, 5)),
    diff: luma.map((_, i) => (i === 0 ? 0 : 9 + wobble(i, 6))),
    change: luma.map((_, i) => (i === 0 ? 0 : 0.07 + 0.01 * wobble(i, 7))),
  };
}

export function assess(series: FrameSeries, options: { range?: SampleRange; fps?: number } = {}): Assessment {
  const fps = options.fps ?? FPS;
  const n = series.t.length;
  return assessSeries({ series, range: options.range ?? "limited", duration: (series.t[n - 1] ?? 0) + 1 / fps, frameDuration: 1 / fps });
}

/** Frame index at `seconds`. */
export const at = (seconds: number, fps = FPS) => Math.round(seconds * fps);

/** Sets `series[field][i] = value(i, old)` for i in [from, to]. */
export function edit<K extends keyof FrameSeries>(series: FrameSeries, field: K, from: number, to: number, value: (i: number, old: FrameSeries[K][number]) => FrameSeries[K][number]): void {
  const values = series[field] as Array<FrameSeries[K][number]>;
  for (let i = from; i <= to; i++) values[i] = value(i, values[i]!);
}
