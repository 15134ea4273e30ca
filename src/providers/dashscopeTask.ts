import { ProviderError } from "../core/errors";
import type { JobStatus } from "../core/videoProvider";
import { dashscopeRule } from "./dashscopeErrors";

/** DashScope keeps a task id and its signed video URL for 24 hours (providers.md §5.3). */
export const DASHSCOPE_LIFETIME_MS = 86_400_000;

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** `2026-08-27 16:02:09.980`: DashScope writes task times in China time (UTC+8) without a zone. */
export function parseChinaTime(value: unknown): number | undefined {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(value.trim()) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = frac ? Number(frac.padEnd(3, "0")) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(s), ms);
}

/** When a signed OSS URL stops working: its `Expires` (Unix seconds), else 24 h after the task ended. */
export function videoUrlExpiry(url: string, endTime: unknown): string | undefined {
  let expires: number | undefined;
  try {
    const value = new URL(url).searchParams.get("Expires");
    if (value && /^\d+$/.test(value)) expires = Number(value) * 1000;
  } catch {
    expires = undefined;
  }
  const ended = parseChinaTime(endTime);
  const at = expires ?? (ended !== undefined ? ended + DASHSCOPE_LIFETIME_MS : undefined);
  return at !== undefined ? new Date(at).toISOString() : undefined;
}

/**
 * Maps a `GET /api/v1/tasks/{id}` answer onto Shotbin's statuses. Usage numbers may be floats
 * (`"duration": 10.0`) and times are China-time strings; neither is assumed to be anything else.
 */
export function statusFromDashscopeTask(body: unknown): JobStatus {
  const output = asObject(asObject(body).output);
  const taskId = text(output.task_id) ?? "(unknown)";
  switch (output.task_status) {
    case "PENDING":
      return { state: "queued" };
    case "RUNNING":
      return { state: "running" };
    case "SUCCEEDED": {
      const url = text(output.video_url);
      if (!url) {
        return {
          state: "failed",
          failure: { kind: "server", code: "no_video", message: "DashScope: the task succeeded but has no video_url.", charged: "unknown", retryable: true },
        };
      }
      const expiresAt = videoUrlExpiry(url, output.end_time);
      return { state: "succeeded", videos: [{ url, mediaType: "video/mp4", ...(expiresAt ? { expiresAt } : {}) }] };
    }
    case "FAILED": {
      const code = text(output.code);
      const rule = dashscopeRule(code);
      const kind = rule?.kind ?? "server";
      const message = text(output.message) ?? "the task failed without a reason";
      return {
        state: "failed",
        failure: {
          kind,
          ...(code ? { code } : {}),
          message: `DashScope: ${message}${code ? ` (${code})` : ""}. ${rule?.advice ?? "Trying again usually works."}`,
          // Billing is on the seconds of video produced (usage.duration); a failed task produced none.
          charged: false,
          retryable: rule?.retryable ?? kind === "server",
        },
      };
    }
    case "CANCELED":
      return { state: "cancelled" };
    case "UNKNOWN":
      throw new ProviderError("not-found", `DashScope: task ${taskId} is unknown or older than 24 h; DashScope forgets tasks after a day.`, {
        provider: "dashscope",
        code: "UNKNOWN",
      });
    default:
      throw new ProviderError("server", `DashScope: unknown task status ${JSON.stringify(output.task_status)}.`, {
        provider: "dashscope",
        code: "unknown_status",
      });
  }
}
