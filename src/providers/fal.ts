import { ProviderError } from "../core/errors";
import type { JsonObject } from "../core/json";
import type { ResolvedRequest } from "../core/request";
import type {
  DownloadDescriptor,
  JobHandle,
  JobStatus,
  SubmitOptions,
  VideoProvider,
  WebhookEvent,
} from "../core/videoProvider";
import {
  createProviderHttp,
  failureFromError,
  isSameOrigin,
  KEY_NAMES,
  originOf,
  requireKey,
  trimBase,
  submitted,
  type AdapterContext,
} from "./adapterContext";
import { FAL_ENDPOINTS, FAL_MODELS, type FalEndpoints } from "./falModels";
import type { HttpResponse } from "../core/seams/http";
import { imageAsUrl } from "./imageEncoding";
import { errorFromResponse, readErrorEnvelope } from "./providerErrors";

export interface FalOptions extends AdapterContext {
  /** Default `https://queue.fal.run`. */
  queueBaseUrl?: string;
  /** How long fal keeps outputs (x-fal-object-lifecycle-preference). Default 7 days. */
  resultRetentionSeconds?: number;
}

const DEFAULT_QUEUE = "https://queue.fal.run";

/** Status, result and cancel URLs use only the endpoint's owner/alias. */
export function falAppPath(endpointId: string): string {
  return endpointId.split("/").slice(0, 2).join("/");
}

function chooseEndpoint(endpoints: FalEndpoints, request: ResolvedRequest): string {
  if (request.referenceImages?.length && endpoints.referenceToVideo) return endpoints.referenceToVideo;
  if (request.firstFrame && request.lastFrame && endpoints.firstLastFrame) return endpoints.firstLastFrame;
  if (request.firstFrame && endpoints.imageToVideo) return endpoints.imageToVideo;
  return endpoints.textToVideo;
}

/** The model input, in each family's field names (fal mirrors each upstream model's schema). */
function buildInput(model: string, endpoint: string, request: ResolvedRequest): JsonObject {
  const family = model.startsWith("fal-ai/veo3.1") ? "veo" : model.startsWith("fal-ai/kling-video") ? "kling" : "wan";
  const input: JsonObject = { prompt: request.prompt };
  input.duration = family === "veo" ? `${request.durationSeconds}s` : String(request.durationSeconds);
  if (request.aspectRatio && !(family === "kling" && request.firstFrame)) input.aspect_ratio = request.aspectRatio;
  if (family !== "kling") input.resolution = request.resolution;
  if (family !== "wan") input.generate_audio = request.audio;
  if (request.negativePrompt) input.negative_prompt = request.negativePrompt;
  if (request.seed !== undefined && family !== "kling") input.seed = request.seed;
  const first = request.firstFrame && imageAsUrl(request.firstFrame);
  const last = request.lastFrame && imageAsUrl(request.lastFrame);
  if (endpoint.endsWith("/reference-to-video")) input.image_urls = (request.referenceImages ?? []).map(imageAsUrl);
  else if (endpoint.endsWith("/first-last-frame-to-video")) {
    input.first_frame_url = first ?? null;
    input.last_frame_url = last ?? null;
  } else if (family === "kling" && first) {
    input.start_image_url = first;
    if (last) input.end_image_url = last;
  } else if (first) input.image_url = first;
  return input;
}

export function mapFalError(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const base = { provider: "fal", status: response.status, bodyText, headers: response.headers, now };
  if (response.status === 422 && bodyText.includes("content_policy_violation")) {
    return errorFromResponse(base, { kind: "content-policy", charged: "unknown" });
  }
  return errorFromResponse(base);
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** fal.ai's queue: submit, poll the status URL, read the result, cancel while queued. */
export function createFalProvider(options: FalOptions): VideoProvider {
  const http = createProviderHttp("fal", options);
  const queueBase = trimBase(options.queueBaseUrl ?? DEFAULT_QUEUE);
  const retention = options.resultRetentionSeconds ?? 7 * 86400;

  const headers = async (): Promise<Record<string, string>> => ({
    authorization: `Key ${await requireKey(options.keys, KEY_NAMES.fal, "fal")}`,
    accept: "application/json",
  });

  /** Prefers the URL fal returned, but only on the host we were configured for. */
  function requestUrl(handle: JobHandle, kind: "statusUrl" | "responseUrl" | "cancelUrl"): string {
    const returned = handle.data[kind];
    if (typeof returned === "string" && isSameOrigin(returned, queueBase)) return returned;
    const base = `${queueBase}/${falAppPath(String(handle.data.endpoint))}/requests/${encodeURIComponent(handle.id)}`;
    return kind === "statusUrl" ? `${base}/status` : kind === "cancelUrl" ? `${base}/cancel` : base;
  }

  function succeededFrom(result: unknown): JobStatus {
    const body = asObject(result);
    const video = asObject(body.video);
    if (typeof video.url !== "string") {
      return {
        state: "failed",
        failure: { kind: "server", code: "no_video", message: "fal: the result has no video.", charged: "unknown", retryable: true },
      };
    }
    return {
      state: "succeeded",
      videos: [{ url: video.url, mediaType: typeof video.content_type === "string" ? video.content_type : "video/mp4" }],
      ...(typeof body.seed === "number" ? { seed: body.seed } : {}),
    };
  }

  async function readResult(handle: JobHandle, signal?: AbortSignal): Promise<JobStatus> {
    try {
      const result = await http.call({
        method: "GET",
        url: requestUrl(handle, "responseUrl"),
        headers: await headers(),
        signal,
        mapError: mapFalError,
        read: (_response, text) => http.json(text),
      });
      return succeededFrom(result);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.status === 400 && /cancel/i.test(error.message)) return { state: "cancelled" };
      // The job ended badly: report it as the job's failure, not as a failed status read.
      if (error.kind === "content-policy" || error.status === 422 || (error.status ?? 0) >= 500) {
        return { state: "failed", failure: failureFromError(error) };
      }
      throw error;
    }
  }

  async function status(handle: JobHandle, signal?: AbortSignal): Promise<JobStatus> {
    const body = asObject(
      await http.call({
        method: "GET",
        url: requestUrl(handle, "statusUrl"),
        headers: await headers(),
        signal,
        mapError: mapFalError,
        read: (_response, text) => http.json(text),
      }),
    );
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

  function parseWebhook(body: unknown): WebhookEvent {
    const event = asObject(body);
    if (typeof event.request_id !== "string") throw new Error("fal webhook without request_id");
    const state = event.status === "OK" ? "OK" : "ERROR";
    const status: JobStatus =
      state === "OK"
        ? succeededFrom(event.payload)
        : {
            state: "failed",
            failure: {
              kind: String(event.error ?? event.payload_error ?? "").toLowerCase().includes("content") ? "content-policy" : "server",
              message: `fal: ${String(event.error ?? event.payload_error ?? "the request failed")}`,
              charged: "unknown",
              retryable: false,
            },
          };
    return { provider: "fal", jobId: event.request_id, deliveryId: `${event.request_id}:${state}`, status };
  }

  return {
    id: "fal",
    displayName: "fal.ai",
    models: FAL_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 2000,
      queuedIntervalMs: 2000,
      maxQueuedIntervalMs: 15_000,
      runningIntervalMs: 3000,
      backoff: 1.5,
      source: "fal-js subscribe polls every 500 ms by default; we poll slower since video takes minutes",
    },
    idempotentSubmit: false,
    supportsCancel: true,
    networkOrigins: [originOf(queueBase), "https://fal.media", "https://*.fal.media"],
    webhook: { delivery: "per-job", scheme: "fal-ed25519", parse: parseWebhook },

    async submit(request: ResolvedRequest, submitOptions: SubmitOptions = {}) {
      const endpoints = FAL_ENDPOINTS[request.model];
      if (!endpoints) throw new ProviderError("invalid-request", `fal: unknown model ${request.model}.`, { provider: "fal", notReceived: true });
      const endpoint = chooseEndpoint(endpoints, request);
      const query = submitOptions.webhookUrl ? `?fal_webhook=${encodeURIComponent(submitOptions.webhookUrl)}` : "";
      const body = asObject(
        await http.call({
          method: "POST",
          url: `${queueBase}/${endpoint}${query}`,
          headers: {
            ...(await headers()),
            "content-type": "application/json",
            "x-fal-object-lifecycle-preference": JSON.stringify({ expiration_duration_seconds: retention }),
          },
          body: JSON.stringify(buildInput(request.model, endpoint, request)),
          billable: true,
          signal: submitOptions.signal,
          mapError: mapFalError,
          read: (_response, text) => http.json(text),
        }),
      );
      if (typeof body.request_id !== "string") {
        throw new ProviderError("server", "fal: the submit answer has no request_id.", { provider: "fal", code: "malformed_answer" });
      }
      const data: JsonObject = { endpoint };
      for (const [from, to] of [["status_url", "statusUrl"], ["response_url", "responseUrl"], ["cancel_url", "cancelUrl"]] as const) {
        if (typeof body[from] === "string") data[to] = body[from] as string;
      }
      return submitted("fal", request, body.request_id, data, options.clock.now());
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    async cancel(handle, callOptions) {
      await http.call({
        method: "PUT",
        url: requestUrl(handle, "cancelUrl"),
        headers: await headers(),
        signal: callOptions?.signal,
        mapError: (response, text, now) =>
          response.status === 400
            ? new ProviderError("invalid-request", `fal: the request can no longer be cancelled (${readErrorEnvelope(text).message ?? "already started"}).`, {
                provider: "fal",
                status: 400,
                code: "not_cancellable",
              })
            : mapFalError(response, text, now),
        read: () => undefined,
      });
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? await status(handle, callOptions?.signal);
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) throw new ProviderError("not-found", `fal: request ${handle.id} has no finished video ${index + 1}.`, { provider: "fal" });
      return { url: video.url, headers: {}, followRedirects: true, mediaType: video.mediaType ?? "video/mp4", expires: true };
    },

    async findByIdempotencyKey() {
      return null;
    },

    async testCredentials(callOptions) {
      try {
        await http.call({
          method: "GET",
          url: `${queueBase}/fal-ai/veo3.1/requests/00000000-0000-0000-0000-000000000000/status`,
          headers: await headers(),
          signal: callOptions?.signal,
          mapError: mapFalError,
          read: () => undefined,
        });
      } catch (error) {
        // An unknown request id is the expected answer for a valid key.
        if (error instanceof ProviderError && error.kind === "not-found") return;
        throw error;
      }
    },
  };
}
