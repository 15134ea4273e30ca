import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { clipFile } from "./clipServing";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { FAKE_KEYS } from "./fakeWorld";
import { falSigner } from "./falSigning";
import { asRecord, header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { applyHttpFault, sendError, type FakeError, type FakeProvider } from "./providerRoute";

/** Input rules per fal endpoint family, mirroring each model page's schema. */
interface EndpointRule {
  durations: string[];
  defaultDuration: string;
  aspectRatios?: string[];
  resolutions?: string[];
  requires: string[];
}

const VEO = { durations: ["4s", "6s", "8s"], defaultDuration: "8s", aspectRatios: ["16:9", "9:16"], resolutions: ["720p", "1080p", "4k"] };
const VEO_I2V = { ...VEO, aspectRatios: ["auto", "16:9", "9:16"] };
const KLING = { durations: ["5", "10"], defaultDuration: "5" };
const WAN = { durations: ["5", "10", "15"], defaultDuration: "5", resolutions: ["720p", "1080p"] };

const ENDPOINTS: Record<string, EndpointRule> = {
  "fal-ai/veo3.1": { ...VEO, requires: [] },
  "fal-ai/veo3.1/image-to-video": { ...VEO_I2V, requires: ["image_url"] },
  "fal-ai/veo3.1/first-last-frame-to-video": { ...VEO_I2V, requires: ["first_frame_url", "last_frame_url"] },
  "fal-ai/veo3.1/reference-to-video": { ...VEO, durations: ["8s"], requires: ["image_urls"] },
  "fal-ai/veo3.1/fast": { ...VEO, requires: [] },
  "fal-ai/veo3.1/fast/image-to-video": { ...VEO_I2V, requires: ["image_url"] },
  "fal-ai/veo3.1/fast/first-last-frame-to-video": { ...VEO_I2V, requires: ["first_frame_url", "last_frame_url"] },
  "fal-ai/kling-video/v2.6/pro/text-to-video": { ...KLING, aspectRatios: ["16:9", "9:16", "1:1"], requires: [] },
  "fal-ai/kling-video/v2.6/pro/image-to-video": { ...KLING, requires: ["start_image_url"] },
  "wan/v2.6/text-to-video": { ...WAN, aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"], requires: [] },
  "wan/v2.6/image-to-video": { ...WAN, requires: ["image_url"] },
};

/** fal's queue paths use only owner/alias of the endpoint id: `fal-ai/kling-video`, `wan/v2.6`. */
export function falAppPath(endpointId: string): string {
  return endpointId.split("/").slice(0, 2).join("/");
}

function pydantic(field: string, message: string, type: string) {
  return { loc: ["body", field], msg: message, type };
}

function validate(rule: EndpointRule, input: Record<string, unknown>) {
  const problems: ReturnType<typeof pydantic>[] = [];
  if (typeof input.prompt !== "string" || input.prompt.length === 0) problems.push(pydantic("prompt", "Field required", "missing"));
  if (input.duration !== undefined && !rule.durations.includes(String(input.duration))) {
    problems.push(pydantic("duration", `Input should be ${rule.durations.map((d) => `'${d}'`).join(" or ")}`, "literal_error"));
  }
  if (input.aspect_ratio !== undefined && rule.aspectRatios && !rule.aspectRatios.includes(String(input.aspect_ratio))) {
    problems.push(pydantic("aspect_ratio", `Input should be ${rule.aspectRatios.map((a) => `'${a}'`).join(" or ")}`, "literal_error"));
  }
  if (input.resolution !== undefined && rule.resolutions && !rule.resolutions.includes(String(input.resolution))) {
    problems.push(pydantic("resolution", `Input should be ${rule.resolutions.map((r) => `'${r}'`).join(" or ")}`, "literal_error"));
  }
  for (const field of rule.requires) {
    const value = input[field];
    const ok = field === "image_urls" ? Array.isArray(value) && value.length > 0 : typeof value === "string" && value.length > 0;
    if (!ok) problems.push(pydantic(field, "Field required", "missing"));
  }
  if (input.seed !== undefined && !Number.isInteger(input.seed)) problems.push(pydantic("seed", "Input should be a valid integer", "int_type"));
  return problems;
}

export function createFalFake(world: FakeWorld): FakeProvider {
  const signer = falSigner(world);
  const jwk = signer.jwk;

  const provider: FakeProvider = {
    name: "fal",
    prefixes: ["/fal/queue", "/fal/run", "/fal/rest"],
    hosts: { "/fal/queue": "queue.fal.run", "/fal/run": "fal.run", "/fal/rest": "rest.fal.ai" },
    renderError(error: FakeError) {
      const status = error.status ?? { auth: 401, "rate-limit": 429, concurrency: 429, server: 500, invalid: 422, "not-found": 404, business: 400, policy: 422 }[error.kind];
      return { status, body: { detail: error.message }, headers: { "x-fal-request-id": randomUUID() } };
    },
    async handle(prefix, req, res) {
      if (prefix === "/fal/rest") return handleRest(req, res);
      const key = /^Key\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
      if (key !== FAKE_KEYS.fal) {
        sendError(provider, res, { kind: "auth", message: key ? "Invalid API key" : "Missing Authorization header" });
        return;
      }
      if (prefix === "/fal/run") return handleSync(req, res);
      return handleQueue(req, res);
    },
  };

  const queueUrls = (job: FakeJob) => {
    const base = `${world.origin}/fal/queue/${falAppPath(job.endpoint)}/requests/${job.id}`;
    return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  };

  function resultOf(job: FakeJob) {
    const size = statSync(clipFile(world, job)).size;
    return {
      video: { url: world.signedUrl("fal-media", job), content_type: "video/mp4", file_name: job.clip, file_size: size },
      seed: Number.isInteger(job.input.seed) ? job.input.seed : 42_424_242,
    };
  }

  function failureOf(job: FakeJob): FakeError | undefined {
    if (job.outcome.kind === "content-policy") return { kind: "policy", message: job.outcome.message };
    if (job.outcome.kind === "failure" || job.outcome.kind === "no-videos") return { kind: "server", message: "Internal server error" };
    return undefined;
  }

  function queuePosition(job: FakeJob): number {
    let position = 0;
    for (const other of world.jobs.values()) {
      if (other.provider === "fal" && other.state === "queued" && other.createdAt < job.createdAt) position++;
    }
    return position;
  }

  async function handleRest(req: FakeRequest, res: ServerResponse) {
    if (req.method === "GET" && req.path === "/.well-known/jwks.json") {
      sendJson(res, 200, { keys: [{ ...jwk, kid: "fake-fal-webhook-key", use: "sig", alg: "EdDSA" }] });
      return;
    }
    sendError(provider, res, { kind: "not-found", message: "Not Found" });
  }

  function createJob(endpoint: string, input: Record<string, unknown>, webhookUrl: string | undefined) {
    const duration = String(input.duration ?? ENDPOINTS[endpoint]!.defaultDuration).replace("s", "");
    return world.createJob({
      provider: "fal",
      model: endpoint,
      endpoint,
      prompt: String(input.prompt ?? ""),
      input,
      aspectRatio: typeof input.aspect_ratio === "string" && input.aspect_ratio !== "auto" ? input.aspect_ratio : undefined,
      seconds: Number(duration),
      webhookUrl,
    });
  }

  async function readInput(req: FakeRequest, res: ServerResponse, endpoint: string): Promise<Record<string, unknown> | undefined> {
    const rule = ENDPOINTS[endpoint];
    if (!rule) {
      sendError(provider, res, { kind: "not-found", message: `Application '${endpoint}' not found` });
      return undefined;
    }
    const parsed = parseJsonBody(req);
    const input = parsed.ok ? asRecord(parsed.value) : undefined;
    if (!input) {
      sendError(provider, res, { kind: "invalid", message: "Request body must be a JSON object" });
      return undefined;
    }
    const problems = validate(rule, input);
    if (problems.length > 0) {
      sendJson(res, 422, { detail: problems });
      return undefined;
    }
    return input;
  }

  async function handleQueue(req: FakeRequest, res: ServerResponse) {
    const segments = req.path.split("/").filter(Boolean);
    const requestsAt = segments.indexOf("requests");
    if (req.method === "POST" && requestsAt === -1) {
      const endpoint = segments.join("/");
      const parsed = parseJsonBody(req);
      const prompt = parsed.ok ? String(asRecord(parsed.value)?.prompt ?? "") : undefined;
      if (await applyHttpFault(world, provider, "create", prompt, res)) return;
      const input = await readInput(req, res, endpoint);
      if (!input) return;
      const job = createJob(endpoint, input, req.query.get("fal_webhook") ?? undefined);
      world.record({ provider: "fal", operation: "create", method: req.method, path: req.path, status: 200 });
      sendJson(res, 200, { request_id: job.id, gateway_request_id: job.id, ...queueUrls(job), queue_position: queuePosition(job) });
      return;
    }
    // Status, result and cancel paths carry owner/alias only, never the endpoint's sub-path.
    if (requestsAt !== 2) {
      sendError(provider, res, { kind: "not-found", message: "Not Found" });
      return;
    }
    const appPath = segments.slice(0, 2).join("/");
    const id = segments[3] ?? "";
    const action = segments.slice(4).join("/");
    const job = world.job("fal", id);
    if (!job || falAppPath(job.endpoint) !== appPath) {
      sendError(provider, res, { kind: "not-found", message: `Request ${id} not found` });
      return;
    }
    const operation = action === "status" ? "status" : action === "cancel" ? "cancel" : "result";
    if (await applyHttpFault(world, provider, operation, job.prompt, res)) return;
    world.record({ provider: "fal", operation, method: req.method, path: req.path, status: 200 });
    if (req.method === "GET" && action === "status") {
      const logs = req.query.get("logs") === "1" ? [{ message: `state ${job.state}`, timestamp: new Date(world.now()).toISOString() }] : undefined;
      if (job.state === "queued") sendJson(res, 200, { status: "IN_QUEUE", queue_position: queuePosition(job), request_id: job.id, ...queueUrls(job) });
      else if (job.state === "running") sendJson(res, 200, { status: "IN_PROGRESS", request_id: job.id, logs: logs ?? null, ...queueUrls(job) });
      else sendJson(res, 200, { status: "COMPLETED", request_id: job.id, logs: logs ?? null, metrics: { inference_time: job.runMs / 1000 }, ...queueUrls(job) });
      return;
    }
    if (req.method === "GET" && action === "") {
      if (job.state === "queued" || job.state === "running") {
        sendJson(res, 400, { detail: "Request is still in progress" });
        return;
      }
      if (job.state === "cancelled") {
        sendJson(res, 400, { detail: "Request was cancelled" });
        return;
      }
      const failure = failureOf(job);
      if (failure) {
        if (failure.kind === "policy") sendJson(res, 422, { detail: [{ loc: ["body", "prompt"], msg: failure.message, type: "content_policy_violation" }] });
        else sendError(provider, res, failure);
        return;
      }
      sendJson(res, 200, resultOf(job));
      return;
    }
    if (req.method === "PUT" && action === "cancel") {
      if (job.state === "queued" && world.cancel(job)) sendJson(res, 202, { status: "CANCELLATION_REQUESTED" });
      else sendJson(res, 400, { status: "ALREADY_COMPLETED" });
      return;
    }
    sendError(provider, res, { kind: "not-found", message: "Not Found" });
  }

  async function handleSync(req: FakeRequest, res: ServerResponse) {
    const endpoint = req.path.split("/").filter(Boolean).join("/");
    const input = await readInput(req, res, endpoint);
    if (!input) return;
    const job = createJob(endpoint, input, undefined);
    while (job.state === "queued" || job.state === "running") await new Promise((resolve) => setTimeout(resolve, 25));
    const failure = failureOf(job);
    if (failure) sendError(provider, res, failure);
    else sendJson(res, 200, resultOf(job));
  }

  world.onTransition("fal", ({ job, to }) => {
    if (!job.webhookUrl || (to !== "succeeded" && to !== "failed")) return;
    const failure = failureOf(job);
    const body = JSON.stringify(
      failure
        ? { request_id: job.id, gateway_request_id: job.id, status: "ERROR", payload: null, error: failure.message }
        : { request_id: job.id, gateway_request_id: job.id, status: "OK", payload: resultOf(job) },
    );
    const copies = job.jobFaults.find((fault) => fault.type === "webhook-duplicates");
    void world.webhooks.send(
      [{ provider: "fal", jobId: job.id, url: job.webhookUrl, body, sign: (_id, payload, now) => signer.headers(job.id, payload, now) }],
      copies && copies.type === "webhook-duplicates" ? copies.copies : 1,
    );
  });

  return provider;
}
