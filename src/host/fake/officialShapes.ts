/**
 * The members of each official `@adobe/premierepro` type that the fake implements. Each fake
 * class `implements` its shape, so a signature change in the official types breaks the fake's
 * compile. The `as*` functions widen a shape to the official type: the only casts in the fake,
 * and they cannot be written for an object that lacks a member of its shape.
 */
import type {
  ClipProjectItem,
  CompoundAction,
  FolderItem,
  FrameRate,
  Guid,
  Marker,
  Markers,
  Media,
  premierepro,
  Project,
  ProjectItem,
  ProjectItemSelection,
  Sequence,
  SequenceEditor,
  SequenceSettings,
  TickTime,
  TrackItemSelection,
  VideoClipTrackItem,
  VideoTrack,
} from "@adobe/premierepro";

export type ProjectItemShape = Pick<
  ProjectItem,
  "getId" | "getParentBin" | "getProject" | "getColorLabelIndex" | "createSetColorLabelAction" | "type" | "name"
>;
export type FolderItemShape = Pick<
  FolderItem,
  | "getItems"
  | "createBinAction"
  | "createRemoveItemAction"
  | "createMoveItemAction"
  | "getColorLabelIndex"
  | "createSetColorLabelAction"
  | "getProject"
  | "type"
  | "name"
>;
export type ClipProjectItemShape = Pick<
  ClipProjectItem,
  | "getMediaFilePath"
  | "getMedia"
  | "createSetInOutPointsAction"
  | "createClearInOutPointsAction"
  | "getColorLabelIndex"
  | "createSetColorLabelAction"
  | "getInPoint"
  | "getOutPoint"
  | "isSequence"
  | "getProject"
  | "type"
  | "name"
>;
export type ProjectShape = Pick<
  Project,
  | "getActiveSequence"
  | "getSequences"
  | "getSequence"
  | "getRootItem"
  | "getInsertionBin"
  | "importFiles"
  | "createSequence"
  | "deleteSequence"
  | "setActiveSequence"
  | "executeTransaction"
  | "lockedAccess"
  | "guid"
  | "name"
  | "path"
>;
export type SequenceShape = Pick<
  Sequence,
  | "getSettings"
  | "getVideoTrackCount"
  | "getVideoTrack"
  | "getEndTime"
  | "getPlayerPosition"
  | "getFrameSize"
  | "getTimebase"
  | "getProjectItem"
  | "setSelection"
  | "getSelection"
  | "clearSelection"
  | "setPlayerPosition"
  | "getInPoint"
  | "getOutPoint"
  | "createSetInPointAction"
  | "createSetOutPointAction"
  | "guid"
  | "name"
>;
export type SequenceSettingsShape = Pick<SequenceSettings, "getVideoFrameRate" | "getVideoFrameRect">;
export type VideoTrackShape = Pick<VideoTrack, "getTrackItems" | "getIndex" | "getMediaType" | "name" | "id">;
export type VideoClipTrackItemShape = Pick<
  VideoClipTrackItem,
  | "getStartTime"
  | "getEndTime"
  | "getDuration"
  | "getInPoint"
  | "getOutPoint"
  | "getProjectItem"
  | "getName"
  | "getTrackIndex"
  | "getType"
  | "getMediaType"
  | "getIsSelected"
  | "getSpeed"
  | "isDisabled"
  | "createSetEndAction"
  | "createSetDisabledAction"
>;
export type TrackItemSelectionShape = Pick<TrackItemSelection, "addItem" | "removeItem" | "getTrackItems">;
export type SequenceEditorShape = Pick<SequenceEditor, "createOverwriteItemAction" | "createCloneTrackItemAction">;
export type MarkersShape = Pick<Markers, "getMarkers" | "createAddMarkerAction" | "createRemoveMarkerAction" | "createMoveMarkerAction">;
export type MarkerShape = Pick<
  Marker,
  | "getName"
  | "getComments"
  | "getStart"
  | "getDuration"
  | "getType"
  | "getColorIndex"
  | "createSetColorByIndexAction"
  | "createSetNameAction"
  | "createSetCommentsAction"
  | "createSetDurationAction"
  | "guid"
>;
export type MediaShape = Pick<Media, "duration" | "start">;
export type ProjectItemSelectionShape = Pick<ProjectItemSelection, "getItems">;
export type CompoundActionShape = Pick<CompoundAction, "addAction" | "empty">;
export type TickTimeShape = Pick<
  TickTime,
  "equals" | "add" | "subtract" | "multiply" | "divide" | "alignToFrame" | "alignToNearestFrame" | "seconds" | "ticks" | "ticksNumber"
>;
export type FrameRateShape = Pick<FrameRate, "equals" | "ticksPerFrame" | "value">;
export type GuidShape = Pick<Guid, "toString">;

type C = premierepro["Constants"];
/** The module: every static the adapter may reach, each narrowed to what the fake implements. */
export interface PremiereModuleShape {
  Project: Pick<premierepro["Project"], "getActiveProject">;
  ProjectUtils: Pick<premierepro["ProjectUtils"], "getSelection">;
  ProjectItem: Pick<premierepro["ProjectItem"], "cast" | "TYPE_CLIP" | "TYPE_BIN" | "TYPE_ROOT" | "TYPE_FILE" | "TYPE_STYLE" | "TYPE_COMPOUND">;
  FolderItem: premierepro["FolderItem"];
  ClipProjectItem: premierepro["ClipProjectItem"];
  Metadata: Pick<
    premierepro["Metadata"],
    | "getProjectMetadata"
    | "createSetProjectMetadataAction"
    | "addPropertyToProjectMetadataSchema"
    | "getProjectColumnsMetadata"
    | "getXMPMetadata"
    | "METADATA_TYPE_INTEGER"
    | "METADATA_TYPE_REAL"
    | "METADATA_TYPE_TEXT"
    | "METADATA_TYPE_BOOLEAN"
  >;
  Markers: premierepro["Markers"];
  Marker: premierepro["Marker"];
  SequenceEditor: Pick<premierepro["SequenceEditor"], "getEditor">;
  TickTime: premierepro["TickTime"];
  FrameRate: premierepro["FrameRate"];
  Guid: premierepro["Guid"];
  TrackItemSelection: Pick<premierepro["TrackItemSelection"], "createEmptySelection">;
  Exporter: premierepro["Exporter"];
  SourceMonitor: premierepro["SourceMonitor"];
  Application: premierepro["Application"];
  EventManager: premierepro["EventManager"];
  Constants: Pick<
    C,
    | "ProjectEvent"
    | "SequenceEvent"
    | "MarkerColor"
    | "TrackItemType"
    | "MetadataType"
    | "MediaType"
    | "OperationCompleteEvent"
    | "OperationCompleteState"
    | "ProjectItemColorLabel"
  >;
}

export const asProjectItem = (v: ProjectItemShape): ProjectItem => v as ProjectItem;
export const asFolderItem = (v: FolderItemShape): FolderItem => v as FolderItem;
export const asClipProjectItem = (v: ClipProjectItemShape): ClipProjectItem => v as ClipProjectItem;
export const asProject = (v: ProjectShape): Project => v as Project;
export const asSequence = (v: SequenceShape): Sequence => v as Sequence;
export const asSequenceSettings = (v: SequenceSettingsShape): SequenceSettings => v as SequenceSettings;
export const asVideoTrack = (v: VideoTrackShape): VideoTrack => v as VideoTrack;
export const asVideoClipTrackItem = (v: VideoClipTrackItemShape): VideoClipTrackItem => v as VideoClipTrackItem;
export const asTrackItemSelection = (v: TrackItemSelectionShape): TrackItemSelection => v as TrackItemSelection;
export const asSequenceEditor = (v: SequenceEditorShape): SequenceEditor => v as SequenceEditor;
export const asMarkers = (v: MarkersShape): Markers => v as Markers;
export const asMarker = (v: MarkerShape): Marker => v as Marker;
export const asMedia = (v: MediaShape): Media => v as Media;
export const asProjectItemSelection = (v: ProjectItemSelectionShape): ProjectItemSelection => v as ProjectItemSelection;
export const asCompoundAction = (v: CompoundActionShape): CompoundAction => v as CompoundAction;
export const asTickTime = (v: TickTimeShape): TickTime => v as TickTime;
export const asFrameRate = (v: FrameRateShape): FrameRate => v as FrameRate;
export const asGuid = (v: GuidShape): Guid => v as Guid;
export const asPremiereModule = (v: PremiereModuleShape): premierepro => v as premierepro;

/** Premiere hands back null where the types promise an object (a cast of the wrong kind, no active sequence). */
export function hostNull<T extends object>(): T {
  return null as unknown as T;
}
