/**
 * Replace: one clip (a still, a placeholder, any clip) selected. Its first frame becomes the first
 * frame; the result takes its place and length on its track, and the original is kept on the track
 * above (the lowest one free over its span, else a new one), switched off.
 */
import { freeTrackAbove } from "../host/timelineGaps";
import { clipFrame, rateOf, selectedVideoClips, trackName } from "./frameSources";
import { assemble, durationNote, modelTakesFrames, refuse } from "./planAssembly";
import type { ActionOutcome, PlanInput } from "./planTypes";
import { chooseRequest } from "./requestChoice";

export function planReplace({ timeline, model, settings = {} }: PlanInput): ActionOutcome {
  const selected = selectedVideoClips(timeline);
  if (selected.length === 0) return refuse("replace", "nothing-selected", "Select the clip (or still) to replace in the Timeline.");
  if (selected.length > 1) return refuse("replace", "wrong-selection", `Replace works on one clip; ${selected.length} are selected. Select only the clip to replace.`);
  const item = selected[0]!;
  const unfit = modelTakesFrames("replace", model, true, false);
  if (unfit) return unfit;
  if (!item.clip) return refuse("replace", "wrong-selection", `"${item.name}" has no project clip Shotbin can keep; it cannot be replaced.`);
  const frame = clipFrame(timeline, item, "clip-first", "first", settings);
  if (!frame.ok) return refuse("replace", "frame-covered", frame.reason);
  const length = item.endFrame - item.startFrame;
  const chosen = chooseRequest({ model, rate: rateOf(timeline), neededFrames: length, firstFrame: true, lastFrame: false, settings, frameSize: timeline.frameSize });
  if (!chosen.ok) return refuse("replace", chosen.code, chosen.reason.replace(/^\d+ frames/, `"${item.name}" (${length} frames)`));
  const keep = freeTrackAbove(timeline, item.track, item.startFrame, item.endFrame);
  return assemble("replace", timeline, chosen.choice, {
    summary: `Replace "${item.name}" (${length} frames on ${trackName(item.track)}), keeping it switched off on ${trackName(keep)}`,
    frames: [frame.frame],
    placement: {
      track: item.track,
      preferredTrack: item.track,
      startFrame: item.startFrame,
      durationFrames: length,
      replaces: { sequenceId: timeline.sequenceId, track: item.track, startTicks: item.startTicks, clipId: item.clip.id },
      keepOriginalOnTrack: keep,
    },
    neededFrames: length,
    notes: [
      `Sends frame ${frame.frame.at.frame} (the first of "${item.name}") as the first frame.`,
      durationNote(chosen.choice.request.durationSeconds, chosen.choice.yieldsFrames, length, `"${item.name}"`),
      `The original stays on ${keep >= timeline.tracks.length ? `a new track ${trackName(keep)}` : trackName(keep)}, switched off: switch it back on (or undo) to return to it.`,
    ],
  });
}
