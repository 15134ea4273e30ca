/** Shared steps of every action: refusing, checking the model takes the frames, and putting the plan together. */
import { freeTrackAbove, itemsInSpan, spanIsFree } from "../host/timelineGaps";
import type { TimelineState } from "../host/timelineHost";
import type { ActionRefusal, PlannedPlacement, RefusalCode, TimelineActionKind, TimelineActionPlan } from "./planTypes";
import type { RequestChoice } from "./requestChoice";
import { trackName } from "./frameSources";

export function refuse(action: TimelineActionKind, code: RefusalCode, reason: string): ActionRefusal {
  return { ok: false, action, code, reason };
}

const NAMES: Record<TimelineActionKind, string> = { extend: "Extend", bridge: "Bridge", fill: "Fill", replace: "Replace" };

/** Refuses when the model cannot take the frames the action sends. */
export function modelTakesFrames(action: TimelineActionKind, model: TimelineActionPlan["request"]["model"], first: boolean, last: boolean): ActionRefusal | null {
  const caps = model.capabilities;
  if (first && caps.firstFrame === "none") {
    return refuse(action, "model-no-first-frame", `${NAMES[action]} sends a frame of the timeline as the first frame, and ${model.displayName} makes video from text only. Choose an image-to-video model.`);
  }
  if (last && caps.lastFrame === "none") {
    return refuse(
      action,
      "model-no-last-frame",
      `${NAMES[action]} sends a first and a last frame, and ${model.displayName} takes no last frame. Choose a model that does (Veo 3.1, Kling 2.6 and their fal and Replicate routes).`,
    );
  }
  if (!first && caps.firstFrame === "required") {
    return refuse(action, "model-needs-first-frame", `${model.displayName} needs a first frame, and there is no picture before this span to use. Choose a text-to-video model.`);
  }
  return null;
}

/**
 * Where a result of `frames` frames starting at `startFrame` goes: `track` when that span is free
 * there, else the lowest free track above (or a new one), with the reason.
 */
export function placeOnFreeTrack(timeline: TimelineState, track: number, startFrame: number, frames: number): PlannedPlacement {
  const endFrame = startFrame + frames;
  if (track < timeline.tracks.length && !spanIsFree(timeline, track, startFrame, endFrame)) {
    const names = itemsInSpan(timeline, track, startFrame, endFrame).map((item) => `"${item.name}"`).join(", ");
    const above = freeTrackAbove(timeline, track, startFrame, endFrame);
    return {
      track: above,
      preferredTrack: track,
      startFrame,
      durationFrames: frames,
      movedBecause: `${trackName(track)} has ${names} between frames ${startFrame} and ${endFrame}, so it goes on ${above >= timeline.tracks.length ? `a new track ${trackName(above)}` : trackName(above)}`,
    };
  }
  return { track, preferredTrack: track, startFrame, durationFrames: frames };
}

export function assemble(
  action: TimelineActionKind,
  timeline: TimelineState,
  choice: RequestChoice,
  parts: Pick<TimelineActionPlan, "frames" | "placement" | "summary"> & { neededFrames: number | null; notes?: string[] },
): TimelineActionPlan {
  const needed = parts.neededFrames;
  const surplus = needed === null ? 0 : choice.yieldsFrames - needed;
  const notes = [...(parts.notes ?? [])];
  if (parts.placement.movedBecause) notes.push(`${parts.placement.movedBecause}.`);
  if (choice.request.needsPrompt) notes.push("Write a prompt before generating.");
  return {
    ok: true,
    action,
    sequenceId: timeline.sequenceId,
    summary: parts.summary,
    frames: parts.frames,
    request: choice.request,
    cost: choice.cost,
    timing: { neededFrames: needed, yieldsFrames: choice.yieldsFrames, surplusFrames: surplus },
    placement: parts.placement,
    notes,
  };
}

/** "8 s (191 frames; the gap needs 188, 3 are trimmed)". */
export function durationNote(requestSeconds: number, yields: number, needed: number, what: string): string {
  if (yields === needed) return `${requestSeconds} s gives exactly the ${needed} frames ${what} needs.`;
  return `${requestSeconds} s gives ${yields} frames; ${what} needs ${needed}, so the last ${yields - needed} frame${yields - needed === 1 ? " is" : "s are"} trimmed by the clip's out point.`;
}
