/**
 * Small JPEG thumbnails of a clip's frames as data: URIs, for self-contained reports (Node only:
 * ffmpeg, never the panel bundle). The frame shown is the first at or after `seconds`.
 */
import { MediaError } from "../core/errors";
import { ffmpegComplaint, runFfmpegProgram } from "./nodeFfmpeg";

export interface ThumbnailOptions {
  /** Width in pixels (height follows the picture, even). Default 200. */
  width?: number;
  env?: NodeJS.ProcessEnv;
}

export async function thumbnailDataUri(file: string, seconds: number, options: ThumbnailOptions = {}): Promise<string> {
  const width = options.width ?? 200;
  const run = await runFfmpegProgram(
    "ffmpeg",
    ["-hide_banner", "-v", "error", "-i", file, "-ss", Math.max(0, seconds).toFixed(3), "-frames:v", "1", "-vf", `scale=${width}:-2:flags=area`, "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "-"],
    options.env ? { env: options.env } : {},
  );
  if (run.code !== 0 || run.stdout.length === 0) {
    throw new MediaError("not-media", `No frame at ${seconds.toFixed(3)} s of ${file}: ${ffmpegComplaint(run.stderr) || `ffmpeg exit ${run.code}`}.`, file);
  }
  return `data:image/jpeg;base64,${run.stdout.toString("base64")}`;
}
