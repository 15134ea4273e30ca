/**
 * A take's verdict and its 0–100 score, from its defects and readings. No I/O.
 *
 * Verdict: fail when any defect fails, warn when any warns, else pass.
 *
 * Score (written out in docs/qa.md too):
 *
 *   points(defect) = (30 if it fails, 10 if it warns) × (1 + min(1, defect duration / take duration))
 *   nearMiss       = the largest reading / warn limit that is below 1, over flicker, colour-
 *                    temperature drift, shadow fluctuation, highlight clipping and out-of-range
 *                    levels whose kind raised no defect (0 when there is none)
 *   B              = Σ points + 10 × nearMiss
 *   score          = pass: 100 − B                      (90–100)
 *                    warn: 50 + 39 × 10 / B              (50–89; B ≥ 10 with a warning)
 *                    fail: 49 × 30 / B                   (0–49; B ≥ 30 with a failure)
 *                    rounded to a whole number.
 *
 * So a verdict always outranks a score, a longer defect costs more than a brief one, and two
 * clean takes still differ by how close each came to a limit.
 */
import { DEFECT_KINDS, type Defect, type DefectKind, type KindMeasures, type Verdict } from "./qualityTypes";

export const DEFECT_POINTS = { warn: 10, fail: 30 } as const;
export const NEAR_MISS_POINTS = 10;

/** Kinds whose reading is a level that can come close to its limit (the rest are events). */
export const NEAR_MISS_KINDS: ReadonlyArray<DefectKind> = ["flicker", "colour-temperature-drift", "shadow-fluctuation", "highlight-clipping", "out-of-range"];

export function verdictOf(defects: readonly Defect[]): Verdict {
  if (defects.some((defect) => defect.severity === "fail")) return "fail";
  if (defects.length > 0) return "warn";
  return "pass";
}

/** The score formula above; `duration` is the take's length in seconds. */
export function scoreOf(defects: readonly Defect[], measures: KindMeasures, duration: number): number {
  const verdict = verdictOf(defects);
  let points = 0;
  for (const defect of defects) {
    const extent = duration > 0 ? Math.min(1, (defect.end - defect.start) / duration) : 0;
    points += DEFECT_POINTS[defect.severity] * (1 + extent);
  }
  let nearMiss = 0;
  for (const kind of NEAR_MISS_KINDS) {
    if (defects.some((defect) => defect.kind === kind)) continue;
    const { value, warnAt } = measures[kind];
    // A reading at or over its limit with no defect of its kind was claimed by another kind
    // (shadows moving the mean luma): it is not counted twice.
    const ratio = warnAt > 0 ? value / warnAt : 0;
    if (ratio < 1) nearMiss = Math.max(nearMiss, Math.max(0, ratio));
  }
  const badness = points + NEAR_MISS_POINTS * nearMiss;
  switch (verdict) {
    case "pass":
      return Math.max(90, Math.round(100 - badness));
    case "warn":
      return Math.min(89, Math.max(50, Math.round(50 + (39 * 10) / badness)));
    case "fail":
      return Math.min(49, Math.max(0, Math.round((49 * 30) / badness)));
  }
}

/** Defects in report order: by time, then by the fixed kind order. */
export function sortDefects(defects: readonly Defect[]): Defect[] {
  return [...defects].sort((a, b) => a.start - b.start || DEFECT_KINDS.indexOf(a.kind) - DEFECT_KINDS.indexOf(b.kind));
}
