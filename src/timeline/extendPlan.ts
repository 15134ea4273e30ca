/**
 * Extend: one clip selected. Its last frame (the frame at its end − 1 frame) becomes the first frame
 * of an image-to-video request, and the result goes right after the clip, on its track when that
 * span is free, else on the track above.
 */
import { clipFrame, rateOf, selectedVideoClips, trackName } from "./frameSources";
import { assemble, modelTakesFrames, placeOnFreeTrack, refuse } from "./planAssembly";
import type { ActionOutcome, PlanInput } from "./planTypes";
import { chooseRequest } from "./requestChoice";

export function planExtend({ timeline, model, settings = {} }: PlanInput): ActionOutcome {
  const selected = selectedVideoClips(timeline);
  if (selected.length === 0) return refuse("extend", "nothing-selected", "Select the clip to extend in the Timeline.");
  if (selected.length > 1) return refuse("extend", "wrong-selection", `Extend works on one clip; ${selected.length} are selected. Select only the clip to extend.`);
  const clip = selected[0]!;
  const unfit = modelTakesFrames("extend", model, true, false);
  if (unfit) return unfit;
  const frame = clipFrame(timeline, clip, "clip-last", "first", settings);
  if (!frame.ok) return refuse("extend", "frame-covered", frame.reason);
  const chosen = chooseRequest({ model, rate: rateOf(timeline), neededFrames: null, firstFrame: true, lastFrame: false, settings, frameSize: timeline.frameSize });
  if (!chosen.ok) return refuse("extend", chosen.code, chosen.reason);
  const placement = placeOnFreeTrack(timeline, clip.track, clip.endFrame, chosen.choice.yieldsFrames);
  return assemble("extend", timeline, chosen.choice, {
    summary: `Extend "${clip.name}" by ${chosen.choice.request.durationSeconds} s (${chosen.choice.yieldsFrames} frames) from frame ${clip.endFrame} on ${trackName(placement.track)}`,
    frames: [frame.frame],
    placement,
    neededFrames: null,
    notes: [`Sends frame ${frame.frame.at.frame} (the last frame of "${clip.name}", its media frame ${frame.frame.source?.frame}) as the first frame.`],
  });
}
