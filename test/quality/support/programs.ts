import { findFfmpegProgram } from "../../../src/media/ffmpegBinary";
import type { FfmpegPrograms } from "../../../src/quality/measureClip";

/** The system's ffmpeg and ffprobe, found the way the CLI finds them. */
export function programs(): FfmpegPrograms {
  return { ffmpeg: findFfmpegProgram("ffmpeg"), ffprobe: findFfmpegProgram("ffprobe") };
}
