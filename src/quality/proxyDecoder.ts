/**
 * One streaming decode of a clip to a small Y'CbCr 4:2:0 proxy (Node only). ffmpeg scales every
 * frame to fit 320×320 by area averaging, in the file's own sample range (so sub-blacks and
 * super-whites survive for the level checks), and pipes raw frames to us; `showinfo` reports each
 * frame's presentation time on stderr. Frames are handed over one at a time in a reused buffer:
 * memory stays the same whatever the clip's length.
 *
 * Why a raw pipe rather than ffmpeg's own signalstats/freezedetect/scdet: the colour temperature
 * of near-neutral pixels, clip and legal-range fractions at the declared range, and the
 * gain-independent frame correlation need the pixels anyway, and on this machine the raw pipe
 * decodes a 10 s 1080p H.264 clip in the same CPU time as the filter graph (see docs/qa.md).
 */
import { spawn } from "node:child_process";
import { availableParallelism, setPriority } from "node:os";
import { MediaError } from "../core/errors";
import type { ClipInfo } from "./qualityTypes";

/** The longer side of the analysis proxy, in pixels. */
export const PROXY_MAX_SIDE = 320;

export interface ProxySize {
  width: number;
  height: number;
}

/** Fits the picture within PROXY_MAX_SIDE (never enlarging), even sides, at least 2×2. */
export function proxySizeFor(width: number, height: number, maxSide = PROXY_MAX_SIDE): ProxySize {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const even = (value: number) => Math.max(2, 2 * Math.round((value * scale) / 2));
  return { width: even(width), height: even(height) };
}

export interface DecodeResult {
  /** Presentation time of each frame handed over, seconds (the file's own clock). */
  times: number[];
  /** ffmpeg's complaints (not its per-frame reports), last few lines. */
  complaints: string[];
}

const SHOWINFO = /\bn:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:(\S+)/;
const MAX_COMPLAINTS = 12;

/** The `-vf` chain that makes the proxy: `scale` given as ffmpeg's width and height expressions. */
function proxyFilter(width: string, height: string, range: ClipInfo["range"]): string {
  return [`scale=${width}:${height}:flags=area:out_range=${range === "full" ? "pc" : "tv"}`, "format=yuv420p", "showinfo=checksum=0"].join(",");
}

/**
 * The proxy most clips get (limited range, landscape, 320 wide), as ffmpeg's own size rule: a
 * decode started with it before the probe answers is kept only when ffmpeg then reports exactly
 * the size `proxySizeFor` asks for and the probe says limited range (see measureSeries).
 */
export const LIKELY_PROXY_FILTER = proxyFilter(`'min(${PROXY_MAX_SIDE},iw)'`, "-2", "limited");

/** The proxy filter for a probed clip. */
export function proxyFilterFor(size: ProxySize, range: ClipInfo["range"]): string {
  return proxyFilter(String(size.width), String(size.height), range);
}

/** How much proxy a decode started before its clip is probed may hold in memory (about 190 frames at 320×180). */
const EARLY_BYTES = 16 * 1024 * 1024;

/** `Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p(tv, ...), 320x180, q=2-31, ...` in the output section. */
const OUTPUT_STREAM = /^\s*Stream #0:0.*: Video: rawvideo\b.*?, (\d+)x(\d+)\b/;

/**
 * A started decode whose first frames wait (up to EARLY_BYTES, then ffmpeg blocks on the pipe)
 * until `run` takes them, so it can start before the clip's facts are known and be dropped if it
 * guessed wrong.
 */
export interface ProxyDecode {
  /** The proxy size ffmpeg reports for its output, or undefined when it ends without one. */
  readonly outputSize: Promise<ProxySize | undefined>;
  /** Hands every frame of `size` to `onFrame` (the buffer is reused: copy what you keep). */
  run(size: ProxySize, onFrame: (frame: Uint8Array) => void): Promise<DecodeResult>;
  /** Stops ffmpeg; the decode is not used. */
  drop(): void;
}

export interface DecodeOptions {
  ffmpeg: string;
  signal?: AbortSignal;
  /** Scheduling priority for ffmpeg (os.setPriority: 19 lowest), so a server measuring keeps its own turns. */
  priority?: number;
  /** Decoder threads; 0 (the default) lets ffmpeg choose. See decodeThreadsFor. */
  threads?: number;
}

/** Pictures up to this many pixels (1080p) get the extra decoder threads of decodeThreadsFor. */
const EXTRA_THREADS_MAX_PIXELS = 1920 * 1088;

/**
 * Decoder threads for a picture size. ffmpeg's own choice (one more than the cores) leaves a
 * 2-core machine partly idle while its main thread scales the pictures down, and a few more
 * frames in flight fill it: about 5 % faster for 1080p H.264 (docs/qa.md, Benchmark). Every
 * thread holds frames, so larger pictures keep ffmpeg's choice and the memory it implies.
 */
export function decodeThreadsFor(width: number, height: number, cores = availableParallelism()): number {
  return width * height <= EXTRA_THREADS_MAX_PIXELS ? Math.min(16, Math.max(6, cores + 1)) : 0;
}

export function startProxyDecode(file: string, filter: string, options: DecodeOptions): ProxyDecode {
  const { ffmpeg, signal, priority } = options;
  const args = [
    "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
    // The proxy keeps the stored orientation: rotation changes nothing we measure.
    "-noautorotate",
    "-threads", String(options.threads ?? 0),
    "-i", file,
    "-map", "0:v:0", "-an", "-sn", "-dn",
    "-vf", filter,
    // Every decoded frame, once, with no frames added or dropped to make a constant rate.
    "-fps_mode", "passthrough",
    "-f", "rawvideo",
    "pipe:1",
  ];
  const child = spawn(ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"], signal });
  if (priority !== undefined && child.pid !== undefined) lowerPriority(child.pid, priority);
  const times: number[] = [];
  const complaints: string[] = [];
  let pendingLine = "";
  let inOutput = false;
  let reportSize: (size: ProxySize | undefined) => void = () => undefined;
  const outputSize = new Promise<ProxySize | undefined>((resolve) => (reportSize = resolve));

  const readLine = (line: string) => {
    const match = SHOWINFO.exec(line);
    if (match) {
      const index = Number(match[1]);
      const t = Number(match[3]);
      times[index] = Number.isFinite(t) ? t : Number.NaN;
      return;
    }
    if (/^Output #0/.test(line)) inOutput = true;
    const stream = inOutput ? OUTPUT_STREAM.exec(line) : null;
    if (stream) reportSize({ width: Number(stream[1]), height: Number(stream[2]) });
    if (/Parsed_showinfo|^\s*$/.test(line)) return;
    complaints.push(line.trim());
    if (complaints.length > MAX_COMPLAINTS) complaints.shift();
  };
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    const lines = (pendingLine + text).split("\n");
    pendingLine = lines.pop() ?? "";
    for (const line of lines) readLine(line);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  let onError: (error: NodeJS.ErrnoException) => void = (error) => (spawnError = error);
  child.on("error", (error: NodeJS.ErrnoException) => onError(error));
  child.on("exit", () => reportSize(undefined));
  // Listeners from the start, so nothing that happens before `run` is missed. Frames that come
  // before `run` wants them wait here, up to EARLY_BYTES; then the pipe is paused and ffmpeg waits.
  const early: Buffer[] = [];
  let earlyBytes = 0;
  let onChunk: (chunk: Buffer) => void = (chunk) => {
    early.push(chunk);
    earlyBytes += chunk.length;
    if (earlyBytes >= EARLY_BYTES) child.stdout.pause();
  };
  child.stdout.on("data", (chunk: Buffer) => onChunk(chunk));
  let closedWith: { code: number | null } | undefined;
  let onClose: (code: number | null) => void = (code) => (closedWith = { code });
  child.on("close", (code) => onClose(code));

  return {
    outputSize,
    drop() {
      child.stdout.destroy();
      child.kill("SIGKILL");
    },
    run(size, onFrame) {
      const frameBytes = size.width * size.height * 1.5;
      return new Promise((resolve, reject) => {
        const frame = new Uint8Array(frameBytes);
        let filled = 0;
        let failure: unknown;
        onError = (error) => {
          if (error.name === "AbortError") reject(new MediaError("aborted", `Measuring ${file} was cancelled.`, file));
          else reject(new MediaError("io", `Could not run ffmpeg (${ffmpeg}): ${error.message}`, file, { cause: error }));
        };
        if (spawnError) return onError(spawnError);
        onChunk = (chunk: Buffer) => {
          if (failure || signal?.aborted) return;
          let offset = 0;
          try {
            while (offset < chunk.length) {
              const take = Math.min(frameBytes - filled, chunk.length - offset);
              frame.set(chunk.subarray(offset, offset + take), filled);
              filled += take;
              offset += take;
              if (filled === frameBytes) {
                filled = 0;
                onFrame(frame);
                if (signal?.aborted) return;
              }
            }
          } catch (error) {
            failure = error;
            child.kill("SIGKILL");
          }
        };
        onClose = (code) => {
          if (pendingLine) readLine(pendingLine);
          if (signal?.aborted) return; // the error event has answered
          if (failure) return reject(failure instanceof Error ? failure : new Error(String(failure)));
          if (code !== 0) {
            return reject(new MediaError("corrupt", `ffmpeg could not decode ${file}: ${complaints.at(-1) ?? `exit status ${code}`}`, file));
          }
          if (filled !== 0) return reject(new MediaError("corrupt", `ffmpeg ended ${file} in the middle of a frame.`, file));
          resolve({ times, complaints });
        };
        for (const chunk of early.splice(0)) onChunk(chunk);
        if (closedWith) onClose(closedWith.code);
        else child.stdout.resume();
      });
    },
  };
}

/**
 * Decodes `file` and calls `onFrame` with each proxy frame (the buffer is reused: copy what you
 * keep). Resolves when ffmpeg has finished; rejects with a MediaError when it fails.
 */
export function decodeProxy(file: string, info: ClipInfo, size: ProxySize, options: DecodeOptions, onFrame: (frame: Uint8Array) => void): Promise<DecodeResult> {
  return startProxyDecode(file, proxyFilterFor(size, info.range), options).run(size, onFrame);
}

/** Best effort: a platform or user that may not change priorities measures at the normal one. */
export function lowerPriority(pid: number, priority: number): void {
  try {
    setPriority(pid, priority);
  } catch {
    // not permitted here
  }
}
