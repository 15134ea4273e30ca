/**
 * The seam between Shotbin and Premiere, in Shotbin's words. The panel only ever talks to this
 * interface; `createPremiereHost` implements it over the `premierepro` module and the fake in
 * `src/host/fake` backs tests and the browser harness.
 *
 * Every method rejects only with a `HostError` (kind, message for the editor, failing Premiere
 * call). Nothing else escapes.
 */
import type { HostError } from "../core/errors";
import type { BinRef, ClipRef, FrameRateInfo, PlacedClip, TimelinePoint, TimelineSpan } from "./hostTypes";
import type { TimelineHost } from "./timelineHost";

export type { BinRef, ClipRef, FrameRateInfo, PlacedClip, TimelinePoint, TimelineSpan } from "./hostTypes";
export type * from "./timelineHost";

export interface ProjectInfo {
  id: string;
  name: string;
  path: string;
}

/** How the target bin was found: which of Premiere's hints was available. */
export type TargetBinSource = "selection" | "insertion-bin" | "root";

export interface TargetBin {
  bin: BinRef;
  source: TargetBinSource;
}

export interface SequenceInfo {
  id: string;
  name: string;
  frameRate: FrameRateInfo;
  frameSize: { width: number; height: number };
  videoTrackCount: number;
  /** First frame after the last item on any track. */
  endFrame: number;
  playheadFrame: number;
}

export interface HostContext {
  project: ProjectInfo | null;
  /** Where new shots go: the selected bin, else Premiere's insertion bin, else the root. Null without a project. */
  targetBin: TargetBin | null;
  sequence: SequenceInfo | null;
}

/**
 * How an imported clip was found after `importFiles` (which answers only true or false):
 * - `new-item`: a project item that was not in the bin before, with the file's media path;
 * - `existing-item`: an item already in the bin with that media path (Premiere reused it);
 * - `elsewhere-in-project`: an item with that media path outside the bin (Premiere ignored the bin).
 */
export type ImportDiscovery = "new-item" | "existing-item" | "elsewhere-in-project";

export type ImportOutcome =
  | { file: string; ok: true; clip: ClipRef; discoveredBy: ImportDiscovery }
  | { file: string; ok: false; error: HostError };

/** What Shotbin writes into its Project-panel columns. Only the fields given are written. */
export interface ShotMetadata {
  prompt?: string;
  model?: string;
  provider?: string;
  seed?: string | number;
  job?: string;
  /** US dollars. */
  costUsd?: number;
  shot?: string;
  take?: number;
  /** The concept frame a clip was animated from, or a variant refined from (its file name). */
  sourceStill?: string;
  /** The Shotbin job that bought that still. */
  sourceStillJob?: string;
  /** Take QA's verdict, score and defect kinds ("FAIL 32 · flicker"). */
  qa?: string;
}

export type ShotColumnKey = "prompt" | "model" | "provider" | "seed" | "job" | "cost" | "shot" | "take" | "sourceStill" | "sourceStillJob" | "qa";

/** What Premiere holds in Shotbin's columns for a clip, as the Project panel shows it. */
export type ShotColumnValues = Partial<Record<ShotColumnKey, string>>;

export type MarkerColour = "green" | "red" | "magenta" | "orange" | "yellow" | "blue" | "cyan";

export interface SequenceMarkerSpec {
  name: string;
  comments?: string;
  colour?: MarkerColour;
  at: TimelinePoint;
  duration?: TimelineSpan;
  /** Defaults to the active sequence. */
  sequenceId?: string;
}

export interface ClipMarkerSpec {
  name: string;
  comments?: string;
  colour?: MarkerColour;
  /** Seconds from the start of the clip's media. */
  atSeconds: number;
  durationSeconds?: number;
}

export type MarkerOwner = { kind: "sequence"; sequenceId: string } | { kind: "clip"; clipId: string };

export interface MarkerRef {
  owner: MarkerOwner;
  /** Premiere's marker guid (26.3+), or a key made of start and name on older versions. */
  id: string;
  name: string;
  startTicks: string;
}

export interface MarkerChanges {
  name?: string;
  comments?: string;
  colour?: MarkerColour;
  /** Frames apply to sequence markers only. */
  duration?: TimelineSpan;
}

export interface Placement {
  clip: ClipRef;
  at: TimelinePoint;
  /** 0-based video track index (0 is V1). An index at or beyond the track count adds tracks above the last one. */
  track: number;
  duration: TimelineSpan;
  /** 0-based audio track index for the clip's audio; defaults to `track`. */
  audioTrack?: number;
  /** Where in the clip's media the placed part starts, in sequence frames (an In set in the Source Monitor); default 0. */
  sourceIn?: TimelineSpan;
}

export interface PlacementReport {
  sequenceId: string;
  undoLabel: string;
  placed: PlacedClip[];
}

export type ContextChangeReason =
  | "project-opened"
  | "project-closed"
  | "project-activated"
  | "project-selection-changed"
  | "sequence-activated"
  | "sequence-closed"
  /** The Timeline selection changed (`SequenceEvent.SELECTION_CHANGED`; whether Premiere sends it globally is unconfirmed, so the panel also polls). */
  | "timeline-selection-changed";

export interface ContextChange {
  reason: ContextChangeReason;
}

export interface PremiereHost extends TimelineHost {
  /** The open project, the target bin and the active sequence. Never rejects for "nothing open". */
  getContext(): Promise<HostContext>;

  /**
   * Finds or creates nested bins (`["Shotbin", "Day 1"]`) under `parent`, by default the target
   * bin. Returns the deepest bin. Works when Premiere renames a new bin on a name collision.
   */
  ensureBin(path: string[], parent?: BinRef): Promise<BinRef>;

  /** Imports files into `bin` in one call and finds each new clip. One outcome per file, in order. */
  importClips(files: string[], bin: BinRef): Promise<ImportOutcome[]>;

  /** Registers Shotbin's columns once, writes `fields`, then reads every Shotbin column back. */
  setClipMetadata(clip: ClipRef, fields: ShotMetadata): Promise<ShotColumnValues>;

  /** Reads Shotbin's columns of a clip. */
  readClipMetadata(clip: ClipRef): Promise<ShotColumnValues>;

  addClipMarker(clip: ClipRef, marker: ClipMarkerSpec): Promise<MarkerRef>;
  addSequenceMarker(marker: SequenceMarkerSpec): Promise<MarkerRef>;
  /** Renames, recolours or re-comments a marker (a pending shot that finished, for example). */
  updateMarker(marker: MarkerRef, changes: MarkerChanges): Promise<MarkerRef>;
  removeMarker(marker: MarkerRef): Promise<void>;

  /**
   * Overwrites each clip at its frame-exact time, trimmed to its duration, in one undoable
   * transaction ("Shotbin: place 12 shots"). Placing a new clip at an occupied slot replaces what
   * lies under it, which is how "replace with take N" works. Targets `sequenceId` when given,
   * else the active sequence; refuses when there is neither.
   */
  placeClips(placements: Placement[], options?: { sequenceId?: string }): Promise<PlacementReport>;

  /** Calls `listener` when the project, the active sequence or the Project-panel selection changes. Returns an unsubscribe. */
  onContextChanged(listener: (change: ContextChange) => void): () => void;
}
