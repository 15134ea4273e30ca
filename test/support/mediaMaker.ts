/**
 * Small real media made with ffmpeg at test time, for the frame tests: a luma ramp whose frame N
 * has luma 16 + N (so a frame says which one it is), test-pattern stills, and a way to read a
 * picture back as grey pixels. Lossless where it matters, so frames compare byte for byte.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runFfmpegProgram } from "../../src/media/nodeFfmpeg";

export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `shotbin-${label}-`));
}

async function ffmpeg(args: string[]): Promise<void> {
  const run = await runFfmpegProgram("ffmpeg", ["-v", "error", "-nostdin", "-y", ...args]);
  if (run.code !== 0) throw new Error(`ffmpeg ${args.join(" ")} failed: ${run.stderr}`);
}

export interface RampOptions {
  /** `24000/1001`, `25`, ... */
  rate: string;
  seconds: number;
  width?: number;
  height?: number;
  /** Also an audio track (a sine). */
  audio?: boolean;
  /** Container by extension: .mp4 or .mov. */
  extension?: ".mp4" | ".mov";
}

/** A lossless H.264 clip whose frame N is flat grey at luma 16 + N (B-frames on, GOP of 12). */
export async function makeRamp(dir: string, name: string, options: RampOptions): Promise<string> {
  const file = path.join(dir, `${name}${options.extension ?? ".mp4"}`);
  const size = `${options.width ?? 64}x${options.height ?? 36}`;
  await ffmpeg([
    "-f", "lavfi", "-i", `color=c=black:s=${size}:r=${options.rate}:d=${options.seconds},geq=lum='16+N':cb=128:cr=128`,
    ...(options.audio ? ["-f", "lavfi", "-i", `sine=d=${options.seconds}`] : []),
    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv444p", "-g", "12", "-bf", "2",
    ...(options.audio ? ["-c:a", "aac", "-shortest"] : []),
    file,
  ]);
  return file;
}

/** A still picture: ffmpeg's `testsrc2` (or another lavfi source) at a moment, as PNG. */
export async function makeStill(dir: string, name: string, options: { source?: string; width: number; height: number; at?: number }): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  const source = options.source ?? "testsrc2";
  await ffmpeg(["-f", "lavfi", "-i", `${source}=s=${options.width}x${options.height}:r=25`, "-ss", String(options.at ?? 0), "-frames:v", "1", "-update", "1", file]);
  return file;
}

/** Every frame of a video (or the one picture of an image) as 8-bit grey pixels, back to back. */
export async function greyPixels(file: string): Promise<Buffer> {
  const run = await runFfmpegProgram("ffmpeg", ["-v", "error", "-nostdin", "-i", file, "-f", "rawvideo", "-pix_fmt", "gray", "-"]);
  if (run.code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${run.stderr}`);
  return run.stdout;
}

/** Frame `index` of a video as grey pixels, decoded by ffmpeg from the start (the reference). */
export async function referenceFrame(file: string, index: number, width: number, height: number): Promise<Buffer> {
  const all = await greyPixels(file);
  const size = width * height;
  if ((index + 1) * size > all.length) throw new Error(`${file} has only ${all.length / size} frames`);
  return all.subarray(index * size, (index + 1) * size);
}

/** Image size from a PNG header. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.toString("latin1", 1, 4) !== "PNG") throw new Error("not a PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
