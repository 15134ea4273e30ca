/**
 * Sequences, video tracks and track items, and the overwrite edit: a clip laid over a track
 * replaces whatever lies under it, trimming, splitting or removing the items it covers. An edit
 * on the track just past the last one adds a track; further than that is refused.
 */
import type {
  FrameRate,
  Guid,
  ProjectItem,
  RectF,
  Sequence,
  SequenceEditor,
  SequenceSettings,
  TickTime,
  TrackItemSelection,
  VideoClipTrackItem,
  VideoTrack,
} from "@adobe/premierepro";
import { fakeConstants } from "./fakeConstants";
import { itemIdOf, itemViewKinds, projectItem } from "./fakeProjectItems";
import { allocateId, type FakeSequenceRecord, type FakeTrackItemRecord } from "./fakeState";
import { FakeFrameRate, ticksOf, tickTime } from "./fakeTime";
import type { FakeWorld } from "./fakeWorld";
import {
  asFrameRate,
  asGuid,
  asSequence,
  asSequenceEditor,
  asSequenceSettings,
  asTrackItemSelection,
  asVideoClipTrackItem,
  asVideoTrack,
  type SequenceEditorShape,
  type SequenceSettingsShape,
  type SequenceShape,
  type TrackItemSelectionShape,
  type VideoClipTrackItemShape,
  type VideoTrackShape,
} from "./officialShapes";

/** A track after overwriting `incoming` onto it. Pure; items stay sorted by start. */
export function overwriteTrack(
  items: readonly FakeTrackItemRecord[],
  incoming: FakeTrackItemRecord,
  newId: () => string,
): FakeTrackItemRecord[] {
  const result: FakeTrackItemRecord[] = [];
  for (const item of items) {
    if (item.endTicks <= incoming.startTicks || item.startTicks >= incoming.endTicks) {
      result.push(item);
      continue;
    }
    if (item.startTicks < incoming.startTicks) result.push({ ...item, endTicks: incoming.startTicks });
    if (item.endTicks > incoming.endTicks) {
      const cut = incoming.endTicks - item.startTicks;
      const tail = { ...item, startTicks: incoming.endTicks, inTicks: item.inTicks + cut };
      result.push(item.startTicks < incoming.startTicks ? { ...tail, id: newId() } : tail);
    }
  }
  result.push(incoming);
  return result.sort((a, b) => (a.startTicks < b.startTicks ? -1 : a.startTicks > b.startTicks ? 1 : 0));
}

export class FakeGuid {
  constructor(private readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function guid(value: string): Guid {
  return asGuid(new FakeGuid(value));
}

export class FakeSequenceView implements SequenceShape {
  constructor(
    readonly world: FakeWorld,
    readonly sequenceId: string,
  ) {}

  record(call: string): FakeSequenceRecord {
    const sequence = this.world.requireProject(call).sequences[this.sequenceId];
    if (!sequence) throw new Error(`${call}: the sequence no longer exists.`);
    return sequence;
  }

  get guid(): Guid {
    return guid(this.sequenceId);
  }
  get name(): string {
    return this.record("Sequence.name").name;
  }

  async getSettings(): Promise<SequenceSettings> {
    const record = this.record("Sequence.getSettings");
    const settings: SequenceSettingsShape = {
      getVideoFrameRate: (): FrameRate => asFrameRate(new FakeFrameRate(Number(record.ticksPerFrame))),
      getVideoFrameRect: async (): Promise<RectF> => ({ width: record.width, height: record.height }) as RectF,
    };
    return asSequenceSettings(settings);
  }
  async getFrameSize(): Promise<RectF> {
    const record = this.record("Sequence.getFrameSize");
    return { width: record.width, height: record.height } as RectF;
  }
  async getTimebase(): Promise<string> {
    return this.record("Sequence.getTimebase").ticksPerFrame.toString();
  }
  async getVideoTrackCount(): Promise<number> {
    return this.record("Sequence.getVideoTrackCount").tracks.length;
  }
  async getVideoTrack(trackIndex: number): Promise<VideoTrack> {
    const tracks = this.record("Sequence.getVideoTrack").tracks;
    if (!Number.isInteger(trackIndex) || trackIndex < 0 || trackIndex >= tracks.length) {
      throw new Error(`Illegal Parameter type (Sequence.getVideoTrack: no video track ${trackIndex})`);
    }
    return asVideoTrack(new FakeVideoTrackView(this, trackIndex));
  }
  async getEndTime(): Promise<TickTime> {
    const ends = this.record("Sequence.getEndTime").tracks.flatMap((track) => track.map((item) => item.endTicks));
    return tickTime(ends.reduce((max, end) => (end > max ? end : max), 0n));
  }
  async getPlayerPosition(): Promise<TickTime> {
    return tickTime(this.record("Sequence.getPlayerPosition").playheadTicks);
  }
  async getProjectItem(): Promise<ProjectItem> {
    return projectItem(this.world, this.record("Sequence.getProjectItem").itemId);
  }

  /** Synchronous since Premiere 26.3; selects exactly the given track items and fires `SequenceEvent.SELECTION_CHANGED`. */
  setSelection(trackItemSelection: TrackItemSelection): boolean {
    const call = "Sequence.setSelection";
    if (!(trackItemSelection instanceof FakeTrackItemSelection) || trackItemSelection.world !== this.world) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    const record = this.record(call);
    const ids = trackItemSelection.members.map((member) => {
      if (member.sequence.sequenceId !== this.sequenceId) {
        throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: a track item of another sequence)`);
      }
      return member.record(call).id;
    });
    record.selection = ids;
    this.world.emit(fakeConstants.SequenceEvent.SELECTION_CHANGED, { id: this.sequenceId, name: record.name });
    return true;
  }

  async getSelection(): Promise<TrackItemSelection> {
    const record = this.record("Sequence.getSelection");
    const members = record.tracks.flatMap((track, index) =>
      track.filter((item) => record.selection.includes(item.id)).map((item) => new FakeTrackItemView(this, index, item.id)),
    );
    return asTrackItemSelection(new FakeTrackItemSelection(this.world, members));
  }
}

export function sequenceView(world: FakeWorld, id: string): Sequence {
  return asSequence(new FakeSequenceView(world, id));
}

class FakeVideoTrackView implements VideoTrackShape {
  constructor(
    private readonly sequence: FakeSequenceView,
    private readonly index: number,
  ) {}
  get name(): string {
    return `Video ${this.index + 1}`;
  }
  get id(): number {
    return this.index;
  }
  async getIndex(): Promise<number> {
    return this.index;
  }
  getTrackItems(trackItemType: number, includeEmptyTrackItems: boolean): VideoClipTrackItem[] {
    const call = "VideoTrack.getTrackItems";
    if (!Object.values(fakeConstants.TrackItemType).includes(trackItemType) || typeof includeEmptyTrackItems !== "boolean") {
      throw this.sequence.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    if (trackItemType !== fakeConstants.TrackItemType.CLIP) return [];
    const items = this.sequence.record(call).tracks[this.index] ?? [];
    return items.map((item) => asVideoClipTrackItem(new FakeTrackItemView(this.sequence, this.index, item.id)));
  }
}

class FakeTrackItemView implements VideoClipTrackItemShape {
  constructor(
    readonly sequence: FakeSequenceView,
    private readonly trackIndex: number,
    private readonly itemId: string,
  ) {}
  record(call: string): FakeTrackItemRecord {
    const item = this.sequence.record(call).tracks[this.trackIndex]?.find((i) => i.id === this.itemId);
    if (!item) throw new Error(`${call}: the track item no longer exists.`);
    return item;
  }
  async getName(): Promise<string> {
    return this.record("VideoClipTrackItem.getName").name;
  }
  async getStartTime(): Promise<TickTime> {
    return tickTime(this.record("VideoClipTrackItem.getStartTime").startTicks);
  }
  async getEndTime(): Promise<TickTime> {
    return tickTime(this.record("VideoClipTrackItem.getEndTime").endTicks);
  }
  async getDuration(): Promise<TickTime> {
    const item = this.record("VideoClipTrackItem.getDuration");
    return tickTime(item.endTicks - item.startTicks);
  }
  async getInPoint(): Promise<TickTime> {
    return tickTime(this.record("VideoClipTrackItem.getInPoint").inTicks);
  }
  async getOutPoint(): Promise<TickTime> {
    const item = this.record("VideoClipTrackItem.getOutPoint");
    return tickTime(item.inTicks + item.endTicks - item.startTicks);
  }
  async getProjectItem(): Promise<ProjectItem> {
    return projectItem(this.sequence.world, this.record("VideoClipTrackItem.getProjectItem").clipId);
  }
  async getTrackIndex(): Promise<number> {
    return this.trackIndex;
  }

  /** Moves the item's end; it may shorten freely but not grow over the next item on its track. */
  createSetEndAction(time: TickTime) {
    const call = "VideoClipTrackItem.createSetEndAction";
    const endTicks = ticksOf(time, call);
    return this.sequence.world.discipline.action(call, () => {
      const item = this.record(call);
      if (endTicks <= item.startTicks) throw new Error(`${call}: the end would be at or before the start.`);
      const track = this.sequence.record(call).tracks[this.trackIndex] ?? [];
      const next = track.find((other) => other.startTicks >= item.endTicks && other.id !== item.id);
      if (next && endTicks > next.startTicks) throw new Error(`${call}: the end would overlap the next item.`);
      item.endTicks = endTicks;
    });
  }
}

class FakeTrackItemSelection implements TrackItemSelectionShape {
  readonly members: FakeTrackItemView[];

  constructor(
    readonly world: FakeWorld,
    members: FakeTrackItemView[] = [],
  ) {
    this.members = [...members];
  }

  private member(trackItem: unknown, call: string): FakeTrackItemView {
    if (!(trackItem instanceof FakeTrackItemView) || trackItem.sequence.world !== this.world) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    return trackItem;
  }

  addItem(trackItem: VideoClipTrackItem, skipDuplicateCheck?: boolean): boolean {
    const added = this.member(trackItem, "TrackItemSelection.addItem");
    const id = added.record("TrackItemSelection.addItem").id;
    if (!skipDuplicateCheck && this.members.some((m) => m.sequence.sequenceId === added.sequence.sequenceId && m.record("TrackItemSelection.addItem").id === id)) {
      return false;
    }
    this.members.push(added);
    return true;
  }

  removeItem(trackItem: VideoClipTrackItem): boolean {
    const removed = this.member(trackItem, "TrackItemSelection.removeItem");
    const id = removed.record("TrackItemSelection.removeItem").id;
    const at = this.members.findIndex((m) => m.sequence.sequenceId === removed.sequence.sequenceId && m.record("TrackItemSelection.removeItem").id === id);
    if (at < 0) return false;
    this.members.splice(at, 1);
    return true;
  }

  async getTrackItems(): Promise<VideoClipTrackItem[]> {
    return this.members.map((m) => asVideoClipTrackItem(m));
  }
}

export function trackItemSelectionStatic(world: FakeWorld) {
  return {
    /** Hands a new empty selection to the callback, synchronously, and answers true. */
    createEmptySelection(callback: (selection: TrackItemSelection) => void): boolean {
      if (typeof callback !== "function") {
        throw world.discipline.breach("illegal-parameter", "TrackItemSelection.createEmptySelection", "Illegal Parameter type (TrackItemSelection.createEmptySelection)");
      }
      callback(asTrackItemSelection(new FakeTrackItemSelection(world)));
      return true;
    },
  };
}

class FakeSequenceEditorView implements SequenceEditorShape {
  constructor(private readonly sequence: FakeSequenceView) {}

  createOverwriteItemAction(projectItemArg: ProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number) {
    const call = "SequenceEditor.createOverwriteItemAction";
    const world = this.sequence.world;
    // The types ask for a ProjectItem; a FolderItem or ClipProjectItem view is a different object in Premiere.
    const clipId = itemIdOf(world, projectItemArg, call, [itemViewKinds.projectItem]);
    const startTicks = ticksOf(time, call);
    for (const index of [videoTrackIndex, audioTrackIndex]) {
      if (!Number.isInteger(index) || index < 0) throw world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: track ${index})`);
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
      sequence.tracks[videoTrackIndex] = overwriteTrack(sequence.tracks[videoTrackIndex] ?? [], incoming, () =>
        allocateId(project, "trackitem"),
      );
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
