/**
 * What the panel records on each job beyond the core record (JobRecord.extra): how far to take it,
 * where it goes in the project, where on the timeline, and the editor's review decision. Recorded
 * when the job is planned, so a job resumed after a restart lands where it was meant to.
 */
import type { JobRecord, JobState } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import type { BinRef } from "../../host/premiereHost";

export type PanelGoal = "ready" | "imported" | "placed";

export interface PanelPlacement {
  sequenceId: string;
  sequenceName: string;
  frame: number;
  track: number;
}

export interface PanelJobExtra {
  goal: PanelGoal;
  /** The target bin when the job was planned. */
  bin?: BinRef;
  /** Sub-bins under it (`["Shotbin", "2026-11-24"]`). */
  binPath: string[];
  /** The project the job was planned in; it is imported only there. */
  projectPath?: string;
  placement?: PanelPlacement;
  /** The editor chose not to import this take. */
  discarded?: boolean;
}

const GOALS: readonly PanelGoal[] = ["ready", "imported", "placed"];

function isBinRef(value: unknown): value is BinRef {
  const bin = value as BinRef | undefined;
  return !!bin && typeof bin.id === "string" && typeof bin.name === "string" && Array.isArray(bin.path);
}

function isPlacement(value: unknown): value is PanelPlacement {
  const p = value as PanelPlacement | undefined;
  return !!p && typeof p.sequenceId === "string" && Number.isInteger(p.frame) && Number.isInteger(p.track);
}

/** The panel's extras of a job; jobs from the CLI or older versions get safe defaults. */
export function jobExtra(job: Pick<JobRecord, "extra">): PanelJobExtra {
  const extra = (job.extra ?? {}) as Record<string, unknown>;
  const goal = GOALS.includes(extra.goal as PanelGoal) ? (extra.goal as PanelGoal) : "ready";
  return {
    goal,
    binPath: Array.isArray(extra.binPath) ? extra.binPath.filter((part): part is string => typeof part === "string") : [],
    ...(isBinRef(extra.bin) ? { bin: extra.bin } : {}),
    ...(typeof extra.projectPath === "string" ? { projectPath: extra.projectPath } : {}),
    ...(isPlacement(extra.placement) ? { placement: extra.placement } : {}),
    ...(extra.discarded === true ? { discarded: true } : {}),
  };
}

export function extraJson(extra: PanelJobExtra, base?: JsonObject): JsonObject {
  const json: JsonObject = { ...(base ?? {}), goal: extra.goal, binPath: extra.binPath };
  if (extra.bin) json.bin = { id: extra.bin.id, name: extra.bin.name, path: extra.bin.path };
  else delete json.bin;
  if (extra.projectPath) json.projectPath = extra.projectPath;
  if (extra.placement) json.placement = { ...extra.placement };
  else delete json.placement;
  if (extra.discarded) json.discarded = true;
  else delete json.discarded;
  return json;
}

const ORDER: readonly JobState[] = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready", "importing", "imported", "placing", "placed"];

export function stateRank(state: JobState): number {
  return ORDER.indexOf(state);
}

/** Still on its way to its goal: not failed, cancelled or discarded, and not there yet. */
export function isUnfinished(job: JobRecord): boolean {
  if (job.state === "failed" || job.state === "cancelled") return false;
  const extra = jobExtra(job);
  if (extra.discarded) return false;
  return stateRank(job.state) < stateRank(extra.goal);
}

/** A finished take waiting for the editor to import or discard it. */
export function awaitsReview(job: JobRecord): boolean {
  const extra = jobExtra(job);
  return job.state === "ready" && extra.goal === "ready" && !extra.discarded;
}
