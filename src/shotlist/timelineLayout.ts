import type { JobRecord, JobState } from "../core/jobRecord";

/**
 * The shot list laid end to end on one video track, the way the exports describe it: one slot
 * per shot in list order, each as long as the shot, filled by its first finished take. A shot
 * with no finished take leaves a gap, so every other shot stays where the plan put it.
 */

/** A frame rate as an exact fraction: 24000/1001 for 23.976. */
export interface FrameRate {
  num: number;
  den: number;
}

const NAMED_RATES: Record<string, FrameRate> = {
  "23.976": { num: 24000, den: 1001 },
  "23.98": { num: 24000, den: 1001 },
  "24": { num: 24, den: 1 },
  "25": { num: 25, den: 1 },
  "29.97": { num: 30000, den: 1001 },
  "30": { num: 30, den: 1 },
  "48": { num: 48, den: 1 },
  "50": { num: 50, den: 1 },
  "59.94": { num: 60000, den: 1001 },
  "60": { num: 60, den: 1 },
};

export function parseFrameRate(text: string): FrameRate | undefined {
  const trimmed = text.trim();
  if (NAMED_RATES[trimmed]) return NAMED_RATES[trimmed];
  const fraction = /^(\d+)\/(\d+)$/.exec(trimmed);
  if (fraction && Number(fraction[2]) > 0) return { num: Number(fraction[1]), den: Number(fraction[2]) };
  return undefined;
}

export function fps(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** The timecode base: 24 for 23.976, 30 for 29.97. */
export function nominalFps(rate: FrameRate): number {
  return Math.round(rate.num / rate.den);
}

export function secondsToFrames(seconds: number, rate: FrameRate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** States in which a take's clip is on disk, embedded and final. */
const FINISHED: readonly JobState[] = ["ready", "importing", "imported", "placing", "placed"];

export interface LaidClip {
  kind: "clip";
  shotId: string;
  take: number;
  startFrame: number;
  durationFrames: number;
  /** The clip on disk. */
  file: string;
  job: JobRecord;
}

export interface LaidGap {
  kind: "gap";
  shotId: string;
  startFrame: number;
  durationFrames: number;
  /** Why the slot is empty: the failure, or the state the shot's take is in. */
  reason: string;
}

export interface TimelineLayout {
  name: string;
  rate: FrameRate;
  items: (LaidClip | LaidGap)[];
  durationFrames: number;
  /** Every finished take (the slot's and the others), for the Resolve CSV. */
  finished: JobRecord[];
}

/** The slot length the plan recorded for the shot; the request's duration otherwise. */
export function slotSeconds(job: JobRecord): number {
  const extra = job.extra?.shotlist as { slotSeconds?: unknown } | undefined;
  return typeof extra?.slotSeconds === "number" ? extra.slotSeconds : job.request.durationSeconds;
}

export function layoutTimeline(jobs: readonly JobRecord[], options: { name: string; rate: FrameRate }): TimelineLayout {
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
  let frame = 0;
  for (const order of [...byShot.keys()].sort((a, b) => a - b)) {
    const takes = byShot.get(order)!.sort((a, b) => a.shot.take - b.shot.take);
    const first = takes[0]!;
    const durationFrames = Math.max(1, secondsToFrames(slotSeconds(first), options.rate));
    const done = takes.filter((job) => FINISHED.includes(job.state) && job.file);
    finished.push(...done);
    const chosen = done[0];
    if (chosen) {
      items.push({ kind: "clip", shotId: chosen.shot.shotId, take: chosen.shot.take, startFrame: frame, durationFrames, file: chosen.file!, job: chosen });
    } else {
      const failed = takes.find((job) => job.state === "failed");
      items.push({ kind: "gap", shotId: first.shot.shotId, startFrame: frame, durationFrames, reason: failed?.failure?.message ?? `not finished (${first.state})` });
    }
    frame += durationFrames;
  }
  return { name: options.name, rate: options.rate, items, durationFrames: frame, finished };
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
