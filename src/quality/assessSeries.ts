/**
 * The judging half of take QA, with no I/O: per-frame series in, defects, readings, verdict and
 * score out. Unit-testable on synthetic series; `measureClip` feeds it real ones.
 *
 * Order matters, so that one event is reported once under its own kind: black frames first
 * (they are excluded from everything else), then freezes and stutter (their catch-up frames are
 * not cuts), then cuts (which split the take into segments), then the judgements that compare
 * frames within a segment (shadow fluctuation before flicker, which leaves the shadows' swings to
 * it; colour drift), and the per-frame level
 * checks (clipping, out of range).
 */
import { detectColourDrift } from "./detectColourDrift";
import { detectFlicker, detectShadowFluctuation, type Segment } from "./detectFluctuation";
import { detectBlackFrames, detectHighlightClipping, detectOutOfRange } from "./detectLevels";
import { detectCuts, detectFreezesAndStutter } from "./detectMotion";
import type { Defect, FrameSeries, KindMeasures, SampleRange, Verdict } from "./qualityTypes";
import type { SeriesContext } from "./seriesContext";
import { runsWhere } from "./seriesMath";
import { scoreOf, sortDefects, verdictOf } from "./verdict";

export interface Assessment {
  verdict: Verdict;
  score: number;
  defects: Defect[];
  measures: KindMeasures;
}

export interface AssessInput {
  series: FrameSeries;
  range: SampleRange;
  /** Seconds from the first frame to the end of the last. */
  duration: number;
  /** Typical frame duration, seconds. */
  frameDuration: number;
}

/** Stretches between cuts that hold no black frame. */
export function segmentsOf(frames: number, cuts: readonly number[], black: readonly boolean[]): Segment[] {
  const cutSet = new Set(cuts);
  const segments: Segment[] = [];
  for (const run of runsWhere(frames, (i) => !black[i])) {
    let start = run.start;
    for (let i = run.start + 1; i <= run.end; i++) {
      if (!cutSet.has(i)) continue;
      segments.push({ start, end: i - 1 });
      start = i;
    }
    segments.push({ start, end: run.end });
  }
  return segments;
}

export function assessSeries(input: AssessInput): Assessment {
  const context: SeriesContext = input;
  const frames = input.series.t.length;
  const black = detectBlackFrames(context);
  const motion = detectFreezesAndStutter(context, black.black);
  const cuts = detectCuts(context, black.black, motion.catchUp);
  const segments = segmentsOf(frames, cuts.cuts, black.black);
  const shadows = detectShadowFluctuation(context, segments);
  const flicker = detectFlicker(context, segments, shadows.defects);
  const drift = detectColourDrift(context, segments);
  const clipping = detectHighlightClipping(context);
  const range = detectOutOfRange(context);
  const measures: KindMeasures = {
    flicker: flicker.reading,
    "colour-temperature-drift": drift.reading,
    "shadow-fluctuation": shadows.reading,
    "highlight-clipping": clipping.reading,
    "frozen-frames": motion.frozen.reading,
    stutter: motion.stutter.reading,
    "hard-cut": cuts.reading,
    "black-frames": black.reading,
    "out-of-range": range.reading,
  };
  const defects = sortDefects(
    [flicker, drift, shadows, clipping, motion.frozen, motion.stutter, cuts, black, range].flatMap((detection) => detection.defects),
  );
  return { verdict: verdictOf(defects), score: scoreOf(defects, measures, input.duration), defects, measures };
}
