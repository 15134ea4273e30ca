import { storeRequest, type JobRecord, type ShotInfo } from "./jobRecord";
import type { CostEstimate } from "./pricing";
import { roundUsd } from "./pricing";
import type { ResolvedRequest } from "./request";

export interface PlannedTake {
  request: ResolvedRequest;
  estimate: CostEstimate;
  shot: ShotInfo;
  /** Where the face keeps each image, so a resumed job can reload the bytes. */
  imagePaths?: { firstFrame?: string; lastFrame?: string; referenceImages?: string[] };
}

/** A new ledger record for one take, before anything is sent. */
export function planJob(take: PlannedTake, now: number, runId?: string): JobRecord {
  const at = new Date(now).toISOString();
  return {
    id: take.request.idempotencyKey,
    ...(runId ? { runId } : {}),
    shot: take.shot,
    request: storeRequest(take.request, take.imagePaths),
    estimate: take.estimate,
    state: "planned",
    attempt: 1,
    createdAt: at,
    updatedAt: at,
    history: [{ state: "planned", at }],
  };
}

/** The plan's total, and whether every price in it is confirmed. */
export function planTotal(jobs: readonly { estimate: Pick<JobRecord["estimate"], "usd" | "confirmed"> }[]): { usd: number; confirmed: boolean; unknownPrices: number } {
  let usd = 0;
  let unknownPrices = 0;
  let confirmed = true;
  for (const job of jobs) {
    if (!Number.isFinite(job.estimate.usd)) unknownPrices++;
    else usd += job.estimate.usd;
    if (!job.estimate.confirmed) confirmed = false;
  }
  return { usd: roundUsd(usd), confirmed, unknownPrices };
}
