/**
 * Luma that goes up and down: flicker (the whole picture's brightness, and flashes at the
 * photosensitivity limit) and shadow fluctuation (the black level pumping while the highlights
 * hold). Both look for opposing swings (a rise then a fall, or a fall then a rise), each quick,
 * between the turning points of a series: a slow trend, from a pan or a light change, has none.
 * Each runs within a segment: a stretch between cuts and black frames.
 */
import { rangeLevels } from "./proxyColour";
import type { Defect } from "./qualityTypes";
import { frameEnd, framesIn, makeDefect, percent, reading, THRESHOLDS, type Detection, type SeriesContext } from "./seriesContext";
import { movingMedian, opposingPairs, swingsOf, turningPoints, type Swing, type SwingPair } from "./seriesMath";

/** Frames [start, end] (inclusive) judged together. */
export interface Segment {
  start: number;
  end: number;
}

/** Turning points below this size are measurement noise (mean luma of a grainy frame moves ~0.1 %). */
const LUMA_NOISE = 0.005;
/** Percentiles come in whole code values: two codes of 219. */
const PERCENTILE_NOISE = 0.01;
/** Relative swings are taken against at least 10 % of the range, so deep shadows do not read as huge swings. */
const LEVEL_FLOOR = 0.1;

/**
 * `values` less their moving median over `radius` frames each side, within a segment (zero
 * elsewhere): a trend or a step goes, an oscillation quicker than the window stays.
 */
function residual(values: readonly number[], segment: Segment, radius: number): number[] {
  const out = new Array<number>(values.length).fill(0);
  const slice = values.slice(segment.start, segment.end + 1);
  movingMedian(slice, radius).forEach((m, i) => {
    out[segment.start + i] = slice[i]! - (m ?? slice[i]!);
  });
  return out;
}

/** Opposing swing pairs of `values` within a segment, with indices into the whole series. */
function pairsIn(values: readonly number[], t: readonly number[], segment: Segment, noise: number, maxSeconds: number): SwingPair[] {
  const slice = values.slice(segment.start, segment.end + 1);
  const times = t.slice(segment.start, segment.end + 1);
  const swings = swingsOf(slice, turningPoints(slice, noise), noise);
  const shift = (swing: Swing): Swing => ({
    ...swing,
    from: swing.from + segment.start,
    to: swing.to + segment.start,
    start: swing.start + segment.start,
    end: swing.end + segment.start,
  });
  return opposingPairs(swings, times, maxSeconds).map((pair) => ({ size: pair.size, first: shift(pair.first), second: shift(pair.second) }));
}

interface Window {
  start: number;
  end: number;
  size: number;
}

/** Opposing pairs of at least `minSize`, joined when less than half a second apart. */
function windowsOf(context: SeriesContext, pairs: readonly SwingPair[], minSize: number): Window[] {
  const windows = pairs
    .filter((pair) => pair.size >= minSize)
    .map((pair) => ({ first: pair.first, last: pair.second, size: pair.size }))
    .sort((a, b) => a.first.start - b.first.start);
  const gap = Math.round(0.5 / context.frameDuration);
  const merged: Array<{ first: Swing; last: Swing; size: number }> = [];
  for (const window of windows) {
    const previous = merged[merged.length - 1];
    if (previous && window.first.start - previous.last.end <= gap) {
      if (window.last.end > previous.last.end) previous.last = window.last;
      previous.size = Math.max(previous.size, window.size);
    } else merged.push({ ...window });
  }
  // From where the first swing starts moving to where the last one arrives.
  return merged.map((window) => ({ start: window.first.start, end: window.last.end, size: window.size }));
}

/** Photosensitive flashes: turning points of relative luminance 0.1 apart, the darker state under 0.8. */
function flashEvents(context: SeriesContext, segment: Segment): Array<Window & { perSecond: number }> {
  const { light, t } = context.series;
  const slice = light.slice(segment.start, segment.end + 1);
  const swings = swingsOf(slice, turningPoints(slice, THRESHOLDS.flashLuminance.value)).filter(
    (swing) => Math.min(slice[swing.from]!, slice[swing.to]!) < THRESHOLDS.flashDarkerBelow.value,
  );
  const ends = swings.map((swing) => ({ at: t[swing.to + segment.start]!, swing }));
  const events: Array<Window & { perSecond: number }> = [];
  let first = 0;
  for (let last = 0; last < ends.length; last++) {
    while (ends[last]!.at - ends[first]!.at >= 1) first++;
    // A flash is a pair of opposing changes: changes within one second, halved.
    const perSecond = (last - first + 1) / 2;
    if (perSecond > THRESHOLDS.flashesPerSecond.value) {
      const window = { start: ends[first]!.swing.from + segment.start, end: ends[last]!.swing.to + segment.start, size: perSecond, perSecond };
      const previous = events[events.length - 1];
      if (previous && window.start <= previous.end) {
        previous.end = window.end;
        previous.perSecond = Math.max(previous.perSecond, perSecond);
        previous.size = previous.perSecond;
      } else events.push(window);
    }
  }
  return events;
}

/**
 * Flicker: mean luma swinging up and down by at least 3 % (relative; fails from 10 %), each
 * half of the swing within half a second; or more than three flashes a second at the
 * photosensitivity threshold, which fails. Swings inside a shadow-fluctuation defect are left to
 * it (the shadows moved the mean).
 */
export function detectFlicker(context: SeriesContext, segments: readonly Segment[], shadowFluctuation: readonly Defect[] = []): Detection {
  const { luma, t } = context.series;
  const { black, white } = rangeLevels(context.range);
  // ln of the nominal level: a difference is a relative change.
  const level = luma.map((code) => Math.log(Math.max((code - black) / (white - black), LEVEL_FLOOR)));
  const warn = THRESHOLDS.flickerWarn;
  const fail = THRESHOLDS.flickerFail;
  const defects: Defect[] = [];
  let strongest = 0;
  for (const segment of segments) {
    const maxSeconds = THRESHOLDS.flickerSwingSeconds.value;
    const detrended = residual(level, segment, framesIn(context, maxSeconds));
    const pairs = pairsIn(detrended, t, segment, LUMA_NOISE, maxSeconds).map((pair) => ({ ...pair, size: Math.exp(pair.size) - 1 }));
    for (const pair of pairs) strongest = Math.max(strongest, pair.size);
    const flashes = flashEvents(context, segment);
    for (const flash of flashes) {
      defects.push(
        makeDefect({
          kind: "flicker",
          severity: "fail",
          start: t[flash.start]!,
          end: frameEnd(context, flash.end),
          value: flash.perSecond,
          threshold: THRESHOLDS.flashesPerSecond,
          detail: `${flash.perSecond} flashes a second: over the photosensitive-epilepsy limit of 3`,
        }),
      );
    }
    for (const window of windowsOf(context, pairs, warn.value)) {
      if (flashes.some((flash) => flash.start <= window.end && window.start <= flash.end)) continue;
      // Shadows pumping under steady highlights move the mean too: that is the shadows' defect.
      if (shadowFluctuation.some((shadow) => shadow.start <= frameEnd(context, window.end) && t[window.start]! <= shadow.end)) continue;
      const severity = window.size >= fail.value ? "fail" : "warn";
      defects.push(
        makeDefect({
          kind: "flicker",
          severity,
          start: t[window.start]!,
          end: frameEnd(context, window.end),
          value: window.size,
          threshold: severity === "fail" ? fail : warn,
          detail: `mean luma swings up and down by up to ${percent(window.size)}`,
        }),
      );
    }
  }
  defects.sort((a, b) => a.start - b.start);
  return { defects, reading: reading(strongest, warn, fail) };
}

/**
 * Shadow fluctuation: the shadow level (10th percentile of luma) swinging up and down by at
 * least 2.5 % of the range (fails from 7.5 %), each half within a second, while the highlights
 * (90th percentile) swing by less than half as much: the blacks pump, the picture does not.
 */
export function detectShadowFluctuation(context: SeriesContext, segments: readonly Segment[]): Detection {
  const { lumaP10, lumaP90, t } = context.series;
  const { black, white } = rangeLevels(context.range);
  const nominal = (code: number) => (code - black) / (white - black);
  const shadows = lumaP10.map(nominal);
  const highlights = lumaP90.map(nominal);
  const warn = THRESHOLDS.shadowWarn;
  const fail = THRESHOLDS.shadowFail;
  const maxSeconds = THRESHOLDS.shadowSwingSeconds.value;
  const defects: Defect[] = [];
  let strongest = 0;
  for (const segment of segments) {
    const radius = framesIn(context, maxSeconds);
    const shadowSwings = residual(shadows, segment, radius);
    const highlightSwings = residual(highlights, segment, radius);
    const holding = pairsIn(shadowSwings, t, segment, PERCENTILE_NOISE, maxSeconds).filter((pair) => {
      const window = { start: pair.first.from, end: pair.second.to };
      const highlightPairs = pairsIn(highlightSwings, t, window, PERCENTILE_NOISE, maxSeconds);
      const highlightSwing = Math.max(0, ...highlightPairs.map((p) => p.size));
      return highlightSwing < THRESHOLDS.highlightHold.value * pair.size;
    });
    for (const pair of holding) strongest = Math.max(strongest, pair.size);
    for (const window of windowsOf(context, holding, warn.value)) {
      const severity = window.size >= fail.value ? "fail" : "warn";
      defects.push(
        makeDefect({
          kind: "shadow-fluctuation",
          severity,
          start: t[window.start]!,
          end: frameEnd(context, window.end),
          value: window.size,
          threshold: severity === "fail" ? fail : warn,
          detail: `the shadow level pumps by up to ${(window.size * 100).toFixed(1)} IRE while the highlights hold`,
        }),
      );
    }
  }
  return { defects, reading: reading(strongest, warn, fail) };
}
