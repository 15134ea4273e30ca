/**
 * The measuring half of take QA (Node only): learn the clip's facts, decode it once to the
 * proxy, and turn every frame into a row of the per-frame series. The judging half (series →
 * defects → verdict) is `assessSeries`, which has no I/O.
 *
 * The facts come from the container when the face supplies a reader that can tell (an MP4 or
 * MOV read in process: src/media/movieClipFacts.ts), else from ffprobe.
 */
import { MediaError } from "../core/errors";
import { FrameMeter, SeriesRecorder } from "./frameMeter";
import { probeClip } from "./probeClip";
import {
  decodeThreadsFor,
  LIKELY_PROXY_FILTER,
  proxyFilterFor,
  proxySizeFor,
  startProxyDecode,
  type DecodeOptions,
  type ProxyDecode,
  type ProxySize,
} from "./proxyDecoder";
import type { ClipInfo, FrameSeries } from "./qualityTypes";

/** Where the measuring programs are: the face that wires QA finds them (src/media/ffmpegBinary.ts). */
export interface FfmpegPrograms {
  ffmpeg: string;
  ffprobe: string;
}

export interface MeasureOptions {
  programs: FfmpegPrograms;
  signal?: AbortSignal;
  /** Longer side of the analysis proxy (default 320). */
  proxyMaxSide?: number;
  /** ffmpeg's scheduling priority (os.setPriority, up to 19 = lowest); the relay lowers it so webhooks keep their turns. */
  priority?: number;
  /**
   * Reads the clip's facts from its container without ffprobe, or answers undefined when it
   * cannot be sure; undefined (or a reader that fails) means ffprobe.
   */
  readContainerFacts?: (file: string) => Promise<ClipInfo | undefined>;
}

/** Where the clip's facts came from, and whether the decode started before them was kept. */
export interface MeasureRoute {
  facts: "container" | "probe";
  likelyDecodeKept: boolean;
}

export interface MeasuredSeries {
  info: ClipInfo;
  proxy: ProxySize;
  series: FrameSeries;
  /** Seconds of video: first frame to the end of the last. */
  duration: number;
  route: MeasureRoute;
}

/** A frame's display time when the stream gives no usable timestamps. */
function fillTimes(times: readonly number[], frames: number, fps: number): number[] {
  const ok = times.length === frames && times.every((t) => Number.isFinite(t));
  if (ok) return [...times];
  const rate = fps > 0 ? fps : 24;
  return Array.from({ length: frames }, (_, i) => i / rate);
}

/** Typical frame duration, from the timestamps (median step) or the declared rate. */
export function frameDurationOf(t: readonly number[], fps: number): number {
  const steps: number[] = [];
  for (let i = 1; i < t.length; i++) steps.push(t[i]! - t[i - 1]!);
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)];
  if (median !== undefined && median > 0) return median;
  return fps > 0 ? 1 / fps : 1 / 24;
}

const sameSize = (a: ProxySize | undefined, b: ProxySize) => a !== undefined && a.width === b.width && a.height === b.height;

/** The clip's facts, and the decode of its proxy already started. */
async function startMeasuring(file: string, options: MeasureOptions): Promise<{ info: ClipInfo; proxy: ProxySize; decode: ProxyDecode; route: MeasureRoute }> {
  const { ffmpeg, ffprobe } = options.programs;
  const decodeOptions = (threads: number): DecodeOptions => ({
    ffmpeg,
    threads,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
  });
  // Starting ffmpeg takes about as long as learning the facts (loading its libraries, or running
  // ffprobe): the likely proxy's decode starts at once, and is kept only if it is exactly the
  // decode the facts ask for.
  const likelyThreads = decodeThreadsFor(1920, 1080);
  const likely = options.proxyMaxSide === undefined ? startProxyDecode(file, LIKELY_PROXY_FILTER, decodeOptions(likelyThreads)) : undefined;
  let info: ClipInfo | undefined;
  let facts: MeasureRoute["facts"] = "container";
  try {
    info = await options.readContainerFacts?.(file).catch(() => undefined);
    if (!info) {
      facts = "probe";
      info = await probeClip(file, ffprobe, options.signal);
    }
  } catch (error) {
    likely?.drop();
    throw error;
  }
  const proxy = proxySizeFor(info.width, info.height, options.proxyMaxSide);
  const threads = decodeThreadsFor(info.width, info.height);
  if (likely) {
    if (info.range === "limited" && threads === likelyThreads && sameSize(await likely.outputSize, proxy)) {
      return { info, proxy, decode: likely, route: { facts, likelyDecodeKept: true } };
    }
    likely.drop();
  }
  const decode = startProxyDecode(file, proxyFilterFor(proxy, info.range), decodeOptions(threads));
  return { info, proxy, decode, route: { facts, likelyDecodeKept: false } };
}

/** Measures every frame of `file`. Rejects with a MediaError for anything that is not a whole, readable video. */
export async function measureSeries(file: string, options: MeasureOptions): Promise<MeasuredSeries> {
  const { info, proxy, decode, route } = await startMeasuring(file, options);
  const meter = new FrameMeter(proxy.width, proxy.height, info.range);
  const recorder = new SeriesRecorder();
  const decoded = await decode.run(proxy, (frame) => recorder.add(meter.measure(frame)));
  const frames = recorder.frames;
  const partial = decoded.complaints.some((line) => /partial file|Invalid data|corrupt|error while decoding/i.test(line));
  if (frames === 0) throw new MediaError("corrupt", `${file} has no decodable frames${partial ? " (the file is cut short or damaged)" : ""}.`, file);
  if (info.declaredFrames !== undefined && frames < info.declaredFrames * 0.98 - 2) {
    throw new MediaError(
      "truncated",
      `${file} is truncated or damaged: only ${frames} of its ${info.declaredFrames} frames could be decoded${partial ? " (ffmpeg: partial file)" : ""}.`,
      file,
    );
  }
  if (frames < 2) throw new MediaError("not-media", `${file} holds a single picture, not a video.`, file);
  const series = recorder.finish(fillTimes(decoded.times, frames, info.fps));
  const last = series.t[frames - 1]!;
  const duration = last + frameDurationOf(series.t, info.fps);
  // Containers that do not count frames (Matroska, WebM): ffmpeg says the file ended early and the
  // pictures stop well before the duration the header declares.
  const endedEarly = decoded.complaints.find((line) => /partial file|ended prematurely|truncat/i.test(line));
  if (info.declaredFrames === undefined && endedEarly && duration < info.duration - Math.max(0.5, 2 * frameDurationOf(series.t, info.fps))) {
    throw new MediaError(
      "truncated",
      `${file} is truncated or damaged: its pictures stop at ${duration.toFixed(2)} s of the ${info.duration.toFixed(2)} s it declares (ffmpeg: ${endedEarly.replace(/^\[[^\]]*\]\s*/, "")}).`,
      file,
    );
  }
  return { info, proxy, series, duration, route };
}
