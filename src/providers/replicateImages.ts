import { ProviderError } from "../core/errors";
import { imageMode, type ResolvedImageRequest } from "../core/imageRequest";
import type { ImageJobStatus, ImageProvider } from "../core/imageProvider";
import type { JsonObject } from "../core/json";
import type { JobHandle, WebhookEvent } from "../core/videoProvider";
import { createProviderHttp, isSameOrigin, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { imageAsUrl } from "./imageEncoding";
import { REPLICATE_DEFAULT_BASE_URL } from "./replicate";
import { mapReplicateError } from "./replicateErrors";
import { isReplicateImageModel, REPLICATE_IMAGE_MODELS } from "./replicateImageModels";
import { asPrediction, statusFromPrediction, type ReplicatePrediction } from "./replicatePrediction";
import { headerValue } from "./webhookVerification";

export interface ReplicateImagesOptions extends AdapterContext {
  /** Default `https://api.replicate.com`; `/v1` is appended. */
  baseUrl?: string;
}

const WEBHOOK_EVENTS = ["start", "completed"];

function mediaTypeOfUrl(url: string): string {
  const path = (url.split("?")[0] ?? "").toLowerCase();
  if (path.endsWith(".png")) return "image/png";
  if (path.endsWith(".webp")) return "image/webp";
  return "image/jpeg";
}

/** The prediction `input` per model, as each model page lists it (replicateImageModels.ts cites them). */
export function buildReplicateImageInput(request: ResolvedImageRequest): JsonObject {
  const images = (request.inputImages ?? []).map(imageAsUrl);
  const edit = imageMode(request) === "edit";
  const aspect = request.aspectRatio ?? (edit ? "match_input_image" : "16:9");
  switch (request.model) {
    case "black-forest-labs/flux-2-pro":
      return {
        prompt: request.prompt,
        aspect_ratio: aspect,
        ...(request.resolution ? { resolution: request.resolution } : {}),
        output_format: request.outputFormat === "jpeg" ? "jpg" : request.outputFormat,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(edit ? { input_images: images } : {}),
      };
    case "bytedance/seedream-4.5":
      return {
        prompt: request.prompt,
        size: request.resolution ?? "2K",
        aspect_ratio: aspect,
        sequential_image_generation: "disabled",
        ...(edit ? { image_input: images } : {}),
      };
    case "prunaai/p-image-edit":
      return { prompt: request.prompt, images, aspect_ratio: aspect, ...(request.seed !== undefined ? { seed: request.seed } : {}) };
    default:
      throw new ProviderError("invalid-request", `replicate: unknown image model ${request.model}.`, { provider: "replicate", notReceived: true });
  }
}

/** A prediction as an image status: the video mapping for every state but success, whose output is stills. */
export function imageStatusFromPrediction(prediction: ReplicatePrediction): ImageJobStatus {
  const outputs = typeof prediction.output === "string" ? [prediction.output] : Array.isArray(prediction.output) ? prediction.output.filter((u): u is string => typeof u === "string") : [];
  if (prediction.status === "succeeded" && !prediction.data_removed && outputs.length === 0) {
    return { state: "failed", failure: { kind: "server", code: "no_output", message: `replicate: prediction ${prediction.id} succeeded without a still.`, charged: "unknown", retryable: true } };
  }
  const status = statusFromPrediction(prediction);
  if (status.state !== "succeeded") return status;
  return { state: "succeeded", images: status.videos.map((video) => ({ url: video.url, mediaType: mediaTypeOfUrl(video.url), ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}) })) };
}

/** Replicate predictions for Flux 2 Pro, Seedream 4.5 and P Image Edit. */
export function createReplicateImagesProvider(options: ReplicateImagesOptions): ImageProvider {
  const http = createProviderHttp("replicate", options);
  const base = trimBase(options.baseUrl ?? REPLICATE_DEFAULT_BASE_URL);
  const api = `${base}/v1`;
  const headers = async (): Promise<Record<string, string>> => ({ authorization: `Bearer ${await requireKey(options.keys, KEY_NAMES.replicate, "replicate")}`, accept: "application/json" });

  function predictionUrl(handle: JobHandle, kind: "getUrl" | "cancelUrl"): string {
    const returned = handle.data[kind];
    if (typeof returned === "string" && isSameOrigin(returned, base)) return returned;
    const url = `${api}/predictions/${encodeURIComponent(handle.id)}`;
    return kind === "cancelUrl" ? `${url}/cancel` : url;
  }

  async function status(handle: JobHandle, signal?: AbortSignal): Promise<ImageJobStatus> {
    const prediction = await http.call({ method: "GET", url: predictionUrl(handle, "getUrl"), headers: await headers(), signal, mapError: mapReplicateError, read: (_r, text) => asPrediction(http.json(text)) });
    return imageStatusFromPrediction(prediction);
  }

  function parseWebhook(body: unknown, webhookHeaders: Record<string, string>): WebhookEvent<ImageJobStatus> {
    const prediction = asPrediction(body);
    return { provider: "replicate", jobId: prediction.id, deliveryId: headerValue(webhookHeaders, "webhook-id") ?? `${prediction.id}:${prediction.status}`, status: imageStatusFromPrediction(prediction) };
  }

  return {
    id: "replicate",
    displayName: "Replicate predictions",
    models: REPLICATE_IMAGE_MODELS,
    enabledByDefault: true,
    synchronous: false,
    pollPolicy: { initialDelayMs: 1000, queuedIntervalMs: 1000, maxQueuedIntervalMs: 5000, runningIntervalMs: 1000, backoff: 1.5, source: "replicate-javascript wait() polls every 500 ms; stills take seconds" },
    idempotentSubmit: false,
    supportsCancel: true,
    networkOrigins: [originOf(base), "https://replicate.delivery", "https://*.replicate.delivery"],
    webhook: { delivery: "per-job", scheme: "standard-webhooks", parse: parseWebhook },

    async submit(request, submitOptions = {}) {
      if (!isReplicateImageModel(request.model)) throw new ProviderError("invalid-request", `replicate: unknown image model ${request.model}.`, { provider: "replicate", notReceived: true });
      const body: JsonObject = { input: buildReplicateImageInput(request) };
      if (submitOptions.webhookUrl) {
        body.webhook = submitOptions.webhookUrl;
        body.webhook_events_filter = WEBHOOK_EVENTS;
      }
      const modelPath = request.model.split("/").map(encodeURIComponent).join("/");
      const prediction = await http.call({
        method: "POST",
        url: `${api}/models/${modelPath}/predictions`,
        headers: { ...(await headers()), "content-type": "application/json" },
        body: JSON.stringify(body),
        billable: true,
        signal: submitOptions.signal,
        mapError: mapReplicateError,
        read: (_r, text) => asPrediction(http.json(text)),
      });
      const data: JsonObject = {};
      if (typeof prediction.urls?.get === "string") data.getUrl = prediction.urls.get;
      if (typeof prediction.urls?.cancel === "string") data.cancelUrl = prediction.urls.cancel;
      return submitted("replicate", request, prediction.id, data, options.clock.now());
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    async cancel(handle, callOptions) {
      await http.call({ method: "POST", url: predictionUrl(handle, "cancelUrl"), headers: await headers(), signal: callOptions?.signal, mapError: mapReplicateError, read: () => undefined });
    },

    async download(handle, index, callOptions) {
      const current = callOptions?.status ?? (await status(handle, callOptions?.signal));
      if (current.state === "failed" && current.failure.code === "data_removed") {
        throw new ProviderError("not-found", current.failure.message, { provider: "replicate", code: "data_removed", charged: true });
      }
      const image = current.state === "succeeded" ? current.images[index] : undefined;
      if (!image?.url) throw new ProviderError("not-found", `replicate: prediction ${handle.id} has no finished still ${index + 1}.`, { provider: "replicate" });
      return { kind: "url", descriptor: { url: image.url, headers: {}, followRedirects: true, mediaType: image.mediaType ?? "image/jpeg", ...(image.expiresAt ? { expiresAt: image.expiresAt } : {}), expires: true } };
    },

    async findByIdempotencyKey() {
      return null;
    },

    async testCredentials(callOptions) {
      await http.call({ method: "GET", url: `${api}/account`, headers: await headers(), signal: callOptions?.signal, mapError: mapReplicateError, read: () => undefined });
    },
  };
}
