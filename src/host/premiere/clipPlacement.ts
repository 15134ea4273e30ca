/**
 * Placing clips on a sequence: plan in whole frames, read every clip first, then in one lock set
 * each clip's in/out to its duration and overwrite it at its frame-exact time, all in one
 * transaction, and finally read the timeline back to report where each clip landed. A clip that
 * landed at the wrong length is corrected, and the session switches to committing in/out first.
 */
import type { ClipProjectItem, premierepro, Project, ProjectItem, Sequence, TickTime, VideoClipTrackItem } from "@adobe/premierepro";
import { describeError, HostError } from "../../core/errors";
import type { Placement, PlacedClip, PlacementReport } from "../premiereHost";
import { framesFromTicks, toFrames } from "../timelineFrames";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";
import { asClip, type ProjectItemIndex } from "./projectItems";
import { sequenceTiming, targetSequence } from "./sequenceReading";

interface PlannedClip {
  placement: Placement;
  requestedTrack: number;
  track: number;
  audioTrack: number;
  startFrame: number;
  requestedFrames: number;
  /** Where in the clip's media the placed part starts, in sequence frames. */
  sourceInFrame: number;
}

function invalid(message: string): HostError {
  return new HostError("invalid-request", message);
}

/** Frames and tracks for each placement, refusing what Premiere could not do as asked. */
export function planPlacements(placements: Placement[], ticksPerFrame: number, fps: number, trackCount: number): PlannedClip[] {
  const rate = { fps, ticksPerFrame };
  // Premiere has no call to add an empty track; an edit just past the last track adds one. So
  // every requested index beyond the count is packed, in order, onto new tracks above the last.
  const beyond = [...new Set(placements.map((p) => p.track).filter((t) => t >= trackCount))].sort((a, b) => a - b);
  const planned = placements.map((placement, i) => {
    const which = `Shot ${i + 1} ("${placement.clip.name}")`;
    if (!Number.isInteger(placement.track) || placement.track < 0) throw invalid(`${which} asks for video track ${placement.track}.`);
    if (placement.audioTrack !== undefined && (!Number.isInteger(placement.audioTrack) || placement.audioTrack < 0)) {
      throw invalid(`${which} asks for audio track ${placement.audioTrack}.`);
    }
    const startFrame = toFrames(placement.at, rate);
    const requestedFrames = toFrames(placement.duration, rate);
    const sourceInFrame = placement.sourceIn === undefined ? 0 : toFrames(placement.sourceIn, rate);
    if (startFrame < 0) throw invalid(`${which} would start before the beginning of the sequence.`);
    if (sourceInFrame < 0) throw invalid(`${which} would start before the beginning of its media.`);
    if (requestedFrames < 1) throw invalid(`${which} is shorter than one frame at ${fps.toFixed(3)} fps.`);
    const track = placement.track < trackCount ? placement.track : trackCount + beyond.indexOf(placement.track);
    return { placement, requestedTrack: placement.track, track, audioTrack: placement.audioTrack ?? track, startFrame, requestedFrames, sourceInFrame };
  });
  const byTrack = new Map<number, PlannedClip[]>();
  for (const p of planned) byTrack.set(p.track, [...(byTrack.get(p.track) ?? []), p]);
  for (const [track, clips] of byTrack) {
    const sorted = [...clips].sort((a, b) => a.startFrame - b.startFrame);
    for (let k = 1; k < sorted.length; k++) {
      const previous = sorted[k - 1] as PlannedClip;
      const next = sorted[k] as PlannedClip;
      if (next.startFrame < previous.startFrame + previous.requestedFrames) {
        throw invalid(
          `"${previous.placement.clip.name}" and "${next.placement.clip.name}" would overlap on V${track + 1}; place them in separate batches or slots.`,
        );
      }
    }
  }
  return planned;
}

interface ResolvedClip {
  item: ProjectItem;
  clip: ClipProjectItem;
  mediaFrames: number;
}

async function resolveClip(ppro: premierepro, project: Project, index: ProjectItemIndex, id: string, name: string, ticksPerFrame: number): Promise<ResolvedClip> {
  const item = await index.find(project, id);
  if (!item) throw new HostError("not-found", `The clip "${name}" is no longer in the project.`);
  const clip = asClip(ppro, item);
  if (!clip) throw new HostError("not-found", `"${name}" is not a clip that can go on a timeline.`, "ClipProjectItem.cast");
  const media = await premiereCall("ClipProjectItem.getMedia", { kind: "unexpected", message: `Premiere could not read the media of "${name}"` }, () =>
    clip.getMedia(),
  );
  const mediaFrames = framesFromTicks(media.duration.ticksNumber, ticksPerFrame, "floor");
  if (mediaFrames < 1) throw new HostError("invalid-request", `"${name}" has no video frames to place.`, "Media.duration");
  return { item, clip, mediaFrames };
}

interface LandedItem {
  clipId: string;
  startFrame: number;
  endFrame: number;
  trackItem: VideoClipTrackItem;
}

async function readTrack(ppro: premierepro, sequence: Sequence, track: number, ticksPerFrame: number): Promise<LandedItem[]> {
  const videoTrack = await sequence.getVideoTrack(track);
  const items = await videoTrack.getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
  return Promise.all(
    items.map(async (trackItem) => {
      const [start, end, projectItem] = await Promise.all([trackItem.getStartTime(), trackItem.getEndTime(), trackItem.getProjectItem()]);
      return {
        clipId: projectItem.getId(),
        startFrame: framesFromTicks(start.ticksNumber, ticksPerFrame, "floor"),
        endFrame: framesFromTicks(end.ticksNumber, ticksPerFrame, "ceil"),
        trackItem,
      };
    }),
  );
}

/**
 * How this session places clips. Whether an overwrite sees an in/out set earlier in the same
 * transaction is not documented; until a placement shows it does not, both go in one transaction
 * (one undo step). After a clip lands at the wrong length, each clip's in/out is committed on its
 * own before its overwrite is even created.
 */
export interface PlacementMode {
  inOutSeparately: boolean;
}

export async function placeClips(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  placements: Placement[],
  sequenceId: string | undefined,
  mode: PlacementMode = { inOutSeparately: false },
  /** The undo step's name; default "Shotbin: place N shots". */
  label?: string,
): Promise<PlacementReport> {
  if (placements.length === 0) throw invalid("There are no shots to place.");
  const sequence = await targetSequence(ppro, project, sequenceId);
  const timing = await sequenceTiming(sequence);
  const trackCount = await premiereCall("Sequence.getVideoTrackCount", { kind: "unexpected", message: "Premiere could not read the video tracks" }, () =>
    sequence.getVideoTrackCount(),
  );
  const plan = planPlacements(placements, timing.ticksPerFrame, timing.fps, trackCount);

  const clips = new Map<string, ResolvedClip>();
  for (const { placement } of plan) {
    const { id, name } = placement.clip;
    if (!clips.has(id)) clips.set(id, await resolveClip(ppro, project, index, id, name, timing.ticksPerFrame));
  }

  const frameTime = (frames: number): TickTime =>
    premiereCallSync("TickTime.createWithFrameAndFrameRate", { kind: "unexpected", message: "Premiere could not compute a time" }, () =>
      ppro.TickTime.createWithFrameAndFrameRate(frames, timing.frameRate),
    );
  const edits = plan.map((p) => {
    const resolved = clips.get(p.placement.clip.id) as ResolvedClip;
    if (p.sourceInFrame >= resolved.mediaFrames) {
      throw invalid(`"${p.placement.clip.name}" has ${resolved.mediaFrames} frames; it cannot start at its frame ${p.sourceInFrame}.`);
    }
    const frames = Math.min(p.requestedFrames, resolved.mediaFrames - p.sourceInFrame);
    return { ...p, resolved, frames, start: frameTime(p.startFrame), sourceIn: frameTime(p.sourceInFrame), out: frameTime(p.sourceInFrame + frames) };
  });
  const editor = premiereCallSync("SequenceEditor.getEditor", { kind: "unexpected", message: "Premiere could not edit the sequence" }, () =>
    ppro.SequenceEditor.getEditor(sequence),
  );
  const undoLabel = label ?? `Shotbin: place ${edits.length} shot${edits.length === 1 ? "" : "s"}`;
  const prepare = { kind: "lock" as const, message: "Premiere refused to prepare the edit" };
  type Edit = (typeof edits)[number];
  const setInOut = (e: Edit) =>
    premiereCallSync("ClipProjectItem.createSetInOutPointsAction", prepare, () => e.resolved.clip.createSetInOutPointsAction(e.sourceIn, e.out));
  const overwrite = (e: Edit) =>
    premiereCallSync("SequenceEditor.createOverwriteItemAction", prepare, () =>
      editor.createOverwriteItemAction(e.resolved.item, e.start, e.track, e.audioTrack),
    );

  // New tracks appear one at a time, just past the last, so edits go lowest track first. Each
  // clip's in/out comes right before its overwrite, so a clip placed twice is cut right each time.
  const ordered = [...edits].sort((a, b) => a.track - b.track);
  if (mode.inOutSeparately) {
    for (const e of ordered) {
      commitInLock(project, undoLabel, () => [setInOut(e)]);
      commitInLock(project, undoLabel, () => [overwrite(e)]);
    }
  } else {
    commitInLock(project, undoLabel, () => ordered.flatMap((e) => [setInOut(e), overwrite(e)]));
  }

  // The edit is committed; a failed read-back must not look like a failed edit, so it only leaves `landed` empty.
  const readBack = async (tracks: Iterable<number>, into: Map<number, LandedItem[]>) => {
    for (const track of new Set(tracks)) {
      try {
        into.set(track, await readTrack(ppro, sequence, track, timing.ticksPerFrame));
      } catch (error) {
        into.delete(track);
        console.warn(`Shotbin could not read V${track + 1} back after placing: ${describeError(error)}`);
      }
    }
  };
  const landedByTrack = new Map<number, LandedItem[]>();
  await readBack(
    edits.map((e) => e.track),
    landedByTrack,
  );
  const landedOf = (e: Edit) =>
    landedByTrack.get(e.track)?.find((item) => item.clipId === e.placement.clip.id && item.startFrame === e.startFrame);

  // Fallback: a clip that landed at the wrong length did not get the in/out set in its
  // transaction. One that is too long is trimmed to its planned end; one that is too short is
  // placed again with its in/out committed first. From then on, in/out go in a step of their own.
  const plannedEnd = (e: Edit) => e.startFrame + e.frames;
  const tooLong = edits.filter((e) => (landedOf(e)?.endFrame ?? plannedEnd(e)) > plannedEnd(e));
  const tooShort = edits.filter((e) => (landedOf(e)?.endFrame ?? plannedEnd(e)) < plannedEnd(e));
  const corrected = new Map<Edit, "trimmed" | "re-placed">();
  if (tooLong.length + tooShort.length > 0) {
    mode.inOutSeparately = true;
    console.warn(
      `Premiere did not apply the in/out of ${tooLong.length + tooShort.length} clip(s) in the same transaction; Shotbin corrects them and sets in/out separately from now on.`,
    );
    try {
      if (tooLong.length > 0) {
        commitInLock(project, undoLabel, () =>
          tooLong.map((e) => {
            const trackItem = (landedOf(e) as LandedItem).trackItem;
            const end = frameTime(plannedEnd(e));
            return premiereCallSync("VideoClipTrackItem.createSetEndAction", prepare, () => trackItem.createSetEndAction(end));
          }),
        );
        for (const e of tooLong) corrected.set(e, "trimmed");
      }
      for (const e of tooShort) {
        commitInLock(project, undoLabel, () => [setInOut(e)]);
        commitInLock(project, undoLabel, () => [overwrite(e)]);
        corrected.set(e, "re-placed");
      }
    } catch (error) {
      console.warn(`Shotbin could not correct the clips that landed at the wrong length: ${describeError(error)}`);
    }
    await readBack(
      [...tooLong, ...tooShort].map((e) => e.track),
      landedByTrack,
    );
  }

  const placed: PlacedClip[] = edits.map((e) => {
    const found = landedOf(e);
    const landed = found ? { startFrame: found.startFrame, endFrame: found.endFrame } : null;
    return {
      clipId: e.placement.clip.id,
      requestedTrack: e.requestedTrack,
      track: e.track,
      startFrame: e.startFrame,
      durationFrames: e.frames,
      shortenedByFrames: e.requestedFrames - e.frames,
      landed,
      exact: landed !== null && landed.endFrame === e.startFrame + e.frames,
      ...(corrected.has(e) ? { corrected: corrected.get(e) } : {}),
    };
  });
  return { sequenceId: sequence.guid.toString(), undoLabel, placed };
}
