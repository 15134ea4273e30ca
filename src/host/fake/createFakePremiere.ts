/**
 * An in-memory `premierepro` module strict enough to catch the traps that break naive code in
 * real Premiere, plus the controls a test or the browser harness uses to play the editor: open a
 * project, add bins and sequences, select a bin, move the playhead, undo. Runs in a browser
 * bundle: no Node APIs; files come from an injected `FakeMediaStore`.
 */
import type { premierepro } from "@adobe/premierepro";
import { fakeConstants, fakeMarkerTypes } from "./fakeConstants";
import { eventManagerStatic } from "./fakeEventManager";
import { exporterStatic } from "./fakeExporter";
import type { FakeFrameExport, FakeFrameRenderer } from "./fakeFrameRenderer";
import type { FakeMediaStore } from "./fakeMediaStore";
import { markersStatic } from "./fakeMarkers";
import { projectStatics, projectView } from "./fakeProject";
import { itemStatics } from "./fakeProjectItems";
import { metadataStatic } from "./fakeProjectMetadata";
import { type FakeSnapshot, snapshotOf } from "./fakeSnapshot";
import { addSequenceRecord, allocateId, newProjectState, type FakeProjectState } from "./fakeState";
import { fakeFrameRateStatic, fakeTickTimeStatic, TICKS_PER_SECOND, ticksPerFrameFor } from "./fakeTime";
import { sequenceEditorStatic } from "./fakeSequenceEditor";
import { sourceMonitorStatic } from "./fakeSourceMonitor";
import { overwriteTrack, trackItemSelectionStatic } from "./fakeTimeline";
import { type CommittedTransaction, type FakeBehaviour, FakeWorld } from "./fakeWorld";
import type { RuleViolation } from "./lockDiscipline";
import { asPremiereModule, type PremiereModuleShape } from "./officialShapes";

export interface FakeSequenceSpec {
  name: string;
  fps: number;
  width?: number;
  height?: number;
  videoTracks?: number;
  /** Make it the active sequence (default true). */
  activate?: boolean;
}

export interface FakePremiere {
  /** Pass this where the panel passes the real `premierepro` module. */
  readonly ppro: premierepro;
  /** Knobs that make Premiere awkward in the ways real Premiere may be. */
  readonly behaviour: FakeBehaviour;
  /** Every broken Premiere rule so far (the call also threw). */
  readonly violations: readonly RuleViolation[];
  /** Exceptions that escaped event listeners into Premiere. */
  readonly listenerErrors: readonly unknown[];
  /** Committed undo steps, oldest first. */
  readonly transactions: readonly CommittedTransaction[];
  readonly lastTransactionFailure: string | undefined;

  openProject(project?: { name?: string; path?: string }): { rootId: string };
  closeProject(): void;
  rootId(): string;
  addBin(name: string, parentId?: string): string;
  /** A clip already in the project (imported earlier). */
  addClip(mediaPath: string, durationSeconds: number, parentId?: string): string;
  addSequence(spec: FakeSequenceSpec): string;
  setActiveSequence(sequenceId: string | null): void;
  closeSequence(sequenceId: string): void;
  setPlayhead(sequenceId: string, frame: number): void;
  /** Selects items in the Project panel. */
  select(itemIds: string[]): void;
  /**
   * Lays a clip of the project on a video track, as an editor drags one in (an overwrite, not an
   * undoable Shotbin edit): `durationFrames` from `inFrame` of its media (default: to its end).
   * Returns the track item's id.
   */
  placeOnTimeline(sequenceId: string, spec: { clipId: string; track: number; startFrame: number; durationFrames?: number; inFrame?: number }): string;
  /** Selects track items in the Timeline, as clicks do (`add`: shift-click keeps what was selected; clicking a selected item with `add` deselects it). */
  selectTimelineItems(sequenceId: string, trackItemIds: string[], options?: { add?: boolean }): void;
  /** Sets or clears (null) the sequence's In and Out marks, in frames; Out is exclusive (the first frame after the range). */
  setSequenceInOut(sequenceId: string, inFrame: number | null, outFrame: number | null): void;
  /** The editor's I and O in the Source Monitor: sets the in/out of the project item shown there. */
  markSourceInOut(inTicks: bigint, outTicks: bigint): void;
  /** Every exportSequenceFrame call so far, oldest first. */
  readonly frameExports: readonly FakeFrameExport[];
  setInsertionBin(binId: string | null): void;
  /** Edit > Undo. Returns the undone step's label. */
  undo(): string | undefined;
  snapshot(): FakeSnapshot;
}

let projectCounter = 0;

export interface FakePremiereOptions {
  /** The files Premiere can import (and whose XMP it reads). */
  media: FakeMediaStore;
  /** What `Application.version` answers (default "26.3.0"). */
  version?: string;
  /** Draws the frames `Exporter.exportSequenceFrame` writes; without one it answers false. */
  frames?: FakeFrameRenderer;
}

export function createFakePremiere(options: FakePremiereOptions): FakePremiere {
  const world = new FakeWorld(options.media);
  world.views.project = () => projectView(world);
  const items = itemStatics(world);
  const projects = projectStatics(world);
  const module: PremiereModuleShape = {
    Project: projects.Project,
    ProjectUtils: projects.ProjectUtils,
    Guid: projects.Guid,
    ProjectItem: items.ProjectItem,
    FolderItem: items.FolderItem,
    ClipProjectItem: items.ClipProjectItem,
    Metadata: metadataStatic(world),
    Markers: markersStatic(world),
    Marker: fakeMarkerTypes,
    SequenceEditor: sequenceEditorStatic(world),
    TrackItemSelection: trackItemSelectionStatic(world),
    Exporter: exporterStatic(world, options.frames),
    SourceMonitor: sourceMonitorStatic(world),
    Application: { version: options.version ?? "26.3.0" },
    TickTime: fakeTickTimeStatic,
    FrameRate: fakeFrameRateStatic,
    EventManager: eventManagerStatic(world),
    Constants: fakeConstants,
  };

  const project = (): FakeProjectState => world.requireProject("fake control");
  const existing = (id: string) => world.item(id, "fake control");

  return {
    ppro: asPremiereModule(module),
    behaviour: world.behaviour,
    violations: world.discipline.violations,
    listenerErrors: world.listenerErrors,
    get transactions() {
      return world.history.map(({ label, actionCount }) => ({ label, actionCount }));
    },
    get lastTransactionFailure() {
      return world.lastTransactionFailure;
    },
    get frameExports() {
      return world.frameExports;
    },

    openProject(spec = {}) {
      const name = spec.name ?? "Untitled";
      const state = newProjectState(`project-${++projectCounter}`, name, spec.path ?? `/Projects/${name}.prproj`);
      world.project = state;
      world.history.length = 0;
      const event = { name: state.name, path: state.path, id: state.guid };
      world.emit(fakeConstants.ProjectEvent.OPENED, event);
      world.emit(fakeConstants.ProjectEvent.ACTIVATED, event);
      return { rootId: state.rootId };
    },

    closeProject() {
      const state = project();
      world.project = null;
      world.history.length = 0;
      world.emit(fakeConstants.ProjectEvent.CLOSED, { name: state.name, path: state.path, id: state.guid });
    },

    rootId: () => project().rootId,

    addBin(name, parentId) {
      const state = project();
      const parent = existing(parentId ?? state.rootId);
      const id = allocateId(state, "item");
      state.items[id] = { id, kind: "bin", name, parentId: parent.id, childIds: [] };
      parent.childIds.push(id);
      return id;
    },

    addClip(mediaPath, durationSeconds, parentId) {
      const state = project();
      const parent = existing(parentId ?? state.rootId);
      const id = allocateId(state, "item");
      state.items[id] = {
        id,
        kind: "clip",
        name: mediaPath.split(/[\\/]/).pop() ?? mediaPath,
        parentId: parent.id,
        childIds: [],
        clip: {
          mediaPath,
          durationTicks: BigInt(Math.round(durationSeconds * Number(TICKS_PER_SECOND))),
          inTicks: null,
          outTicks: null,
          properties: {},
        },
      };
      parent.childIds.push(id);
      return id;
    },

    addSequence(spec) {
      const state = project();
      const sequenceId = addSequenceRecord(state, state.rootId, {
        name: spec.name,
        ticksPerFrame: ticksPerFrameFor(spec.fps),
        width: spec.width ?? 1920,
        height: spec.height ?? 1080,
        videoTracks: spec.videoTracks ?? 3,
      });
      if (spec.activate ?? true) this.setActiveSequence(sequenceId);
      return sequenceId;
    },

    setActiveSequence(sequenceId) {
      const state = project();
      if (sequenceId !== null && !state.sequences[sequenceId]) throw new Error(`No sequence ${sequenceId}`);
      state.activeSequenceId = sequenceId;
      if (sequenceId !== null) {
        world.emit(fakeConstants.SequenceEvent.ACTIVATED, { id: sequenceId, name: state.sequences[sequenceId]?.name });
      }
    },

    closeSequence(sequenceId) {
      const state = project();
      const sequence = state.sequences[sequenceId];
      if (!sequence) throw new Error(`No sequence ${sequenceId}`);
      if (state.activeSequenceId === sequenceId) state.activeSequenceId = null;
      world.emit(fakeConstants.SequenceEvent.CLOSED, { id: sequenceId, name: sequence.name });
    },

    setPlayhead(sequenceId, frame) {
      const sequence = project().sequences[sequenceId];
      if (!sequence) throw new Error(`No sequence ${sequenceId}`);
      sequence.playheadTicks = BigInt(frame) * sequence.ticksPerFrame;
    },

    select(itemIds) {
      const state = project();
      for (const id of itemIds) existing(id);
      state.selection = [...itemIds];
      world.emit(fakeConstants.ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED, { projectItems: itemIds.length });
    },

    placeOnTimeline(sequenceId, spec) {
      const state = project();
      const sequence = state.sequences[sequenceId];
      if (!sequence) throw new Error(`No sequence ${sequenceId}`);
      const clip = existing(spec.clipId).clip;
      if (!clip || clip.sequenceId !== undefined) throw new Error(`${spec.clipId} is not a media clip.`);
      if (!Number.isInteger(spec.track) || spec.track < 0 || spec.track > sequence.tracks.length) throw new Error(`No video track ${spec.track + 1}.`);
      if (spec.track === sequence.tracks.length) sequence.tracks.push([]);
      const perFrame = sequence.ticksPerFrame;
      const inTicks = BigInt(spec.inFrame ?? 0) * perFrame;
      const lengthTicks = spec.durationFrames === undefined ? clip.durationTicks - inTicks : BigInt(spec.durationFrames) * perFrame;
      if (lengthTicks <= 0n || inTicks + lengthTicks > clip.durationTicks) throw new Error(`The clip's media is too short for that placement.`);
      const startTicks = BigInt(spec.startFrame) * perFrame;
      const id = allocateId(state, "trackitem");
      const incoming = { id, clipId: spec.clipId, name: existing(spec.clipId).name, startTicks, endTicks: startTicks + lengthTicks, inTicks };
      sequence.tracks[spec.track] = overwriteTrack(sequence.tracks[spec.track] ?? [], incoming, () => allocateId(state, "trackitem"));
      return id;
    },

    selectTimelineItems(sequenceId, trackItemIds, selectOptions = {}) {
      const sequence = project().sequences[sequenceId];
      if (!sequence) throw new Error(`No sequence ${sequenceId}`);
      const known = new Set(sequence.tracks.flat().map((item) => item.id));
      for (const id of trackItemIds) if (!known.has(id)) throw new Error(`No track item ${id} in ${sequence.name}.`);
      let selection = selectOptions.add ? [...sequence.selection] : [];
      for (const id of trackItemIds) selection = selectOptions.add && selection.includes(id) ? selection.filter((s) => s !== id) : [...selection.filter((s) => s !== id), id];
      sequence.selection = selection;
      world.emit(fakeConstants.SequenceEvent.SELECTION_CHANGED, { id: sequenceId, name: sequence.name });
    },

    setSequenceInOut(sequenceId, inFrame, outFrame) {
      const sequence = project().sequences[sequenceId];
      if (!sequence) throw new Error(`No sequence ${sequenceId}`);
      if (inFrame !== null && outFrame !== null && outFrame <= inFrame) throw new Error("The Out mark must come after the In mark.");
      sequence.inPointTicks = inFrame === null ? null : BigInt(inFrame) * sequence.ticksPerFrame;
      sequence.outPointTicks = outFrame === null ? null : BigInt(outFrame) * sequence.ticksPerFrame;
    },

    markSourceInOut(inTicks, outTicks) {
      const shown = world.sourceClips[world.sourceClips.length - 1];
      if (!shown) throw new Error("Nothing is open in the Source Monitor.");
      if (shown.itemId === null) throw new Error("The Source Monitor shows a file that is not in the project; its marks are not the project's.");
      const clip = existing(shown.itemId).clip;
      if (!clip) throw new Error("The Source Monitor's item is not a clip.");
      if (inTicks < 0n || outTicks <= inTicks || outTicks > clip.durationTicks) throw new Error("The marks must lie inside the clip, In before Out.");
      clip.inTicks = inTicks;
      clip.outTicks = outTicks;
    },

    setInsertionBin(binId) {
      const state = project();
      if (binId !== null && existing(binId).kind === "clip") throw new Error("The insertion bin must be a bin.");
      state.insertionBinId = binId;
    },

    undo: () => world.undo(),
    snapshot: () => snapshotOf(world),
  };
}
