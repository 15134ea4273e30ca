import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { falAppPath } from "./falFake";
import { falSigner } from "./falSigning";
import type { FakeJob, JobTransition } from "./fakeJobs";
import { fetchImageReference, FAKE_STILL_TYPES, renderFakeStill, sizeFor, stillSize, type FakeStillFormat } from "./fakeStills";
import { FAKE_KEYS, type FakeWorld } from "./fakeWorld";
import { asRecord, header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { holdUntilDrawn, serveStill, signedStillUrl, stillsOf, type FakeStill } from "./imageCdn";
import { applyHttpFault, sendError, type FakeError, type FakeProvider } from "./providerRoute";

/**
 * fal's queue for the image endpoints (Flux 2 Pro and its edit, Seedream 4.5 text to image and
 * edit), beside the video fake on the same prefix, with the stills on a fake `v3.fal.media`.
 * Inputs follow each model page (falImageModels.ts cites them); a problem is a pydantic 422.
 */

const ENUM_SIZES: Record<string, [number, number]> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
};

interface Endpoint {
  family: "flux" | "seedream";
  edit: boolean;
  maxInputs: number;
}

export const FAL_IMAGE_FAKE_ENDPOINTS: Record<string, Endpoint> = {
  "fal-ai/flux-2-pro": { family: "flux", edit: false, maxInputs: 0 },
  "fal-ai/flux-2-pro/edit": { family: "flux", edit: true, maxInputs: 8 },
  "fal-ai/bytedance/seedream/v4.5/text-to-image": { family: "seedream", edit: false, maxInputs: 0 },
  "fal-ai/bytedance/seedream/v4.5/edit": { family: "seedream", edit: true, maxInputs: 10 },
};

function pydantic(field: string, msg: string, type: string) {
  return { loc: ["body", field], msg, type };
}

interface Order {
  prompt: string;
  count: number;
  format: FakeStillFormat;
  seed: number;
  /** Pixel size, or the input's aspect at a pixel count (`auto`). */
  size: { width: number; height: number } | { auto: number };
  imageUrls: string[];
}

function validate(endpoint: Endpoint, input: Record<string, unknown>): ReturnType<typeof pydantic>[] | Order {
  const problems: ReturnType<typeof pydantic>[] = [];
  if (typeof input.prompt !== "string" || !input.prompt) problems.push(pydantic("prompt", "Field required", "missing"));
  let size: Order["size"] = endpoint.family === "flux" ? { width: 1024, height: 768 } : { auto: 2048 * 2048 };
  const raw = input.image_size;
  if (typeof raw === "string") {
    if (ENUM_SIZES[raw]) size = { width: ENUM_SIZES[raw]![0], height: ENUM_SIZES[raw]![1] };
    else if (raw === "auto" && endpoint.family === "flux" && endpoint.edit) size = { auto: 1024 * 1024 };
    else if ((raw === "auto_2K" || raw === "auto_4K") && endpoint.family === "seedream") size = { auto: raw === "auto_2K" ? 2048 * 2048 : 4096 * 4096 };
    else problems.push(pydantic("image_size", `Input should be ${[...Object.keys(ENUM_SIZES), ...(endpoint.family === "seedream" ? ["auto_2K", "auto_4K"] : endpoint.edit ? ["auto"] : [])].map((v) => `'${v}'`).join(", ")}`, "enum"));
  } else if (raw !== undefined) {
    const box = asRecord(raw);
    const width = box?.width;
    const height = box?.height;
    if (!Number.isInteger(width) || !Number.isInteger(height)) problems.push(pydantic("image_size", "Input should be a valid ImageSize {width, height}", "model_type"));
    else {
      const w = width as number;
      const h = height as number;
      const pixels = w * h;
      const ok = endpoint.family === "flux" ? w >= 64 && h >= 64 && w <= 14142 && h <= 14142 : (w >= 1920 && w <= 4096 && h >= 1920 && h <= 4096) || (pixels >= 2560 * 1440 && pixels <= 4096 * 4096);
      if (!ok) problems.push(pydantic("image_size", endpoint.family === "seedream" ? "Width and height must be between 1920 and 4096, or total number of pixels must be between 2560*1440 and 4096*4096." : "Image size out of range", "value_error"));
      size = { width: w, height: h };
    }
  } else if (endpoint.edit) size = { auto: endpoint.family === "flux" ? 1024 * 1024 : 2048 * 2048 };
  let format: FakeStillFormat = endpoint.family === "flux" ? "jpeg" : "png";
  if (input.output_format !== undefined) {
    if (endpoint.family !== "flux" || (input.output_format !== "jpeg" && input.output_format !== "png")) problems.push(pydantic("output_format", "Input should be 'jpeg' or 'png'", "literal_error"));
    else format = input.output_format;
  }
  let count = 1;
  if (input.num_images !== undefined) {
    if (endpoint.family !== "seedream" || !Number.isInteger(input.num_images) || (input.num_images as number) < 1 || (input.num_images as number) > 6) problems.push(pydantic("num_images", "Input should be less than or equal to 6", "less_than_equal"));
    else count = input.num_images as number;
  }
  if (input.seed !== undefined && !Number.isInteger(input.seed)) problems.push(pydantic("seed", "Input should be a valid integer", "int_type"));
  let imageUrls: string[] = [];
  if (endpoint.edit) {
    if (!Array.isArray(input.image_urls) || input.image_urls.length === 0) problems.push(pydantic("image_urls", "Field required", "missing"));
    else if (input.image_urls.some((url) => typeof url !== "string" || !/^(https?:\/\/|data:image\/)/.test(url))) problems.push(pydantic("image_urls", "Input should be a valid URL or data URI", "url_parsing"));
    else if (endpoint.family === "flux" && input.image_urls.length > endpoint.maxInputs) problems.push(pydantic("image_urls", `List should have at most ${endpoint.maxInputs} items`, "too_long"));
    // Seedream keeps only the last 10 (fal's docs), rather than refusing more.
    else imageUrls = (input.image_urls as string[]).slice(-endpoint.maxInputs);
  } else if (input.image_urls !== undefined) problems.push(pydantic("image_urls", "Extra inputs are not permitted", "extra_forbidden"));
  if (problems.length) return problems;
  return { prompt: input.prompt as string, count, format, seed: Number.isInteger(input.seed) ? (input.seed as number) : -1, size, imageUrls };
}

async function draw(order: Order): Promise<FakeStill[]> {
  const source = order.imageUrls[0] ? await fetchImageReference(order.imageUrls[0]) : undefined;
  let { width, height } = "auto" in order.size ? { width: 1024, height: 1024 } : order.size;
  if ("auto" in order.size) {
    const input = source ? await stillSize(source) : { width: 1, height: 1 };
    ({ width, height } = sizeFor(input.width / input.height, order.size.auto));
  }
  return Promise.all(
    Array.from({ length: order.count }, async (_, index) => {
      const bytes = await renderFakeStill({ prompt: order.prompt, seed: order.seed, index, width, height, format: order.format, ...(source ? { editOf: source } : {}) });
      return { bytes, mediaType: FAKE_STILL_TYPES[order.format], extension: order.format === "jpeg" ? ".jpg" : `.${order.format}`, width, height };
    }),
  );
}

export function createFalImagesFake(world: FakeWorld): FakeProvider {
  const signer = falSigner(world);
  const isImageJob = (id: string) => world.job("fal", id)?.extra.kind === "image";
  const provider: FakeProvider = {
    name: "fal",
    prefixes: ["/fal/queue", "/img-cdn/fal-media"],
    hosts: { "/fal/queue": "queue.fal.run", "/img-cdn/fal-media": "v3.fal.media" },
    renderError(error: FakeError) {
      const status = error.status ?? { auth: 401, "rate-limit": 429, concurrency: 429, server: 500, invalid: 422, "not-found": 404, business: 400, policy: 422 }[error.kind];
      return { status, body: { detail: error.message }, headers: { "x-fal-request-id": randomUUID() } };
    },
    claims(prefix, req) {
      if (prefix !== "/fal/queue") return true;
      const segments = req.path.split("/").filter(Boolean);
      const at = segments.indexOf("requests");
      if (at === -1) return req.method === "POST" && segments.join("/") in FAL_IMAGE_FAKE_ENDPOINTS;
      return isImageJob(segments[at + 1] ?? "");
    },
    async handle(prefix, req, res) {
      if (prefix === "/img-cdn/fal-media") return serveStill(world, "fal-media", req, res);
      const key = /^Key\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
      if (key !== FAKE_KEYS.fal) return void sendError(provider, res, { kind: "auth", message: key ? "Invalid API key" : "Missing Authorization header" });
      const segments = req.path.split("/").filter(Boolean);
      const at = segments.indexOf("requests");
      if (at === -1) return submit(req, res, segments.join("/"));
      return request(req, res, segments.slice(0, at).join("/"), segments[at + 1] ?? "", segments.slice(at + 2).join("/"));
    },
  };

  const urls = (job: FakeJob) => {
    const base = `${world.origin}/fal/queue/${falAppPath(job.endpoint)}/requests/${job.id}`;
    return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  };

  async function resultOf(job: FakeJob) {
    const stills = await stillsOf(job);
    return {
      images: stills.map((still, i) => ({ url: signedStillUrl(world, "fal-media", job, i, still), content_type: still.mediaType, file_name: `${job.id}-${i}${still.extension}`, file_size: still.bytes.length, width: still.width, height: still.height })),
      seed: job.extra.seed,
      has_nsfw_concepts: stills.map(() => false),
      prompt: job.prompt,
    };
  }

  function failureOf(job: FakeJob): FakeError | undefined {
    if (job.outcome.kind === "content-policy") return { kind: "policy", message: job.outcome.message };
    if (job.outcome.kind !== "success") return { kind: "server", message: "Internal server error" };
    return undefined;
  }

  function onTransition({ job, to }: JobTransition) {
    if (!job.webhookUrl || (to !== "succeeded" && to !== "failed")) return;
    void (async () => {
      const failure = failureOf(job);
      const body = JSON.stringify(
        failure ? { request_id: job.id, gateway_request_id: job.id, status: "ERROR", payload: null, error: failure.message } : { request_id: job.id, gateway_request_id: job.id, status: "OK", payload: await resultOf(job) },
      );
      await world.webhooks.send([{ provider: "fal", jobId: job.id, url: job.webhookUrl!, body, sign: (_id, payload, now) => signer.headers(job.id, payload, now) }]);
    })();
  }

  async function submit(req: FakeRequest, res: ServerResponse, endpointId: string) {
    const parsed = parseJsonBody(req);
    const input = parsed.ok ? asRecord(parsed.value) : undefined;
    if (await applyHttpFault(world, provider, "create", typeof input?.prompt === "string" ? input.prompt : undefined, res)) return;
    const endpoint = FAL_IMAGE_FAKE_ENDPOINTS[endpointId]!;
    if (!input) return void sendError(provider, res, { kind: "invalid", message: "Request body must be a JSON object" });
    const order = validate(endpoint, input);
    if (Array.isArray(order)) {
      world.record({ provider: "fal", operation: "create", method: req.method, path: req.path, status: 422 });
      return void sendJson(res, 422, { detail: order });
    }
    // Without a seed, each call draws differently; the count of creates keeps tests repeatable.
    if (order.seed < 0) order.seed = world.creates.fal + 1;
    const stills = draw(order);
    stills.catch(() => undefined);
    const job = world.createJob({
      provider: "fal",
      model: endpointId,
      endpoint: endpointId,
      prompt: order.prompt,
      input,
      seconds: 0,
      webhookUrl: req.query.get("fal_webhook") ?? undefined,
      extra: { kind: "image", stills, seed: order.seed },
      onTransition,
    });
    holdUntilDrawn(job, stills);
    world.record({ provider: "fal", operation: "create", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, { request_id: job.id, gateway_request_id: job.id, ...urls(job), queue_position: 0 });
  }

  async function request(req: FakeRequest, res: ServerResponse, appPath: string, id: string, action: string) {
    const job = world.job("fal", id);
    if (!job || falAppPath(job.endpoint) !== appPath) return void sendError(provider, res, { kind: "not-found", message: `Request ${id} not found` });
    const operation = action === "status" ? "status" : action === "cancel" ? "cancel" : "result";
    if (await applyHttpFault(world, provider, operation, job.prompt, res)) return;
    world.record({ provider: "fal", operation, method: req.method, path: req.path, status: 200 });
    if (req.method === "GET" && action === "status") {
      if (job.state === "queued") sendJson(res, 200, { status: "IN_QUEUE", queue_position: 0, request_id: job.id, ...urls(job) });
      else if (job.state === "running") sendJson(res, 200, { status: "IN_PROGRESS", request_id: job.id, logs: null, ...urls(job) });
      else sendJson(res, 200, { status: "COMPLETED", request_id: job.id, logs: null, metrics: { inference_time: job.runMs / 1000 }, ...urls(job) });
      return;
    }
    if (req.method === "GET" && action === "") {
      if (job.state === "queued" || job.state === "running") return void sendJson(res, 400, { detail: "Request is still in progress" });
      if (job.state === "cancelled") return void sendJson(res, 400, { detail: "Request was cancelled" });
      const failure = failureOf(job);
      if (failure?.kind === "policy") return void sendJson(res, 422, { detail: [{ loc: ["body", "prompt"], msg: failure.message, type: "content_policy_violation" }] });
      if (failure) return void sendError(provider, res, failure);
      sendJson(res, 200, await resultOf(job));
      return;
    }
    if (req.method === "PUT" && action === "cancel") {
      if (job.state === "queued" && world.cancel(job)) sendJson(res, 202, { status: "CANCELLATION_REQUESTED" });
      else sendJson(res, 400, { status: "ALREADY_COMPLETED" });
      return;
    }
    sendError(provider, res, { kind: "not-found", message: "Not Found" });
  }

  return provider;
}
