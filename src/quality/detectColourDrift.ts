/**
 * Colour-temperature drift: the white point's tracked shift (wbShift, mired), smoothed over half
 * a second, moving by 10 mired or more within a segment (fails from 30). Steady drift and sudden
 * jumps alike; the window is the stretch over which it moved, from leaving its first level to
 * reaching its last.
 */
import { kelvinToMired } from "./colourTemperature";
import type { Defect } from "./qualityTypes";
import type { Segment } from "./detectFluctuation";
import { frameEnd, framesIn, makeDefect, reading, THRESHOLDS, type Detection, type SeriesContext } from "./seriesContext";
import { median, movingMedian } from "./seriesMath";

/** The window leaves a level when it has moved 5 % of the drift away from it. */
const LEAVE_FRACTION = 0.05;

export function detectColourDrift(context: SeriesContext, segments: readonly Segment[]): Detection {
  const { wbShift, cct, t } = context.series;
  const warn = THRESHOLDS.driftWarn;
  const fail = THRESHOLDS.driftFail;
  const radius = framesIn(context, 0.25);
  const defects: Defect[] = [];
  let strongest = 0;
  for (const segment of segments) {
    if (segment.end - segment.start < 2) continue;
    const smoothed = movingMedian(wbShift.slice(segment.start, segment.end + 1), radius).map((v) => v ?? 0);
    let lo = 0;
    let hi = 0;
    smoothed.forEach((v, i) => {
      if (v < smoothed[lo]!) lo = i;
      if (v > smoothed[hi]!) hi = i;
    });
    const span = smoothed[hi]! - smoothed[lo]!;
    strongest = Math.max(strongest, span);
    if (span < warn.value) continue;
    const [a, b] = lo < hi ? [lo, hi] : [hi, lo];
    const from = smoothed[a]!;
    const to = smoothed[b]!;
    let start = a;
    while (start < b && Math.abs(smoothed[start + 1]! - from) < LEAVE_FRACTION * span) start++;
    let end = start;
    while (end < b && Math.abs(smoothed[end]! - to) > LEAVE_FRACTION * span) end++;
    const severity = span >= fail.value ? "fail" : "warn";
    const first = segment.start + start;
    const last = segment.start + end;
    // The absolute colour temperature where the drift began, for the people reading the report.
    const before = cct.slice(Math.max(segment.start, first - radius), first + 1).filter((k): k is number => k !== null);
    const kelvin = before.length ? median(before) : undefined;
    const direction = to > from ? "warmer" : "cooler";
    const detail =
      kelvin === undefined
        ? `the white point moves ${span.toFixed(1)} mired ${direction}`
        : `about ${Math.round(kelvin)} K → ${Math.round(1e6 / (kelvinToMired(kelvin) + (to - from)))} K (${span.toFixed(1)} mired ${direction})`;
    defects.push(
      makeDefect({
        kind: "colour-temperature-drift",
        severity,
        start: t[first]!,
        end: frameEnd(context, last),
        value: span,
        threshold: severity === "fail" ? fail : warn,
        detail,
      }),
    );
  }
  return { defects, reading: reading(strongest, warn, fail) };
}
