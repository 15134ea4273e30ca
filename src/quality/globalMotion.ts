/**
 * The camera's translation between two frames, from integral projections: the column means of
 * luma slide sideways with a pan, the row means up and down with a tilt. Matching the profiles
 * (each with its mean removed, so a brightness change does not matter) costs a few thousand
 * operations: enough to compare a pixel with where its content was, for the white-balance
 * tracking. Zooms and moving objects are not translations; the tracking's stability gate drops
 * what does not match.
 */

/** How far the camera may move between two looks, pixels of the proxy (5 % of a 320-px frame: a fast pan). */
export const MOTION_SEARCH = 16;

export interface Projections {
  columns: Float64Array;
  rows: Float64Array;
}

export function emptyProjections(width: number, height: number): Projections {
  return { columns: new Float64Array(width), rows: new Float64Array(height) };
}

/** Fills `into` with the column and row means of a luma plane. */
export function projectLuma(luma: Uint8Array, width: number, height: number, into: Projections): void {
  const { columns, rows } = into;
  columns.fill(0);
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    const offset = y * width;
    for (let x = 0; x < width; x++) {
      const v = luma[offset + x]!;
      rowSum += v;
      columns[x] = columns[x]! + v;
    }
    rows[y] = rowSum / width;
  }
  for (let x = 0; x < width; x++) columns[x] = columns[x]! / height;
}

/**
 * The shift s, within `search` of `around` and at most `limit` either way, for which
 * `current[i]` best matches `reference[i − s]`: content at i in the reference is at i + s now.
 */
export function bestShift(current: Float64Array, reference: Float64Array, search: number, around = 0, limit = Math.floor(current.length / 4)): number {
  const n = current.length;
  let meanC = 0;
  let meanR = 0;
  for (let i = 0; i < n; i++) {
    meanC += current[i]!;
    meanR += reference[i]!;
  }
  meanC /= n;
  meanR /= n;
  const offset = meanC - meanR;
  const bound = Math.min(limit, Math.floor(n / 4));
  let best = Math.max(-bound, Math.min(bound, around));
  let bestCost = Number.POSITIVE_INFINITY;
  for (let shift = Math.max(-bound, around - search); shift <= Math.min(bound, around + search); shift++) {
    let cost = 0;
    const from = shift > 0 ? shift : 0;
    const to = shift < 0 ? n + shift : n;
    for (let i = from; i < to; i++) {
      const d = current[i]! - reference[i - shift]! - offset;
      cost += d < 0 ? -d : d;
    }
    cost /= to - from;
    // Ties go to the smaller shift.
    if (cost < bestCost - 1e-9 || (Math.abs(cost - bestCost) <= 1e-9 && Math.abs(shift) < Math.abs(best))) {
      bestCost = cost;
      best = shift;
    }
  }
  return best;
}
