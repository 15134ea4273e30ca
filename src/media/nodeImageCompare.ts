/**
 * How alike two images (or video frames saved as images) are, by ffmpeg's `psnr` filter (Node
 * only). The second image is scaled to the first's size, both compared as RGB. Identical images
 * score Infinity; a frame re-encoded at good quality scores well above 30 dB; different pictures
 * score far below (typically 5–15 dB).
 */
import { MediaError } from "../core/errors";
import { ffmpegComplaint, runFfmpegProgram } from "./nodeFfmpeg";

export async function psnr(reference: string, candidate: string): Promise<number> {
  const run = await runFfmpegProgram("ffmpeg", [
    "-v", "info", "-nostdin",
    "-i", reference,
    "-i", candidate,
    "-lavfi", "[1:v][0:v]scale2ref=flags=bicubic[b][a];[a]format=rgb24[ar];[b]format=rgb24[br];[ar][br]psnr",
    "-frames:v", "1", "-f", "null", "-",
  ]);
  const match = /PSNR r:\S+ g:\S+ b:\S+ average:(\S+)/.exec(run.stderr);
  if (run.code !== 0 || !match) {
    throw new MediaError("not-media", `ffmpeg could not compare ${reference} with ${candidate}: ${ffmpegComplaint(run.stderr) || `exit ${run.code}`}.`, candidate);
  }
  return match[1] === "inf" ? Number.POSITIVE_INFINITY : Number(match[1]);
}
