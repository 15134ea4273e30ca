/**
 * A timeline action as a job: where its result goes (kept in the job's extras so a restarted panel
 * places it exactly as planned), where its frames came from (embedded in the clip), and the
 * request made of the plan and the frames exported for it.
 */
import type { FrameOrigin, FrameSource } from "../../core/frameInputs";
import type { JobRecord } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import type { TrackItemRef } from "../../host/timelineHost";
import type { FrameToSend, TimelineActionKind, TimelineActionPlan } from "../../timeline/planTypes";

/** What the place step needs, recorded when the action is sent. */
export interface TimelineActionExtra {
  kind: TimelineActionKind;
  sequenceId: string;
  /** The sequence's ticks per frame, to turn the editor's Source Monitor In/Out into frames. */
  ticksPerFrame: string;
  track: number;
  startFrame: number;
  durationFrames: number;
  /** Replace: the item whose place it takes (kept above, switched off). */
  replaces?: TrackItemRef;
  /** Open the take in the Source Monitor and wait for Place. */
  preview: boolean;
  /** The editor chose Keep in bin for a previewed take: it is not offered for Place again. */
  keptInBin?: boolean;
  summary: string;
}

const KINDS: readonly TimelineActionKind[] = ["extend", "bridge", "fill", "replace"];

export function timelineActionOf(job: Pick<JobRecord, "extra">): TimelineActionExtra | undefined {
  const value = job.extra?.timelineAction as Partial<TimelineActionExtra> | undefined;
  if (!value || !KINDS.includes(value.kind as TimelineActionKind) || typeof value.sequenceId !== "string") return undefined;
  if (!Number.isInteger(value.track) || !Number.isInteger(value.startFrame) || !Number.isInteger(value.durationFrames)) return undefined;
  return value as TimelineActionExtra;
}

export function isTimelineActionJob(job: Pick<JobRecord, "extra">): boolean {
  return timelineActionOf(job) !== undefined;
}

export function timelineActionExtra(plan: TimelineActionPlan, ticksPerFrame: string, preview: boolean): JsonObject {
  const placement = plan.placement;
  const extra: TimelineActionExtra = {
    kind: plan.action,
    sequenceId: plan.sequenceId,
    ticksPerFrame,
    track: placement.track,
    startFrame: placement.startFrame,
    durationFrames: placement.durationFrames,
    ...(placement.replaces ? { replaces: placement.replaces } : {}),
    preview,
    summary: plan.summary,
  };
  return { timelineAction: extra as unknown as JsonObject };
}

function sourceOf(frame: FrameToSend): FrameSource {
  const file = frame.clip?.mediaPath?.split(/[\\/]/).pop();
  return {
    source: file ?? frame.clip?.name ?? "the sequence",
    ...(frame.source ? { seconds: frame.source.seconds } : {}),
    sequenceTicks: frame.at.ticks,
  };
}

/** Where the frames an action sends came from, for the clip's metadata. */
export function frameOriginOf(plan: TimelineActionPlan): FrameOrigin {
  const first = plan.frames.find((frame) => frame.role === "first");
  const last = plan.frames.find((frame) => frame.role === "last");
  return { action: plan.action, ...(first ? { first: sourceOf(first) } : {}), ...(last ? { last: sourceOf(last) } : {}) };
}

/** T1, T2, …: one more than the highest timeline-action shot in the ledger. */
export function nextTimelineShotId(jobs: readonly { shot: { shotId: string } }[]): string {
  let highest = 0;
  for (const job of jobs) {
    const match = /^T(\d+)$/.exec(job.shot.shotId);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `T${highest + 1}`;
}

/**
 * The frames to place from, given the In/Out the editor marked on the clip (Source Monitor), in
 * sequence frames: Extend takes In to Out; the others keep their span and start at In (never longer
 * than Out allows, except Replace, which keeps the original's length).
 */
export function markedRange(extra: TimelineActionExtra, marks: { inTicks: string; outTicks: string; marked: boolean }): { sourceInFrame: number; durationFrames: number } {
  if (!marks.marked) return { sourceInFrame: 0, durationFrames: extra.durationFrames };
  const perFrame = BigInt(extra.ticksPerFrame);
  const inTicks = BigInt(marks.inTicks);
  // The first whole frame at or after In: a frame the editor left out is never shown.
  const sourceInFrame = Number((inTicks + perFrame - 1n) / perFrame);
  const markedFrames = Math.max(1, Number((BigInt(marks.outTicks) - BigInt(sourceInFrame) * perFrame) / perFrame));
  if (extra.kind === "extend") return { sourceInFrame, durationFrames: markedFrames };
  if (extra.kind === "replace") return { sourceInFrame, durationFrames: extra.durationFrames };
  return { sourceInFrame, durationFrames: Math.min(extra.durationFrames, markedFrames) };
}

/** A previewed take in the bin still waiting for Place (not placed, not kept in the bin). */
export function awaitsPlacement(job: JobRecord): boolean {
  const action = timelineActionOf(job);
  const goal = (job.extra as { goal?: unknown } | undefined)?.goal;
  return !!action?.preview && !action.keptInBin && job.state === "imported" && goal === "imported" && !!job.clipId && !!job.file;
}
