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
}

export interface FakeTrackItemRecord {
  id: string;
  clipId: string;
  name: string;
  startTicks: bigint;
  endTicks: bigint;
  /** Where in the clip's media this track item starts. */
  inTicks: bigint;
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
