/**
 * `shotbin compare`'s report as data (report.json): the same shot on several models, each take's
 * cost, time to result and QA, and a summary per model. Pure: the command gathers the takes, this
 * shapes and sums them, compareHtml.ts draws them.
 */
import { DEFECT_KINDS, type Defect, type DefectKind, type QualityReport, type Verdict } from "./qualityTypes";

/** A take's curves for plotting: at most MAX_CURVE_POINTS points, seconds, 8-bit luma codes, kelvin. */
export interface TakeCurves {
  t: number[];
  luma: number[];
  cct: Array<number | null>;
}

export interface CompareTake {
  take: number;
  /** The job's state at the end (ready, failed, ...). */
  state: string;
  /** The clip, relative to the report's folder. */
  file?: string;
  failure?: string;
  /** Seconds from the submit to the clip on disk. */
  timeToResultSeconds?: number;
  costUsd?: number;
  qa?: {
    verdict: Verdict;
    score: number;
    defects: Array<Pick<Defect, "kind" | "severity" | "start" | "end" | "value" | "threshold" | "unit" | "detail">>;
    duration: number;
    fps: number;
    width: number;
    height: number;
  };
  /** Why QA could not measure the take. */
  qaError?: string;
  curves?: TakeCurves;
}

export interface CompareModel {
  /** As given on the command line. */
  model: string;
  provider: string;
  modelId: string;
  displayName: string;
  /** Requested seconds per take on this model (its nearest to the comparison's length). */
  durationSeconds: number;
  /** Estimated cost of the takes bought (failed takes a provider does not charge for are 0). */
  costUsd: number;
  /** Whether every price behind costUsd is confirmed by the provider's published table. */
  costConfirmed: boolean;
  takes: CompareTake[];
}

export interface CompareSummaryRow {
  model: string;
  /** US dollars per second of video bought: cost ÷ (takes bought × the model's requested seconds). */
  costPerSecond: number | null;
  /** Mean QA score of the takes measured; null when none was. */
  meanScore: number | null;
  takesMeasured: number;
  takesDone: number;
  takesPlanned: number;
  verdicts: Record<Verdict, number>;
  /** Defects per measured take, by kind (a take with two flicker defects counts two). */
  defectsPerTake: Record<DefectKind, number>;
  /** Median seconds from submit to clip, over the finished takes. */
  medianTimeToResultSeconds: number | null;
}

export interface CompareReport {
  version: 1;
  prompt: string;
  /** Requested seconds per take. */
  durationSeconds: number;
  takesPerModel: number;
  createdAt: string;
  models: CompareModel[];
  summary: CompareSummaryRow[];
  totalCostUsd: number;
}

export const MAX_CURVE_POINTS = 120;

/** Every `step`-th frame so that at most `max` points remain, the last frame always kept. */
export function curvesOf(report: Pick<QualityReport, "series">, max = MAX_CURVE_POINTS): TakeCurves {
  const { t, luma, cct } = report.series;
  const step = Math.max(1, Math.ceil(t.length / max));
  const picked: number[] = [];
  for (let i = 0; i < t.length; i += step) picked.push(i);
  if (t.length > 0 && picked[picked.length - 1] !== t.length - 1) {
    if (picked.length >= max) picked.pop();
    picked.push(t.length - 1);
  }
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
  return {
    t: picked.map((i) => round(t[i]!, 3)),
    luma: picked.map((i) => round(luma[i]!, 2)),
    cct: picked.map((i) => (cct[i] === null || cct[i] === undefined ? null : Math.round(cct[i]!))),
  };
}

export function takeQaOf(report: QualityReport): NonNullable<CompareTake["qa"]> {
  return {
    verdict: report.verdict,
    score: report.score,
    defects: report.defects.map(({ kind, severity, start, end, value, threshold, unit, detail }) => ({ kind, severity, start, end, value, threshold, unit, detail })),
    duration: report.analysis.duration,
    fps: report.analysis.fps,
    width: report.analysis.width,
    height: report.analysis.height,
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function summarizeModel(model: CompareModel): CompareSummaryRow {
  const durationSeconds = model.durationSeconds;
  const measured = model.takes.filter((take) => take.qa);
  const bought = model.takes.filter((take) => take.costUsd !== undefined && take.costUsd > 0);
  const defectsPerTake = Object.fromEntries(DEFECT_KINDS.map((kind) => [kind, 0])) as Record<DefectKind, number>;
  for (const take of measured) for (const defect of take.qa!.defects) defectsPerTake[defect.kind] += 1;
  if (measured.length > 0) for (const kind of DEFECT_KINDS) defectsPerTake[kind] = round2(defectsPerTake[kind] / measured.length);
  const verdicts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
  for (const take of measured) verdicts[take.qa!.verdict] += 1;
  const times = model.takes.map((take) => take.timeToResultSeconds).filter((value): value is number => value !== undefined);
  const medianTime = median(times);
  return {
    model: model.model,
    costPerSecond: bought.length > 0 && durationSeconds > 0 ? Math.round((model.costUsd / (bought.length * durationSeconds)) * 10_000) / 10_000 : null,
    meanScore: measured.length > 0 ? Math.round((measured.reduce((sum, take) => sum + take.qa!.score, 0) / measured.length) * 10) / 10 : null,
    takesMeasured: measured.length,
    takesDone: model.takes.filter((take) => take.file).length,
    takesPlanned: model.takes.length,
    verdicts,
    defectsPerTake,
    medianTimeToResultSeconds: medianTime === null ? null : Math.round(medianTime * 10) / 10,
  };
}

export function buildCompareReport(input: Omit<CompareReport, "version" | "summary" | "totalCostUsd">): CompareReport {
  return {
    version: 1,
    ...input,
    summary: input.models.map((model) => summarizeModel(model)),
    totalCostUsd: round2(input.models.reduce((sum, model) => sum + model.costUsd, 0)),
  };
}
