/**
 * What a clip declares, from ffprobe (Node only): size, rate, duration, frame count, and the
 * sample range that decides which luma levels are legal. Refuses, with a MediaError meant for
 * the user, anything that is not a readable video: a missing file, text, a still image, an MP4
 * cut off before its index.
 */
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import { MediaError } from "../core/errors";
import type { ClipInfo, SampleRange } from "./qualityTypes";

interface ProbeJson {
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    color_range?: string;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    nb_frames?: string;
    duration?: string;
  }>;
  format?: { format_name?: string; duration?: string };
}

/** Runs a program to its end, keeping its output (ffprobe's JSON is small). */
export function runToEnd(program: string, args: readonly string[], signal?: AbortSignal): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** "24000/1001" → 23.976…; 0 for "0/0" or nonsense. */
export function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split("/").map(Number);
  if (den === undefined) return Number.isFinite(num) ? num! : 0;
  return num !== undefined && Number.isFinite(num) && den > 0 ? num / den : 0;
}

/** Still-image demuxers: one picture is not a take. */
function isStillImageFormat(format: string): boolean {
  return format === "image2" || format.endsWith("_pipe");
}

/** Whether the file starts with an ISO-BMFF box (an MP4 or MOV, however damaged after that). */
async function startsLikeMp4(file: string): Promise<boolean> {
  const handle = await fsp.open(file, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && ["ftyp", "moov", "mdat", "wide", "free", "skip"].includes(head.toString("latin1", 4, 8));
  } finally {
    await handle.close();
  }
}

async function describeProbeFailure(file: string, stderr: string): Promise<MediaError> {
  const text = stderr.trim().split("\n").pop() ?? "";
  if (/moov atom not found/i.test(stderr) && (await startsLikeMp4(file))) {
    return new MediaError("truncated", `${file} is truncated or damaged: its index (the moov box) is missing, as in an unfinished download.`, file);
  }
  if (/Invalid data found|could not find codec|Unknown format|does not contain any stream/i.test(stderr)) {
    return new MediaError("not-media", `${file} is not a video ffmpeg can read (${text.replace(/^.*?: /, "")}).`, file);
  }
  return new MediaError("corrupt", `${file} could not be read as a video: ${text || "ffprobe failed"}.`, file);
}

/** Probes `file` with the ffprobe at `ffprobe`. */
export async function probeClip(file: string, ffprobe: string, signal?: AbortSignal): Promise<ClipInfo> {
  const stat = await fsp.stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new MediaError("io", error.code === "ENOENT" ? `${file} does not exist.` : `Cannot read ${file}: ${error.message}`, file, { cause: error });
  });
  if (!stat.isFile()) throw new MediaError("io", `${file} is not a file.`, file);
  if (stat.size === 0) throw new MediaError("not-media", `${file} is empty.`, file);
  const result = await runToEnd(
    ffprobe,
    [
      "-v", "error",
      "-print_format", "json",
      "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,width,height,pix_fmt,color_range,avg_frame_rate,r_frame_rate,nb_frames,duration",
      "-select_streams", "v:0",
      "--", file,
    ],
    signal,
  ).catch((error: Error) => {
    if (error.name === "AbortError") throw new MediaError("aborted", `Measuring ${file} was cancelled.`, file, { cause: error });
    throw new MediaError("io", `Could not run ffprobe (${ffprobe}): ${error.message}`, file, { cause: error });
  });
  if (result.code !== 0) throw await describeProbeFailure(file, result.stderr);
  let json: ProbeJson;
  try {
    json = JSON.parse(result.stdout) as ProbeJson;
  } catch {
    throw new MediaError("corrupt", `${file}: ffprobe answered something that is not JSON.`, file);
  }
  const stream = json.streams?.find((s) => s.codec_type === "video");
  const format = json.format?.format_name ?? "";
  if (!stream) throw new MediaError("not-media", `${file} has no video stream${format ? ` (ffprobe reads it as ${format})` : ""}.`, file);
  if (isStillImageFormat(format)) throw new MediaError("not-media", `${file} is a still image (${stream.codec_name ?? format}), not a video.`, file);
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  if (width < 2 || height < 2) throw new MediaError("corrupt", `${file}: its video stream has no usable picture size (${width}x${height}).`, file);
  const range: SampleRange = stream.color_range === "pc" || stream.color_range === "jpeg" || /^yuvj/.test(stream.pix_fmt ?? "") ? "full" : "limited";
  const duration = Number(json.format?.duration ?? stream.duration ?? 0);
  const fps = parseRate(stream.avg_frame_rate) || parseRate(stream.r_frame_rate);
  return {
    width,
    height,
    fps,
    duration: Number.isFinite(duration) ? duration : 0,
    ...declaredFramesOf(stream.nb_frames, Number(stream.duration), fps),
    range,
  };
}

/**
 * The frames a decoder will present: the stream's frame count, or fewer when the stream's
 * presented duration is shorter (an MP4 trimmed by an edit list without re-encoding keeps the
 * samples before and after the edit, and ffmpeg shows only those inside it).
 */
function declaredFramesOf(nbFrames: string | undefined, streamDuration: number, fps: number): { declaredFrames?: number } {
  const counted = Number(nbFrames);
  if (!Number.isInteger(counted) || counted <= 0) return {};
  const presented = Number.isFinite(streamDuration) && streamDuration > 0 && fps > 0 ? Math.round(streamDuration * fps) : 0;
  return { declaredFrames: presented > 0 ? Math.min(counted, presented) : counted };
}
