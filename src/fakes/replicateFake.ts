import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { isFinished, progressOf, type FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { FAKE_KEYS } from "./fakeWorld";
import { asRecord, header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { applyHttpFault, sendError, type FakeError, type FakeProvider, type RenderedError } from "./providerRoute";
import { openapiSchemaOf, REPLICATE_MODEL_SCHEMAS, validateModelInput, validationDetail, type InvalidField } from "./replicateSchemas";
import type { OutgoingWebhook } from "./webhookSender";

const WEBHOOK_EVENTS = ["start", "output", "logs", "completed"];

/**
 * Replicate's moderation refusal as public client code quotes it (UNCONFIRMED in Replicate's docs).
 * The fake uses it whatever message a content-policy fault carries, so the adapter must recognise
 * Replicate's own wording.
 */
const SENSITIVE_ERROR = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";

/** Replicate ids: 26 lowercase base32 characters (`x3c92sahahrmc0cswyp8srjjy8`). */
export function predictionId(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return [...randomBytes(26)].map((byte) => alphabet[byte % 32]).join("");
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

const STATUS: Record<FakeJob["state"], string> = {
  queued: "starting",
  running: "processing",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "canceled",
};

/** A `no-videos` outcome ends the world's job as failed; on Replicate it is a success with no output. */
function statusOf(job: FakeJob): string {
  return job.outcome.kind === "no-videos" && job.state === "failed" ? "succeeded" : STATUS[job.state];
}

/** Replicate's problem-details envelope for a scripted error. */
export function renderReplicateError(error: FakeError): RenderedError {
  switch (error.kind) {
    case "auth":
      return { status: 401, body: { title: "Unauthenticated", detail: error.message, status: 401 } };
    case "rate-limit":
    case "concurrency": {
      // Replicate says when the limit resets in the message itself; Retry-After is added only
      // when the scenario gives one, so a test can prove the message alone is honoured.
      const detail = /throttled/i.test(error.message)
        ? error.message
        : `Request was throttled. Your rate limit resets in ~${error.retryAfterSeconds ?? 30}s.`;
      return { status: 429, body: { detail, status: 429 } };
    }
    case "not-found":
      return { status: 404, body: { detail: error.message, status: 404 } };
    case "invalid":
      return { status: error.status ?? 422, body: { title: "Invalid request", detail: error.message, status: error.status ?? 422 } };
    case "server":
    case "business":
    case "policy":
    default: {
      const status = error.status ?? 500;
      if (status === 402) {
        return {
          status,
          body: {
            title: "Insufficient credit",
            detail:
              "You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before trying again.",
            status,
          },
        };
      }
      return { status, body: { title: "Internal Server Error", detail: error.message, status } };
    }
  }
}

/**
 * api.replicate.com: predictions on official models (`POST /v1/models/{owner}/{name}/predictions`),
 * `GET /v1/predictions/{id}`, cancel, the account and the default webhook secret. Outputs live on
 * the replicate-delivery bucket for `urlLifetimeSeconds.replicate` (1 h) after the prediction ends;
 * after that the prediction says `data_removed: true` and the CDN refuses the old URL.
 */
export function createReplicateFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "replicate",
    prefixes: ["/replicate"],
    hosts: { "/replicate": "api.replicate.com" },
    renderError: renderReplicateError,
    async handle(_prefix, req, res) {
      const token = /^(?:Bearer|Token)\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1]?.trim();
      if (token !== FAKE_KEYS.replicate) {
        sendError(provider, res, { kind: "auth", message: "You did not pass a valid authentication token" });
        return;
      }
      await route(req, res);
    },
  };

  const notFound = (res: ServerResponse) => sendError(provider, res, { kind: "not-found", message: "The requested resource could not be found." });

  function outputOf(job: FakeJob): string | null {
    if (job.state !== "succeeded" || job.outcome.kind === "no-videos") return null;
    return typeof job.extra.outputUrl === "string" ? job.extra.outputUrl : null;
  }

  function dataRemoved(job: FakeJob): boolean {
    if (!isFinished(job) || job.finishedAt === undefined) return false;
    const lifetimeSeconds = world.config.urlLifetimeSeconds.replicate ?? 3600;
    return world.now() >= job.finishedAt + lifetimeSeconds * 1000;
  }

  function logsOf(job: FakeJob): string {
    if (job.state === "queued") return "";
    const percent = statusOf(job) === "succeeded" ? 100 : Math.floor(progressOf(job, world.now()) * 100);
    const bar = "█".repeat(Math.floor(percent / 10)).padEnd(10, " ");
    let logs = `Generating video with ${job.model}\n${String(percent).padStart(3)}%|${bar}| ${percent}/100\n`;
    const error = errorOf(job);
    if (error) logs += `Error: ${error}\n`;
    else if (statusOf(job) === "succeeded") logs += "Video generated\n";
    return logs;
  }

  function errorOf(job: FakeJob): string | null {
    if (job.state !== "failed" || job.outcome.kind === "no-videos") return null;
    if (job.outcome.kind === "content-policy") return SENSITIVE_ERROR;
    if (job.outcome.kind === "failure") return job.outcome.message;
    return "Prediction failed.";
  }

  /** The prediction object as `GET /v1/predictions/{id}` and webhooks carry it. */
  function predictionOf(job: FakeJob, overrides: { status?: string; output?: string | null } = {}) {
    const api = `${world.origin}/replicate/v1/predictions/${job.id}`;
    const removed = dataRemoved(job);
    const prediction: Record<string, unknown> = {
      id: job.id,
      model: job.model,
      version: "hidden",
      input: job.input,
      logs: logsOf(job),
      output: removed ? null : (overrides.output !== undefined ? overrides.output : outputOf(job)),
      data_removed: removed,
      error: errorOf(job),
      source: "api",
      status: overrides.status ?? statusOf(job),
      created_at: iso(job.createdAt),
      started_at: iso(job.startedAt),
      completed_at: iso(job.finishedAt),
      urls: { cancel: `${api}/cancel`, get: api, web: `https://replicate.com/p/${job.id}` },
    };
    if (statusOf(job) === "succeeded" && job.startedAt !== undefined && job.finishedAt !== undefined) {
      prediction.metrics = { predict_time: (job.finishedAt - job.startedAt) / 1000, total_time: (job.finishedAt - job.createdAt) / 1000 };
    }
    if (overrides.status === "processing") {
      // An `output` or `logs` event from just before the prediction finished.
      prediction.completed_at = null;
      prediction.error = null;
      delete prediction.metrics;
    }
    if (job.webhookUrl) {
      prediction.webhook = job.webhookUrl;
      prediction.webhook_events_filter = job.webhookEvents;
    }
    return prediction;
  }

  function refuseBody(res: ServerResponse, problems: InvalidField[]) {
    sendJson(res, 422, { detail: validationDetail(problems), status: 422, title: "Input validation failed", invalid_fields: problems });
  }

  /** The body around `input`: only `input`, `webhook`, `webhook_events_filter` and `stream`. */
  function validateEnvelope(body: Record<string, unknown>): InvalidField[] {
    const problems: InvalidField[] = [];
    if (body.input === undefined) problems.push({ type: "required", field: "", description: "input is required" });
    else if (!asRecord(body.input)) problems.push({ type: "invalid_type", field: "input", description: "Invalid type. Expected: object, given: " + (Array.isArray(body.input) ? "array" : typeof body.input) });
    for (const key of Object.keys(body)) {
      if (!["input", "webhook", "webhook_events_filter", "stream"].includes(key)) {
        problems.push({ type: "additional_property_not_allowed", field: "", description: `Additional property ${key} is not allowed` });
      }
    }
    if (body.webhook !== undefined) {
      let ok = typeof body.webhook === "string";
      try {
        ok = ok && ["http:", "https:"].includes(new URL(body.webhook as string).protocol);
      } catch {
        ok = false;
      }
      if (!ok) problems.push({ type: "format", field: "webhook", description: "Does not match format 'uri'" });
    }
    if (body.webhook_events_filter !== undefined) {
      const filter = body.webhook_events_filter;
      if (!Array.isArray(filter)) problems.push({ type: "invalid_type", field: "webhook_events_filter", description: "Invalid type. Expected: array, given: " + typeof filter });
      else {
        filter.forEach((event, index) => {
          if (!WEBHOOK_EVENTS.includes(event as string)) {
            problems.push({
              type: "enum",
              field: `webhook_events_filter.${index}`,
              description: `webhook_events_filter.${index} must be one of the following: ${WEBHOOK_EVENTS.map((e) => `"${e}"`).join(", ")}`,
            });
          }
        });
      }
    }
    return problems;
  }

  /** `Prefer: wait` or `wait=N` holds the answer until the prediction ends or N seconds pass (default 60). */
  async function waitIfPreferred(req: FakeRequest, job: FakeJob) {
    const prefer = header(req, "prefer");
    if (!prefer) return;
    job.extra.prefer = prefer;
    const match = /^wait(?:=(\d+))?$/.exec(prefer.trim());
    if (!match) return;
    const deadline = Date.now() + Number(match[1] ?? 60) * 1000;
    while (!isFinished(job) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  async function createPrediction(req: FakeRequest, res: ServerResponse, model: string) {
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? asRecord(parsed.value) : undefined;
    if (await applyHttpFault(world, provider, "create", typeof body?.input === "object" ? String(asRecord(body.input)?.prompt ?? "") : undefined, res)) return;
    const schema = REPLICATE_MODEL_SCHEMAS[model];
    if (!schema) return notFound(res);
    if (!body) {
      sendError(provider, res, { kind: "invalid", status: 400, message: "The request body is not valid JSON." });
      return;
    }
    const problems = validateEnvelope(body);
    const input = asRecord(body.input);
    if (input) problems.push(...validateModelInput(schema, input));
    if (problems.length > 0 || !input) return refuseBody(res, problems);

    const duration = typeof input.duration === "number" ? input.duration : (schema.properties.duration as { default?: number }).default ?? 5;
    const takesAspectFromImage = model.startsWith("kwaivgi/") && typeof input.start_image === "string";
    const job = world.createJob({
      provider: "replicate",
      id: predictionId(),
      model,
      endpoint: `models/${model}/predictions`,
      prompt: String(input.prompt ?? ""),
      input,
      aspectRatio: takesAspectFromImage ? undefined : typeof input.aspect_ratio === "string" ? input.aspect_ratio : "16:9",
      seconds: duration,
      webhookUrl: typeof body.webhook === "string" ? body.webhook : undefined,
      webhookEvents: typeof body.webhook === "string" ? ((body.webhook_events_filter as string[] | undefined) ?? WEBHOOK_EVENTS) : undefined,
    });
    world.record({ provider: "replicate", operation: "create", method: req.method, path: req.path, status: 201 });
    await waitIfPreferred(req, job);
    sendJson(res, 201, predictionOf(job));
  }

  async function route(req: FakeRequest, res: ServerResponse) {
    const segments = req.path.split("/").filter(Boolean);
    if (segments[0] !== "v1") return notFound(res);
    const [, resource, ...rest] = segments;
    const method = req.method;

    if (resource === "account" && rest.length === 0 && method === "GET") {
      if (await applyHttpFault(world, provider, "other", undefined, res)) return;
      sendJson(res, 200, { type: "user", username: "shotbin-fake", name: "Shotbin Fake", github_url: "https://github.com/shotbin-fake" });
      return;
    }
    if (resource === "webhooks" && rest.join("/") === "default/secret" && method === "GET") {
      if (await applyHttpFault(world, provider, "other", undefined, res)) return;
      sendJson(res, 200, { key: world.config.replicateWebhookSecret });
      return;
    }
    if (resource === "models" && rest.length === 3 && rest[2] === "predictions" && method === "POST") {
      return createPrediction(req, res, `${rest[0]}/${rest[1]}`);
    }
    if (resource === "models" && rest.length === 2 && method === "GET") {
      const schema = REPLICATE_MODEL_SCHEMAS[`${rest[0]}/${rest[1]}`];
      if (!schema) return notFound(res);
      sendJson(res, 200, {
        url: `https://replicate.com/${schema.owner}/${schema.name}`,
        owner: schema.owner,
        name: schema.name,
        description: schema.description,
        visibility: "public",
        is_official: true,
        latest_version: { id: "hidden", openapi_schema: openapiSchemaOf(schema) },
      });
      return;
    }
    if (resource === "predictions" && rest.length === 0) {
      if (method === "POST") {
        // Versioned predictions: the fake has no community model versions.
        sendJson(res, 422, { title: "Invalid version or not permitted", detail: "The specified version does not exist (or perhaps you don't have permission to use it?)", status: 422 });
        return;
      }
      if (method === "GET") {
        const results = [...world.jobs.values()].filter((job) => job.provider === "replicate").sort((a, b) => b.createdAt - a.createdAt).map((job) => predictionOf(job));
        sendJson(res, 200, { next: null, previous: null, results });
        return;
      }
    }
    if (resource === "predictions" && rest.length >= 1 && rest.length <= 2) {
      const job = world.job("replicate", rest[0] ?? "");
      const action = rest[1];
      const operation = action === "cancel" ? "cancel" : "status";
      if (await applyHttpFault(world, provider, operation, job?.prompt, res)) return;
      if (!job) return notFound(res);
      if (method === "GET" && action === undefined) {
        world.record({ provider: "replicate", operation, method, path: req.path, status: 200 });
        sendJson(res, 200, predictionOf(job));
        return;
      }
      if (method === "POST" && action === "cancel") {
        world.record({ provider: "replicate", operation, method, path: req.path, status: 200 });
        world.cancel(job);
        sendJson(res, 200, predictionOf(job));
        return;
      }
    }
    notFound(res);
  }

  function signed(deliveryId: string, body: string, nowSeconds: number): Record<string, string> {
    const signature = new Webhook(world.config.replicateWebhookSecret).sign(deliveryId, new Date(nowSeconds * 1000), body);
    return { "webhook-id": deliveryId, "webhook-timestamp": String(nowSeconds), "webhook-signature": signature };
  }

  function outgoing(job: FakeJob, body: string): OutgoingWebhook {
    return { provider: "replicate", jobId: job.id, url: job.webhookUrl!, body, sign: signed };
  }

  function send(job: FakeJob, webhooks: OutgoingWebhook[]) {
    const duplicates = job.jobFaults.find((fault) => fault.type === "webhook-duplicates");
    void world.webhooks.send(webhooks, duplicates?.type === "webhook-duplicates" ? duplicates.copies : 1);
  }

  // `start` and `completed` always go out; `logs` and `output` only when the filter asks for them.
  world.onTransition("replicate", ({ job, to }) => {
    if (to === "succeeded" && job.outcome.kind !== "no-videos") job.extra.outputUrl = world.signedUrl("replicate-delivery", job);
    if (!job.webhookUrl) return;
    const outOfOrder = job.jobFaults.some((fault) => fault.type === "webhook-out-of-order");
    const wants = (event: string) => job.webhookEvents?.includes(event) ?? false;
    if (to === "running") {
      const start = JSON.stringify(predictionOf(job));
      // Out of order: the start event is held back and delivered after `completed`.
      if (outOfOrder) job.extra.heldStart = start;
      else send(job, [outgoing(job, start)]);
      return;
    }
    if (!isFinished(job)) return;
    const queue: OutgoingWebhook[] = [];
    if (typeof job.extra.heldStart === "string") queue.push(outgoing(job, job.extra.heldStart));
    if (wants("logs")) queue.push(outgoing(job, JSON.stringify(predictionOf(job, { status: "processing", output: null }))));
    if (wants("output") && outputOf(job)) queue.push(outgoing(job, JSON.stringify(predictionOf(job, { status: "processing" }))));
    queue.push(outgoing(job, JSON.stringify(predictionOf(job))));
    send(job, outOfOrder ? queue.reverse() : queue);
  });

  return provider;
}
