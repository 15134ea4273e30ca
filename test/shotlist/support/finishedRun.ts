import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { JobRecord } from "../../../src/core/jobRecord";
import { validateRequest } from "../../../src/core/validation";
import { findFfmpegProgram } from "../../../src/media/ffmpegBinary";
import { findModel } from "../../../src/providers/catalog";
import { parseJsonShotList } from "../../../src/shotlist/jsonShotList";
import { buildShotPlan } from "../../../src/shotlist/shotPlan";

/** A real H.264 MP4 of exactly `seconds` at 24 fps (120 frames for 5 s), made with ffmpeg. */
export async function makeClip(file: string, seconds: number, size = "256x144"): Promise<void> {
  await promisify(execFile)(findFfmpegProgram("ffmpeg"), [
    "-v", "error", "-y", "-f", "lavfi", "-i", `color=c=gray:s=${size}:r=24:d=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file,
  ]);
}

export interface ShotSpecForRun {
  /** What the shot list asks for. */
  seconds: number;
  /** How long the provider's clip really is (at 24 fps); undefined when the shot failed. */
  clipSeconds?: number;
  takes?: number;
  /** Sets `extra.shotlist.startTicks`, as a plan whose list fixes start times does. */
  startTicks?: bigint;
}

/**
 * The jobs of a finished `shotbin run`: each shot's takes `ready` with a real clip in `folder`
 * (`<shot>_t<take>.mp4`), or `failed` when the shot has no `clipSeconds`.
 */
export async function finishedRun(folder: string, shots: ShotSpecForRun[], options: { resolution?: string } = {}): Promise<JobRecord[]> {
  const list = parseJsonShotList(
    JSON.stringify({
      name: "Harbour: Day 3",
      defaults: { model: "shotbin-sim", seedPolicy: "per-shot:5", ...(options.resolution ? { resolution: options.resolution } : {}) },
      shots: shots.map((shot, i) => ({ shot: `${i + 1}A`, prompt: `Harbour, shot ${i + 1}, "quoted" & <angled>, comma, semicolon;`, duration: shot.seconds, camera: "Wide", lens: "35mm", ...(shot.takes ? { takes: shot.takes } : {}) })),
    }),
    { file: "h.json" },
  );
  const plan = buildShotPlan(list, { check: (r) => validateRequest(findModel("simulator", "shotbin-sim")!, r), usable: ["simulator"], now: Date.parse("2026-11-20T10:00:00Z") });
  if (plan.refusal) throw new Error(plan.refusal);
  const at = "2026-11-20T10:05:00.000Z";
  const jobs: JobRecord[] = [];
  for (const job of plan.jobs) {
    const spec = shots[job.shot.order]!;
    const extra = spec.startTicks !== undefined ? { ...(job.extra ?? {}), shotlist: { ...((job.extra?.shotlist as object | undefined) ?? {}), startTicks: String(spec.startTicks) } } : job.extra;
    const base = { ...job, ...(extra ? { extra } : {}) };
    if (spec.clipSeconds === undefined) {
      jobs.push({ ...base, state: "failed", failure: { step: "track", kind: "content-policy", message: "The prompt was flagged.", retryable: false, charged: false, at } });
      continue;
    }
    const file = join(folder, `${job.shot.shotId}_t${job.shot.take}.mp4`);
    await makeClip(file, spec.clipSeconds);
    jobs.push({ ...base, state: "ready", file, handle: { provider: "simulator", model: "shotbin-sim", id: `sim_${job.id}`, idempotencyKey: job.id, submittedAt: at, data: {} }, history: [...job.history, { state: "succeeded", at }] });
  }
  return jobs;
}
