/**
 * Reserved places on a timeline. The panel plans one slot per shot when a batch starts, marks
 * each with a sequence marker, and places each shot into its own slot when it finishes, in
 * whatever order that happens. A later take overwrites the same slot.
 */
import { HostError } from "../core/errors";
import type { ClipRef, Placement, SequenceInfo, TimelinePoint, TimelineSpan } from "./premiereHost";
import { toFrames } from "./timelineFrames";

export interface PlacementSlot {
  index: number;
  track: number;
  startFrame: number;
  durationFrames: number;
}

/** Where the first slot starts: after the last clip, at the playhead, or at a given time. */
export type SlotStart = "end" | "playhead" | TimelinePoint;

export interface SlotRequest {
  start: SlotStart;
  track: number;
  durations: TimelineSpan[];
  /** Empty frames left between consecutive slots. */
  gapFrames?: number;
}

/** Consecutive, frame-aligned slots on one track, with no gaps or overlaps unless `gapFrames` asks for gaps. */
export function planPlacementSlots(sequence: SequenceInfo, request: SlotRequest): PlacementSlot[] {
  const gap = request.gapFrames ?? 0;
  if (!Number.isInteger(gap) || gap < 0) {
    throw new HostError("invalid-request", `The gap between shots must be a whole number of frames, not ${gap}.`);
  }
  let frame =
    request.start === "end"
      ? sequence.endFrame
      : request.start === "playhead"
        ? sequence.playheadFrame
        : toFrames(request.start, sequence.frameRate);
  if (frame < 0) throw new HostError("invalid-request", "Shots cannot start before the beginning of the sequence.");
  return request.durations.map((duration, index) => {
    const durationFrames = toFrames(duration, sequence.frameRate);
    if (durationFrames < 1) {
      throw new HostError("invalid-request", `Shot ${index + 1} is shorter than one frame.`);
    }
    const slot = { index, track: request.track, startFrame: frame, durationFrames };
    frame += durationFrames + gap;
    return slot;
  });
}

export function placementForSlot(slot: PlacementSlot, clip: ClipRef): Placement {
  return { clip, at: { frames: slot.startFrame }, track: slot.track, duration: { frames: slot.durationFrames } };
}
