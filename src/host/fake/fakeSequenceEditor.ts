/**
 * `SequenceEditor`: the overwrite of a project item onto a track, and the clone of a track item
 * onto another track (how Replace keeps the original). An edit on the track just past the last one
 * adds a track; further than that is refused.
 */
import type { ProjectItem, Sequence, SequenceEditor, TickTime, VideoClipTrackItem } from "@adobe/premierepro";
import { itemIdOf, itemViewKinds } from "./fakeProjectItems";
import { allocateId, type FakeTrackItemRecord } from "./fakeState";
import { ticksOf } from "./fakeTime";
import { FakeSequenceView, FakeTrackItemView, overwriteTrack } from "./fakeTimeline";
import type { FakeWorld } from "./fakeWorld";
import { asSequenceEditor, type SequenceEditorShape } from "./officialShapes";

class FakeSequenceEditorView implements SequenceEditorShape {
  constructor(private readonly sequence: FakeSequenceView) {}

  private trackIndexes(call: string, ...indexes: number[]): void {
    for (const index of indexes) {
      if (!Number.isInteger(index)) throw this.sequence.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: track ${index})`);
    }
  }

  createOverwriteItemAction(projectItemArg: ProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number) {
    const call = "SequenceEditor.createOverwriteItemAction";
    const world = this.sequence.world;
    // The types ask for a ProjectItem; a FolderItem or ClipProjectItem view is a different object in Premiere.
    const clipId = itemIdOf(world, projectItemArg, call, [itemViewKinds.projectItem]);
    const startTicks = ticksOf(time, call);
    this.trackIndexes(call, videoTrackIndex, audioTrackIndex);
    for (const index of [videoTrackIndex, audioTrackIndex]) {
      if (index < 0) throw world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: track ${index})`);
    }
    const atCreation = world.behaviour.overwriteReadsInOutAtCreation ? world.item(clipId, call).clip : undefined;
    const capturedInOut = atCreation ? { inTicks: atCreation.inTicks, outTicks: atCreation.outTicks } : undefined;
    return world.discipline.action(call, () => {
      const project = world.requireProject(call);
      const sequence = this.sequence.record(call);
      const clip = world.item(clipId, call).clip;
      if (!clip || clip.sequenceId !== undefined) throw new Error(`${call}: only media clips can be placed.`);
      if (startTicks < 0n) throw new Error(`${call}: time before the sequence start.`);
      if (videoTrackIndex > sequence.tracks.length) {
        throw new Error(`${call}: video track ${videoTrackIndex + 1} does not exist and is not the next one.`);
      }
      if (videoTrackIndex === sequence.tracks.length) sequence.tracks.push([]);
      // The clip's source in/out decide the length, read when the edit is applied (or, in the
      // awkward variant, when the action was created).
      const source = capturedInOut ?? clip;
      const inTicks = source.inTicks ?? 0n;
      const outTicks = source.outTicks ?? clip.durationTicks;
      const incoming: FakeTrackItemRecord = {
        id: allocateId(project, "trackitem"),
        clipId,
        name: world.item(clipId, call).name,
        startTicks,
        endTicks: startTicks + (outTicks - inTicks),
        inTicks,
      };
      sequence.tracks[videoTrackIndex] = overwriteTrack(sequence.tracks[videoTrackIndex] ?? [], incoming, () => allocateId(project, "trackitem"));
    });
  }

  /**
   * A copy of `trackItem` `videoTrackVerticalOffset` tracks up (down when negative) and `timeOffset`
   * later, laid as an overwrite: it keeps the original's source range and its enabled state. Only
   * the overwrite form (`isInsert` false) is simulated; an insert would ripple every track.
   */
  createCloneTrackItemAction(
    trackItem: VideoClipTrackItem,
    timeOffset: TickTime,
    videoTrackVerticalOffset: number,
    audioTrackVerticalOffset: number,
    alignToVideo: boolean,
    isInsert: boolean,
  ) {
    const call = "SequenceEditor.createCloneTrackItemAction";
    const world = this.sequence.world;
    if (!(trackItem instanceof FakeTrackItemView) || trackItem.sequence.world !== world || trackItem.sequence.sequenceId !== this.sequence.sequenceId) {
      throw world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: trackItem)`);
    }
    const offset = ticksOf(timeOffset, call);
    this.trackIndexes(call, videoTrackVerticalOffset, audioTrackVerticalOffset);
    if (typeof alignToVideo !== "boolean" || typeof isInsert !== "boolean") {
      throw world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: alignToVideo and isInsert are booleans)`);
    }
    if (isInsert) throw new Error(`${call}: the fake Premiere simulates clones as overwrites only (isInsert false).`);
    return world.discipline.action(call, () => {
      const project = world.requireProject(call);
      const sequence = this.sequence.record(call);
      const original = trackItem.record(call);
      const target = trackItem.trackIndex + videoTrackVerticalOffset;
      if (target < 0 || target > sequence.tracks.length) throw new Error(`${call}: video track ${target + 1} does not exist and is not the next one.`);
      if (target === sequence.tracks.length) sequence.tracks.push([]);
      const startTicks = original.startTicks + offset;
      if (startTicks < 0n) throw new Error(`${call}: the clone would start before the sequence.`);
      const copy: FakeTrackItemRecord = {
        ...original,
        id: allocateId(project, "trackitem"),
        startTicks,
        endTicks: original.endTicks + offset,
      };
      sequence.tracks[target] = overwriteTrack(sequence.tracks[target] ?? [], copy, () => allocateId(project, "trackitem"));
    });
  }
}

export function sequenceEditorStatic(world: FakeWorld) {
  return {
    getEditor(sequence: Sequence): SequenceEditor {
      if (!(sequence instanceof FakeSequenceView) || sequence.world !== world) {
        throw world.discipline.breach("illegal-parameter", "SequenceEditor.getEditor", "Illegal Parameter type (SequenceEditor.getEditor)");
      }
      return asSequenceEditor(new FakeSequenceEditorView(sequence));
    },
  };
}
