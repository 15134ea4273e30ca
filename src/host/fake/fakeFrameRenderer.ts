/**
 * How the fake Premiere draws a frame of a sequence into a file (`Exporter.exportSequenceFrame`).
 * The fake runs in a browser bundle too, so the pixels come from an injected renderer: in Node,
 * `renderSequenceFrame` in src/media/nodeFrameExtraction.ts (ffmpeg over the real media files); in
 * the harness, the harness server's. The fake decides WHAT is shown (the topmost enabled video
 * item at the tick, and where in its media); the renderer only decodes that frame and scales it.
 */

export interface FakeFrameRequest {
  /**
   * What the sequence shows at the tick: a media file and the time in it (ticks from the media's
   * start: tick − item start + item in point). Null when no enabled item covers the tick (black).
   */
  source: { mediaPath: string; sourceTicks: string } | null;
  /** The exported image's size, as asked of exportSequenceFrame. */
  width: number;
  height: number;
  /** The sequence's frame, into which the media is fitted (letterboxed) before scaling to width × height. */
  sequenceWidth: number;
  sequenceHeight: number;
  /** Where the file goes (directory and name as the fake's naming behaviour composed them). */
  outputPath: string;
  /** The format the file name's extension asks for. */
  format: FrameFormat;
}

export const FRAME_FORMATS = ["bmp", "dpx", "gif", "jpg", "exr", "png", "tga", "tif"] as const;
export type FrameFormat = (typeof FRAME_FORMATS)[number];

export interface FakeFrameRenderer {
  /** Writes the frame to `request.outputPath`; rejects when it cannot (the fake then answers false). */
  render(request: FakeFrameRequest): Promise<void>;
}

/** One call of exportSequenceFrame, as tests and the harness inspect it. */
export interface FakeFrameExport {
  sequenceId: string;
  ticks: string;
  filename: string;
  filepath: string;
  /** Where the file was written, or null when the call answered false. */
  writtenTo: string | null;
  width: number;
  height: number;
  /** What was shown: the track item and its source time, or null for black. */
  shown: { trackIndex: number; trackItemId: string; clipId: string; mediaPath: string; sourceTicks: string } | null;
  failure?: string;
}
