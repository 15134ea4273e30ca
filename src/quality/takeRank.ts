/**
 * What a run keeps of a take's QA (the job ledger's `extra.qa`, read by the panel too), and how
 * takes rank: the better verdict first (pass, warn, fail), then the higher score; a take that could
 * not be measured ranks after every measured one.
 */
import { DEFECT_KINDS, type DefectKind, type QualityReport, type Verdict } from "./qualityTypes";

/** `extra.qa` on a job record: exactly this shape. */
export interface QaSummary {
  verdict: Verdict;
  score: number;
  /** Each kind once, in DEFECT_KINDS order. */
  defectKinds: DefectKind[];
  /** ISO 8601. */
  measuredAt: string;
}

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

export function qaSummaryOf(report: Pick<QualityReport, "verdict" | "score" | "defects">, measuredAt: string): QaSummary {
  const found = new Set(report.defects.map((defect) => defect.kind));
  return { verdict: report.verdict, score: report.score, defectKinds: DEFECT_KINDS.filter((kind) => found.has(kind)), measuredAt };
}

/** Reads `extra.qa` back; undefined when it is missing or not of the shape above. */
export function readQaSummary(value: unknown): QaSummary | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const qa = value as Partial<QaSummary>;
  if (!qa.verdict || !(qa.verdict in VERDICT_RANK) || typeof qa.score !== "number" || !Array.isArray(qa.defectKinds) || typeof qa.measuredAt !== "string") return undefined;
  return qa as QaSummary;
}

/** Negative when `a` is the better take, positive when `b` is, 0 when they rank the same. */
export function compareQa(a: QaSummary | undefined, b: QaSummary | undefined): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || b.score - a.score;
}

/** The best of `takes` (the first of equals, so pass them in take order); undefined for none. */
export function bestTake<T>(takes: readonly T[], qaOf: (take: T) => QaSummary | undefined): T | undefined {
  let best: T | undefined;
  for (const take of takes) if (best === undefined || compareQa(qaOf(take), qaOf(best)) < 0) best = take;
  return best;
}
