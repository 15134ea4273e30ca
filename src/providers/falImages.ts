import { ProviderError } from "../core/errors";
import { imageMode, type ResolvedImageRequest } from "../core/imageRequest";
import type { ImageJobStatus, ImageOutput, ImageProvider } from "../core/imageProvider";
import type { JsonObject } from "../core/json";
import type { JobHandle, WebhookEvent } from "../core/videoProvider";
import { createProviderHttp, failureFromError, isSameOrigin, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { falAppPath, mapFalError } from "./fal";
import { FAL_IMAGE_ENDPOINTS, FAL_IMAGE_MODELS, fluxImageSize, seedreamImageSize } from "./falImageModels";
import { imageAsUrl } from "./imageEncoding";
import { asArray, asObject } from "./jsonValue";

export interface FalImagesOptions extends AdapterContext {
  /** Default `https://queue.fal.run` (the same queue as video). */
  queueBaseUrl?: string;
  /** How long fal keeps the stills (x-fal-object-lifecycle-preference). Default 7 days. */
  resultRetentionSeconds?: number;
}

const DEFAULT_QUEUE = "https://queue.fal.run";

/** The model input in each family's field names (fal mirrors each upstream schema). */
export function buildFalImageInput(request: ResolvedImageRequest): JsonObject {
  const input: JsonObject = { prompt: request.prompt };
  if (request.model === "fal-ai/flux-2-pro") {
    input.image_size = fluxImageSize(request.aspectRatio);
    input.output_format = request.outputFormat;
  } else {
    input.image_size = seedreamImageSize(request.aspectRatio, request.resolution);
    input.num_images = request.count;
  }
  if (request.seed !== undefined) input.seed = request.seed;
  if (imageMode(request) === "edit") input.image_urls = (request.inputImages ?? []).map(imageAsUrl);
  return input;
}

function imagesOf(result: unknown): { images: ImageOutput[]; seed?: number } {
  const body = asObject(result);
  const images = asArray(body.images)
    .map(asObject)
    .filter((image) => typeof image.url === "string")
    .map((image) => ({
      url: image.url as string,
      ...(typeof image.content_type === "string" ? { mediaType: image.content_type } : {}),
      ...(typeof image.width === "number" ? { width: image.width } : {}),
      ...(typeof image.height === "number" ? { height: image.height } : {}),
    }));
  return { images, ...(typeof body.seed === "number" ? { seed: body.seed } : {}) };
}

function succeededFrom(result: unknown): ImageJobStatus {
  const { images, seed } = imagesOf(result);
  if (images.length === 0) {
    return { state: "failed", failure: { kind: "server", code: "no_image", message: "fal: the result has no images.", charged: "unknown", retryable: true } };
  }
  return { state: "succeeded", images, ...(seed !== undefined ? { seed } : {}) };
}

/** fal's queue for Flux 2 Pro and Seedream 4.5: submit, poll, read the result, fal_webhook. */
export function createFalImagesProvider(options: FalImagesOptions): ImageProvider {
  const http = createProviderHttp("fal", options);
  const queueBase = trimBase(options.queueBaseUrl ?? DEFAULT_QUEUE);
  const retention = options.resultRetentionSeconds ?? 7 * 86400;
  const headers = async (): Promise<Record<string, string>> => ({ authorization: `Key ${await requireKey(options.keys, KEY_NAMES.fal, "fal")}`, accept: "application/json" });

  function requestUrl(handle: JobHandle, kind: "statusUrl" | "responseUrl" | "cancelUrl"): string {
    const returned = handle.data[kind];
    if (typeof returned === "string" && isSameOrigin(returned, queueBase)) return returned;
    const base = `${queueBase}/${falAppPath(String(handle.data.endpoint))}/requests/${encodeURIComponent(handle.id)}`;
    return kind === "statusUrl" ? `${base}/status` : kind === "cancelUrl" ? `${base}/cancel` : base;
  }

  const getJson = async (url: string, signal?: AbortSignal) =>
    http.call({ method: "GET", url, headers: await headers(), signal, mapError: mapFalError, read: (_response, text) => http.json(text) });

  async function readResult(handle: JobHandle, signal?: AbortSignal): Promise<ImageJobStatus> {
    try {
      return succeededFrom(await getJson(requestUrl(handle, "responseUrl"), signal));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.status === 400 && /cancel/i.test(error.message)) return { state: "cancelled" };
      if (error.kind === "content-policy" || error.status === 422 || (error.status ?? 0) >= 500) return { state: "failed", failure: failureFromError(error) };
      throw error;
    }
  }

  async function status(handle: JobHandle, signal?: AbortSignal): Promise<ImageJobStatus> {
    const body = asObject(await getJson(requestUrl(handle, "statusUrl"), signal));
    switch (body.status) {
      case "IN_QUEUE":
        return { state: "queued", ...(typeof body.queue_position === "number" ? { queuePosition: body.queue_position } : {}) };
      case "IN_PROGRESS":
        return { state: "running" };
      case "COMPLETED":
        return readResult(handle, signal);
      default:
        throw new ProviderError("server", `fal: unknown status ${JSON.stringify(body.status)}.`, { provider: "fal", code: "unknown_status" });
    }
  }

  function parseWebhook(body: unknown): WebhookEvent<ImageJobStatus> {
    const event = asObject(body);
    if (typeof event.request_id !== "string") throw new Error("fal webhook without request_id");
    const ok = event.status === "OK";
    const error = String(event.error ?? event.payload_error ?? "the request failed");
    const status: ImageJobStatus = ok
      ? succeededFrom(event.payload)
      : { state: "failed", failure: { kind: /content|policy|nsfw/i.test(error) ? "content-policy" : "server", message: `fal: ${error}`, charged: "unknown", retryable: false } };
    return { provider: "fal", jobId: event.request_id, deliveryId: `${event.request_id}:${ok ? "OK" : "ERROR"}`, status };
  }

  return {
    id: "fal",
    displayName: "fal.ai queue",
    models: FAL_IMAGE_MODELS,
    enabledByDefault: true,
    synchronous: false,
    pollPolicy: {
      initialDelayMs: 1000,
      queuedIntervalMs: 1000,
      maxQueuedIntervalMs: 5000,
      runningIntervalMs: 1000,
      backoff: 1.5,
      source: "fal-js subscribe polls every 500 ms; stills take seconds",
    },
    idempotentSubmit: false,
    supportsCancel: true,
    networkOrigins: [originOf(queueBase), "https://fal.media", "https://*.fal.media"],
    webhook: { delivery: "per-job", scheme: "fal-ed25519", parse: parseWebhook },

    async submit(request, submitOptions = {}) {
      const endpoints = FAL_IMAGE_ENDPOINTS[request.model];
      if (!endpoints) throw new ProviderError("invalid-request", `fal: unknown image model ${request.model}.`, { provider: "fal", notReceived: true });
      const endpoint = imageMode(request) === "edit" ? endpoints.edit : endpoints.textToImage;
      const query = submitOptions.webhookUrl ? `?fal_webhook=${encodeURIComponent(submitOptions.webhookUrl)}` : "";
      const body = asObject(
        await http.call({
          method: "POST",
          url: `${queueBase}/${endpoint}${query}`,
          headers: { ...(await headers()), "content-type": "application/json", "x-fal-object-lifecycle-preference": JSON.stringify({ expiration_duration_seconds: retention }) },
          body: JSON.stringify(buildFalImageInput(request)),
          billable: true,
          signal: submitOptions.signal,
          mapError: mapFalError,
          read: (_response, text) => http.json(text),
        }),
      );
      if (typeof body.request_id !== "string") throw new ProviderError("server", "fal: the submit answer has no request_id.", { provider: "fal", code: "malformed_answer" });
      const data: JsonObject = { endpoint };
      for (const [from, to] of [["status_url", "statusUrl"], ["response_url", "responseUrl"], ["cancel_url", "cancelUrl"]] as const) {
        if (typeof body[from] === "string") data[to] = body[from] as string;
      }
      return submitted("fal", request, body.request_id, data, options.clock.now());
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    async cancel(handle, callOptions) {
      await http.call({ method: "PUT", url: requestUrl(handle, "cancelUrl"), headers: await headers(), signal: callOptions?.signal, mapError: mapFalError, read: () => undefined });
    },

    async download(handle, index, callOptions) {
      const current = callOptions?.status ?? (await status(handle, callOptions?.signal));
      const image = current.state === "succeeded" ? current.images[index] : undefined;
      if (!image?.url) throw new ProviderError("not-found", `fal: request ${handle.id} has no finished still ${index + 1}.`, { provider: "fal" });
      return { kind: "url", descriptor: { url: image.url, headers: {}, followRedirects: true, mediaType: image.mediaType ?? "image/png", expires: true } };
    },

    async findByIdempotencyKey() {
      return null;
    },

    async testCredentials(callOptions) {
      try {
        await getJson(`${queueBase}/fal-ai/flux-2-pro/requests/00000000-0000-0000-0000-000000000000/status`, callOptions?.signal);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not-found") return;
        throw error;
      }
    },
  };
}
