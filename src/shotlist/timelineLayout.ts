import type { JobRecord, JobState } from "../core/jobRecord";
import type { ClipFacts } from "./clipFacts";
import { shotFrames, ticksToNearestFrame, wholeFrames, type FrameRate } from "./frameRate";
import { isDropFrameRate, timecode } from "./timecode";

export { fps, nominalFps, parseFrameRate, type FrameRate } from "./frameRate";

/**
 * The shot list laid on one video track, the way the exports describe it: one slot per shot in
 * list order, filled by its first finished take, laid end to end by the whole frames each clip
 * really holds (read from the file), trimmed to the shot's length when the clip runs longer. A
 * shot with no finished take leaves a gap of its planned length. A shot whose start the list
 * fixes (`extra.shotlist.startTicks`) starts there, and the space before it stays empty.
 */

export interface FrameSize {
  width: number;
  height: number;
}

/** Where the timeline's frame size came from: the caller (the sequence settings), the clips, the shots' requests, or the 1920×1080 default. */
export type FrameSizeSource = "given" | "clips" | "requests" | "default";

/** States in which a take's clip is on disk, embedded and final. */
const FINISHED: readonly JobState[] = ["ready", "importing", "imported", "placing", "placed"];

export interface LaidClip {
  kind: "clip";
  shotId: string;
  take: number;
  startFrame: number;
  /** Frames on the timeline: the clip's own whole frames, at most the shot's. */
  durationFrames: number;
  /** The whole frames the clip holds at the timeline rate, when its file could be read. */
  sourceFrames?: number;
  /** The clip on disk. */
  file: string;
  job: JobRecord;
}

export interface LaidGap {
  kind: "gap";
  shotId: string;
  startFrame: number;
  durationFrames: number;
  /** `no-take`: the shot's slot is empty; `fixed-start`: the list fixes the next shot's start later than the shot before ends. */
  cause: "no-take" | "fixed-start";
  /** Why the slot is empty: the failure, or the state the shot's take is in. */
  reason: string;
}

export interface TimelineLayout {
  name: string;
  rate: FrameRate;
  /** Drop-frame timecode (29.97 and 59.94 unless turned off). */
  dropFrame: boolean;
  frameSize: FrameSize & { source: FrameSizeSource };
  items: (LaidClip | LaidGap)[];
  durationFrames: number;
  /** Every finished take (the slot's and the others), for the Resolve CSV. */
  finished: JobRecord[];
  /** What an editor should know about this timeline: gaps that remain, clips shorter than their shot, clips that could not be read. */
  messages: string[];
}

export interface LayoutOptions {
  name: string;
  rate: FrameRate;
  /** The sequence's frame size, when the caller knows it; otherwise the clips' own. */
  frameSize?: FrameSize;
  /** What was read from each clip, by job id (see clipFacts.ts); a clip missing here is laid at its shot's length. */
  clips?: ReadonlyMap<string, ClipFacts>;
  /** Why a clip could not be read, by job id, for the messages. */
  clipProblems?: ReadonlyMap<string, string>;
  /** Drop-frame timecode at 29.97 and 59.94 (default true; ignored at other rates). */
  dropFrame?: boolean;
  /** Job ids chosen for their shots (`shotbin run --pick best`): such a take fills its shot's slot instead of the first finished one. */
  chosen?: ReadonlySet<string>;
}

export function isFinishedTake(job: JobRecord): boolean {
  return FINISHED.includes(job.state) && !!job.file;
}

/** The slot length the plan recorded for the shot; the request's duration otherwise. */
export function slotSeconds(job: JobRecord): number {
  const extra = job.extra?.shotlist as { slotSeconds?: unknown } | undefined;
  return typeof extra?.slotSeconds === "number" ? extra.slotSeconds : job.request.durationSeconds;
}

/** A start the shot list fixes for the shot, in Premiere ticks (plans made from sequence markers set it). */
export function fixedStartTicks(job: JobRecord): bigint | undefined {
  const extra = job.extra?.shotlist as { startTicks?: unknown } | undefined;
  return typeof extra?.startTicks === "string" && /^\d{1,20}$/.test(extra.startTicks) ? BigInt(extra.startTicks) : undefined;
}

/** "1920x1080" (or 1920×1080) as a frame size: even, from 16 to 16384 pixels a side. */
export function parseFrameSize(text: string): FrameSize | undefined {
  const match = /^\s*(\d{2,5})\s*[x×X]\s*(\d{2,5})\s*$/.exec(text);
  if (!match) return undefined;
  const [width, height] = [Number(match[1]), Number(match[2])];
  const ok = (n: number) => n >= 16 && n <= 16384 && n % 2 === 0;
  return ok(width) && ok(height) ? { width, height } : undefined;
}

const SHORT_SIDE: Record<string, number> = { "480p": 480, "720p": 720, "1024p": 1024, "1080p": 1080, "4k": 2160 };

/** The frame size a request asks for: its resolution's short side at its aspect ratio ("720p", "9:16" → 720×1280). */
export function requestFrameSize(resolution: string | undefined, aspectRatio: string | undefined): FrameSize | undefined {
  const short = SHORT_SIDE[resolution ?? ""];
  const aspect = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspectRatio ?? "16:9");
  if (!short || !aspect) return undefined;
  const [w, h] = [Number(aspect[1]), Number(aspect[2])];
  if (!(w > 0 && h > 0)) return undefined;
  const even = (n: number) => Math.round(n / 2) * 2;
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) };
}

function chooseFrameSize(options: LayoutOptions, clips: LaidClip[], messages: string[]): TimelineLayout["frameSize"] {
  if (options.frameSize) return { ...options.frameSize, source: "given" };
  const counts = new Map<string, { size: FrameSize; count: number }>();
  for (const clip of clips) {
    const facts = options.clips?.get(clip.job.id);
    if (!facts || facts.width < 1 || facts.height < 1) continue;
    const key = `${facts.width}×${facts.height}`;
    const entry = counts.get(key) ?? { size: { width: facts.width, height: facts.height }, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].count - a[1].count);
  if (ranked.length > 0) {
    const [key, { size }] = ranked[0]!;
    if (ranked.length > 1) messages.push(`The clips differ in frame size (${ranked.map(([k, v]) => `${k} ×${v.count}`).join(", ")}): the timeline is ${key}, the size most of them have.`);
    return { ...size, source: "clips" };
  }
  for (const clip of clips) {
    const size = requestFrameSize(clip.job.request.resolution, clip.job.request.aspectRatio);
    if (size) return { ...size, source: "requests" };
  }
  return { width: 1920, height: 1080, source: "default" };
}

export function layoutTimeline(jobs: readonly JobRecord[], options: LayoutOptions): TimelineLayout {
  const rate = options.rate;
  const dropFrame = (options.dropFrame ?? true) && isDropFrameRate(rate);
  const at = (frame: number) => timecode(frame, rate, dropFrame);
  const replaced = new Set(jobs.map((job) => job.retryOf).filter((id): id is string => !!id));
  const byShot = new Map<number, JobRecord[]>();
  for (const job of jobs) {
    if (replaced.has(job.id)) continue;
    const list = byShot.get(job.shot.order) ?? [];
    list.push(job);
    byShot.set(job.shot.order, list);
  }
  const items: (LaidClip | LaidGap)[] = [];
  const finished: JobRecord[] = [];
  const messages: string[] = [];
  let frame = 0;
  for (const order of [...byShot.keys()].sort((a, b) => a - b)) {
    const takes = byShot.get(order)!.sort((a, b) => a.shot.take - b.shot.take);
    const first = takes[0]!;
    const shotId = first.shot.shotId;
    const slotFrames = Math.max(1, shotFrames(slotSeconds(first), rate));
    const fixed = fixedStartTicks(first);
    if (fixed !== undefined) frame = startAtFixedFrame(items, frame, ticksToNearestFrame(fixed, rate), shotId, at, messages);
    const done = takes.filter(isFinishedTake);
    finished.push(...done);
    const chosen = done.find((job) => options.chosen?.has(job.id)) ?? done[0];
    if (!chosen) {
      const failed = takes.find((job) => job.state === "failed");
      const reason = failed?.failure?.message ?? `not finished (${first.state})`;
      items.push({ kind: "gap", shotId, startFrame: frame, durationFrames: slotFrames, cause: "no-take", reason });
      messages.push(`Shot ${shotId} has no finished take (${reason}): its ${slotFrames} frames from ${at(frame)} are empty.`);
      frame += slotFrames;
      continue;
    }
    const facts = options.clips?.get(chosen.id);
    const sourceFrames = facts ? wholeFrames(facts.duration, rate) : undefined;
    const name = baseName(chosen.file!);
    if (sourceFrames === undefined) {
      const problem = options.clipProblems?.get(chosen.id);
      messages.push(`The length of ${name} (shot ${shotId}) is unknown${problem ? ` (${problem})` : ""}: it is laid at the shot's ${slotFrames} frames.`);
    } else if (sourceFrames < 1) {
      items.push({ kind: "gap", shotId, startFrame: frame, durationFrames: slotFrames, cause: "no-take", reason: `${name} holds no whole frame` });
      messages.push(`${name} (shot ${shotId}) holds no whole frame at this rate: its ${slotFrames} frames from ${at(frame)} are empty.`);
      frame += slotFrames;
      continue;
    } else if (sourceFrames < slotFrames) {
      messages.push(`${name} (shot ${shotId}) holds ${sourceFrames} whole frames, ${slotFrames - sourceFrames} fewer than the shot's ${slotFrames}: the next shot follows it at once.`);
    }
    const durationFrames = Math.min(slotFrames, sourceFrames ?? slotFrames);
    items.push({ kind: "clip", shotId, take: chosen.shot.take, startFrame: frame, durationFrames, ...(sourceFrames !== undefined ? { sourceFrames } : {}), file: chosen.file!, job: chosen });
    frame += durationFrames;
  }
  const frameSize = chooseFrameSize(options, items.filter((item): item is LaidClip => item.kind === "clip"), messages);
  return { name: options.name, rate, dropFrame, frameSize, items, durationFrames: frame, finished, messages };
}

/**
 * Moves the cursor to a shot's fixed start: the space before it becomes a gap, and what would run
 * past it is cut at it (an item entirely past it is dropped). Returns the new cursor.
 */
function startAtFixedFrame(items: (LaidClip | LaidGap)[], frame: number, fixed: number, shotId: string, at: (frame: number) => string, messages: string[]): number {
  if (fixed > frame) {
    items.push({ kind: "gap", shotId, startFrame: frame, durationFrames: fixed - frame, cause: "fixed-start", reason: `the list starts shot ${shotId} at ${at(fixed)}` });
    messages.push(`${fixed - frame} empty frames before shot ${shotId} (${at(frame)} to ${at(fixed)}): the list fixes its start.`);
  } else if (fixed < frame) {
    while (items.length > 0 && items[items.length - 1]!.startFrame >= fixed) {
      const dropped = items.pop()!;
      messages.push(`Shot ${dropped.shotId} is left out: the list starts shot ${shotId} at ${at(fixed)}, before ${dropped.shotId} begins.`);
    }
    const last = items[items.length - 1];
    if (last && last.startFrame + last.durationFrames > fixed) {
      const cut = last.startFrame + last.durationFrames - fixed;
      last.durationFrames -= cut;
      messages.push(`Shot ${last.shotId} is cut by ${cut} frames: the list starts shot ${shotId} at ${at(fixed)}.`);
    }
  }
  return fixed;
}

/** `file:///` URL of a local path (POSIX or Windows), percent-encoded, without Node's url module. */
export function fileUrl(path: string): string {
  const slashed = path.replace(/\\/g, "/");
  const absolute = /^[A-Za-z]:\//.test(slashed) ? `/${slashed}` : slashed;
  return `file://${absolute.split("/").map((part, i) => (i === 1 && /^[A-Za-z]:$/.test(part) ? part : encodeURIComponent(part))).join("/")}`;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
