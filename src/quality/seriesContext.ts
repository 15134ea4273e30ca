/**
 * What every detector reads: the series, the sample range, the clip's timing, and the frames
 * earlier detectors set aside (black frames, cuts, the catch-up frame after a freeze), so one
 * event is reported once, under its own kind.
 */
import type { Defect, DefectKind, FrameSeries, SampleRange, Severity } from "./qualityTypes";
import { THRESHOLDS, type Threshold } from "./thresholds";

export interface SeriesContext {
  series: FrameSeries;
  range: SampleRange;
  /** Seconds from the first frame to the end of the last. */
  duration: number;
  /** Typical frame duration, seconds. */
  frameDuration: number;
}

/** A detector's strongest reading, whether or not it became a defect (for the report and the score). */
export interface Reading {
  value: number;
  warnAt: number;
  failAt: number;
  unit: string;
}

export interface Detection {
  defects: Defect[];
  reading: Reading;
}

export function frameCount(context: SeriesContext): number {
  return context.series.t.length;
}

/** When frame `i` stops being shown. */
export function frameEnd(context: SeriesContext, i: number): number {
  return context.series.t[i + 1] ?? context.duration;
}

/** Frames in `seconds`, at least one. */
export function framesIn(context: SeriesContext, seconds: number): number {
  return Math.max(1, Math.round(seconds / context.frameDuration));
}

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

export function makeDefect(init: {
  kind: DefectKind;
  severity: Severity;
  start: number;
  end: number;
  value: number;
  threshold: number | Threshold;
  unit?: string;
  detail: string;
}): Defect {
  const threshold = typeof init.threshold === "number" ? init.threshold : init.threshold.value;
  const unit = init.unit ?? (typeof init.threshold === "number" ? "" : init.threshold.unit);
  return {
    kind: init.kind,
    severity: init.severity,
    start: round(init.start),
    end: round(Math.max(init.start, init.end)),
    value: round(init.value, 4),
    threshold: round(threshold, 4),
    unit,
    detail: init.detail,
  };
}

export function reading(value: number, warn: Threshold, fail: Threshold | number, unit = warn.unit): Reading {
  return { value: round(Number.isFinite(value) ? value : 0, 4), warnAt: warn.value, failAt: typeof fail === "number" ? fail : fail.value, unit };
}

export { THRESHOLDS };

/** "1.250 s" */
export function seconds(value: number): string {
  return `${value.toFixed(3)} s`;
}

export function percent(fraction: number, places = 1): string {
  return `${(fraction * 100).toFixed(places)} %`;
}
