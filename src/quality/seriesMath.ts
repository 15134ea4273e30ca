/**
 * Small, pure helpers over per-frame series: medians, runs, turning points. No I/O.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Centred moving median over `radius` frames each side (fewer at the ends); nulls are skipped. */
export function movingMedian(values: readonly (number | null)[], radius: number): (number | null)[] {
  return values.map((_, i) => {
    const window: number[] = [];
    for (let j = Math.max(0, i - radius); j <= Math.min(values.length - 1, i + radius); j++) {
      const v = values[j];
      if (v !== null && v !== undefined) window.push(v);
    }
    return window.length ? median(window) : null;
  });
}

/** Index ranges [start, end] (inclusive) where `predicate` holds, in order. */
export function runsWhere(length: number, predicate: (i: number) => boolean): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let i = 0; i < length; i++) {
    if (predicate(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push({ start, end: i - 1 });
      start = -1;
    }
  }
  if (start >= 0) runs.push({ start, end: length - 1 });
  return runs;
}

/** Joins runs whose gap (from one's end frame to the next's start frame) spans at most `maxGapFrames` frames. */
export function mergeRuns<R extends { start: number; end: number }>(runs: readonly R[], maxGapFrames: number, join: (a: R, b: R) => R): R[] {
  const merged: R[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && run.start - last.end - 1 <= maxGapFrames) merged[merged.length - 1] = join(last, run);
    else merged.push(run);
  }
  return merged;
}

/**
 * Turning points of a series with hysteresis `h`: the alternating maxima and minima between
 * which it moved by at least `h` (a zig-zag). The first point is where the first such move
 * began; the last is the extreme the last move reached. Indices refer to `values`.
 */
export function turningPoints(values: readonly number[], h: number): number[] {
  const n = values.length;
  if (n === 0) return [];
  let lo = 0;
  let hi = 0;
  let i = 1;
  // Until the first move of h, remember the lowest and highest so far.
  for (; i < n; i++) {
    if (values[i]! < values[lo]!) lo = i;
    if (values[i]! > values[hi]!) hi = i;
    if (values[hi]! - values[lo]! >= h) break;
  }
  if (i >= n) return [];
  const points = [Math.min(lo, hi)];
  let rising = hi > lo;
  let candidate = rising ? hi : lo;
  for (i = i + 1; i < n; i++) {
    const v = values[i]!;
    if (rising) {
      if (v > values[candidate]!) candidate = i;
      else if (values[candidate]! - v >= h) {
        points.push(candidate);
        rising = false;
        candidate = i;
      }
    } else if (v < values[candidate]!) candidate = i;
    else if (v - values[candidate]! >= h) {
      points.push(candidate);
      rising = true;
      candidate = i;
    }
  }
  points.push(candidate);
  return points;
}

/** One move between two turning points. */
export interface Swing {
  /** The turning points it runs between. */
  from: number;
  to: number;
  /**
   * Where it really moved: from the last frame still within a fifth of the move (or the noise
   * level, if larger) of its starting level, to the first frame as close to its final level. A
   * quick jump after a long flat stretch is quick.
   */
  start: number;
  end: number;
  /** Signed change, in the series' units. */
  change: number;
}

export function swingsOf(values: readonly number[], points: readonly number[], noise = 0): Swing[] {
  const swings: Swing[] = [];
  for (let k = 1; k < points.length; k++) {
    const from = points[k - 1]!;
    const to = points[k]!;
    const change = values[to]! - values[from]!;
    const near = Math.max(0.2 * Math.abs(change), noise);
    let start = from;
    while (start < to && Math.abs(values[start + 1]! - values[from]!) <= near) start++;
    let end = start;
    while (end < to && Math.abs(values[to]! - values[end]!) > near) end++;
    swings.push({ from, to, start, end, change });
  }
  return swings;
}

/**
 * Pairs of consecutive, opposing swings (a rise and a fall, or a fall and a rise) where each
 * swing moved within at most `maxSeconds`: the up-and-down that makes flicker, pumping, a flash.
 * The pair's size is the smaller of its two swings.
 */
export interface SwingPair {
  first: Swing;
  second: Swing;
  size: number;
}

export function opposingPairs(swings: readonly Swing[], t: readonly number[], maxSeconds: number): SwingPair[] {
  const pairs: SwingPair[] = [];
  const quick = (swing: Swing) => t[swing.end]! - t[swing.start]! <= maxSeconds;
  for (let k = 1; k < swings.length; k++) {
    const first = swings[k - 1]!;
    const second = swings[k]!;
    if (Math.sign(first.change) === Math.sign(second.change)) continue;
    if (!quick(first) || !quick(second)) continue;
    pairs.push({ first, second, size: Math.min(Math.abs(first.change), Math.abs(second.change)) });
  }
  return pairs;
}

/** Largest value of `values[start..end]` (inclusive); -Infinity when empty. No spread: series can be long. */
export function maxOf(values: readonly number[], start = 0, end = values.length - 1): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = Math.max(0, start); i <= Math.min(values.length - 1, end); i++) if (values[i]! > best) best = values[i]!;
  return best;
}

/** Smallest value of `values[start..end]` (inclusive); Infinity when empty. */
export function minOf(values: readonly number[], start = 0, end = values.length - 1): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = Math.max(0, start); i <= Math.min(values.length - 1, end); i++) if (values[i]! < best) best = values[i]!;
  return best;
}
