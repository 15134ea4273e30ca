/**
 * Sequences (in/out marks, playhead, selection), video tracks and track items, and the overwrite
 * rule: a clip laid over a track replaces whatever lies under it, trimming, splitting or removing
 * the items it covers. The edits themselves are in fakeSequenceEditor.ts.
 */
import type {
  FrameRate,
  Guid,
  ProjectItem,
  RectF,
  Sequence,
  SequenceSettings,
  TickTime,
  TrackItemSelection,
  VideoClipTrackItem,
  VideoTrack,
} from "@adobe/premierepro";
import { fakeConstants, fakeMediaTypeGuids } from "./fakeConstants";
import { projectItem } from "./fakeProjectItems";
import type { FakeSequenceRecord, FakeTrackItemRecord } from "./fakeState";
import { FakeFrameRate, ticksOf, tickTime } from "./fakeTime";
import type { FakeWorld } from "./fakeWorld";
import {
  asFrameRate,
  asGuid,
  asSequence,
  asSequenceSettings,
  asTrackItemSelection,
  asVideoClipTrackItem,
  asVideoTrack,
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
    return tickTime(sequenceEnd(this.record("Sequence.getEndTime")));
  }
  async getPlayerPosition(): Promise<TickTime> {
    return tickTime(this.record("Sequence.getPlayerPosition").playheadTicks);
  }
  async getProjectItem(): Promise<ProjectItem> {
    return projectItem(this.world, this.record("Sequence.getProjectItem").itemId);
  }

  /** Moves the playhead; no argument (or a time before 0) is refused as Premiere refuses it. */
  async setPlayerPosition(positionTime?: TickTime): Promise<boolean> {
    const call = "Sequence.setPlayerPosition";
    const ticks = ticksOf(positionTime, call);
    if (ticks < 0n) return false;
    this.record(call).playheadTicks = ticks;
    return true;
  }

  /**
   * The In mark, or 0 when none is set. Unset marks read as the whole sequence (0 and its end):
   * what Premiere answers for an unset mark is UNCONFIRMED (self-check `sequence-in-out`).
   */
  async getInPoint(): Promise<TickTime> {
    return tickTime(this.record("Sequence.getInPoint").inPointTicks ?? 0n);
  }

  /** The Out mark, exclusive (the first frame after the range), or the sequence's end when none is set. */
  async getOutPoint(): Promise<TickTime> {
    const record = this.record("Sequence.getOutPoint");
    return tickTime(record.outPointTicks ?? sequenceEnd(record));
  }

  createSetInPointAction(tickTime: TickTime) {
    return this.markAction("Sequence.createSetInPointAction", tickTime, (record, ticks) => (record.inPointTicks = ticks));
  }

  createSetOutPointAction(tickTime: TickTime) {
    return this.markAction("Sequence.createSetOutPointAction", tickTime, (record, ticks) => (record.outPointTicks = ticks));
  }

  private markAction(call: string, time: TickTime, set: (record: FakeSequenceRecord, ticks: bigint) => void) {
    const ticks = ticksOf(time, call);
    return this.world.discipline.action(call, () => {
      if (ticks < 0n) throw new Error(`${call}: a mark cannot be before the start of the sequence.`);
      set(this.record(call), ticks);
    });
  }

  async clearSelection(): Promise<boolean> {
    const record = this.record("Sequence.clearSelection");
    record.selection = [];
    this.world.emit(fakeConstants.SequenceEvent.SELECTION_CHANGED, { id: this.sequenceId, name: record.name });
    return true;
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

/** The end of the last item on any track. */
export function sequenceEnd(record: FakeSequenceRecord): bigint {
  return record.tracks.flat().reduce((max, item) => (item.endTicks > max ? item.endTicks : max), 0n);
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
  async getMediaType(): Promise<Guid> {
    return guid(fakeMediaTypeGuids.video);
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

export class FakeTrackItemView implements VideoClipTrackItemShape {
  constructor(
    readonly sequence: FakeSequenceView,
    readonly trackIndex: number,
    readonly itemId: string,
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
  async getType(): Promise<number> {
    this.record("VideoClipTrackItem.getType");
    return fakeConstants.TrackItemType.CLIP;
  }
  async getMediaType(): Promise<Guid> {
    this.record("VideoClipTrackItem.getMediaType");
    return guid(fakeMediaTypeGuids.video);
  }
  async getIsSelected(): Promise<boolean> {
    const id = this.record("VideoClipTrackItem.getIsSelected").id;
    return this.sequence.record("VideoClipTrackItem.getIsSelected").selection.includes(id);
  }
  async getSpeed(): Promise<number> {
    this.record("VideoClipTrackItem.getSpeed");
    return 1;
  }
  async isDisabled(): Promise<boolean> {
    return this.record("VideoClipTrackItem.isDisabled").disabled === true;
  }

  /** Switches the item off (true) or on (false); it stays on its track either way. */
  createSetDisabledAction(disabled: boolean) {
    const call = "VideoClipTrackItem.createSetDisabledAction";
    if (typeof disabled !== "boolean") throw this.sequence.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    return this.sequence.world.discipline.action(call, () => {
      this.record(call).disabled = disabled;
    });
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

export class FakeTrackItemSelection implements TrackItemSelectionShape {
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
