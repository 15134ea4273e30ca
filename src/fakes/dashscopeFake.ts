import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { checkWanCreate, type WanCreate } from "./dashscopeFakeRequests";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { FAKE_KEYS } from "./fakeWorld";
import { asRecord, bearerToken, header, parseJsonBody, sendText, type FakeRequest } from "./httpUtil";
import { applyHttpFault, sendError, type FakeError, type FakeProvider } from "./providerRoute";
import { resultExpirySeconds, signedUrlExpiringAt } from "./stableSignedUrl";

/** DashScope answers UNKNOWN for a task id older than this (official page: valid for 24 hours). */
const TASK_LIFETIME_MS = 86_400_000;

/** A number DashScope writes with a decimal point (`10.0`), which JSON.stringify would drop. */
class Float {
  constructor(readonly value: number) {}
}

const FLOAT_MARK = "@@float@@";

/** JSON text in which Float values keep their `.0`, as DashScope's usage numbers do. */
export function jsonWithFloats(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof Float ? `${FLOAT_MARK}${item.value.toFixed(1)}` : item));
  return text.replace(new RegExp(`"${FLOAT_MARK}(-?[\\d.]+)"`, "g"), "$1");
}

/** `2026-08-27 15:59:59.299`: task times in China time (UTC+8), no zone, as the real fixture shows. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace("T", " ").replace("Z", "");
}

function sendBody(res: ServerResponse, status: number, body: unknown) {
  sendText(res, status, jsonWithFloats(body), "application/json");
}

function createOf(job: FakeJob): WanCreate {
  return job.extra.create as WanCreate;
}

/**
 * Alibaba Model Studio's native API on dashscope-intl.aliyuncs.com: async-only video synthesis
 * (`X-DashScope-Async: enable`), task polling, cancel while PENDING, signed OSS result URLs that
 * last 24 hours, usage numbers as floats. Errors are `{code, message, request_id}` at the top level.
 */
export function createDashscopeFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "dashscope",
    prefixes: ["/dashscope"],
    hosts: { "/dashscope": "dashscope-intl.aliyuncs.com" },
    renderError(error: FakeError) {
      const defaults: Record<FakeError["kind"], [number, string]> = {
        auth: [401, "InvalidApiKey"],
        "rate-limit": [429, "Throttling.RateQuota"],
        concurrency: [429, "Throttling.AllocationQuota"],
        server: [500, "InternalError"],
        invalid: [400, "InvalidParameter"],
        "not-found": [404, "NotFound"],
        business: [400, "InvalidParameter"],
        policy: [400, "DataInspectionFailed"],
      };
      const [status, code] = defaults[error.kind];
      return {
        status: error.status ?? status,
        body: { code: typeof error.code === "string" ? error.code : code, message: error.message, request_id: randomUUID() },
      };
    },
    async handle(_prefix, req, res) {
      const token = bearerToken(req);
      if (token !== FAKE_KEYS.dashscope) {
        sendError(provider, res, { kind: "auth", message: token ? "Invalid API-key provided." : "No API-key provided." });
        return;
      }
      const segments = req.path.split("/").filter(Boolean);
      if (req.method === "POST" && req.path === "/api/v1/services/aigc/video-generation/video-synthesis") return handleCreate(req, res);
      if (segments.length >= 4 && segments[0] === "api" && segments[1] === "v1" && segments[2] === "tasks") {
        const id = decodeURIComponent(segments[3] ?? "");
        if (req.method === "GET" && segments.length === 4) return handleTask(req, res, id);
        if (req.method === "POST" && segments.length === 5 && segments[4] === "cancel") return handleCancel(req, res, id);
      }
      sendError(provider, res, { kind: "not-found", message: `No route for ${req.method} ${req.path}` });
    },
  };

  /** A task id past its 24 hours, or one never issued, reads as UNKNOWN. */
  function liveJob(id: string): FakeJob | undefined {
    const job = world.job("dashscope", id);
    return job && world.now() - job.createdAt <= TASK_LIFETIME_MS ? job : undefined;
  }

  async function handleCreate(req: FakeRequest, res: ServerResponse) {
    if (header(req, "x-dashscope-async") !== "enable") {
      sendError(provider, res, { kind: "auth", status: 403, code: "AccessDenied", message: "current user api does not support synchronous calls" });
      return;
    }
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? asRecord(parsed.value) : undefined;
    if (!body) {
      sendError(provider, res, { kind: "invalid", message: "The request body is not valid JSON." });
      return;
    }
    const prompt = String(asRecord(body.input)?.prompt ?? "");
    if (await applyHttpFault(world, provider, "create", prompt, res)) return;
    const check = checkWanCreate(body);
    if (!check.ok) {
      sendError(provider, res, { kind: "invalid", message: check.message });
      return;
    }
    const create = check.create;
    const job = world.createJob({
      provider: "dashscope",
      model: create.model,
      endpoint: "video-synthesis",
      prompt: create.prompt,
      input: body,
      aspectRatio: create.aspectRatio,
      seconds: create.seconds,
      extra: { create },
    });
    world.record({ provider: "dashscope", operation: "create", method: req.method, path: req.path, status: 200 });
    sendBody(res, 200, { output: { task_id: job.id, task_status: "PENDING" }, request_id: randomUUID() });
  }

  function taskOutput(job: FakeJob): Record<string, unknown> {
    const create = createOf(job);
    const output: Record<string, unknown> = { task_id: job.id, submit_time: chinaTime(job.createdAt) };
    if (job.startedAt !== undefined) output.scheduled_time = chinaTime(job.startedAt);
    if (job.finishedAt !== undefined) output.end_time = chinaTime(job.finishedAt);
    switch (job.state) {
      case "queued":
        return { ...output, task_status: "PENDING" };
      case "running":
        return { ...output, task_status: "RUNNING" };
      case "cancelled":
        return { ...output, task_status: "CANCELED" };
      case "failed":
      case "succeeded": {
        if (job.outcome.kind === "content-policy") {
          return { ...output, task_status: "FAILED", code: "DataInspectionFailed", message: "Output data may contain inappropriate content." };
        }
        if (job.outcome.kind !== "success") {
          return { ...output, task_status: "FAILED", code: "InternalError", message: "An internal error has occured, please try again later or contact service support." };
        }
        const expires = resultExpirySeconds(world, job);
        return {
          ...output,
          task_status: "SUCCEEDED",
          orig_prompt: create.prompt,
          ...(create.promptExtend ? { actual_prompt: `${create.prompt} Cinematic lighting, smooth camera movement.` } : {}),
          video_url: signedUrlExpiringAt(world, "dashscope-oss", job, expires, { OSSAccessKeyId: "LTAI5tFakeOssAccessKey" }),
        };
      }
    }
  }

  async function handleTask(req: FakeRequest, res: ServerResponse, id: string) {
    const job = liveJob(id);
    if (await applyHttpFault(world, provider, "status", job?.prompt, res)) return;
    world.record({ provider: "dashscope", operation: "status", method: req.method, path: req.path, status: 200 });
    if (!job) {
      sendBody(res, 200, { request_id: randomUUID(), output: { task_id: id, task_status: "UNKNOWN" } });
      return;
    }
    const output = taskOutput(job);
    const create = createOf(job);
    const usage =
      output.task_status === "SUCCEEDED"
        ? {
            // Usage numbers are floats on the wire, as in the real response.
            duration: new Float(job.seconds),
            input_video_duration: 0,
            output_video_duration: new Float(job.seconds),
            fps: 30,
            video_count: 1,
            SR: create.shortSide,
            ...(create.size ? { size: create.size } : {}),
          }
        : undefined;
    sendBody(res, 200, { request_id: randomUUID(), output, ...(usage ? { usage } : {}) });
  }

  async function handleCancel(req: FakeRequest, res: ServerResponse, id: string) {
    const job = liveJob(id);
    if (await applyHttpFault(world, provider, "cancel", job?.prompt, res)) return;
    if (!job) {
      sendError(provider, res, { kind: "not-found", message: `Task ${id} not found.` });
      return;
    }
    world.record({ provider: "dashscope", operation: "cancel", method: req.method, path: req.path, status: 200 });
    // Only PENDING tasks can be cancelled (general task API; UNCONFIRMED for video synthesis).
    if (job.state !== "queued" || !world.cancel(job)) {
      sendError(provider, res, {
        kind: "invalid",
        code: "UnsupportedOperation",
        message: "Failed to cancel the task, please confirm if the task is in PENDING status.",
      });
      return;
    }
    sendBody(res, 200, { request_id: randomUUID() });
  }

  return provider;
}
