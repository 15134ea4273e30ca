/**
 * The Review strip's curves as SVG path data, drawn by hand (no chart library): mean luma and
 * colour temperature against time, each scaled to its own range but never less than a minimum
 * span, so grain on a steady shot stays flat and a 2 % flicker still shows.
 */

export interface CurveBox {
  width: number;
  height: number;
  /** The curve's time axis: 0 to the take's duration. */
  duration: number;
}

export interface Curve {
  /** SVG path data ("M0,12L3,11…"); empty when there is nothing to draw. */
  d: string;
  min: number;
  max: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A path through (t, value) points; null values break the line. */
export function curvePath(t: readonly number[], values: ReadonlyArray<number | null>, box: CurveBox, minSpan: number): Curve {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length === 0 || box.duration <= 0) return { d: "", min: 0, max: 0 };
  let min = Math.min(...present);
  let max = Math.max(...present);
  if (max - min < minSpan) {
    const middle = (max + min) / 2;
    min = middle - minSpan / 2;
    max = middle + minSpan / 2;
  }
  const pad = 2;
  const x = (time: number) => round((Math.min(Math.max(time, 0), box.duration) / box.duration) * box.width);
  const y = (value: number) => round(pad + (1 - (value - min) / (max - min)) * (box.height - 2 * pad));
  let d = "";
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    d += `${drawing ? "L" : "M"}${x(t[index] ?? 0)},${y(value)}`;
    drawing = true;
  });
  return { d, min, max };
}

/** A defect's span on the time axis, in the box's x units (at least 1 unit wide). */
export function spanX(start: number, end: number, box: CurveBox): { x: number; width: number } {
  const x = round((Math.max(0, start) / box.duration) * box.width);
  return { x, width: Math.max(1, round((Math.min(end, box.duration) / box.duration) * box.width) - x) };
}
