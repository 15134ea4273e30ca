import { ProviderError } from "../core/errors";
import type { JobFailure, JobStatus, VideoOutput } from "../core/videoProvider";

/**
 * Replicate's prediction object (replicate-javascript index.d.ts), as far as Shotbin reads it.
 * `GET /v1/predictions/{id}` and every webhook body carry the same shape.
 */
export interface ReplicatePrediction {
  id: string;
  status: string;
  output?: unknown;
  error?: unknown;
  logs?: string | null;
  data_removed?: boolean;
  created_at?: string;
  started_at?: string | null;
  completed_at?: string | null;
  urls?: { get?: string; cancel?: string; web?: string; stream?: string };
}

/** Outputs of API-created predictions are deleted an hour after they finish ([3P-agg]). */
export const REPLICATE_OUTPUT_LIFETIME_MS = 60 * 60 * 1000;

/**
 * The moderation refusal. Replicate's failed predictions say "The input or output was flagged as
 * sensitive. Please try again with different inputs. (E005)"; the code and wording come from
 * public client code that matches on them, not from Replicate's docs (UNCONFIRMED).
 */
const SENSITIVE = /\(E005\)|flagged as sensitive/i;

export function asPrediction(value: unknown): ReplicatePrediction {
  const body = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (!body || typeof body.id !== "string" || typeof body.status !== "string") {
    throw new ProviderError("server", "replicate: the answer is not a prediction (no id or status).", { provider: "replicate", code: "malformed_answer" });
  }
  return body as unknown as ReplicatePrediction;
}

/** The last tqdm-style progress line in the logs (`  42%|████▏     | 42/100`), as the SDK parses it. */
export function progressFromLogs(logs: string | null | undefined): number | undefined {
  if (!logs) return undefined;
  const lines = logs.split("\n").reverse();
  for (const line of lines) {
    const match = /^\s*(\d+)%\s*\|.*?\|\s*(\d+)\/(\d+)/.exec(line);
    if (match) {
      const total = Number(match[3]);
      if (total > 0) return Math.min(1, Number(match[2]) / total);
    }
  }
  return undefined;
}

function errorText(error: unknown): string {
  if (typeof error === "string" && error.trim()) return error.trim();
  if (error && typeof error === "object") {
    const record = error as Record<string, unknown>;
    for (const key of ["detail", "message", "error"]) if (typeof record[key] === "string") return record[key] as string;
    return JSON.stringify(error);
  }
  return "the prediction failed without a message";
}

function failureOf(prediction: ReplicatePrediction): JobFailure {
  const text = errorText(prediction.error);
  if (SENSITIVE.test(text)) {
    return {
      kind: "content-policy",
      code: "E005",
      message: `replicate: ${text} Rephrase the prompt or change the images.`,
      charged: "unknown",
      retryable: false,
    };
  }
  return { kind: "server", message: `replicate: ${text}`, charged: "unknown", retryable: true };
}

function outputUrls(output: unknown): string[] {
  if (typeof output === "string") return [output];
  if (Array.isArray(output)) return output.filter((item): item is string => typeof item === "string");
  return [];
}

function mediaTypeOf(url: string): string {
  const path = url.split("?")[0] ?? "";
  if (/\.webm$/i.test(path)) return "video/webm";
  if (/\.mov$/i.test(path)) return "video/quicktime";
  return "video/mp4";
}

function expiryOf(prediction: ReplicatePrediction): string | undefined {
  const completed = prediction.completed_at ? Date.parse(prediction.completed_at) : NaN;
  return Number.isNaN(completed) ? undefined : new Date(completed + REPLICATE_OUTPUT_LIFETIME_MS).toISOString();
}

/** A prediction mapped onto Shotbin's statuses (providers.md §8). */
export function statusFromPrediction(prediction: ReplicatePrediction): JobStatus {
  switch (prediction.status) {
    case "starting":
      return { state: "queued" };
    case "processing": {
      const progress = progressFromLogs(prediction.logs);
      return progress === undefined ? { state: "running" } : { state: "running", progress };
    }
    case "succeeded": {
      if (prediction.data_removed) {
        return {
          state: "failed",
          failure: {
            kind: "not-found",
            code: "data_removed",
            message: `replicate: prediction ${prediction.id} finished, but Replicate has deleted its output (API outputs are kept for one hour). Generate the shot again.`,
            charged: true,
            retryable: true,
          },
        };
      }
      const urls = outputUrls(prediction.output);
      if (urls.length === 0) {
        return {
          state: "failed",
          failure: { kind: "server", code: "no_output", message: `replicate: prediction ${prediction.id} succeeded without a video.`, charged: "unknown", retryable: true },
        };
      }
      const expiresAt = expiryOf(prediction);
      const videos: VideoOutput[] = urls.map((url) => ({ url, mediaType: mediaTypeOf(url), ...(expiresAt ? { expiresAt } : {}) }));
      return { state: "succeeded", videos };
    }
    case "failed":
      return { state: "failed", failure: failureOf(prediction) };
    // `aborted` ends a prediction that never ran (its deadline passed); §8 counts it as cancelled.
    case "canceled":
    case "aborted":
      return { state: "cancelled" };
    default:
      throw new ProviderError("server", `replicate: unknown prediction status ${JSON.stringify(prediction.status)}.`, {
        provider: "replicate",
        code: "unknown_status",
      });
  }
}
