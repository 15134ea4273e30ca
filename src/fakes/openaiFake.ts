import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendAccountWebhook } from "./accountWebhooks";
import { serveClip } from "./clipServing";
import type { DownloadFault } from "./faults";
import type { FakeJob } from "./fakeJobs";
import { isFinished, progressOf } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { FAKE_KEYS } from "./fakeWorld";
import { bearerToken, sendJson, type FakeRequest } from "./httpUtil";
import { pngSize, readVideoCreateForm, type VideoCreateForm } from "./openaiFakeForm";
import { applyHttpFault, sendError, type FakeError, type FakeProvider, type RenderedError } from "./providerRoute";

/**
 * api.openai.com's Videos API (`/openai/v1/videos...`), as openai-node 6.x/7.x and the OpenAPI
 * spec describe it: multipart create, retrieve, list, delete, `/content` download with auth, and
 * project webhooks `video.completed` / `video.failed` with a thin payload.
 */

const SIZES_720 = ["720x1280", "1280x720"];
const SIZES_PRO = [...SIZES_720, "1024x1792", "1792x1024", "1080x1920", "1920x1080"];

/** Model ids and the sizes each takes (sora-2: 720p only; pro adds 1024p and 1080p). */
const MODELS: Record<string, string[]> = {
  "sora-2": SIZES_720,
  "sora-2-2025-10-06": SIZES_720,
  "sora-2-2025-12-08": SIZES_720,
  "sora-2-pro": SIZES_PRO,
  "sora-2-pro-2025-10-06": SIZES_PRO,
};

/** The SDK enum says 4, 8, 12; the guide added 16 and 20 on 2026-03-12. */
const SECONDS = ["4", "8", "12", "16", "20"];
const CREATE_FIELDS = new Set(["prompt", "model", "seconds", "size", "input_reference", "input_reference[image_url]", "input_reference[file_id]"]);
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** UNCONFIRMED: OpenAI does not list video job error codes; this is the one its image API uses. */
export const OPENAI_MODERATION_CODE = "moderation_blocked";

interface CreateProblem {
  message: string;
  param: string | null;
  code: string;
}

function quoted(values: string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).map((v) => `'${v}'`).join(", ")}, and '${values[values.length - 1]}'` : `'${values[0]}'`;
}

function typeName(value: unknown): string {
  if (Number.isInteger(value)) return "an integer";
  if (typeof value === "number") return "a decimal";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The multipart form, or the JSON body flattened to the same field names. */
function createFields(form: VideoCreateForm): Map<string, unknown> {
  const fields = new Map(form.fields);
  const reference = fields.get("input_reference");
  if (form.encoding === "json" && reference !== null && typeof reference === "object" && !Array.isArray(reference)) {
    fields.delete("input_reference");
    for (const [key, value] of Object.entries(reference)) fields.set(`input_reference[${key}]`, value);
  }
  return fields;
}

function validateCreate(form: VideoCreateForm): CreateProblem | { model: string; prompt: string; seconds: string; size: string; reference?: string } {
  const fields = createFields(form);
  for (const name of [...fields.keys(), ...form.files.keys()]) {
    if (!CREATE_FIELDS.has(name)) return { message: `Unknown parameter: '${name}'.`, param: name, code: "unknown_parameter" };
  }
  if (form.repeated.length > 0) return { message: `Duplicate parameter: '${form.repeated[0]}'.`, param: form.repeated[0]!, code: "invalid_value" };
  for (const [name, value] of fields) {
    if (typeof value !== "string") {
      return { message: `Invalid type for '${name}': expected a string, but got ${typeName(value)} instead.`, param: name, code: "invalid_type" };
    }
  }
  const prompt = fields.get("prompt") as string | undefined;
  if (prompt === undefined) return { message: "Missing required parameter: 'prompt'.", param: "prompt", code: "missing_required_parameter" };
  if (prompt.length < 1 || prompt.length > 32000) {
    return { message: `Invalid 'prompt': string must be 1 to 32000 characters long, got ${prompt.length}.`, param: "prompt", code: "string_above_max_length" };
  }
  const model = (fields.get("model") as string | undefined) ?? "sora-2";
  const sizes = MODELS[model];
  if (!sizes) return { message: `Invalid value: '${model}'. Supported values are: ${quoted(Object.keys(MODELS))}.`, param: "model", code: "invalid_value" };
  const seconds = (fields.get("seconds") as string | undefined) ?? "4";
  if (!SECONDS.includes(seconds)) return { message: `Invalid value: '${seconds}'. Supported values are: ${quoted(SECONDS)}.`, param: "seconds", code: "invalid_value" };
  const size = (fields.get("size") as string | undefined) ?? "720x1280";
  if (!sizes.includes(size)) {
    return { message: `Invalid value: '${size}'. Supported values for ${model} are: ${quoted(sizes)}.`, param: "size", code: "invalid_value" };
  }
  const file = form.files.get("input_reference");
  const byUrl = fields.get("input_reference[image_url]") as string | undefined;
  const byId = fields.get("input_reference[file_id]") as string | undefined;
  if ([file, byUrl, byId].filter((value) => value !== undefined).length > 1) {
    return { message: "input_reference takes exactly one of a file, image_url or file_id.", param: "input_reference", code: "invalid_value" };
  }
  if (file) {
    if (!IMAGE_TYPES.has(file.mimeType)) {
      return { message: `Invalid file format for input_reference: '${file.mimeType}'. Supported formats are: 'image/jpeg', 'image/png', and 'image/webp'.`, param: "input_reference", code: "invalid_value" };
    }
    if (file.bytes.length === 0) return { message: "input_reference is empty.", param: "input_reference", code: "invalid_value" };
    // The first frame must already be the requested size (OpenAI guide); PNG is the one we can measure.
    const png = pngSize(file.bytes);
    if (png && `${png.width}x${png.height}` !== size) {
      return { message: `Inpaint image must match the requested width and height: got ${png.width}x${png.height}, requested ${size}.`, param: "input_reference", code: "invalid_value" };
    }
  }
  if (byUrl !== undefined && !/^(https?:\/\/|data:image\/(png|jpeg|webp);base64,)/.test(byUrl)) {
    return { message: "input_reference.image_url must be an http(s) URL or a base64 data URL.", param: "input_reference.image_url", code: "invalid_value" };
  }
  if (byId !== undefined) return { message: `No such File object: ${byId}`, param: "input_reference.file_id", code: "invalid_value" };
  return { model, prompt, seconds, size, ...(file ? { reference: `file:${file.mimeType}:${file.bytes.length}` } : byUrl ? { reference: "image_url" } : {}) };
}

/** OpenAI's error envelope `{error: {message, type, param, code}}` for a scripted error (Videos and Images APIs). */
export function renderOpenaiError(error: FakeError): RenderedError {
  const table: Record<FakeError["kind"], { status: number; type: string; code: string | null }> = {
    auth: { status: 401, type: "invalid_request_error", code: "invalid_api_key" },
    "rate-limit": { status: 429, type: "requests", code: "rate_limit_exceeded" },
    concurrency: { status: 429, type: "requests", code: "rate_limit_exceeded" },
    server: { status: 500, type: "server_error", code: null },
    invalid: { status: 400, type: "invalid_request_error", code: "invalid_value" },
    "not-found": { status: 404, type: "invalid_request_error", code: null },
    business: { status: 400, type: "invalid_request_error", code: null },
    policy: { status: 400, type: "invalid_request_error", code: OPENAI_MODERATION_CODE },
  };
  const row = table[error.kind];
  return {
    status: error.status ?? row.status,
    body: { error: { message: error.message, type: row.type, param: error.param ?? null, code: error.code === undefined ? row.code : String(error.code) } },
    headers: { "x-request-id": `req_${randomBytes(16).toString("hex")}` },
  };
}

export function createOpenaiFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "openai",
    prefixes: ["/openai"],
    hosts: { "/openai": "api.openai.com" },
    renderError: renderOpenaiError,
    async handle(_prefix, req, res) {
      const token = bearerToken(req);
      if (token !== FAKE_KEYS.openai) {
        sendError(provider, res, {
          kind: "auth",
          code: token ? "invalid_api_key" : undefined,
          message: token
            ? `Incorrect API key provided: ${token.slice(0, 3)}***${token.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
            : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        });
        return;
      }
      const segments = req.path.split("/").filter(Boolean);
      if (segments[0] !== "v1" || segments[1] !== "videos") return notFound(res, `Invalid URL (${req.method} /v1/${segments.slice(1).join("/")})`);
      const id = segments[2] ? decodeURIComponent(segments[2]) : undefined;
      const action = segments.slice(3).join("/");
      if (!id && req.method === "POST") return create(req, res);
      if (!id && req.method === "GET") return list(req, res);
      const job = id ? world.job("openai", id) : undefined;
      if (id && action === "" && req.method === "GET") return retrieve(id, job, res);
      if (id && action === "" && req.method === "DELETE") return remove(req, id, job, res);
      if (id && action === "content" && req.method === "GET") return content(req, id, job, res);
      notFound(res, `Invalid URL (${req.method} ${req.path})`);
    },
  };

  function notFound(res: ServerResponse, message: string): void {
    sendError(provider, res, { kind: "not-found", message });
  }

  function unknownVideo(res: ServerResponse, id: string): void {
    sendError(provider, res, { kind: "not-found", message: `Video with id '${id}' not found.`, code: "video_not_found" });
  }

  function expiresAt(job: FakeJob): number | null {
    if (job.state !== "succeeded" || job.finishedAt === undefined) return null;
    return Math.floor(job.finishedAt / 1000) + (world.config.urlLifetimeSeconds.openai ?? 3600);
  }

  function videoObject(job: FakeJob) {
    const status = { queued: "queued", running: "in_progress", succeeded: "completed", failed: "failed", cancelled: "failed" }[job.state];
    let error: { code: string; message: string } | null = null;
    if (job.state === "failed") {
      error =
        job.outcome.kind === "content-policy"
          ? { code: OPENAI_MODERATION_CODE, message: job.outcome.message }
          : { code: "internal_error", message: job.outcome.kind === "failure" ? job.outcome.message : "Video generation failed." };
    }
    return {
      id: job.id,
      object: "video",
      model: job.model,
      status,
      progress: job.state === "succeeded" ? 100 : Math.round(progressOf(job, world.now()) * 100),
      created_at: Math.floor(job.createdAt / 1000),
      completed_at: isFinished(job) && job.finishedAt !== undefined ? Math.floor(job.finishedAt / 1000) : null,
      expires_at: expiresAt(job),
      prompt: job.prompt,
      seconds: String(job.extra.seconds),
      size: String(job.extra.size),
      remixed_from_video_id: null,
      error,
      // Present in OpenAI's example answers though not in the schema; clients must ignore it.
      quality: "standard",
    };
  }

  async function create(req: FakeRequest, res: ServerResponse) {
    const read = await readVideoCreateForm(req);
    const prompt = read.ok && typeof read.form.fields.get("prompt") === "string" ? (read.form.fields.get("prompt") as string) : undefined;
    if (await applyHttpFault(world, provider, "create", prompt, res)) return;
    if (!read.ok) {
      sendError(provider, res, { kind: "invalid", message: read.message, code: "invalid_request_body" });
      return;
    }
    const checked = validateCreate(read.form);
    if ("message" in checked) {
      world.record({ provider: "openai", operation: "create", method: req.method, path: req.path, status: 400 });
      sendError(provider, res, { kind: "invalid", message: checked.message, param: checked.param ?? undefined, code: checked.code });
      return;
    }
    const maxActive = world.config.limits.openai?.maxActive;
    if (maxActive !== undefined && world.activeCount("openai") >= maxActive) {
      sendError(provider, res, { kind: "concurrency", message: `You have reached the limit of ${maxActive} video generations in progress. Please wait for one to finish.` });
      return;
    }
    const [width, height] = checked.size.split("x").map(Number) as [number, number];
    const input: Record<string, unknown> = { encoding: read.form.encoding, ...Object.fromEntries(createFields(read.form)) };
    const file = read.form.files.get("input_reference");
    if (file) input.input_reference = { fileName: file.fileName, mimeType: file.mimeType, bytes: file.bytes.toString("base64") };
    const job = world.createJob({
      provider: "openai",
      id: `video_${randomBytes(16).toString("hex")}`,
      model: checked.model,
      endpoint: "videos",
      prompt: checked.prompt,
      input,
      aspectRatio: width >= height ? "16:9" : "9:16",
      seconds: Number(checked.seconds),
      extra: { seconds: checked.seconds, size: checked.size },
    });
    world.record({ provider: "openai", operation: "create", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, videoObject(job));
  }

  async function retrieve(id: string, job: FakeJob | undefined, res: ServerResponse) {
    if (await applyHttpFault(world, provider, "status", job?.prompt, res)) return;
    if (!job) return unknownVideo(res, id);
    world.record({ provider: "openai", operation: "status", method: "GET", path: `/v1/videos/${id}`, status: 200 });
    sendJson(res, 200, videoObject(job));
  }

  async function list(req: FakeRequest, res: ServerResponse) {
    if (await applyHttpFault(world, provider, "other", undefined, res)) return;
    const limit = Math.min(100, Math.max(1, Number(req.query.get("limit") ?? 20) || 20));
    const order = req.query.get("order") === "asc" ? 1 : -1;
    const all = [...world.jobs.values()].filter((job) => job.provider === "openai").sort((a, b) => order * (a.createdAt - b.createdAt));
    const after = req.query.get("after");
    const start = after ? all.findIndex((job) => job.id === after) + 1 : 0;
    const page = all.slice(start, start + limit).map(videoObject);
    world.record({ provider: "openai", operation: "other", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, { object: "list", data: page, first_id: page[0]?.id ?? null, last_id: page[page.length - 1]?.id ?? null, has_more: start + limit < all.length });
  }

  async function remove(req: FakeRequest, id: string, job: FakeJob | undefined, res: ServerResponse) {
    if (await applyHttpFault(world, provider, "other", job?.prompt, res)) return;
    if (!job) return unknownVideo(res, id);
    if (!isFinished(job)) {
      sendError(provider, res, { kind: "invalid", message: "Video is still being generated and cannot be deleted yet.", code: "video_not_ready" });
      return;
    }
    world.jobs.delete(`openai:${id}`);
    world.record({ provider: "openai", operation: "other", method: req.method, path: req.path, status: 200 });
    sendJson(res, 200, { id, object: "video.deleted", deleted: true });
  }

  async function content(req: FakeRequest, id: string, job: FakeJob | undefined, res: ServerResponse) {
    if (await applyHttpFault(world, provider, "download", job?.prompt, res)) return;
    if (!job) return unknownVideo(res, id);
    const variant = req.query.get("variant") ?? "video";
    if (!["video", "thumbnail", "spritesheet"].includes(variant)) {
      sendError(provider, res, { kind: "invalid", message: `Invalid value: '${variant}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.`, param: "variant" });
      return;
    }
    // UNCONFIRMED: OpenAI does not document the answer while the video is unfinished; a 404 it is.
    if (job.state !== "succeeded") {
      sendError(provider, res, {
        kind: "not-found",
        message: `Video '${id}' is not ready for download; its status is ${videoObject(job).status}.`,
        code: "video_not_ready",
      });
      return;
    }
    const expiredByFault = world.faults.take("openai", "download", job.prompt, (fault): fault is DownloadFault => fault.type === "expired-url");
    if (expiredByFault || (expiresAt(job) ?? Infinity) * 1000 <= world.now()) {
      sendError(provider, res, { kind: "not-found", message: `The content for video '${id}' has expired.`, code: "video_expired" });
      return;
    }
    if (variant !== "video") {
      sendError(provider, res, { kind: "not-found", message: `The fake serves only the video variant, not '${variant}'.` });
      return;
    }
    world.record({ provider: "openai", operation: "download", method: req.method, path: req.path, status: 200 });
    serveClip(world, req, res, job);
  }

  world.onTransition("openai", ({ job, to }) => {
    if (to !== "succeeded" && to !== "failed") return;
    const event = {
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      created_at: Math.floor(world.now() / 1000),
      type: to === "succeeded" ? "video.completed" : "video.failed",
      data: { id: job.id },
    };
    sendAccountWebhook(world, "openai", job, JSON.stringify(event), "wh_");
  });

  return provider;
}
