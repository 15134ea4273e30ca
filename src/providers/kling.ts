import { ProviderError } from "../core/errors";
import type { JsonObject } from "../core/json";
import type { ImageInput, ResolvedRequest } from "../core/request";
import type { HttpResponse } from "../core/seams/http";
import type { DownloadDescriptor, JobHandle, JobStatus, SubmitOptions, VideoProvider, WebhookEvent } from "../core/videoProvider";
import { createProviderHttp, KEY_NAMES, originOf, trimBase, type AdapterContext } from "./adapterContext";
import { imageAsBase64, imageAsUrl } from "./imageEncoding";
import { isDuplicateExternalId, klingError, klingErrorFromResponse } from "./klingErrors";
import { mintKlingJwt } from "./klingJwt";
import { KLING_LEGACY_MODEL_NAMES, KLING_MODELS } from "./klingModels";
import { asObject, statusFromLegacyTask, statusFromTask } from "./klingTaskStatus";

export const KLING_BASE_URLS = {
  singapore: "https://api-singapore.klingai.com",
  beijing: "https://api-beijing.klingai.com",
} as const;

export interface KlingOptions extends AdapterContext {
  /** Default the global host, `https://api-singapore.klingai.com`; China uses `KLING_BASE_URLS.beijing`. */
  baseUrl?: string;
}

/**
 * `new`: model in the path (`POST /text-to-video/kling-2.6`), API key only, `GET /tasks` to query.
 * `legacy`: `model_name` in the body (`POST /v1/videos/text2video`), API key or AK/SK JWT.
 */
type KlingApi = "new" | "legacy";

function apiOf(model: string): KlingApi {
  return KLING_LEGACY_MODEL_NAMES[model] ? "legacy" : "new";
}

function legacyEndpoint(request: ResolvedRequest): "text2video" | "image2video" {
  return request.firstFrame ? "image2video" : "text2video";
}

/** The legacy API takes a URL or raw base64; a `data:` prefix is refused. */
function legacyImage(image: ImageInput): string {
  return image.kind === "url" ? image.url : imageAsBase64(image);
}

function newApiBody(request: ResolvedRequest, webhookUrl: string | undefined): JsonObject {
  const options: JsonObject = { external_task_id: request.idempotencyKey, watermark_info: { enabled: false } };
  if (webhookUrl) options.callback_url = webhookUrl;
  const settings: JsonObject = {
    audio: request.audio ? "native" : "off",
    resolution: request.resolution,
    duration: request.durationSeconds,
  };
  if (!request.firstFrame) {
    if (request.aspectRatio) settings.aspect_ratio = request.aspectRatio;
    return { prompt: request.prompt, settings, options };
  }
  // Image-to-video: everything the model looks at goes in contents[]; the first frame sets the aspect ratio.
  const contents: JsonObject[] = [];
  if (request.prompt.trim()) contents.push({ type: "prompt", text: request.prompt });
  contents.push({ type: "first_frame", url: imageAsUrl(request.firstFrame) });
  if (request.lastFrame) contents.push({ type: "last_frame", url: imageAsUrl(request.lastFrame) });
  return { contents, settings, options };
}

function legacyBody(request: ResolvedRequest, webhookUrl: string | undefined): JsonObject {
  const body: JsonObject = {
    model_name: KLING_LEGACY_MODEL_NAMES[request.model] ?? request.model,
    prompt: request.prompt,
    // 720p is the std mode, 1080p the pro mode; native audio needs pro.
    mode: request.resolution === "1080p" ? "pro" : "std",
    sound: request.audio ? "on" : "off",
    duration: String(request.durationSeconds),
    external_task_id: request.idempotencyKey,
    watermark_info: { enabled: false },
  };
  if (request.negativePrompt) body.negative_prompt = request.negativePrompt;
  if (request.firstFrame) {
    body.image = legacyImage(request.firstFrame);
    if (request.lastFrame) body.image_tail = legacyImage(request.lastFrame);
  } else if (request.aspectRatio) {
    body.aspect_ratio = request.aspectRatio;
  }
  if (webhookUrl) body.callback_url = webhookUrl;
  return body;
}

/** Kling's own `{code, message, request_id, data}`: a non-zero code is an error even in an HTTP 200. */
function readData(response: HttpResponse, bodyText: string, parse: (text: string) => unknown): unknown {
  const body = asObject(parse(bodyText));
  const code = typeof body.code === "number" ? body.code : Number(body.code ?? 0);
  if (code !== 0) {
    throw klingError({
      status: response.status,
      code: Number.isFinite(code) ? code : undefined,
      message: typeof body.message === "string" ? body.message : undefined,
      requestId: typeof body.request_id === "string" ? body.request_id : undefined,
    });
  }
  return body.data;
}

function timeMs(value: unknown): number | undefined {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** Kling 2.6 through Kling's own API, both generations of it. */
export function createKlingProvider(options: KlingOptions): VideoProvider {
  const http = createProviderHttp("kling", options);
  const base = trimBase(options.baseUrl ?? KLING_BASE_URLS.singapore);
  const parse = (text: string) => http.json(text);

  async function authorization(api: KlingApi): Promise<string> {
    const apiKey = await options.keys.get(KEY_NAMES.kling);
    if (apiKey) return `Bearer ${apiKey}`;
    if (api === "legacy") {
      const accessKey = await options.keys.get(KEY_NAMES.klingAccessKey);
      const secretKey = await options.keys.get(KEY_NAMES.klingSecretKey);
      if (accessKey && secretKey) return `Bearer ${mintKlingJwt(accessKey, secretKey, options.clock.now())}`;
    }
    throw new ProviderError(
      "auth",
      api === "new"
        ? "No Kling API key is set. The kling-2.6 model needs an API key; an AccessKey/SecretKey pair works only with kling-v2-6 (legacy API)."
        : "No Kling key is set. Add an API key, or an AccessKey and SecretKey, in Settings (or in the environment for the CLI).",
      { provider: "kling", code: "missing_key", notReceived: true },
    );
  }

  async function headers(api: KlingApi): Promise<Record<string, string>> {
    return { authorization: await authorization(api), "content-type": "application/json", accept: "application/json" };
  }

  async function get(api: KlingApi, url: string, signal?: AbortSignal): Promise<unknown> {
    return http.call({
      method: "GET",
      url,
      headers: await headers(api),
      signal,
      mapError: klingErrorFromResponse,
      read: (response, text) => readData(response, text, parse),
    });
  }

  function handleFrom(request: ResolvedRequest, api: KlingApi, id: string, createdMs: number | undefined): JobHandle {
    const data: JsonObject = { api, kind: request.firstFrame ? "image-to-video" : "text-to-video" };
    if (api === "legacy") data.endpoint = legacyEndpoint(request);
    return {
      provider: "kling",
      model: request.model,
      id,
      idempotencyKey: request.idempotencyKey,
      submittedAt: new Date(createdMs ?? options.clock.now()).toISOString(),
      data,
    };
  }

  async function queryTasks(field: "task_ids" | "external_task_ids", value: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const data = await get("new", `${base}/tasks?${field}=${encodeURIComponent(value)}`, signal);
    const wanted = field === "task_ids" ? "id" : "external_id";
    const tasks = Array.isArray(data) ? data.map(asObject) : [];
    return tasks.find((task) => task[wanted] === value);
  }

  async function legacyTask(endpoint: string, id: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    return asObject(await get("legacy", `${base}/v1/videos/${endpoint}/${encodeURIComponent(id)}`, signal));
  }

  async function status(handle: JobHandle, signal?: AbortSignal): Promise<JobStatus> {
    if (handle.data.api === "legacy") return statusFromLegacyTask(await legacyTask(String(handle.data.endpoint), handle.id, signal));
    const task = await queryTasks("task_ids", handle.id, signal);
    if (!task) {
      throw new ProviderError("not-found", `Kling: task ${handle.id} is not listed; Kling keeps tasks for 30 days.`, { provider: "kling", code: "task_not_found" });
    }
    return statusFromTask(task);
  }

  async function findByKey(request: ResolvedRequest, signal?: AbortSignal): Promise<JobHandle | undefined> {
    const api = apiOf(request.model);
    if (api === "new") {
      const task = await queryTasks("external_task_ids", request.idempotencyKey, signal);
      return task && typeof task.id === "string" ? handleFrom(request, api, task.id, timeMs(task.create_time)) : undefined;
    }
    // The legacy query takes the external_task_id in place of the task id (query-task page).
    try {
      const data = await legacyTask(legacyEndpoint(request), request.idempotencyKey, signal);
      return typeof data.task_id === "string" ? handleFrom(request, api, data.task_id, timeMs(data.created_at)) : undefined;
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "not-found") return undefined;
      throw error;
    }
  }

  function parseWebhook(body: unknown, headers: Record<string, string>): WebhookEvent {
    const event = asObject(body);
    let jobId: string;
    let state: string;
    let stamp: unknown;
    let current: JobStatus;
    if (typeof event.id === "string" && typeof event.status === "string") {
      jobId = event.id;
      state = event.status;
      stamp = event.update_time;
      current = statusFromTask(event);
    } else if (typeof event.task_id === "string" && typeof event.task_status === "string") {
      jobId = event.task_id;
      state = event.task_status;
      stamp = event.updated_at;
      current = statusFromLegacyTask(event);
    } else {
      throw new Error("not a Kling task callback (no id/status or task_id/task_status)");
    }
    // Signed callbacks carry webhook-id; unsigned ones are told apart by status and update time.
    const deliveryId = headers["webhook-id"] ?? `${jobId}:${state}:${String(stamp ?? "")}`;
    return { provider: "kling", jobId, deliveryId, status: current };
  }

  return {
    id: "kling",
    displayName: "Kling AI",
    models: KLING_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 10_000,
      queuedIntervalMs: 5000,
      maxQueuedIntervalMs: 30_000,
      runningIntervalMs: 5000,
      backoff: 1.5,
      source: "Kling documents no interval; polling does not hold a concurrency slot (providers.md §4.5), so every 5 s, slower while queued",
    },
    idempotentSubmit: true,
    supportsCancel: false,
    networkOrigins: [originOf(base), "https://*.klingai.com"],
    webhook: { delivery: "per-job", scheme: "path-token", parse: parseWebhook },

    async submit(request: ResolvedRequest, submitOptions: SubmitOptions = {}) {
      const api = apiOf(request.model);
      const url = api === "new" ? `${base}/${request.firstFrame ? "image-to-video" : "text-to-video"}/${request.model}` : `${base}/v1/videos/${legacyEndpoint(request)}`;
      const body = api === "new" ? newApiBody(request, submitOptions.webhookUrl) : legacyBody(request, submitOptions.webhookUrl);
      let data: Record<string, unknown>;
      try {
        data = asObject(
          await http.call({
            method: "POST",
            url,
            headers: await headers(api),
            body: JSON.stringify(body),
            billable: true,
            // external_task_id is unique per account: a repeated create is refused, never bought twice.
            idempotent: true,
            signal: submitOptions.signal,
            mapError: klingErrorFromResponse,
            read: (response, text) => readData(response, text, parse),
          }),
        );
      } catch (error) {
        // A retry (ours after a lost answer, or the ledger's after a crash) that Kling refuses as a
        // duplicate means the first attempt created the task: adopt it.
        if (isDuplicateExternalId(error)) {
          const existing = await findByKey(request, submitOptions.signal);
          if (existing) return { handle: existing, warnings: [] };
        }
        throw error;
      }
      const id = api === "new" ? data.id : data.task_id;
      if (typeof id !== "string" || id.length === 0) {
        throw new ProviderError("server", "Kling: the create answer has no task id.", { provider: "kling", code: "malformed_answer" });
      }
      return { handle: handleFrom(request, api, id, timeMs(api === "new" ? data.create_time : data.created_at)), warnings: [] };
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    async cancel(handle) {
      throw new ProviderError("invalid-request", `Kling has no way to cancel a task; ${handle.id} will run to the end (failed tasks are not charged).`, {
        provider: "kling",
        code: "cancel_unsupported",
        notReceived: true,
      });
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? await status(handle, callOptions?.signal);
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) throw new ProviderError("not-found", `Kling: task ${handle.id} has no finished video ${index + 1}.`, { provider: "kling" });
      return {
        url: video.url,
        headers: {},
        followRedirects: true,
        ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}),
        mediaType: video.mediaType ?? "video/mp4",
        expires: true,
      };
    },

    findByIdempotencyKey: (request, callOptions) => findByKey(request, callOptions?.signal),

    async testCredentials(callOptions) {
      if (await options.keys.get(KEY_NAMES.kling)) {
        await get("new", `${base}/tasks?external_task_ids=shotbin-credential-check`, callOptions?.signal);
        return;
      }
      await get("legacy", `${base}/v1/videos/text2video?pageNum=1&pageSize=1`, callOptions?.signal);
    },
  };
}
