import type { JobRecord } from "../../../core/jobRecord";
import { awaitsReview, isUnfinished, jobExtra } from "../../runtime/jobExtras";

export const JOB_FILTERS = ["all", "active", "review", "done", "failed", "cancelled"] as const;
export type JobFilter = (typeof JOB_FILTERS)[number];

export const FILTER_LABELS: Record<JobFilter, string> = {
  all: "All",
  active: "Active",
  review: "To review",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function jobGroup(job: JobRecord): Exclude<JobFilter, "all"> {
  if (job.state === "failed") return "failed";
  if (job.state === "cancelled") return "cancelled";
  if (awaitsReview(job)) return "review";
  if (isUnfinished(job)) return "active";
  return "done";
}

export function matchesFilter(job: JobRecord, filter: JobFilter): boolean {
  return filter === "all" || jobGroup(job) === filter;
}

export function isDiscarded(job: JobRecord): boolean {
  return jobExtra(job).discarded === true;
}
