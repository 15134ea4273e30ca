/**
 * Draws a sequence frame for the fake Premiere's `Exporter.exportSequenceFrame` (Node only): the
 * media frame shown at the tick, fitted into the sequence's frame (letterboxed, as Premiere shows a
 * clip of another shape), then scaled to the size asked; black when nothing is shown. It satisfies
 * the fake's `FakeFrameRenderer` (src/host/fake/fakeFrameRenderer.ts) by shape: src/media does not
 * import the host.
 */
import { promises as fsp } from "node:fs";
import { MediaError } from "../core/errors";
import { TICKS_PER_SECOND } from "../core/ticks";
import { ffmpegComplaint, runFfmpegProgram } from "./nodeFfmpeg";
import { extractFrame, probeVideo, type VideoFacts } from "./nodeFrameExtraction";

export interface SequenceFrameRequest {
  source: { mediaPath: string; sourceTicks: string } | null;
  width: number;
  height: number;
  sequenceWidth: number;
  sequenceHeight: number;
  outputPath: string;
  format: string;
}

/** The formats ffmpeg 5.1 can write (it reads EXR but has no EXR encoder). */
const WRITABLE = new Set(["png", "jpg", "bmp", "tif", "tga", "gif", "dpx"]);

/** The frame on screen at `ticks` into the media: the last one whose timestamp is at or before it. */
export function frameIndexAtTicks(facts: VideoFacts, ticks: bigint): number {
  const start = facts.timestamps[0]!;
  const { num, den } = facts.timeBase;
  // (pts − start)·num/den ≤ ticks/TPS, compared without division.
  const shownBy = (pts: bigint) => (pts - start) * num * TICKS_PER_SECOND <= ticks * den;
  let low = 0;
  let high = facts.timestamps.length - 1;
  if (ticks <= 0n) return 0;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (shownBy(facts.timestamps[middle]!)) low = middle;
    else high = middle - 1;
  }
  return low;
}

export async function renderSequenceFrame(request: SequenceFrameRequest): Promise<void> {
  if (!WRITABLE.has(request.format)) throw new MediaError("unsupported-layout", `ffmpeg cannot write ${request.format.toUpperCase()} images.`, request.outputPath);
  const size = `${request.width}x${request.height}`;
  if (!request.source) {
    await fsp.rm(request.outputPath, { force: true });
    const run = await runFfmpegProgram("ffmpeg", ["-v", "error", "-nostdin", "-f", "lavfi", "-i", `color=c=black:s=${size}`, "-frames:v", "1", "-update", "1", "-y", request.outputPath]);
    if (run.code !== 0) throw new MediaError("io", `ffmpeg could not write a black frame: ${ffmpegComplaint(run.stderr)}.`, request.outputPath);
    return;
  }
  const facts = await probeVideo(request.source.mediaPath);
  const index = frameIndexAtTicks(facts, BigInt(request.source.sourceTicks));
  const { sequenceWidth: w, sequenceHeight: h } = request;
  const fit = `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:black,setsar=1`;
  await extractFrame(request.source.mediaPath, { index }, request.outputPath, { filter: fit, width: request.width, height: request.height });
}

/** The renderer to hand the fake Premiere in Node: `createFakePremiere({ media, frames: nodeSequenceFrameRenderer })`. */
export const nodeSequenceFrameRenderer = { render: renderSequenceFrame };
