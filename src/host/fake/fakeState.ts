/**
 * The fake Premiere's project as plain data: bins, clips, sequences, tracks, markers. Times are
 * bigint ticks. Everything here survives `structuredClone`, which is how undo works.
 */

export interface FakeClipData {
  /** Empty for a sequence's own project item. */
  mediaPath: string;
  durationTicks: bigint;
  /** Source in/out set with `createSetInOutPointsAction`; null means the whole media. */
  inTicks: bigint | null;
  outTicks: bigint | null;
  /** Project metadata properties by name (custom columns and intrinsic ones). */
  properties: Record<string, string>;
  sequenceId?: string;
}

export interface FakeItemRecord {
  id: string;
  kind: "root" | "bin" | "clip";
  name: string;
  parentId: string | null;
  childIds: string[];
  clip?: FakeClipData;
  /** `createSetColorLabelAction`'s index (a `Constants.ProjectItemColorLabel` value); absent: Premiere's default for the kind. */
  colorLabel?: number;
}

export interface FakeTrackItemRecord {
  id: string;
  clipId: string;
  name: string;
  startTicks: bigint;
  endTicks: bigint;
  /** Where in the clip's media this track item starts. */
  inTicks: bigint;
  /** Switched off with `createSetDisabledAction(true)`: kept on the track, not shown. */
  disabled?: boolean;
}

export interface FakeSequenceRecord {
  guid: string;
  name: string;
  ticksPerFrame: bigint;
  width: number;
  height: number;
  /** Video tracks, V1 first; each holds its items sorted by start. */
  tracks: FakeTrackItemRecord[][];
  playheadTicks: bigint;
  itemId: string;
  /** Track item ids selected in the Timeline. */
  selection: string[];
  /** The sequence's In and Out marks; null (or absent) when not set. The out point is exclusive, like a track item's end. */
  inPointTicks?: bigint | null;
  outPointTicks?: bigint | null;
}

export interface FakeMarkerRecord {
  guid: string;
  name: string;
  comments: string;
  type: string;
  startTicks: bigint;
  durationTicks: bigint;
  colorIndex: number;
}

/** What the Source Monitor shows: an item of the project, or a file opened by path. */
export interface FakeSourceClip {
  itemId: string | null;
  mediaPath: string;
  durationTicks: bigint;
  positionTicks: bigint;
}

export interface FakeProjectState {
  guid: string;
  name: string;
  path: string;
  rootId: string;
  items: Record<string, FakeItemRecord>;
  sequences: Record<string, FakeSequenceRecord>;
  sequenceOrder: string[];
  activeSequenceId: string | null;
  selection: string[];
  insertionBinId: string | null;
  /** Markers by owner key: `sequence:<guid>` or `clip:<item id>`. */
  markers: Record<string, FakeMarkerRecord[]>;
  nextId: number;
}

export function newProjectState(guid: string, name: string, path: string): FakeProjectState {
  const rootId = "item-0";
  return {
    guid,
    name,
    path,
    rootId,
    items: { [rootId]: { id: rootId, kind: "root", name, parentId: null, childIds: [] } },
    sequences: {},
    sequenceOrder: [],
    activeSequenceId: null,
    selection: [],
    insertionBinId: null,
    markers: {},
    nextId: 1,
  };
}

export function allocateId(project: FakeProjectState, prefix: string): string {
  return `${prefix}-${project.nextId++}`;
}

export function markerOwnerKey(owner: { sequenceId: string } | { clipId: string }): string {
  return "sequenceId" in owner ? `sequence:${owner.sequenceId}` : `clip:${owner.clipId}`;
}

export interface SequenceRecordSpec {
  name: string;
  ticksPerFrame: bigint;
  width: number;
  height: number;
  videoTracks: number;
}

/** Adds a sequence and its project item (a clip with no media) under `parentId`. Returns the sequence id. */
export function addSequenceRecord(project: FakeProjectState, parentId: string, spec: SequenceRecordSpec): string {
  const parent = project.items[parentId];
  if (!parent || parent.kind === "clip") throw new Error(`No bin ${parentId} for the sequence.`);
  const sequenceId = allocateId(project, "sequence");
  const itemId = allocateId(project, "item");
  project.items[itemId] = {
    id: itemId,
    kind: "clip",
    name: spec.name,
    parentId,
    childIds: [],
    clip: { mediaPath: "", durationTicks: 0n, inTicks: null, outTicks: null, properties: {}, sequenceId },
  };
  parent.childIds.push(itemId);
  project.sequences[sequenceId] = {
    guid: sequenceId,
    name: spec.name,
    ticksPerFrame: spec.ticksPerFrame,
    width: spec.width,
    height: spec.height,
    tracks: Array.from({ length: spec.videoTracks }, () => []),
    playheadTicks: 0n,
    itemId,
    selection: [],
  };
  project.sequenceOrder.push(sequenceId);
  return sequenceId;
}

/**
 * Removes an item and everything under it from the project, as Premiere does when a bin or clip
 * is cleared: a sequence item takes its sequence with it, a clip's track items leave every
 * sequence, and markers, selection and insertion bin forget what is gone.
 */
export function removeItemTree(project: FakeProjectState, itemId: string): void {
  const item = project.items[itemId];
  if (!item) throw new Error("the project item no longer exists.");
  if (item.kind === "root") throw new Error("the root bin cannot be removed.");
  const parent = item.parentId === null ? undefined : project.items[item.parentId];
  if (parent) parent.childIds = parent.childIds.filter((id) => id !== itemId);
  const forget = (id: string) => {
    const record = project.items[id];
    if (!record) return;
    for (const child of record.childIds) forget(child);
    delete project.items[id];
    delete project.markers[`clip:${id}`];
    const sequenceId = record.clip?.sequenceId;
    if (sequenceId !== undefined) {
      delete project.sequences[sequenceId];
      delete project.markers[`sequence:${sequenceId}`];
      project.sequenceOrder = project.sequenceOrder.filter((s) => s !== sequenceId);
      if (project.activeSequenceId === sequenceId) project.activeSequenceId = null;
    } else if (record.clip) {
      for (const sequence of Object.values(project.sequences)) {
        sequence.tracks = sequence.tracks.map((track) => track.filter((trackItem) => trackItem.clipId !== id));
      }
    }
  };
  forget(itemId);
  project.selection = project.selection.filter((id) => project.items[id]);
  if (project.insertionBinId !== null && !project.items[project.insertionBinId]) project.insertionBinId = null;
}
