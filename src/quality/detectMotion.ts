/**
 * Defects of the picture's movement, from the frame-to-frame difference and change series:
 * frozen frames (a run of repeats while the footage moves, or to the end of the file), stutter
 * (isolated repeats followed by a jump), and hard cuts.
 */
import type { Defect } from "./qualityTypes";
import { frameEnd, framesIn, makeDefect, seconds, THRESHOLDS, type Detection, type SeriesContext } from "./seriesContext";
import { median, mergeRuns, runsWhere } from "./seriesMath";

/** Frame i shows the same picture as frame i − 1 (black frames are black, not frozen). */
export function findRepeats(context: SeriesContext, black: readonly boolean[]): boolean[] {
  const { diff } = context.series;
  return diff.map((d, i) => i > 0 && !black[i] && d <= THRESHOLDS.repeatDiff.value);
}

/** Median of `values` over frames within `radius` of [from, to] that `eligible` admits. */
function localMedian(values: readonly number[], from: number, to: number, radius: number, eligible: (i: number) => boolean): number | undefined {
  const window: number[] = [];
  for (let i = Math.max(0, from - radius); i <= Math.min(values.length - 1, to + radius); i++) {
    if ((i < from || i > to) && eligible(i)) window.push(values[i]!);
  }
  return window.length ? median(window) : undefined;
}

interface Hitch {
  /** First repeated frame (or the frame held too long, for a timestamp gap). */
  start: number;
  /** The frame that jumps ahead. */
  jump: number;
  kind: "repeat" | "gap";
}

export interface MotionDetections {
  frozen: Detection;
  stutter: Detection;
  /** Frames that catch up after a repeat run: a big change that is the freeze's or stutter's, not a cut. */
  catchUp: Set<number>;
}

/**
 * A freeze is 3 or more repeated frames in a row while the footage around it moves (or the whole
 * take is one picture); it warns, and fails from 0.5 s, or whenever it runs to the end of the
 * file. A hitch is a run of 1–2 repeats (or a frame shown for two frame times) in moving footage
 * whose next frame jumps ahead: its change is at least 1.3× the local change. Hitches less than
 * a second apart are one stutter; 3 or more in one fail.
 */
export function detectFreezesAndStutter(context: SeriesContext, black: readonly boolean[]): MotionDetections {
  const { diff, change, t } = context.series;
  const n = t.length;
  const repeat = findRepeats(context, black);
  const secondRadius = framesIn(context, 1);
  const halfRadius = framesIn(context, 0.5);
  const moving = (i: number) => i > 0 && !repeat[i] && !black[i];
  const catchUp = new Set<number>();
  const frozenDefects: Defect[] = [];
  const hitches: Hitch[] = [];
  let longestFreeze = 0;

  const jumpsAhead = (frame: number, skip: number, motion: number | undefined): boolean => {
    if (frame >= n || black[frame] || repeat[frame]) return false;
    const local = localMedian(change, frame, frame, halfRadius, (i) => moving(i) && i !== skip && !catchUp.has(i));
    return motion !== undefined && motion >= THRESHOLDS.motionFloor.value && local !== undefined && change[frame]! >= THRESHOLDS.stutterJumpRatio.value * local;
  };

  for (const run of runsWhere(n, (i) => repeat[i]!)) {
    const repeats = run.end - run.start + 1;
    const motion = localMedian(diff, run.start, run.end, secondRadius, moving);
    const wholeTake = run.start === 1 && run.end === n - 1;
    const isMoving = motion !== undefined && motion >= THRESHOLDS.motionFloor.value;
    if (run.end + 1 < n) catchUp.add(run.end + 1);
    const toEnd = run.end === n - 1;
    // A hold to the end of the file after frames that changed at all is a stall even in footage
    // that barely moves (a placeholder card with one small moving element), so it skips the floor.
    if (repeats >= THRESHOLDS.freezeRepeats.value && (isMoving || wholeTake || (toEnd && motion !== undefined))) {
      const start = t[run.start]!;
      const end = frameEnd(context, run.end);
      const length = end - start;
      longestFreeze = Math.max(longestFreeze, length);
      const fail = toEnd || length >= THRESHOLDS.freezeFailSeconds.value;
      const held = run.start - 1;
      frozenDefects.push(
        makeDefect({
          kind: "frozen-frames",
          severity: fail ? "fail" : "warn",
          start,
          end,
          value: length,
          threshold: fail && !toEnd ? THRESHOLDS.freezeFailSeconds.value : THRESHOLDS.freezeRepeats.value * context.frameDuration,
          unit: "seconds frozen",
          detail: wholeTake
            ? "every frame is the same picture: a still, not a video"
            : `the picture of ${seconds(t[held]!)} is held for ${repeats} more frames (${seconds(length)})${toEnd ? ", to the end of the file" : ""}`,
        }),
      );
    } else if (repeats < THRESHOLDS.freezeRepeats.value && jumpsAhead(run.end + 1, run.end + 1, motion)) {
      hitches.push({ start: run.start, jump: run.end + 1, kind: "repeat" });
    }
  }
  // A frame shown for two frame times or more (a variable-rate stream that dropped one), then a jump.
  for (let i = 1; i + 1 < n; i++) {
    if (t[i + 1]! - t[i]! < 1.8 * context.frameDuration) continue;
    const motion = localMedian(diff, i, i + 1, secondRadius, moving);
    if (jumpsAhead(i + 1, i + 1, motion)) {
      hitches.push({ start: i, jump: i + 1, kind: "gap" });
      catchUp.add(i + 1);
    }
  }
  hitches.sort((a, b) => a.start - b.start);

  const clusters = mergeRuns(
    hitches.map((hitch) => ({ start: hitch.start, end: hitch.jump, hitches: [hitch] })),
    framesIn(context, 1),
    (a, b) => ({ start: a.start, end: b.end, hitches: [...a.hitches, ...b.hitches] }),
  );
  const stutterDefects = clusters.map((cluster) => {
    const count = cluster.hitches.length;
    const fail = count >= THRESHOLDS.stutterFailHitches.value;
    const gaps = cluster.hitches.filter((hitch) => hitch.kind === "gap").length;
    return makeDefect({
      kind: "stutter",
      severity: fail ? "fail" : "warn",
      start: t[cluster.start]!,
      end: t[cluster.end]!,
      value: count,
      threshold: fail ? THRESHOLDS.stutterFailHitches.value : 1,
      unit: "hitches",
      detail:
        `${count} hitch${count === 1 ? "" : "es"}: ` +
        (gaps === count ? "a frame shown twice as long, then a jump" : gaps ? "repeated or long-held frames, then a jump" : "a repeated frame, then a jump"),
    });
  });
  const worstCluster = Math.max(0, ...clusters.map((cluster) => cluster.hitches.length));
  return {
    frozen: {
      defects: frozenDefects,
      reading: { value: Math.round(longestFreeze * 1000) / 1000, warnAt: Math.round(THRESHOLDS.freezeRepeats.value * context.frameDuration * 1000) / 1000, failAt: THRESHOLDS.freezeFailSeconds.value, unit: "seconds frozen" },
    },
    stutter: { defects: stutterDefects, reading: { value: worstCluster, warnAt: 1, failAt: THRESHOLDS.stutterFailHitches.value, unit: "hitches" } },
    catchUp,
  };
}

/**
 * A hard cut is a frame whose change from the previous frame (1 − the correlation of their
 * luma: brightness and contrast changes do not count) is at least 0.5 and stands 0.35 above the
 * local median: a spike, not fast motion. Black frames and catch-up frames are someone else's.
 */
export function detectCuts(context: SeriesContext, black: readonly boolean[], catchUp: ReadonlySet<number>): Detection & { cuts: number[] } {
  const { change, t } = context.series;
  const n = t.length;
  const eligible = (i: number) => i > 0 && !black[i] && !black[i - 1] && !catchUp.has(i);
  const radius = framesIn(context, 0.5);
  const cuts: number[] = [];
  const defects: Defect[] = [];
  let strongest = 0;
  for (let i = 1; i < n; i++) {
    if (!eligible(i)) continue;
    strongest = Math.max(strongest, change[i]!);
    if (change[i]! < THRESHOLDS.cutChange.value) continue;
    const local = localMedian(change, i, i, radius, eligible) ?? 0;
    if (change[i]! - local < THRESHOLDS.cutRise.value) continue;
    cuts.push(i);
    defects.push(
      makeDefect({
        kind: "hard-cut",
        severity: "fail",
        start: t[i]!,
        end: t[i]!,
        value: change[i]!,
        threshold: THRESHOLDS.cutChange,
        detail: `the picture changes at ${seconds(t[i]!)}: correlation with the frame before ${(1 - change[i]!).toFixed(2)} (around it ${(1 - local).toFixed(2)})`,
      }),
    );
  }
  return { defects, cuts, reading: { value: Math.round(strongest * 1000) / 1000, warnAt: THRESHOLDS.cutChange.value, failAt: THRESHOLDS.cutChange.value, unit: "1 − correlation" } };
}
