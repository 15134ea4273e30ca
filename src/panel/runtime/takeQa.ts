/**
 * Take QA in the panel: what the ledger records of a take's report (`extra.qa`, the same shape the
 * CLI writes), the Project panel's QA column text, and which takes get measured. Pure helpers.
 */
import type { JobRecord } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import type { ProviderId } from "../../core/request";
import type { DefectKind, Verdict } from "../../quality/qualityTypes";
import type { RelayQaReport } from "../../relay/client/qaProtocol";
import { stateRank } from "./jobExtras";

/** A take's QA as the panel holds it: under way, the report, or why there is none. */
export type TakeQa = { state: "measuring" } | { state: "done"; report: RelayQaReport } | { state: "failed"; message: string };

/** What the job ledger records: `extra.qa`. */
export interface QaSummary {
  verdict: Verdict;
  score: number;
  defectKinds: DefectKind[];
  /** ISO 8601. */
  measuredAt: string;
}

export function qaSummaryOf(report: RelayQaReport): QaSummary {
  return { verdict: report.verdict, score: report.score, defectKinds: [...new Set(report.defects.map((defect) => defect.kind))], measuredAt: report.measuredAt };
}

/** The summary a job records, when it has a well-formed one. */
export function recordedQa(job: Pick<JobRecord, "extra">): QaSummary | undefined {
  const qa = job.extra?.qa as Partial<QaSummary> | undefined;
  if (!qa || (qa.verdict !== "pass" && qa.verdict !== "warn" && qa.verdict !== "fail") || typeof qa.score !== "number") return undefined;
  return { verdict: qa.verdict, score: qa.score, defectKinds: Array.isArray(qa.defectKinds) ? qa.defectKinds : [], measuredAt: typeof qa.measuredAt === "string" ? qa.measuredAt : "" };
}

export function withQa(job: Pick<JobRecord, "extra">, summary: QaSummary): JsonObject {
  return { ...(job.extra ?? {}), qa: { verdict: summary.verdict, score: summary.score, defectKinds: [...summary.defectKinds], measuredAt: summary.measuredAt } };
}

/** The Project panel's QA column: "FAIL 32 · flicker", "PASS 96". */
export function qaColumnText(summary: QaSummary): string {
  const head = `${summary.verdict.toUpperCase()} ${summary.score}`;
  return summary.defectKinds.length ? `${head} · ${summary.defectKinds.join(", ")}` : head;
}

/** A take with a file on disk, downloaded and not failed or cancelled. */
export function isMeasurable(job: JobRecord): boolean {
  return !!job.file && job.state !== "failed" && job.state !== "cancelled" && stateRank(job.state) >= stateRank("ready");
}

/** Providers whose verified webhooks name the result, so the relay can fetch it by job id. */
const RESULT_IN_WEBHOOK: readonly ProviderId[] = ["fal", "replicate", "kling"];

/** What to ask the relay to measure, in order: the job's own result first, when its webhook can name one, then the file. */
export function qaSubjectsOf(job: JobRecord): Array<{ provider: ProviderId; jobId: string } | { file: string }> {
  const subjects: Array<{ provider: ProviderId; jobId: string } | { file: string }> = [];
  if (job.handle && RESULT_IN_WEBHOOK.includes(job.request.provider)) subjects.push({ provider: job.request.provider, jobId: job.handle.id });
  if (job.file) subjects.push({ file: job.file });
  return subjects;
}

/** Takes by QA score, best first; unmeasured ones keep their order after the measured. */
export function byScore(jobs: JobRecord[], qa: Record<string, TakeQa>): JobRecord[] {
  const score = (job: JobRecord) => {
    const entry = qa[job.id];
    return entry?.state === "done" ? entry.report.score : (recordedQa(job)?.score ?? -1);
  };
  return jobs
    .map((job, index) => ({ job, index, score: score(job) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.job);
}
