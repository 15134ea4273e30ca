/**
 * What an editor would see, as plain JSON-safe data: the bin tree with each clip's columns and
 * markers, and each sequence's tracks laid out in frames. Tests assert on it and the browser
 * harness renders it.
 */
import { fakeConstants } from "./fakeConstants";
import { projectColumns } from "./fakeProjectMetadata";
import type { FakeMarkerRecord, FakeProjectState } from "./fakeState";
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
  | { kind: "root" | "bin"; id: string; name: string; children: SnapshotNode[] }
  | {
      kind: "clip";
      id: string;
      name: string;
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
}

const seconds = (ticks: bigint) => Number(ticks) / Number(TICKS_PER_SECOND);

function colourName(index: number): string {
  const entry = Object.entries(fakeConstants.MarkerColor).find(([, value]) => value === index);
  return entry ? entry[0].toLowerCase().replace("magneta", "magenta") : `index ${index}`;
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
    return { kind: item.kind === "root" ? "root" : "bin", id, name: item.name, children: item.childIds.map((c) => node(world, project, c)) };
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
  if (!project) return { project: null, root: null, selection: [], insertionBinId: null, sequences: [], transactions };
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
          })),
        })),
        markers: markers(project.markers[`sequence:${id}`]),
      };
    }),
    transactions,
  };
}
