/**
 * Bridge: two clips on one track. The last frame of the first and the first frame of the second
 * become the first and last frames; the model's shortest duration that covers the gap is asked
 * for and the result is trimmed to the gap to the frame. With no gap, nothing is moved: the result
 * is offered on the track above, starting at the cut.
 */
import { itemsInSpan } from "../host/timelineGaps";
import { clipFrame, rateOf, selectedVideoClips, trackName } from "./frameSources";
import { assemble, durationNote, modelTakesFrames, placeOnFreeTrack, refuse } from "./planAssembly";
import type { ActionOutcome, PlanInput } from "./planTypes";
import { chooseRequest } from "./requestChoice";

export function planBridge({ timeline, model, settings = {} }: PlanInput): ActionOutcome {
  const selected = selectedVideoClips(timeline);
  if (selected.length === 0) return refuse("bridge", "nothing-selected", "Select two clips on one track in the Timeline: Bridge fills the space between them.");
  if (selected.length !== 2) return refuse("bridge", "wrong-selection", `Bridge works on two clips; ${selected.length} ${selected.length === 1 ? "is" : "are"} selected. Select the two clips to join.`);
  const [a, b] = [...selected].sort((x, y) => x.startFrame - y.startFrame) as [typeof selected[number], typeof selected[number]];
  if (a.track !== b.track) return refuse("bridge", "not-on-one-track", `The two clips are on ${trackName(a.track)} and ${trackName(b.track)}; Bridge joins two clips on the same track.`);
  const unfit = modelTakesFrames("bridge", model, true, true);
  if (unfit) return unfit;
  const gap = b.startFrame - a.endFrame;
  if (gap < 0) return refuse("bridge", "wrong-selection", `"${a.name}" and "${b.name}" overlap; Bridge joins a clip to one that comes after it.`);
  const between = itemsInSpan(timeline, a.track, a.endFrame, b.startFrame);
  if (between.length > 0) {
    return refuse("bridge", "clips-between", `${between.map((i) => `"${i.name}"`).join(", ")} ${between.length === 1 ? "lies" : "lie"} between the two clips on ${trackName(a.track)}. Select two clips with only a gap (or a cut) between them.`);
  }
  const first = clipFrame(timeline, a, "clip-last", "first", settings);
  if (!first.ok) return refuse("bridge", "frame-covered", first.reason);
  const last = clipFrame(timeline, b, "clip-first", "last", settings);
  if (!last.ok) return refuse("bridge", "frame-covered", last.reason);
  const rate = rateOf(timeline);
  const frames = [first.frame, last.frame];
  const sends = `Sends frame ${first.frame.at.frame} (the last of "${a.name}") and frame ${last.frame.at.frame} (the first of "${b.name}").`;

  if (gap === 0) {
    const chosen = chooseRequest({ model, rate, neededFrames: null, firstFrame: true, lastFrame: true, settings, frameSize: timeline.frameSize });
    if (!chosen.ok) return refuse("bridge", chosen.code, chosen.reason);
    const length = chosen.choice.yieldsFrames;
    const placement = placeOnFreeTrack(timeline, a.track + 1, a.endFrame, length);
    placement.preferredTrack = a.track;
    placement.movedBecause = `There is no gap between "${a.name}" and "${b.name}", and Shotbin does not move "${b.name}"; the bridge goes on ${trackName(placement.track)} from the cut (frame ${a.endFrame}), over the first ${length} frames of "${b.name}". To play it in line, make a ${length}-frame gap and bridge again`;
    return assemble("bridge", timeline, chosen.choice, {
      summary: `Bridge "${a.name}" to "${b.name}" on ${trackName(placement.track)} (no gap between them)`,
      frames,
      placement,
      neededFrames: null,
      notes: [sends],
    });
  }
  const chosen = chooseRequest({ model, rate, neededFrames: gap, firstFrame: true, lastFrame: true, settings, frameSize: timeline.frameSize });
  if (!chosen.ok) return refuse("bridge", chosen.code, chosen.reason.replace(/^\d+ frames/, `The ${gap}-frame gap`));
  return assemble("bridge", timeline, chosen.choice, {
    summary: `Bridge the ${gap}-frame gap between "${a.name}" and "${b.name}" on ${trackName(a.track)}`,
    frames,
    placement: { track: a.track, preferredTrack: a.track, startFrame: a.endFrame, durationFrames: gap },
    neededFrames: gap,
    notes: [sends, durationNote(chosen.choice.request.durationSeconds, chosen.choice.yieldsFrames, gap, "the gap")],
  });
}
