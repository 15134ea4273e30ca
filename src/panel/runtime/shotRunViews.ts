/**
 * Shot-list runs as the ledger holds them: jobs with a `runId` and `extra.shotRun` (the money
 * approved), grouped into runs and shots for the Shot list tab. Each shot's slot holds one take
 * (`extra.timeline.take`, 1 unless replaced); the other takes wait in the bin.
 */
import type { JobRecord } from "../../core/jobRecord";
import { isUnfinished } from "./jobExtras";

export interface ShotRunExtra {
  approvedUsd: number;
}

export function shotRunOf(job: Pick<JobRecord, "extra">): ShotRunExtra | undefined {
  const value = job.extra?.shotRun as { approvedUsd?: unknown } | undefined;
  return value && typeof value.approvedUsd === "number" ? { approvedUsd: value.approvedUsd } : undefined;
}

export function isShotListJob(job: Pick<JobRecord, "runId" | "extra">): boolean {
  return !!job.runId && shotRunOf(job) !== undefined;
}

export interface ShotTakeView {
  take: number;
  /** The newest attempt of the take (a retried take's replacement). */
  job: JobRecord;
  inBin: boolean;
}

export interface ShotView {
  shotId: string;
  order: number;
  /** The take in the shot's slot. */
  slotTake: number;
  takes: ShotTakeView[];
  unfinished: boolean;
}

export interface ShotRunView {
  runId: string;
  name: string;
  createdAt: string;
  approvedUsd: number;
  shots: ShotView[];
  takes: number;
  done: number;
  failed: number;
  unfinished: number;
}

function slotTakeOf(job: JobRecord): number | undefined {
  const timeline = job.extra?.timeline as { take?: unknown } | undefined;
  return typeof timeline?.take === "number" ? timeline.take : undefined;
}

/** Runs, newest first, from the panel's jobs. */
export function shotRunsFrom(jobs: Iterable<JobRecord>): ShotRunView[] {
  const byRun = new Map<string, JobRecord[]>();
  for (const job of jobs) {
    if (!isShotListJob(job)) continue;
    byRun.set(job.runId!, [...(byRun.get(job.runId!) ?? []), job]);
  }
  const runs: ShotRunView[] = [];
  for (const [runId, runJobs] of byRun) {
    const replaced = new Set(runJobs.map((job) => job.retryOf).filter(Boolean));
    const current = runJobs.filter((job) => !replaced.has(job.id));
    const byOrder = new Map<number, JobRecord[]>();
    for (const job of current) byOrder.set(job.shot.order, [...(byOrder.get(job.shot.order) ?? []), job]);
    const shots: ShotView[] = [...byOrder.entries()]
      .sort(([a], [b]) => a - b)
      .map(([order, shotJobs]) => {
        const takes = [...shotJobs]
          .sort((a, b) => a.shot.take - b.shot.take)
          .map((job) => ({ take: job.shot.take, job, inBin: !!job.clipId }));
        return {
          shotId: shotJobs[0]!.shot.shotId,
          order,
          slotTake: slotTakeOf([...shotJobs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).find((job) => slotTakeOf(job) !== undefined) ?? shotJobs[0]!) ?? 1,
          takes,
          unfinished: shotJobs.some(isUnfinished),
        };
      });
    const first = runJobs.reduce((a, b) => (a.createdAt <= b.createdAt ? a : b));
    runs.push({
      runId,
      name: first.shot.shotList ?? runId,
      createdAt: first.createdAt,
      approvedUsd: Math.max(0, ...runJobs.map((job) => shotRunOf(job)?.approvedUsd ?? 0)),
      shots,
      takes: current.length,
      done: current.filter((job) => job.state === "placed").length,
      failed: current.filter((job) => job.state === "failed").length,
      unfinished: current.filter(isUnfinished).length,
    });
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
