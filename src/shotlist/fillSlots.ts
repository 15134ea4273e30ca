import { HostError } from "../core/errors";
import type { PlacementSlot } from "../host/placementSlots";

/**
 * Where each shot of a shot-list fill goes, end to end by real frame counts. Slots are reserved
 * before anything is generated, each as long as the whole frames a clip of the shot's length
 * fills (119 for 5 s at 23.976). As clips land, a placed shot stays where it is and holds its
 * clip's own frames; the shots not yet placed after it move up against it. So a clip shorter
 * than its slot leaves no gap, unless the shot after it was already on the timeline: that gap
 * remains, and `slotGaps` names it. A shot whose start the list fixes starts there.
 */
export interface FillSlot {
  shotId: string;
  /** Where the shot goes now: `durationFrames` is what it may fill (its expected frames, cut short before a fixed or placed shot). */
  slot: PlacementSlot;
  /** The whole frames of the shot's length at the sequence rate. */
  expectedFrames: number;
  /** The start the list fixes, in sequence frames. */
  fixedStartFrame?: number;
  /** The frames of the clip placed in the slot. A placed slot never moves. */
  placedFrames?: number;
}

export interface TimelineGap {
  /** The shot whose slot is empty, or the shot after the empty frames. */
  shotId: string;
  startFrame: number;
  frames: number;
  message: string;
}

const placedOrFixedStart = (slot: FillSlot | undefined): number | undefined =>
  slot === undefined ? undefined : slot.placedFrames !== undefined ? slot.slot.startFrame : slot.fixedStartFrame;

/** Lays the slots not yet placed end to end from `firstStart` (or their fixed starts), `gap` frames apart, around the placed ones. */
export function relayoutSlots(slots: FillSlot[], firstStart: number, gap: number): void {
  let cursor = firstStart;
  slots.forEach((shot, i) => {
    if (shot.placedFrames !== undefined) {
      cursor = shot.slot.startFrame + shot.placedFrames + gap;
      return;
    }
    const start = shot.fixedStartFrame ?? cursor;
    const next = placedOrFixedStart(slots[i + 1]);
    const frames = next === undefined ? shot.expectedFrames : Math.min(shot.expectedFrames, next - gap - start);
    if (frames < 1) {
      throw new HostError("invalid-request", `Shot ${slots[i + 1]!.shotId} is fixed to start at frame ${next}, which leaves shot ${shot.shotId} (from frame ${start}) no room.`);
    }
    shot.slot = { ...shot.slot, startFrame: start, durationFrames: frames };
    cursor = start + frames + gap;
  });
}

/**
 * The frames the shot at `index` may fill from its start without moving a placed or fixed shot
 * after it: the shots not yet placed in between keep their expected frames. Replacing a take
 * with a longer one never pushes into the next shot.
 */
export function roomFor(slots: FillSlot[], index: number, gap: number): number {
  const shot = slots[index]!;
  let needed = 0;
  for (let j = index + 1; j < slots.length; j++) {
    const anchor = placedOrFixedStart(slots[j]);
    if (anchor !== undefined) return Math.min(shot.expectedFrames, anchor - shot.slot.startFrame - gap - needed);
    needed += slots[j]!.expectedFrames + gap;
  }
  return shot.expectedFrames;
}

/**
 * Empty frames that remain between placed shots, and before a shot whose start the list fixes.
 * `emptyReason` says why a slot holds no clip (its shot failed), or undefined while it may still get one.
 */
export function slotGaps(slots: FillSlot[], gap: number, emptyReason: (slot: FillSlot) => string | undefined, at: (frame: number) => string): TimelineGap[] {
  const gaps: TimelineGap[] = [];
  slots.forEach((shot, i) => {
    const reason = shot.placedFrames === undefined ? emptyReason(shot) : undefined;
    if (reason !== undefined) {
      gaps.push({ shotId: shot.shotId, startFrame: shot.slot.startFrame, frames: shot.slot.durationFrames, message: `Shot ${shot.shotId} has no clip (${reason}): its ${shot.slot.durationFrames} frames from ${at(shot.slot.startFrame)} are empty.` });
    }
    const previous = slots[i - 1];
    // Empty frames are reported before a shot that cannot move (placed, or fixed by the list), once the shot before it is settled.
    if (!previous || placedOrFixedStart(shot) === undefined) return;
    const fixedHere = shot.fixedStartFrame !== undefined && shot.placedFrames === undefined;
    if (previous.placedFrames === undefined && emptyReason(previous) === undefined && !fixedHere) return;
    const end = previous.slot.startFrame + (previous.placedFrames ?? previous.slot.durationFrames) + gap;
    const frames = shot.slot.startFrame - end;
    if (frames <= 0) return;
    const short = previous.placedFrames !== undefined ? previous.expectedFrames - previous.placedFrames : 0;
    const why =
      shot.fixedStartFrame !== undefined
        ? "the list fixes its start"
        : short > 0
          ? `shot ${previous.shotId}'s clip is ${short} frame${short === 1 ? "" : "s"} shorter than its slot, and shot ${shot.shotId} was already on the timeline`
          : `the shots before it came out shorter than planned after it was placed`;
    gaps.push({ shotId: shot.shotId, startFrame: end, frames, message: `${frames} empty frame${frames === 1 ? "" : "s"} before shot ${shot.shotId} (${at(end)}): ${why}.` });
  });
  return gaps;
}
