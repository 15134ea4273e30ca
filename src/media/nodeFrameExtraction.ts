/**
 * Frames out of a video file as images, exact to the frame (Node only, with ffmpeg): the first
 * frame, the last frame, or frame N. The frame list comes from ffprobe's packet timestamps (in the
 * stream's own time base, so nothing is rounded), sorted into presentation order. Frame N is then
 * decoded with the original timestamps kept (`-copyts`) and picked by time: the first frame at or
 * after half a frame before N's own timestamp is N (a fast seek a second earlier only saves
 * decoding). A file whose packets stop short of the frame count its header promises is truncated.
 */
import { promises as fsp } from "node:fs";
import { MediaError } from "../core/errors";
import { ffmpegComplaint, runFfmpegProgram } from "./nodeFfmpeg";

export interface Rational {
  num: bigint;
  den: bigint;
}

export interface VideoFacts {
  width: number;
  height: number;
  /** The stream's frame rate (r_frame_rate), exact. */
  frameRate: Rational;
  /** Presentation timestamps of every frame, in time-base units, ascending. */
  timestamps: bigint[];
  timeBase: Rational;
  /** Frames the container's header announces (0 when it does not say). */
  announcedFrames: number;
  durationSeconds: number;
}

function rational(text: string | undefined, what: string, file: string): Rational {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? "");
  if (!match || match[2] === "0" || match[1] === "0") throw new MediaError("corrupt", `${file} has no usable ${what} (${text ?? "none"}).`, file);
  return { num: BigInt(match[1]!), den: BigInt(match[2]!) };
}

const cache = new Map<string, { mtimeMs: number; size: number; facts: VideoFacts }>();

/** What ffprobe says about the file's first video stream, and every frame's timestamp. Cached per file version. */
export async function probeVideo(file: string): Promise<VideoFacts> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (error) {
    throw new MediaError("io", `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, file, { cause: error });
  }
  const known = cache.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.facts;
  const streamRun = await runFfmpegProgram("ffprobe", [
    "-v", "error", "-select_streams", "v:0",
    "-show_entries", "stream=width,height,r_frame_rate,time_base,nb_frames:format=duration",
    "-of", "json", file,
  ]);
  if (streamRun.code !== 0) {
    throw new MediaError("not-media", `${file} is not a video ffprobe can read: ${ffmpegComplaint(streamRun.stderr) || `exit ${streamRun.code}`}.`, file);
  }
  const parsed = JSON.parse(streamRun.stdout.toString("utf8")) as {
    streams?: { width?: number; height?: number; r_frame_rate?: string; time_base?: string; nb_frames?: string }[];
    format?: { duration?: string };
  };
  const stream = parsed.streams?.[0];
  if (!stream || !stream.width || !stream.height) throw new MediaError("not-media", `${file} has no video stream.`, file);
  const packets = await runFfmpegProgram("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", file]);
  const timestamps = packets.stdout
    .toString("utf8")
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/,$/, ""))
    .filter((line) => /^-?\d+$/.test(line))
    .map((line) => BigInt(line))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (timestamps.length === 0) {
    throw new MediaError("truncated", `${file} holds no video frames: ${ffmpegComplaint(packets.stderr) || "the stream is empty"}.`, file);
  }
  const announcedFrames = Number(stream.nb_frames ?? 0) || 0;
  if (packets.code !== 0 || (announcedFrames > 0 && timestamps.length < announcedFrames)) {
    throw new MediaError(
      "truncated",
      `${file} is cut short: it holds ${timestamps.length} of the ${announcedFrames || "?"} frames its header announces${packets.stderr ? ` (${ffmpegComplaint(packets.stderr, 1)})` : ""}. It may still be downloading.`,
      file,
    );
  }
  const facts: VideoFacts = {
    width: stream.width,
    height: stream.height,
    frameRate: rational(stream.r_frame_rate, "frame rate", file),
    timeBase: rational(stream.time_base, "time base", file),
    timestamps,
    announcedFrames,
    durationSeconds: Number(parsed.format?.duration ?? 0),
  };
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, facts });
  return facts;
}

/** Seconds of a timestamp, for ffmpeg's -ss (which takes a decimal), to the microsecond. */
function secondsText(pts: bigint, timeBase: Rational): string {
  const micro = (pts * timeBase.num * 1000000n) / timeBase.den;
  const sign = micro < 0n ? "-" : "";
  const abs = micro < 0n ? -micro : micro;
  return `${sign}${abs / 1000000n}.${(abs % 1000000n).toString().padStart(6, "0")}`;
}

export type FrameChoice = "first" | "last" | { index: number };

export interface ExtractedFrame {
  path: string;
  /** 0-based index of the frame in presentation order. */
  index: number;
  /** Of `frames` in the file. */
  frames: number;
  /** The frame's time from the stream's start (its timestamp minus the first frame's). */
  seconds: number;
  width: number;
  height: number;
}

export interface ExtractOptions {
  /** Scale to this size (default: the video's own). */
  width?: number;
  height?: number;
  /** A filter chain to apply after decoding (the sequence renderer fits and pads with it). */
  filter?: string;
}

/** The index a choice names, checked against the frames there are. */
export function frameIndexOf(choice: FrameChoice, frames: number, file: string): number {
  const index = choice === "first" ? 0 : choice === "last" ? frames - 1 : choice.index;
  if (!Number.isInteger(index) || index < 0 || index >= frames) {
    throw new MediaError("not-media", `${file} has ${frames} frames; there is no frame ${index}.`, file);
  }
  return index;
}

/** Decodes one frame to an image file (PNG unless the extension says otherwise). */
export async function extractFrame(file: string, choice: FrameChoice, outputPath: string, options: ExtractOptions = {}): Promise<ExtractedFrame> {
  const facts = await probeVideo(file);
  const frames = facts.timestamps.length;
  const index = frameIndexOf(choice, frames, file);
  const pts = facts.timestamps[index]!;
  const start = facts.timestamps[0]!;
  // Half a frame before the frame's own timestamp: the frame before it is earlier than that, so the
  // first frame at or after it is this one.
  const halfFrame = (facts.timeBase.den * facts.frameRate.den) / (2n * facts.timeBase.num * facts.frameRate.num);
  const oneSecond = facts.timeBase.den / facts.timeBase.num;
  const roughSeek = pts - start - oneSecond;
  const filters = [
    index > 0 ? `select='gte(t,${secondsText(pts - halfFrame, facts.timeBase)})'` : undefined,
    options.filter,
    options.width && options.height ? `scale=${options.width}:${options.height}` : undefined,
  ].filter(Boolean);
  await fsp.rm(outputPath, { force: true });
  const run = await runFfmpegProgram("ffmpeg", [
    "-v", "error", "-nostdin",
    ...(roughSeek > 0n ? ["-ss", secondsText(roughSeek, facts.timeBase)] : []),
    "-copyts",
    "-i", file,
    "-map", "0:v:0", "-frames:v", "1",
    ...(filters.length ? ["-vf", filters.join(",")] : []),
    "-update", "1", "-y", outputPath,
  ]);
  const written = await fsp.stat(outputPath).then((s) => s.size, () => 0);
  if (run.code !== 0 || written === 0) {
    throw new MediaError("truncated", `ffmpeg could not decode frame ${index} of ${file}: ${ffmpegComplaint(run.stderr) || "no frame came out"}.`, file);
  }
  return {
    path: outputPath,
    index,
    frames,
    seconds: Number(((pts - start) * facts.timeBase.num * 1000000n) / facts.timeBase.den) / 1e6,
    width: options.width ?? facts.width,
    height: options.height ?? facts.height,
  };
}

/** The first frame of a video file as an image. */
export function extractFirstFrame(file: string, outputPath: string, options?: ExtractOptions): Promise<ExtractedFrame> {
  return extractFrame(file, "first", outputPath, options);
}

/** The last frame of a video file (its frame count − 1) as an image. */
export function extractLastFrame(file: string, outputPath: string, options?: ExtractOptions): Promise<ExtractedFrame> {
  return extractFrame(file, "last", outputPath, options);
}
