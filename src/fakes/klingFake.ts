import { randomInt, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { asRecord, bearerToken, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { checkKlingAuth } from "./klingFakeAuth";
import { checkKlingCreate, type KlingCreate } from "./klingFakeRequests";
import { applyHttpFault, sendError, type FakeError, type FakeProvider } from "./providerRoute";
import { resultExpirySeconds, signedUrlExpiringAt } from "./stableSignedUrl";
import type { OutgoingWebhook } from "./webhookSender";

/** Units per output second (Kling pricing page via providers.md §4.5) and the unit's dollar value. */
const UNITS_PER_SECOND = { "720p": 0.3, "1080p": 0.5, "1080p-audio": 1.0 } as const;
const USD_PER_UNIT = 0.14;

const MODELS_IN_PATH = new Set(["kling-2.6"]);

function taskId(): string {
  // Kling task ids are long decimal strings ("831922345719271433").
  return `8${String(Date.now()).slice(-11)}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

function createOf(job: FakeJob): KlingCreate {
  return job.extra.create as KlingCreate;
}

function unitsOf(job: FakeJob): number {
  const create = createOf(job);
  const rate = create.audio ? UNITS_PER_SECOND["1080p-audio"] : UNITS_PER_SECOND[create.resolution];
  return Math.round(rate * job.seconds * 100) / 100;
}

function updateTime(job: FakeJob): number {
  return job.finishedAt ?? job.startedAt ?? job.createdAt;
}

/**
 * Kling's API host (api-singapore.klingai.com) with both generations: the model-in-path API
 * (`/text-to-video/kling-2.6`, `/tasks`) and the legacy `model_name` API (`/v1/videos/...`).
 * Business errors come as `{code, message, request_id}`, inside an HTTP 200 for the
 * `business-error` fault. Callbacks go to `callback_url` on every status change.
 */
export function createKlingFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "kling",
    prefixes: ["/kling"],
    hosts: { "/kling": "api-singapore.klingai.com" },
    renderError(error: FakeError) {
      const defaults: Record<FakeError["kind"], [number, number]> = {
        auth: [401, 1000],
        "rate-limit": [429, 1302],
        concurrency: [429, 1303],
        server: [500, 5000],
        invalid: [400, 1201],
        "not-found": [404, 1203],
        business: [200, 5000],
        policy: [400, 1301],
      };
      let [status, code] = defaults[error.kind];
      if (error.kind === "server" && error.status) {
        status = error.status;
        code = status === 503 ? 5001 : status === 504 ? 5002 : 5000;
      } else if (error.status && error.kind !== "business") status = error.status;
      if (typeof error.code === "number") code = error.code;
      return { status, body: { code, message: error.message, request_id: randomUUID() } };
    },
    async handle(_prefix, req, res) {
      const segments = req.path.split("/").filter(Boolean);
      const legacy = segments[0] === "v1";
      const refusal = checkKlingAuth(bearerToken(req), legacy, world.now());
      if (refusal) {
        sendError(provider, res, { kind: "auth", code: refusal.code, message: refusal.message });
        return;
      }
      if (req.method === "POST" && segments.length === 2 && (segments[0] === "text-to-video" || segments[0] === "image-to-video")) {
        const model = segments[1] ?? "";
        if (!MODELS_IN_PATH.has(model)) {
          sendError(provider, res, { kind: "not-found", message: `model ${model} not found` });
          return;
        }
        await handleCreate(req, res, { api: "new", kind: segments[0], model });
        return;
      }
      if (req.method === "GET" && segments.length === 1 && segments[0] === "tasks") return handleQuery(req, res);
      const endpoint = segments[2];
      if (legacy && segments[1] === "videos" && (endpoint === "text2video" || endpoint === "image2video")) {
        if (req.method === "POST" && segments.length === 3) return handleCreate(req, res, { api: "legacy", endpoint });
        if (req.method === "GET" && segments.length === 4) return handleLegacyQuery(req, res, endpoint, decodeURIComponent(segments[3] ?? ""));
        if (req.method === "GET" && segments.length === 3) return handleLegacyList(req, res, endpoint);
      }
      sendError(provider, res, { kind: "not-found", code: 1202, message: `no such API: ${req.method} ${req.path}` });
    },
  };

  function videoUrl(job: FakeJob): string {
    return signedUrlExpiringAt(world, "kling-cdn", job, resultExpirySeconds(world, job));
  }

  function failureMessage(job: FakeJob): string {
    if (job.outcome.kind === "content-policy") return `Failure to pass the risk control system: ${job.outcome.message}`;
    if (job.outcome.kind === "failure") return job.outcome.message;
    return "";
  }

  /** A task object of the model-in-path API, as `GET /tasks` and its callbacks carry it. */
  function newTask(job: FakeJob) {
    const status = { queued: "submitted", running: "processing", succeeded: "succeeded", failed: "failed", cancelled: "failed" }[job.state];
    const done = job.state === "succeeded" && job.outcome.kind === "success";
    const usd = Math.round(unitsOf(job) * USD_PER_UNIT * 1000) / 1000;
    return {
      id: job.id,
      status,
      message: job.state === "failed" ? failureMessage(job) : "",
      create_time: job.createdAt,
      update_time: updateTime(job),
      external_id: job.externalId ?? "",
      outputs: done ? [{ type: "video", id: `${job.id}-v0`, url: videoUrl(job), watermark_url: "", duration: String(job.seconds) }] : [],
      // Failed tasks are not charged.
      billing: done
        ? [{ charge_type: "cash", cash_type: "balance", amount: usd.toFixed(3), currency: "USD", package_type: "video", list_price: usd.toFixed(3) }]
        : [],
    };
  }

  /** The legacy `data` object, as `GET /v1/videos/{endpoint}/{id}` and legacy callbacks carry it. */
  function legacyTask(job: FakeJob) {
    const status = { queued: "submitted", running: "processing", succeeded: "succeed", failed: "failed", cancelled: "failed" }[job.state];
    const done = job.state === "succeeded" && job.outcome.kind === "success";
    return {
      task_id: job.id,
      task_status: status,
      task_status_msg: job.state === "failed" ? failureMessage(job) : "",
      task_info: { external_task_id: job.externalId ?? "" },
      task_result: { videos: done ? [{ id: `${job.id}-v0`, url: videoUrl(job), duration: String(job.seconds) }] : [] },
      ...(done ? { final_unit_deduction: String(unitsOf(job)) } : {}),
      created_at: job.createdAt,
      updated_at: updateTime(job),
    };
  }

  function ok(res: ServerResponse, data: unknown) {
    sendJson(res, 200, { code: 0, message: "SUCCEED", request_id: randomUUID(), data });
  }

  async function handleCreate(
    req: FakeRequest,
    res: ServerResponse,
    route: { api: "new"; kind: "text-to-video" | "image-to-video"; model: string } | { api: "legacy"; endpoint: "text2video" | "image2video" },
  ) {
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? asRecord(parsed.value) : undefined;
    if (!body) {
      sendError(provider, res, { kind: "invalid", code: 1200, message: "request body must be a JSON object" });
      return;
    }
    const promptHint = typeof body.prompt === "string" ? body.prompt : JSON.stringify(body.contents ?? "");
    if (await applyHttpFault(world, provider, "create", promptHint, res)) return;
    const check = checkKlingCreate(route, body);
    if (!check.ok) {
      sendError(provider, res, { kind: "invalid", code: 1201, message: check.message });
      return;
    }
    const create = check.create;
    // external_task_id is unique per account. Kling's answer to a reuse is UNCONFIRMED; the fake
    // refuses it as a parameter error that names the field.
    if (create.externalId && [...world.jobs.values()].some((job) => job.provider === "kling" && job.externalId === create.externalId)) {
      sendError(provider, res, { kind: "invalid", code: 1201, message: `external_task_id ${create.externalId} already exists` });
      return;
    }
    const limit = world.config.limits.kling?.maxActive;
    if (limit !== undefined && world.activeCount("kling") >= limit) {
      sendError(provider, res, { kind: "concurrency", message: "The number of parallel tasks exceeds the resource pack limit" });
      return;
    }
    const job = world.createJob({
      provider: "kling",
      id: taskId(),
      model: create.model,
      endpoint: create.api === "new" ? `${create.kind}/${create.model}` : `v1/videos/${create.endpoint}`,
      prompt: create.prompt,
      input: body,
      aspectRatio: create.aspectRatio,
      seconds: create.seconds,
      webhookUrl: create.callbackUrl,
      externalId: create.externalId,
      extra: { create, held: [] },
    });
    world.record({ provider: "kling", operation: "create", method: req.method, path: req.path, status: 200 });
    // The first callback reports "submitted" as soon as the task exists.
    sendCallbacks(job);
    if (create.api === "new") {
      ok(res, { id: job.id, status: "submitted", create_time: job.createdAt, update_time: job.createdAt, external_id: job.externalId ?? "" });
    } else {
      ok(res, { task_id: job.id, task_status: "submitted", task_info: { external_task_id: job.externalId ?? "" }, created_at: job.createdAt, updated_at: job.createdAt });
    }
  }

  async function handleQuery(req: FakeRequest, res: ServerResponse) {
    const ids = req.query.get("task_ids");
    const externalIds = req.query.get("external_task_ids");
    if ((ids === null) === (externalIds === null)) {
      sendError(provider, res, { kind: "invalid", code: 1201, message: "give either task_ids or external_task_ids" });
      return;
    }
    const wanted = new Set((ids ?? externalIds ?? "").split(",").map((value) => value.trim()).filter(Boolean));
    const jobs = [...world.jobs.values()].filter(
      (job) => job.provider === "kling" && createOf(job).api === "new" && wanted.has(ids !== null ? job.id : (job.externalId ?? "")),
    );
    if (await applyHttpFault(world, provider, "status", jobs[0]?.prompt, res)) return;
    world.record({ provider: "kling", operation: "status", method: req.method, path: req.path, status: 200 });
    ok(res, jobs.map(newTask));
  }

  async function handleLegacyQuery(req: FakeRequest, res: ServerResponse, endpoint: string, id: string) {
    // The path takes either the task_id or the external_task_id (legacy query-task page).
    const job = [...world.jobs.values()].find(
      (candidate) =>
        candidate.provider === "kling" &&
        createOf(candidate).api === "legacy" &&
        createOf(candidate).endpoint === endpoint &&
        (candidate.id === id || candidate.externalId === id),
    );
    if (await applyHttpFault(world, provider, "status", job?.prompt, res)) return;
    if (!job) {
      sendError(provider, res, { kind: "not-found", message: `task ${id} not found` });
      return;
    }
    world.record({ provider: "kling", operation: "status", method: req.method, path: req.path, status: 200 });
    ok(res, legacyTask(job));
  }

  function handleLegacyList(req: FakeRequest, res: ServerResponse, endpoint: string) {
    const page = Math.max(1, Number(req.query.get("pageNum") ?? 1) || 1);
    const size = Math.min(500, Math.max(1, Number(req.query.get("pageSize") ?? 30) || 30));
    const jobs = [...world.jobs.values()]
      .filter((job) => job.provider === "kling" && createOf(job).api === "legacy" && createOf(job).endpoint === endpoint)
      .sort((a, b) => b.createdAt - a.createdAt);
    world.record({ provider: "kling", operation: "other", method: req.method, path: req.path, status: 200 });
    ok(res, jobs.slice((page - 1) * size, page * size).map(legacyTask));
  }

  /** Standard Webhooks signatures, only once a secret exists in the console; two during a rotation. */
  function signatureHeaders(deliveryId: string, body: string, nowSeconds: number): Record<string, string> {
    const secrets = world.config.klingWebhookSecrets;
    if (secrets.length === 0) return {};
    const at = new Date(nowSeconds * 1000);
    return {
      "webhook-id": deliveryId,
      "webhook-timestamp": String(nowSeconds),
      "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(deliveryId, at, body)).join(" "),
    };
  }

  function callbackFor(job: FakeJob): OutgoingWebhook {
    const body = JSON.stringify(createOf(job).api === "new" ? newTask(job) : legacyTask(job));
    return { provider: "kling", jobId: job.id, url: job.webhookUrl ?? "", body, sign: signatureHeaders };
  }

  /** Sends the callback for the job's current state, honouring duplicate and out-of-order faults. */
  function sendCallbacks(job: FakeJob) {
    if (!job.webhookUrl) return;
    const duplicates = job.jobFaults.find((fault) => fault.type === "webhook-duplicates");
    const copies = duplicates?.type === "webhook-duplicates" ? duplicates.copies : 1;
    const outOfOrder = job.jobFaults.some((fault) => fault.type === "webhook-out-of-order");
    const callback = callbackFor(job);
    const finished = job.state === "succeeded" || job.state === "failed";
    if (outOfOrder) {
      // Hold every earlier callback and deliver them after the final one, newest first.
      const held = job.extra.held as OutgoingWebhook[];
      if (!finished) {
        held.push(callback);
        return;
      }
      void world.webhooks.send([callback, ...held.reverse()], copies);
      return;
    }
    void world.webhooks.send([callback], copies);
  }

  world.onTransition("kling", ({ job }) => sendCallbacks(job));

  return provider;
}
