/**
 * Fill: the In/Out range when one is marked, else the gap under the playhead (on the lowest track
 * where the playhead is between two clips). The exact length drives the request and the result is
 * trimmed to it. Nothing is sent but the prompt, unless the model needs a first frame: then the
 * frame just before the span.
 */
import { freeTrackAbove, gapAt, spanIsFree } from "../host/timelineGaps";
import { frameBefore, rateOf, trackName } from "./frameSources";
import { assemble, durationNote, modelTakesFrames, refuse } from "./planAssembly";
import type { ActionOutcome, PlannedPlacement, PlanInput } from "./planTypes";
import { chooseRequest } from "./requestChoice";

interface Span {
  startFrame: number;
  endFrame: number;
  track: number;
  what: string;
  movedBecause?: string;
}

function spanToFill(input: PlanInput): Span | null {
  const { timeline } = input;
  if (timeline.inOut) {
    const startFrame = timeline.inOut.in.frame;
    const endFrame = timeline.inOut.out.frame;
    const free = timeline.tracks.find((t) => spanIsFree(timeline, t.index, startFrame, endFrame))?.index;
    const track = free ?? freeTrackAbove(timeline, timeline.tracks.length - 1, startFrame, endFrame);
    return {
      startFrame,
      endFrame,
      track,
      what: `the In/Out range (frames ${startFrame}–${endFrame})`,
      ...(track > 0 ? { movedBecause: `${trackName(0)}${track > 1 ? `–${trackName(track - 1)}` : ""} ${track > 1 ? "are" : "is"} not empty over the range, so it goes on ${track >= timeline.tracks.length ? `a new track ${trackName(track)}` : trackName(track)}` } : {}),
    };
  }
  const playhead = timeline.playhead.frame;
  for (const track of timeline.tracks) {
    const gap = gapAt(timeline, track.index, playhead);
    if (gap && gap.endFrame !== null && gap.endFrame > gap.startFrame) {
      return { startFrame: gap.startFrame, endFrame: gap.endFrame, track: track.index, what: `the gap under the playhead on ${trackName(track.index)} (frames ${gap.startFrame}–${gap.endFrame})` };
    }
  }
  return null;
}

export function planFill(input: PlanInput): ActionOutcome {
  const { timeline, model, settings = {} } = input;
  const span = spanToFill(input);
  if (!span) return refuse("fill", "no-range", "Mark In and Out on the sequence, or put the playhead in a gap between two clips.");
  const frames = span.endFrame - span.startFrame;
  const needsFirst = model.capabilities.firstFrame === "required";
  const before = needsFirst ? frameBefore(timeline, span.startFrame) : null;
  const unfit = modelTakesFrames("fill", model, before !== null, false);
  if (unfit) return unfit;
  const chosen = chooseRequest({ model, rate: rateOf(timeline), neededFrames: frames, firstFrame: before !== null, lastFrame: false, settings, frameSize: timeline.frameSize });
  if (!chosen.ok) return refuse("fill", chosen.code, chosen.reason.replace(/^\d+ frames/, `The ${frames}-frame span`));
  const placement: PlannedPlacement = {
    track: span.track,
    preferredTrack: span.movedBecause ? 0 : span.track,
    startFrame: span.startFrame,
    durationFrames: frames,
    ...(span.movedBecause ? { movedBecause: span.movedBecause } : {}),
  };
  const notes = [durationNote(chosen.choice.request.durationSeconds, chosen.choice.yieldsFrames, frames, span.what)];
  if (before) notes.unshift(`${model.displayName} needs a first frame: sends frame ${before.at.frame}, just before the span (from "${before.clip?.name}").`);
  return assemble("fill", timeline, chosen.choice, {
    summary: `Fill ${span.what} with ${frames} frames on ${trackName(span.track)}`,
    frames: before ? [before] : [],
    placement,
    neededFrames: frames,
    notes,
  });
}
