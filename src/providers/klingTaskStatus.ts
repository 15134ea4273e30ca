import { ProviderError } from "../core/errors";
import type { JobFailure, JobStatus, VideoOutput } from "../core/videoProvider";

/** Kling clears results after 30 days (providers.md §4.5). */
export const KLING_RETENTION_MS = 30 * 86_400_000;

/** Task failures carry only a message; these words mark a moderation refusal. */
const POLICY_WORDS = /risk|moderat|safety|sensitive|policy|violat|inappropriate|prohibit/i;

export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function milliseconds(value: unknown): number | undefined {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : undefined;
}

function failure(message: string | undefined): JobStatus {
  const reason = message ?? "the task failed without a reason";
  const policy = POLICY_WORDS.test(reason);
  const failed: JobFailure = {
    kind: policy ? "content-policy" : "server",
    message: policy
      ? `Kling refused the content: ${reason}. Rephrase the prompt or change the image.`
      : `Kling could not generate the video: ${reason}. Trying again usually works.`,
    // Kling charges nothing for failed tasks (resource-pack page, providers.md §4.5).
    charged: false,
    retryable: !policy,
  };
  return { state: "failed", failure: failed };
}

function videosFrom(list: unknown, finishedAtMs: number | undefined): VideoOutput[] {
  const expiresAt = finishedAtMs !== undefined ? new Date(finishedAtMs + KLING_RETENTION_MS).toISOString() : undefined;
  const videos: VideoOutput[] = [];
  for (const entry of Array.isArray(list) ? list : []) {
    const url = text(asObject(entry).url);
    if (url) videos.push({ url, mediaType: "video/mp4", ...(expiresAt ? { expiresAt } : {}) });
  }
  return videos;
}

function succeeded(videos: VideoOutput[], chargedUsd?: number): JobStatus {
  if (videos.length === 0) {
    return {
      state: "failed",
      failure: { kind: "server", code: "no_video", message: "Kling: the task succeeded but lists no video.", charged: "unknown", retryable: true },
    };
  }
  return { state: "succeeded", videos, ...(chargedUsd !== undefined ? { chargedUsd } : {}) };
}

/** What the new API's `billing[]` says was paid in dollars; unit and CNY charges are not converted. */
function chargedUsdOf(billing: unknown): number | undefined {
  let total: number | undefined;
  for (const entry of Array.isArray(billing) ? billing : []) {
    const item = asObject(entry);
    const amount = Number(item.amount);
    if (item.charge_type === "cash" && item.currency === "USD" && Number.isFinite(amount)) total = (total ?? 0) + amount;
  }
  return total;
}

function unknownStatus(value: unknown): never {
  throw new ProviderError("server", `Kling: unknown task status ${JSON.stringify(value)}.`, { provider: "kling", code: "unknown_status" });
}

/** A task object of the model-in-path API (`GET /tasks` item, and its callback body). */
export function statusFromTask(task: Record<string, unknown>): JobStatus {
  switch (task.status) {
    case "submitted":
      return { state: "queued" };
    case "processing":
      return { state: "running" };
    case "succeeded":
      return succeeded(videosFrom(task.outputs, milliseconds(task.update_time) ?? milliseconds(task.create_time)), chargedUsdOf(task.billing));
    case "failed":
      return failure(text(task.message));
    default:
      return unknownStatus(task.status);
  }
}

/** The legacy API's `data` (query answer, and its callback body). Note "succeed", not "succeeded". */
export function statusFromLegacyTask(data: Record<string, unknown>): JobStatus {
  switch (data.task_status) {
    case "submitted":
      return { state: "queued" };
    case "processing":
      return { state: "running" };
    case "succeed":
      return succeeded(videosFrom(asObject(data.task_result).videos, milliseconds(data.updated_at) ?? milliseconds(data.created_at)));
    case "failed":
      return failure(text(data.task_status_msg));
    default:
      return unknownStatus(data.task_status);
  }
}
