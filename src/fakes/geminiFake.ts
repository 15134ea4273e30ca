import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendAccountWebhook } from "./accountWebhooks";
import { isHttpFault, type FakeOperation } from "./faults";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { FAKE_KEYS } from "./fakeWorld";
import { GEMINI_VEO_MODELS, validateVeoBody } from "./geminiFakeValidation";
import { header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { sendError, type FakeError, type FakeProvider, type RenderedError } from "./providerRoute";

/**
 * generativelanguage.googleapis.com for Veo 3.1 (`/gemini/v1beta/...`): predictLongRunning,
 * operations that gain `done` when finished, the safety filter's "done with no videos", files
 * that answer `:download?alt=media` with a 302 to a signed storage URL, Google's error envelope,
 * and static webhooks (`video.generated`, Standard Webhooks).
 */

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** How long the signed storage URL behind a download redirect lives (UNCONFIRMED; short). */
const REDIRECT_LIFETIME_SECONDS = 300;

export function googleError(code: number, message: string, details?: unknown[], status = STATUS_NAMES[code] ?? "UNKNOWN") {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

export function retryInfo(seconds: number) {
  return { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${seconds}s` };
}

/** Google's error envelope `{error: {code, message, status, details}}` for a scripted error (predictLongRunning and generateContent). */
export function renderGoogleError(error: FakeError): RenderedError {
  const byKind: Record<FakeError["kind"], number> = {
    auth: 400,
    "rate-limit": 429,
    concurrency: 429,
    server: 500,
    invalid: 400,
    "not-found": 404,
    business: 400,
    policy: 400,
  };
  const status = error.status ?? byKind[error.kind];
  const details: unknown[] = [];
  if (error.kind === "auth" && status === 400) {
    details.push({
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "API_KEY_INVALID",
      domain: "googleapis.com",
      metadata: { service: "generativelanguage.googleapis.com" },
    });
  }
  if (error.param) {
    details.push({ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: error.param, description: error.message }] });
  }
  if (error.retryAfterSeconds !== undefined) details.push(retryInfo(error.retryAfterSeconds));
  const statusName = error.kind === "business" ? "FAILED_PRECONDITION" : undefined;
  return { status, body: googleError(status, error.message, details.length ? details : undefined, statusName) };
}

export function createGeminiFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "gemini",
    prefixes: ["/gemini"],
    hosts: { "/gemini": "generativelanguage.googleapis.com" },
    renderError: renderGoogleError,
    async handle(_prefix, req, res) {
      const key = header(req, "x-goog-api-key") ?? req.query.get("key") ?? undefined;
      if (!key) {
        sendError(provider, res, {
          kind: "auth",
          status: 403,
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        });
        return;
      }
      if (key !== FAKE_KEYS.gemini) {
        sendError(provider, res, { kind: "auth", message: "API key not valid. Please pass a valid API key." });
        return;
      }
      const path = req.path;
      let match: RegExpExecArray | null;
      if (req.method === "POST" && (match = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/.exec(path))) return create(req, res, decodeURIComponent(match[1]!));
      if (req.method === "GET" && (match = /^\/v1beta\/models\/([^/:]+)\/operations\/([^/:]+)$/.exec(path))) return operation(req, res, match[1]!, match[2]!);
      if (req.method === "GET" && (match = /^\/v1beta\/files\/([^/:]+):download$/.exec(path))) return download(req, res, match[1]!);
      if (req.method === "GET" && (match = /^\/v1beta\/models\/([^/:]+)$/.exec(path))) return model(res, decodeURIComponent(match[1]!));
      sendError(provider, res, { kind: "not-found", message: `Method not found: ${req.method} ${path}` });
    },
  };

  /**
   * Scripted HTTP faults, as Google sends them: a 429 carries its wait in a RetryInfo detail and
   * no Retry-After header (UNCONFIRMED that the header never appears; the adapter must not need it).
   */
  async function fault(operation: FakeOperation, prompt: string | undefined, res: ServerResponse): Promise<boolean> {
    const scripted = world.faults.take("gemini", operation, prompt, isHttpFault);
    if (!scripted) return false;
    switch (scripted.type) {
      case "rate-limit":
        sendJson(
          res,
          429,
          googleError(
            429,
            scripted.message ?? "Resource has been exhausted (e.g. check quota).",
            scripted.retryAfterSeconds === undefined ? undefined : [retryInfo(scripted.retryAfterSeconds)],
          ),
        );
        return true;
      case "server-error": {
        const status = scripted.status ?? 500;
        sendJson(res, status, googleError(status, status === 503 ? "The model is overloaded. Please try again later." : "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));
        return true;
      }
      case "malformed-json":
        res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
        res.end('{"name": "models/');
        return true;
      case "reset-connection":
        res.socket?.destroy();
        return true;
      case "business-error":
        sendError(provider, res, { kind: "business", message: scripted.message ?? "Precondition check failed." });
        return true;
      case "timeout":
        await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
        return false;
    }
  }

  const operationName = (job: FakeJob) => `models/${job.model}/operations/${job.id}`;
  const fileUri = (job: FakeJob) => `${world.origin}/gemini/v1beta/files/${job.id}:download?alt=media`;
  const retentionEnds = (job: FakeJob) => (job.finishedAt ?? Infinity) + (world.config.urlLifetimeSeconds.gemini ?? 2 * 86400) * 1000;

  function model(res: ServerResponse, id: string) {
    if (!GEMINI_VEO_MODELS.includes(id)) {
      sendError(provider, res, { kind: "not-found", message: `models/${id} is not found for API version v1beta.` });
      return;
    }
    sendJson(res, 200, { name: `models/${id}`, version: "3.1", displayName: id, supportedGenerationMethods: ["predictLongRunning"] });
  }

  async function create(req: FakeRequest, res: ServerResponse, modelId: string) {
    const parsed = parseJsonBody(req);
    const prompt = parsed.ok ? String((parsed.value as { instances?: { prompt?: unknown }[] } | null)?.instances?.[0]?.prompt ?? "") : undefined;
    if (await fault("create", prompt, res)) return;
    if (!parsed.ok) {
      sendError(provider, res, { kind: "invalid", message: "Invalid JSON payload received. Unexpected token." });
      return;
    }
    if (!GEMINI_VEO_MODELS.includes(modelId)) {
      sendError(provider, res, {
        kind: "not-found",
        message: `models/${modelId} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods.`,
      });
      return;
    }
    const checked = validateVeoBody(modelId, parsed.value);
    if ("message" in checked) {
      world.record({ provider: "gemini", operation: "create", method: req.method, path: req.path, status: 400 });
      sendError(provider, res, { kind: "invalid", message: checked.message, ...(checked.field ? { param: checked.field } : {}) });
      return;
    }
    const maxActive = world.config.limits.gemini?.maxActive;
    if (maxActive !== undefined && world.activeCount("gemini") >= maxActive) {
      sendJson(res, 429, googleError(429, `Too many concurrent Veo generations for this project (limit ${maxActive}).`, [retryInfo(10)]));
      return;
    }
    const job = world.createJob({
      provider: "gemini",
      id: randomBytes(8).toString("hex"),
      model: modelId,
      endpoint: "predictLongRunning",
      prompt: checked.prompt,
      input: parsed.value as Record<string, unknown>,
      aspectRatio: checked.aspectRatio,
      seconds: checked.durationSeconds,
    });
    world.record({ provider: "gemini", operation: "create", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, { name: operationName(job) });
  }

  function operationBody(job: FakeJob) {
    if (job.state === "queued" || job.state === "running") return { name: operationName(job) };
    const responseType = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse";
    switch (job.outcome.kind) {
      case "success":
        return {
          name: operationName(job),
          done: true,
          response: {
            "@type": responseType,
            generateVideoResponse: { generatedSamples: [{ video: { uri: fileUri(job) } }], raiMediaFilteredCount: 0, raiMediaFilteredReasons: [] },
          },
        };
      case "content-policy":
        return {
          name: operationName(job),
          done: true,
          response: { "@type": responseType, generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [job.outcome.message] } },
        };
      case "no-videos":
        // Done, no samples, and nothing said about why.
        return { name: operationName(job), done: true, response: { "@type": responseType, generateVideoResponse: {} } };
      case "failure":
        return { name: operationName(job), done: true, error: { code: 13, message: job.outcome.message } };
    }
  }

  async function operation(req: FakeRequest, res: ServerResponse, modelId: string, id: string) {
    const job = world.job("gemini", id);
    if (await fault("status", job?.prompt, res)) return;
    if (!job || job.model !== modelId) {
      sendError(provider, res, { kind: "not-found", message: `Operation models/${modelId}/operations/${id} not found.` });
      return;
    }
    world.record({ provider: "gemini", operation: "status", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, operationBody(job));
  }

  async function download(req: FakeRequest, res: ServerResponse, fileId: string) {
    const job = world.job("gemini", fileId);
    if (await fault("download", job?.prompt, res)) return;
    if (!job || job.state !== "succeeded" || job.outcome.kind !== "success" || world.now() >= retentionEnds(job)) {
      sendError(provider, res, { kind: "not-found", message: `File files/${fileId} not found or has expired.` });
      return;
    }
    if (req.query.get("alt") !== "media") {
      sendJson(res, 200, { name: `files/${fileId}`, mimeType: "video/mp4", state: "ACTIVE", uri: fileUri(job) });
      return;
    }
    world.record({ provider: "gemini", operation: "download", method: req.method, path: req.path, status: 302 });
    const location = world.signedUrl("google-storage", job, REDIRECT_LIFETIME_SECONDS);
    res.writeHead(302, { location, "content-length": "0" });
    res.end();
  }

  world.onTransition("gemini", ({ job, to }) => {
    if (to !== "succeeded" && to !== "failed") return;
    // Payload field names are UNCONFIRMED (3P: type, version, timestamp, data). The event is sent
    // for every finished operation, filtered or failed too, so receivers re-read the operation.
    const event = {
      type: "video.generated",
      version: "v1",
      timestamp: new Date(world.now()).toISOString(),
      data: { operation: operationName(job), ...(job.outcome.kind === "success" ? { video_uri: fileUri(job) } : {}) },
    };
    sendAccountWebhook(world, "gemini", job, JSON.stringify(event), "msg_");
  });

  return provider;
}
