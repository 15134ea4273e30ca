/**
 * Every check the self-check runs, in order, with the question about Premiere (or UXP) it answers.
 * docs/premiere-assumptions.md lists the same ids with the fallback for each; a test keeps the two
 * in step.
 */

export const CHECK_IDS = [
  "versions",
  "event-project-selection",
  "target-bin",
  "scratch-bin",
  "scratch-sequence",
  "import-discovery",
  "import",
  "event-import-complete",
  "import-root-forms",
  "xmp-mp4",
  "xmp-mov",
  "creation-date-mp4",
  "creation-date-mov",
  "columns",
  "clip-markers",
  "sequence-markers",
  "clip-in-out",
  "overwrite-edit",
  "new-track",
  "undo-grouping",
  "lock-rules",
  "event-sequence-selection",
  "timeline-selection",
  "sequence-in-out",
  "frame-export",
  "source-monitor",
  "colour-labels",
  "clone-disable",
  "network-fetch",
  "network-websocket",
  "secure-storage",
  "positional-fs",
  "cleanup",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckDescription {
  title: string;
  /** What Shotbin assumes, as a statement the check confirms or refutes. */
  assumption: string;
}

export const CHECKS: Record<CheckId, CheckDescription> = {
  versions: {
    title: "Premiere and UXP versions",
    assumption: "Shotbin runs in Premiere Pro 25.6 or later (the manifest's minVersion), and uxp.host / uxp.versions say which.",
  },
  "event-project-selection": {
    title: "Project-panel selection event",
    assumption: "ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED fires as a global event when the editor selects something in the Project panel.",
  },
  "target-bin": {
    title: "Insertion bin against the selected bin",
    assumption: "Project.getInsertionBin() answers the bin selected in the Project panel.",
  },
  "scratch-bin": {
    title: "Bin creation",
    assumption: "FolderItem.createBinAction in a locked transaction makes a bin that a before/after id diff finds, with the name asked for.",
  },
  "scratch-sequence": {
    title: "Sequence creation",
    assumption: "Project.createSequence(name) makes a sequence from the default preset and resolves with it.",
  },
  "import-discovery": {
    title: "Import timing and item discovery",
    assumption:
      "Project.importFiles resolves true once the import is done, the new item is listed in the target bin at once, and an id diff and a media-path match find the same single item.",
  },
  import: {
    title: "Import of an MP4 and a MOV",
    assumption: "importFiles with a target bin imports both clips into that bin as new items (Shotbin's import path).",
  },
  "event-import-complete": {
    title: "Import-complete event",
    assumption: "OperationCompleteEvent.IMPORT_MEDIA_COMPLETE fires for an import, with state OperationCompleteState.SUCCESS.",
  },
  "import-root-forms": {
    title: "Import into the root, both forms",
    assumption:
      "Project.importFiles imports into the root when given the root's own ProjectItem (the only form the official types allow); passing null (what the community reports) works too.",
  },
  "xmp-mp4": {
    title: "XMP of the MP4 (uuid box at the end)",
    assumption:
      "Metadata.getXMPMetadata returns the XMP Shotbin embedded in an MP4's top-level uuid box, every field exact, the prompt with its newline and <&>.",
  },
  "xmp-mov": {
    title: "XMP of the MOV (moov/udta/XMP_)",
    assumption: "Metadata.getXMPMetadata returns the XMP Shotbin embedded in a MOV's moov/udta/XMP_ atom, every field exact.",
  },
  "creation-date-mp4": {
    title: "Creation date of the MP4",
    assumption: "Premiere takes the clip's creation date (xmp:CreateDate) from Shotbin's metadata, not from the file system.",
  },
  "creation-date-mov": {
    title: "Creation date of the MOV",
    assumption: "Premiere takes the clip's creation date (xmp:CreateDate) from Shotbin's metadata, not from the file system.",
  },
  columns: {
    title: "Project-panel columns",
    assumption:
      "addPropertyToProjectMetadataSchema registers Shotbin's columns, createSetProjectMetadataAction writes them, and getProjectMetadata reads the same values back.",
  },
  "clip-markers": {
    title: "Clip markers",
    assumption: "A clip marker added, recoloured, renamed and removed through Markers reads back with its name, comments, time, colour and a guid.",
  },
  "sequence-markers": {
    title: "Sequence markers",
    assumption: "A sequence marker added at a frame reads back at exactly that frame, with its duration and colour.",
  },
  "clip-in-out": {
    title: "Clip in and out points",
    assumption: "ClipProjectItem.createSetInOutPointsAction sets in/out points that getInPoint/getOutPoint read back to the tick.",
  },
  "overwrite-edit": {
    title: "Overwrite edit at an exact frame",
    assumption:
      "An overwrite created in the same transaction as the clip's in/out uses that in/out, and lands at the exact frame asked (read back from the track items).",
  },
  "new-track": {
    title: "Overwrite onto a new track",
    assumption: "An overwrite onto the track just past the last one adds a video track.",
  },
  "undo-grouping": {
    title: "One transaction, one undo step",
    assumption: "executeTransaction applies every action of a compound action together, as one undo step named by its label.",
  },
  "lock-rules": {
    title: "Lock rules",
    assumption: "Since Premiere 26.3 a create*Action call outside lockedAccess/executeTransaction throws (before 26.3 it may not).",
  },
  "event-sequence-selection": {
    title: "Timeline selection event",
    assumption: "SequenceEvent.SELECTION_CHANGED fires when the timeline selection changes (here through Sequence.setSelection).",
  },
  "timeline-selection": {
    title: "Timeline selection",
    assumption:
      "Sequence.getSelection().getTrackItems() lists the selected clips, video told from audio by getMediaType, each with its track, start, end, in and out to the tick.",
  },
  "sequence-in-out": {
    title: "Sequence In and Out",
    assumption: "Sequence.createSetInPointAction / createSetOutPointAction set marks that getInPoint / getOutPoint read back to the tick; Out is the first frame after the range.",
  },
  "frame-export": {
    title: "Frame export",
    assumption: "Exporter.exportSequenceFrame(sequence, time, filename, filepath, width, height) writes filepath/filename (no doubled extension) as an image of width × height.",
  },
  "source-monitor": {
    title: "Source Monitor",
    assumption:
      "SourceMonitor.openProjectItem shows the clip (getProjectItem answers it), and the In/Out marked there are the clip's own in/out points; openFilePath opens a file outside the project.",
  },
  "colour-labels": {
    title: "Label colours",
    assumption: "ProjectItem.createSetColorLabelAction with a Constants.ProjectItemColorLabel value sets the label getColorLabelIndex reads back.",
  },
  "clone-disable": {
    title: "Keeping the original on Replace",
    assumption:
      "SequenceEditor.createCloneTrackItemAction copies a clip one track up with its frames and source range, and VideoClipTrackItem.createSetDisabledAction(true) switches the copy off.",
  },
  "network-fetch": {
    title: "fetch to the relay",
    assumption: "fetch reaches the configured relay (including http://localhost on macOS when the manifest lists it).",
  },
  "network-websocket": {
    title: "WebSocket to the relay",
    assumption: "A WebSocket to the configured relay opens, and the relay answers the first-message authentication.",
  },
  "secure-storage": {
    title: "secureStorage round trip",
    assumption: "secureStorage.setItem stores a string, getItem gives the same text back as bytes, and removeItem removes it.",
  },
  "positional-fs": {
    title: "Positional file writes",
    assumption: "UXP's fs.open/read/write/close read and write at any position of a file (downloads write chunks where they belong).",
  },
  cleanup: {
    title: "Removing the scratch items",
    assumption: "Project.deleteSequence and FolderItem.createRemoveItemAction (in a locked transaction) remove the scratch sequence and bin.",
  },
};
