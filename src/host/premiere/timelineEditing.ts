/**
 * Edits the timeline actions make: In/Out marks on the sequence, one clip placed where its span is
 * free (else on the track above), and Replace, which keeps the original as a disabled copy above
 * (`SequenceEditor.createCloneTrackItemAction`, then `createSetDisabledAction(true)`) before the
 * new clip overwrites its place. Every step is a locked transaction under the action's undo label.
 */
import type { premierepro, Project, TickTime } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { frameStart } from "../../core/ticks";
import { freeTrackAbove, itemsInSpan, spanIsFree } from "../timelineGaps";
import type { ClipPlacementRequest, ClipPlacementResult, ReplaceRequest, ReplaceResult, TimelineState } from "../timelineHost";
import { toFrames } from "../timelineFrames";
import type { TimelinePoint } from "../hostTypes";
import { placeClips, type PlacementMode } from "./clipPlacement";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";
import type { ProjectItemIndex } from "./projectItems";
import { targetSequence } from "./sequenceReading";
import { findTrackItem, readTimelineState, sequenceRate } from "./timelineReading";

const prepare = { kind: "lock" as const, message: "Premiere refused to prepare the edit" };

function wholeFrames(value: number, what: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) throw new HostError("invalid-request", `${what} must be a whole number of frames, at least ${minimum}, not ${value}.`);
  return value;
}

export async function setSequenceInOut(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  range: { in: TimelinePoint; out: TimelinePoint },
  sequenceId?: string,
): Promise<TimelineState["inOut"]> {
  const sequence = await targetSequence(ppro, project, sequenceId);
  const rate = await sequenceRate(sequence);
  const info = { fps: rate.fps, ticksPerFrame: Number(rate.ticksPerFrame) };
  const inFrame = toFrames(range.in, info);
  const outFrame = toFrames(range.out, info);
  if (inFrame < 0 || outFrame <= inFrame) throw new HostError("invalid-request", `In (frame ${inFrame}) must be at or after 0 and before Out (frame ${outFrame}).`);
  const time = (frame: number): TickTime =>
    premiereCallSync("TickTime.createWithTicks", { kind: "unexpected", message: "Premiere could not compute a time" }, () => ppro.TickTime.createWithTicks(frameStart(frame, rate).toString()));
  const [inTime, outTime] = [time(inFrame), time(outFrame)];
  commitInLock(project, `Shotbin: mark In and Out`, () => [
    premiereCallSync("Sequence.createSetInPointAction", prepare, () => sequence.createSetInPointAction(inTime)),
    premiereCallSync("Sequence.createSetOutPointAction", prepare, () => sequence.createSetOutPointAction(outTime)),
  ]);
  return (await readTimelineState(ppro, project, index, sequence)).inOut;
}

export async function placeClipAt(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  mode: PlacementMode,
  request: ClipPlacementRequest,
): Promise<ClipPlacementResult> {
  const sequence = await targetSequence(ppro, project, request.sequenceId);
  const state = await readTimelineState(ppro, project, index, sequence);
  const start = toFrames(request.at, state.frameRate);
  if (start < 0) throw new HostError("invalid-request", `"${request.clip.name}" cannot start before the sequence does.`);
  const frames = wholeFrames(request.durationFrames, `The length of "${request.clip.name}"`, 1);
  const sourceIn = wholeFrames(request.sourceInFrame ?? 0, `The source In of "${request.clip.name}"`, 0);
  wholeFrames(request.track, "The track index", 0);
  const end = start + frames;
  let track = request.track;
  let movedBecause: string | undefined;
  if (track < state.tracks.length && !spanIsFree(state, track, start, end)) {
    const names = itemsInSpan(state, track, start, end).map((item) => `"${item.name}"`).join(", ");
    const taken = `V${track + 1} has ${names} between frames ${start} and ${end}`;
    const when = request.whenTaken ?? "track-above";
    if (when === "refuse") throw new HostError("invalid-request", `${taken}; Shotbin does not overwrite it.`);
    if (when === "track-above") {
      track = freeTrackAbove(state, track, start, end);
      movedBecause = taken;
    }
  }
  const undoLabel = `Shotbin: place "${request.clip.name}"`;
  const report = await placeClips(
    ppro,
    project,
    index,
    [{ clip: request.clip, at: { frames: start }, track, duration: { frames }, sourceIn: { frames: sourceIn } }],
    state.sequenceId,
    mode,
    undoLabel,
  );
  const placed = report.placed[0];
  if (!placed) throw new HostError("unexpected", "Premiere reported no placement.");
  return { placed, requestedTrack: request.track, track: placed.track, ...(movedBecause ? { movedBecause } : {}), undoLabel };
}

export async function replaceTrackItem(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  mode: PlacementMode,
  request: ReplaceRequest,
): Promise<ReplaceResult> {
  const ref = request.original;
  const sequence = await targetSequence(ppro, project, ref.sequenceId);
  const state = await readTimelineState(ppro, project, index, sequence);
  const original = state.tracks[ref.track]?.items.find((item) => item.startTicks === ref.startTicks && item.clip?.id === ref.clipId);
  if (!original) throw new HostError("not-found", `The clip to replace is no longer at ${ref.startTicks} ticks on V${ref.track + 1}.`);
  const keepTrack = freeTrackAbove(state, ref.track, original.startFrame, original.endFrame);
  const undoLabel = `Shotbin: replace "${original.name}"`;
  const editor = premiereCallSync("SequenceEditor.getEditor", { kind: "unexpected", message: "Premiere could not edit the sequence" }, () => ppro.SequenceEditor.getEditor(sequence));
  const trackItem = await findTrackItem(ppro, sequence, ref);
  const zero = ppro.TickTime.TIME_ZERO;
  // 1. A copy of the original on the free track above, same time, same source range and effects.
  commitInLock(project, undoLabel, () => [
    premiereCallSync("SequenceEditor.createCloneTrackItemAction", prepare, () => editor.createCloneTrackItemAction(trackItem, zero, keepTrack - ref.track, 0, true, false)),
  ]);
  const copy = await findTrackItem(ppro, sequence, { ...ref, track: keepTrack }).catch((error: unknown) => {
    throw new HostError("not-found", `Premiere did not copy "${original.name}" to V${keepTrack + 1}; nothing was replaced.`, "SequenceEditor.createCloneTrackItemAction", { cause: error });
  });
  // 2. The copy switched off, so the sequence shows the replacement and the original stays one click away.
  commitInLock(project, undoLabel, () => [premiereCallSync("VideoClipTrackItem.createSetDisabledAction", prepare, () => copy.createSetDisabledAction(true))]);
  const disabled = await premiereCall("VideoClipTrackItem.isDisabled", { kind: "unexpected", message: "Premiere could not read the copy's state" }, () => copy.isDisabled());
  // 3. The new clip over the original's place, trimmed to its length.
  const report = await placeClips(
    ppro,
    project,
    index,
    [{ clip: request.clip, at: { frames: original.startFrame }, track: ref.track, duration: { frames: original.endFrame - original.startFrame }, sourceIn: { frames: wholeFrames(request.sourceInFrame ?? 0, `The source In of "${request.clip.name}"`, 0) } }],
    state.sequenceId,
    mode,
    undoLabel,
  );
  const placed = report.placed[0];
  if (!placed) throw new HostError("unexpected", "Premiere reported no placement.");
  return { placed, kept: { track: keepTrack, startFrame: original.startFrame, endFrame: original.endFrame, disabled: disabled === true }, undoLabel };
}
