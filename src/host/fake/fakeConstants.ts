/**
 * The fake's runtime constants. The values are deliberately unlike the enum positions in the
 * type declarations (and unlike the numbers some community code hard-codes), so code that
 * writes literals instead of reading `ppro.Constants`, `ppro.Metadata.METADATA_TYPE_*` or
 * `ppro.Marker.MARKER_TYPE_*` fails against the fake.
 */
import type { PremiereModuleShape } from "./officialShapes";

export const fakeConstants: PremiereModuleShape["Constants"] = {
  ProjectEvent: { OPENED: 101, CLOSED: 102, DIRTY: 103, ACTIVATED: 104, PROJECT_ITEM_SELECTION_CHANGED: 105 },
  SequenceEvent: { ACTIVATED: 201, CLOSED: 202, SELECTION_CHANGED: 203 },
  OperationCompleteEvent: {
    CLIP_EXTEND_REACHED: 301,
    EFFECT_DROP_COMPLETE: 302,
    EFFECT_DRAG_OVER: 303,
    EXPORT_MEDIA_COMPLETE: 304,
    GENERATIVE_EXTEND_COMPLETE: 305,
    IMPORT_MEDIA_COMPLETE: 306,
  },
  OperationCompleteState: { SUCCESS: 310, CANCELLED: 311, FAILED: 312 },
  MarkerColor: { GREEN: 40, RED: 41, MAGNETA: 42, ORANGE: 43, YELLOW: 44, BLUE: 45, CYAN: 46 },
  TrackItemType: { EMPTY: 50, CLIP: 51, TRANSITION: 52, PREVIEW: 53, FEEDBACK: 54 },
  MetadataType: { INTEGER: 60, REAL: 61, TEXT: 62, BOOLEAN: 63 },
  MediaType: { ANY: 70, DATA: 71, VIDEO: 72, AUDIO: 73 },
  ProjectItemColorLabel: {
    VIOLET: 900,
    IRIS: 901,
    LAVENDER: 902,
    CERULEAN: 903,
    FOREST: 904,
    ROSE: 905,
    MANGO: 906,
    PURPLE: 907,
    BLUE: 908,
    TEAL: 909,
    MAGENTA: 910,
    TAN: 911,
    GREEN: 912,
    BROWN: 913,
    YELLOW: 914,
  },
};

/** The media-type guids track items and tracks answer (`getMediaType`), one per kind. */
export const fakeMediaTypeGuids = { video: "228CDA18-3625-4D2D-951E-348879E4ED93", audio: "80B8E3D5-6DCA-4195-AEFB-CB5F407AB009" } as const;

export const fakeProjectItemTypes = {
  TYPE_CLIP: 11,
  TYPE_BIN: 12,
  TYPE_ROOT: 13,
  TYPE_FILE: 14,
  TYPE_STYLE: 15,
  TYPE_COMPOUND: 16,
} as const;

export const fakeMetadataTypes = {
  METADATA_TYPE_INTEGER: 80,
  METADATA_TYPE_REAL: 81,
  METADATA_TYPE_TEXT: 82,
  METADATA_TYPE_BOOLEAN: 83,
} as const;

export const fakeMarkerTypes = {
  MARKER_TYPE_COMMENT: "Comment",
  MARKER_TYPE_CHAPTER: "Chapter",
  MARKER_TYPE_FLVCUEPOINT: "FlashCuePoint",
  MARKER_TYPE_WEBLINK: "WebLink",
} as const;
