/**
 * Defects of signal level, frame by frame: black frames, highlight clipping, luma outside the
 * legal range. Each is a share of the picture over a limit for a run of frames.
 */
import type { Defect } from "./qualityTypes";
import { frameEnd, framesIn, makeDefect, percent, reading, seconds, THRESHOLDS, type Detection, type SeriesContext } from "./seriesContext";
import { maxOf, mergeRuns, minOf, runsWhere } from "./seriesMath";

/**
 * Frames with nothing in them: at least 98 % of the pixels at or below 10 % of the range
 * (blackdetect's defaults). Black at the head or tail of a take warns (it trims off); black in
 * the middle, or a take that is black throughout, fails.
 */
export function detectBlackFrames(context: SeriesContext): Detection & { black: boolean[] } {
  const { dark, t } = context.series;
  const n = t.length;
  const limit = THRESHOLDS.blackArea;
  const black = dark.map((fraction) => fraction >= limit.value);
  const defects: Defect[] = [];
  for (const run of runsWhere(n, (i) => black[i]!)) {
    const atEdge = run.start === 0 || run.end === n - 1;
    const whole = run.start === 0 && run.end === n - 1;
    const frames = run.end - run.start + 1;
    const start = t[run.start]!;
    const end = frameEnd(context, run.end);
    const where = whole ? "the whole take" : run.start === 0 ? "at the head" : run.end === n - 1 ? "at the tail" : "mid-take";
    defects.push(
      makeDefect({
        kind: "black-frames",
        severity: atEdge && !whole ? "warn" : "fail",
        start,
        end,
        value: minOf(dark, run.start, run.end),
        threshold: limit,
        detail: `${frames} black frame${frames === 1 ? "" : "s"} (${seconds(end - start)}) ${where}`,
      }),
    );
  }
  const count = black.filter(Boolean).length;
  return {
    defects,
    black,
    reading: { value: count, warnAt: 1, failAt: 1, unit: "black frames" },
  };
}

/** Runs of frames where `fraction` is over `limit`, joined across gaps under a quarter second. */
function runsOver(context: SeriesContext, fraction: readonly number[], limit: number) {
  const runs = runsWhere(fraction.length, (i) => fraction[i]! > limit);
  return mergeRuns(runs, framesIn(context, 0.25), (a, b) => ({ start: a.start, end: b.end }));
}

/**
 * A large share of the frame at the white clip level (within 1 % of nominal white or above) for
 * at least a quarter second.
 */
export function detectHighlightClipping(context: SeriesContext): Detection {
  const { clipped, t } = context.series;
  const warn = THRESHOLDS.clippedWarn;
  const fail = THRESHOLDS.clippedFail;
  const minFrames = Math.min(t.length, framesIn(context, THRESHOLDS.clippedSeconds.value));
  const defects: Defect[] = [];
  for (const run of runsOver(context, clipped, warn.value - 1e-9)) {
    if (run.end - run.start + 1 < minFrames) continue;
    const peak = maxOf(clipped, run.start, run.end);
    const severity = peak >= fail.value ? "fail" : "warn";
    defects.push(
      makeDefect({
        kind: "highlight-clipping",
        severity,
        start: t[run.start]!,
        end: frameEnd(context, run.end),
        value: peak,
        threshold: severity === "fail" ? fail : warn,
        detail: `up to ${percent(peak)} of the frame at the white clip level`,
      }),
    );
  }
  return { defects, reading: reading(Math.max(0, maxOf(clipped)), warn, fail) };
}

/**
 * Luma outside EBU R103's tolerance for the declared range (−5 %…105 %: codes 5–246 for 8-bit
 * limited range) over more than 1 % of the picture. A full-range file cannot be out of range at
 * 8 bits; a limited-range file carrying full-range levels (a common generator mistake) is.
 */
export function detectOutOfRange(context: SeriesContext): Detection {
  const { outOfTolerance, t } = context.series;
  const warn = THRESHOLDS.outOfRangeWarn;
  const fail = THRESHOLDS.outOfRangeFail;
  const defects: Defect[] = [];
  for (const run of runsOver(context, outOfTolerance, warn.value)) {
    const peak = maxOf(outOfTolerance, run.start, run.end);
    const severity = peak >= fail.value ? "fail" : "warn";
    defects.push(
      makeDefect({
        kind: "out-of-range",
        severity,
        start: t[run.start]!,
        end: frameEnd(context, run.end),
        value: peak,
        threshold: severity === "fail" ? fail : warn,
        detail:
          context.range === "limited"
            ? `up to ${percent(peak)} of the frame outside 5–246 (limited range, EBU R103 tolerance)`
            : `up to ${percent(peak)} of the frame outside the legal range`,
      }),
    );
  }
  return { defects, reading: reading(Math.max(0, maxOf(outOfTolerance)), warn, fail) };
}
