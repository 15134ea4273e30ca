import type { ProviderId } from "../../core/request";
import type { AnalysisInfo, Defect, Verdict } from "../../quality/qualityTypes";

/**
 * The relay's take-QA endpoint, shared by the server and the panel's client. The panel (UXP) cannot
 * run ffmpeg, so it asks the relay to measure a job's result (by the provider's job id) or, on a
 * relay bound to loopback with a QA folder, a file under that folder.
 */

export const QA_PATH = "/v1/qa";

/** The most points a report's curves carry (the panel draws them in a strip ~200 px wide). */
export const QA_SERIES_POINTS = 200;

/** `POST /v1/qa` body: one subject, and how long to wait for the report (0–60 s; 0 answers at once). */
export type QaRequest = ({ provider: ProviderId; jobId: string } | { file: string }) & { wait?: number };

export type QaSubject = { kind: "job"; provider: ProviderId; jobId: string } | { kind: "file"; file: string };

/** A frame of the take as a small JPEG (`data:image/jpeg;base64,…`, about 160 px wide). */
export interface QaThumbnail {
  /** Seconds from the first frame. */
  t: number;
  dataUri: string;
}

/** What the panel shows of a take's QA: the verdict, the defects, down-sampled curves and three frames. */
export interface RelayQaReport {
  subject: QaSubject;
  verdict: Verdict;
  score: number;
  defects: Defect[];
  /** At most QA_SERIES_POINTS frames, evenly picked: time, mean luma (code values), colour temperature (K, null when unknown). */
  series: { t: number[]; luma: number[]; cct: (number | null)[] };
  /** First, middle and last frame. */
  thumbnails: QaThumbnail[];
  analysis: AnalysisInfo;
  /** ISO 8601, when the relay measured it. */
  measuredAt: string;
}

export type QaErrorCode =
  | "not-a-video"
  | "unreadable-video"
  | "download-failed"
  | "too-large"
  | "measure-failed"
  | "cancelled";

/** Answer of `POST /v1/qa` and `GET /v1/qa/<key>`. */
export type QaAnswer =
  | { key: string; state: "queued" | "measuring" }
  | { key: string; state: "done"; report: RelayQaReport }
  | { key: string; state: "failed"; error: QaErrorCode; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isReport(value: unknown): value is RelayQaReport {
  if (!isObject(value) || !isObject(value.series) || !isObject(value.analysis) || !isObject(value.subject)) return false;
  return (
    (value.verdict === "pass" || value.verdict === "warn" || value.verdict === "fail") &&
    typeof value.score === "number" &&
    Array.isArray(value.defects) &&
    value.defects.every((defect) => isObject(defect) && typeof defect.kind === "string" && typeof defect.start === "number" && typeof defect.end === "number") &&
    Array.isArray(value.series.t) &&
    Array.isArray(value.series.luma) &&
    Array.isArray(value.series.cct) &&
    Array.isArray(value.thumbnails) &&
    value.thumbnails.every((thumb) => isObject(thumb) && typeof thumb.t === "number" && typeof thumb.dataUri === "string" && thumb.dataUri.startsWith("data:image/jpeg;base64,")) &&
    typeof value.measuredAt === "string"
  );
}

/** The answer, or undefined when the relay's JSON is not one. */
export function parseQaAnswer(value: unknown): QaAnswer | undefined {
  if (!isObject(value) || typeof value.key !== "string") return undefined;
  switch (value.state) {
    case "queued":
    case "measuring":
      return { key: value.key, state: value.state };
    case "done":
      return isReport(value.report) ? { key: value.key, state: "done", report: value.report } : undefined;
    case "failed":
      return typeof value.error === "string" && typeof value.message === "string"
        ? { key: value.key, state: "failed", error: value.error as QaErrorCode, message: value.message }
        : undefined;
    default:
      return undefined;
  }
}
