/**
 * The half of the PremiereHost that reads the editor's timeline and edits it for the timeline
 * actions (Extend, Bridge, Fill, Replace, markers, Preview): the selection, In/Out, playhead,
 * tracks and markers as one exact snapshot; a frame of the sequence written to a file; the Source
 * Monitor; colour labels; clip in/out; and placements that respect what is already on a track.
 *
 * Times are exact: ticks as Premiere gives them (strings of digits, 254016000000 per second) next
 * to the whole frames they fall in at the sequence's own rate. A span's end is exclusive, so the
 * last frame of a clip is the frame at (end − 1 frame). Every method rejects only with a HostError.
 */
import type { ClipRef, FrameRateInfo, PlacedClip, TimelinePoint } from "./hostTypes";

/** A moment on a sequence: Premiere's ticks and the frame they fall in (floor). */
export interface TimelineTime {
  ticks: string;
  frame: number;
}

/** One clip on a track of the sequence, as Premiere reports it. */
export interface TimelineTrackItem {
  /** 0-based index of its track among the tracks of its kind (V1 is video track 0). */
  track: number;
  mediaType: "video" | "audio";
  name: string;
  /** Its project item; null when Premiere gives none that is a clip. */
  clip: ClipRef | null;
  startTicks: string;
  /** Exclusive: the first tick after the item. */
  endTicks: string;
  /** Where in its media the item starts and ends (ticks from the media's start). */
  inTicks: string;
  outTicks: string;
  /** `startTicks` in sequence frames (floor) and `endTicks` (ceil): the frames the item touches. */
  startFrame: number;
  endFrame: number;
  /** The media frame (at the sequence's rate) the item starts on. */
  inFrame: number;
  disabled: boolean;
  /** The item starts or ends between two frames of the sequence. */
  offGrid: boolean;
}

/** Identifies a track item again later: Premiere's wrappers are fresh objects on every call. */
export interface TrackItemRef {
  sequenceId: string;
  track: number;
  startTicks: string;
  clipId: string;
}

export interface SequenceMarkerInfo {
  /** The marker's guid (26.3+), or its start and name on older versions. */
  id: string;
  name: string;
  comments: string;
  /** Premiere's marker type ("Comment", "Chapter", ...). */
  type: string;
  startTicks: string;
  startFrame: number;
  durationTicks: string;
  durationFrames: number;
}

/** The active (or given) sequence as the timeline actions see it, read in one go. */
export interface TimelineState {
  sequenceId: string;
  sequenceName: string;
  frameRate: FrameRateInfo;
  frameSize: { width: number; height: number };
  playhead: TimelineTime;
  /**
   * The range the editor marked with In and Out (Out exclusive: the first frame after the range),
   * or null when no range is marked (Premiere answers the whole sequence, or an empty range).
   */
  inOut: { in: TimelineTime; out: TimelineTime } | null;
  /** The marks exactly as Premiere answered them, for diagnostics. */
  marks: { inTicks: string; outTicks: string };
  /** The first frame after the last item on any track. */
  endFrame: number;
  /** Video tracks, V1 first, each with its items sorted by start. */
  tracks: { index: number; items: TimelineTrackItem[] }[];
  /** The Timeline selection (video and linked audio items), in the order Premiere lists them. */
  selection: TimelineTrackItem[];
  /** Sequence markers, sorted by start. */
  markers: SequenceMarkerInfo[];
}

/** An empty span on a track, in frames; `endFrame` null when nothing follows (open to the end). */
export interface TrackGap {
  track: number;
  startFrame: number;
  endFrame: number | null;
  /** The items on either side (null at the sequence start or after the last item). */
  before: TimelineTrackItem | null;
  after: TimelineTrackItem | null;
}

export interface FrameExportRequest {
  /** The tick to export (e.g. a clip's last frame: its end − 1 frame), or a frame or time. */
  at: { ticks: string } | TimelinePoint;
  /** The file to write, with its extension (png). Premiere may write it under another name; see `ExportedFrame.foundAs`. */
  outputPath: string;
  /** The image size; both default to the sequence's frame size (give both or neither). */
  width?: number;
  height?: number;
  /** Default: the active sequence. */
  sequenceId?: string;
}

export interface ExportedFrame {
  /** Where the file is now: the path asked for, unless Premiere wrote it elsewhere and it could not be moved. */
  path: string;
  /**
   * Where Premiere put it: at the path asked (`as-asked`), or with its extension doubled
   * (`double-extension`, then moved to the path asked when the host can rename files).
   */
  foundAs: "as-asked" | "double-extension";
  movedToAskedPath: boolean;
  sequenceId: string;
  ticks: string;
  frame: number;
  width: number;
  height: number;
}

/** What the Source Monitor shows. */
export interface SourceMonitorView {
  /** The project item shown; null when nothing is open or the file was opened by path. */
  clip: ClipRef | null;
  /**
   * The In/Out the editor set on that clip (in the Source Monitor or the Project panel), in its
   * media's ticks, Out exclusive; null when the whole clip is in (no marks).
   */
  inOut: { inTicks: string; outTicks: string; inSeconds: number; outSeconds: number } | null;
  positionTicks: string;
}

/** Premiere's label colours (`Constants.ProjectItemColorLabel`). */
export const COLOUR_LABELS = [
  "violet",
  "iris",
  "lavender",
  "cerulean",
  "forest",
  "rose",
  "mango",
  "purple",
  "blue",
  "teal",
  "magenta",
  "tan",
  "green",
  "brown",
  "yellow",
] as const;
export type ColourLabel = (typeof COLOUR_LABELS)[number];

/** A clip's in/out in its own media: ticks (exact) or seconds. */
export type MediaTime = { ticks: string } | { seconds: number };

export interface ClipInOut {
  inTicks: string;
  outTicks: string;
  durationTicks: string;
  /** False when the in/out cover the whole media (none set). */
  marked: boolean;
}

/** What to do when the span a clip should go to is taken on its track. */
export type WhenTaken = "track-above" | "overwrite" | "refuse";

export interface ClipPlacementRequest {
  clip: ClipRef;
  at: TimelinePoint;
  /** The track asked for (0 is V1). */
  track: number;
  /** The length on the timeline, in frames at the sequence rate. */
  durationFrames: number;
  /** Where in the clip's media to start, in sequence frames (a Source Monitor In); default 0. */
  sourceInFrame?: number;
  /** Default `track-above`: the lowest track above whose span is free, else a new track. */
  whenTaken?: WhenTaken;
  sequenceId?: string;
}

export interface ClipPlacementResult {
  placed: PlacedClip;
  requestedTrack: number;
  /** The track used; above the one asked when its span was taken. */
  track: number;
  /** Why the clip did not go on the track asked, when it did not. */
  movedBecause?: string;
  undoLabel: string;
}

export interface ReplaceRequest {
  /** The item to replace (from `readTimeline`). */
  original: TrackItemRef;
  /** The new clip: it takes the original's place and length. */
  clip: ClipRef;
  /** Where in the new clip's media to start, in sequence frames (a Source Monitor In); default 0. */
  sourceInFrame?: number;
}

export interface ReplaceResult {
  placed: PlacedClip;
  /** Where the original is kept: a disabled copy, same time, on a track above. */
  kept: { track: number; startFrame: number; endFrame: number; disabled: boolean };
  undoLabel: string;
}

export interface TimelineHost {
  /** The selection, In/Out, playhead, tracks and markers of the active (or given) sequence. Refuses with `no-sequence`. */
  readTimeline(options?: { sequenceId?: string }): Promise<TimelineState>;

  /** The empty spans on a video track (between items, and after the last one). */
  readTrackGaps(track: number, options?: { sequenceId?: string }): Promise<TrackGap[]>;

  /** Writes what the sequence shows at a tick into an image file (Exporter.exportSequenceFrame) and finds the file. */
  exportSequenceFrame(request: FrameExportRequest): Promise<ExportedFrame>;

  /** Opens a project clip (or a file by path) in the Source Monitor and says what it shows. */
  openInSourceMonitor(target: { clip: ClipRef } | { file: string }): Promise<SourceMonitorView>;
  /** What the Source Monitor shows now, with the In/Out the editor set on it. */
  readSourceMonitor(): Promise<SourceMonitorView>;

  /** Sets a project item's label colour (a clip, a bin) and reads it back. */
  setColourLabel(item: { id: string; name: string }, label: ColourLabel): Promise<ColourLabel>;
  /** A project item's label colour; null when Premiere answers an index outside the known labels. */
  readColourLabel(item: { id: string; name: string }): Promise<ColourLabel | null>;

  /** Sets a clip's in/out in its media (null clears them) and reads them back. */
  setClipInOut(clip: ClipRef, range: { in: MediaTime; out: MediaTime } | null): Promise<ClipInOut>;
  readClipInOut(clip: ClipRef): Promise<ClipInOut>;

  /** Marks In and Out on the sequence (Out exclusive). */
  setSequenceInOut(range: { in: TimelinePoint; out: TimelinePoint }, options?: { sequenceId?: string }): Promise<TimelineState["inOut"]>;

  /** Overwrites one clip at a frame with a given length and source In, on the track asked or (when taken) the one above. */
  placeClipAt(request: ClipPlacementRequest): Promise<ClipPlacementResult>;

  /**
   * Puts `clip` in the original's place and length on its track, and keeps the original as a
   * disabled copy on a track above (the lowest one free over its span, else a new track).
   */
  replaceTrackItem(request: ReplaceRequest): Promise<ReplaceResult>;
}
