/**
 * What an editor would see, as plain JSON-safe data: the bin tree with each clip's columns and
 * markers, and each sequence's tracks laid out in frames. Tests assert on it and the browser
 * harness renders it.
 */
import { fakeConstants } from "./fakeConstants";
import { itemColourLabel } from "./fakeProjectItems";
import { projectColumns } from "./fakeProjectMetadata";
import type { FakeItemRecord, FakeMarkerRecord, FakeProjectState } from "./fakeState";
import { TICKS_PER_SECOND } from "./fakeTime";
import type { CommittedTransaction, FakeWorld } from "./fakeWorld";

export interface SnapshotMarker {
  name: string;
  comments: string;
  colour: string;
  type: string;
  startTicks: string;
  durationTicks: string;
}

export type SnapshotNode =
  | { kind: "root" | "bin"; id: string; name: string; colourLabel: string; children: SnapshotNode[] }
  | {
      kind: "clip";
      id: string;
      name: string;
      /** Premiere's label colour name in lower case (`iris`, `mango`, ...). */
      colourLabel: string;
      mediaPath: string;
      isSequence: boolean;
      durationSeconds: number;
      inSeconds: number | null;
      outSeconds: number | null;
      /** Custom Project-panel columns by label. */
      columns: Record<string, string>;
      markers: SnapshotMarker[];
    };

export interface SnapshotTrackItem {
  id: string;
  clipId: string;
  name: string;
  /** Frames at the sequence rate; fractional when an item is off the frame grid. */
  startFrame: number;
  endFrame: number;
  inFrame: number;
  startTicks: string;
  endTicks: string;
  disabled: boolean;
  selected: boolean;
  /** The label of the item's project item (track items have no label call of their own in the API). */
  colourLabel: string;
}

export interface SnapshotSequence {
  id: string;
  name: string;
  fps: number;
  ticksPerFrame: string;
  width: number;
  height: number;
  active: boolean;
  playheadFrame: number;
  /** The In and Out marks in frames (Out exclusive), null when not set. */
  inFrame: number | null;
  outFrame: number | null;
  tracks: { name: string; items: SnapshotTrackItem[] }[];
  markers: SnapshotMarker[];
}

export interface FakeSnapshot {
  project: { name: string; path: string } | null;
  root: SnapshotNode | null;
  selection: string[];
  insertionBinId: string | null;
  sequences: SnapshotSequence[];
  transactions: CommittedTransaction[];
  /** What the Source Monitor shows: a project item (by id) or a file opened by path; null when empty. */
  sourceMonitor: { itemId: string | null; mediaPath: string; positionSeconds: number } | null;
}

const seconds = (ticks: bigint) => Number(ticks) / Number(TICKS_PER_SECOND);

function colourName(index: number): string {
  const entry = Object.entries(fakeConstants.MarkerColor).find(([, value]) => value === index);
  return entry ? entry[0].toLowerCase().replace("magneta", "magenta") : `index ${index}`;
}

/** The lower-case name of a `Constants.ProjectItemColorLabel` value. */
export function colourLabelName(index: number): string {
  const entry = Object.entries(fakeConstants.ProjectItemColorLabel).find(([, value]) => value === index);
  return entry ? entry[0].toLowerCase() : `index ${index}`;
}

function labelOf(item: FakeItemRecord): string {
  return colourLabelName(itemColourLabel(item));
}

function markers(list: FakeMarkerRecord[] | undefined): SnapshotMarker[] {
  return (list ?? []).map((m) => ({
    name: m.name,
    comments: m.comments,
    colour: colourName(m.colorIndex),
    type: m.type,
    startTicks: m.startTicks.toString(),
    durationTicks: m.durationTicks.toString(),
  }));
}

function node(world: FakeWorld, project: FakeProjectState, id: string): SnapshotNode {
  const item = project.items[id];
  if (!item) throw new Error(`Snapshot: missing item ${id}`);
  if (item.kind !== "clip" || !item.clip) {
    return { kind: item.kind === "root" ? "root" : "bin", id, name: item.name, colourLabel: labelOf(item), children: item.childIds.map((c) => node(world, project, c)) };
  }
  const clip = item.clip;
  const columns: Record<string, string> = {};
  for (const column of projectColumns(world, item)) {
    if (world.schema[column.ColumnID]) columns[column.ColumnName] = column.ColumnValue;
  }
  return {
    kind: "clip",
    id,
    name: item.name,
    colourLabel: labelOf(item),
    mediaPath: clip.mediaPath,
    isSequence: clip.sequenceId !== undefined,
    durationSeconds: seconds(clip.durationTicks),
    inSeconds: clip.inTicks === null ? null : seconds(clip.inTicks),
    outSeconds: clip.outTicks === null ? null : seconds(clip.outTicks),
    columns,
    markers: markers(project.markers[`clip:${id}`]),
  };
}

export function snapshotOf(world: FakeWorld): FakeSnapshot {
  const transactions = world.history.map(({ label, actionCount }) => ({ label, actionCount }));
  const project = world.project;
  const shown = world.sourceClips[world.sourceClips.length - 1];
  const sourceMonitor = shown ? { itemId: shown.itemId, mediaPath: shown.mediaPath, positionSeconds: seconds(shown.positionTicks) } : null;
  if (!project) return { project: null, root: null, selection: [], insertionBinId: null, sequences: [], transactions, sourceMonitor };
  return {
    project: { name: project.name, path: project.path },
    root: node(world, project, project.rootId),
    selection: [...project.selection],
    insertionBinId: project.insertionBinId,
    sequences: project.sequenceOrder.map((id) => {
      const sequence = project.sequences[id];
      if (!sequence) throw new Error(`Snapshot: missing sequence ${id}`);
      const perFrame = Number(sequence.ticksPerFrame);
      return {
        id,
        name: sequence.name,
        fps: Number(TICKS_PER_SECOND) / perFrame,
        ticksPerFrame: sequence.ticksPerFrame.toString(),
        width: sequence.width,
        height: sequence.height,
        active: project.activeSequenceId === id,
        playheadFrame: Number(sequence.playheadTicks) / perFrame,
        inFrame: sequence.inPointTicks == null ? null : Number(sequence.inPointTicks) / perFrame,
        outFrame: sequence.outPointTicks == null ? null : Number(sequence.outPointTicks) / perFrame,
        tracks: sequence.tracks.map((items, index) => ({
          name: `V${index + 1}`,
          items: items.map((item) => ({
            id: item.id,
            clipId: item.clipId,
            name: item.name,
            startFrame: Number(item.startTicks) / perFrame,
            endFrame: Number(item.endTicks) / perFrame,
            inFrame: Number(item.inTicks) / perFrame,
            startTicks: item.startTicks.toString(),
            endTicks: item.endTicks.toString(),
            disabled: item.disabled === true,
            selected: sequence.selection.includes(item.id),
            colourLabel: project.items[item.clipId] ? labelOf(project.items[item.clipId] as FakeItemRecord) : "none",
          })),
        })),
        markers: markers(project.markers[`sequence:${id}`]),
      };
    }),
    transactions,
    sourceMonitor,
  };
}
