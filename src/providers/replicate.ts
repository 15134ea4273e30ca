import { ProviderError } from "../core/errors";
import type { JsonObject } from "../core/json";
import type { ResolvedRequest } from "../core/request";
import type { DownloadDescriptor, JobHandle, JobStatus, SubmitOptions, VideoProvider, WebhookEvent } from "../core/videoProvider";
import {
  createProviderHttp,
  isSameOrigin,
  KEY_NAMES,
  originOf,
  requireKey,
  trimBase,
  submitted,
  type AdapterContext,
} from "./adapterContext";
import { mapReplicateError } from "./replicateErrors";
import { buildReplicateInput, isReplicateModel } from "./replicateInput";
import { REPLICATE_MODELS } from "./replicateModels";
import { asPrediction, statusFromPrediction } from "./replicatePrediction";
import { headerValue } from "./webhookVerification";

export const REPLICATE_DEFAULT_BASE_URL = "https://api.replicate.com";

export interface ReplicateOptions extends AdapterContext {
  /** Default `https://api.replicate.com`; the adapter appends `/v1`. */
  baseUrl?: string;
}

/**
 * What the webhook asks for. `start` and `completed` are sent whatever the filter says; `output`
 * and `logs` would add a delivery per log line for nothing, since a video arrives only at the end.
 */
const WEBHOOK_EVENTS = ["start", "completed"];

/** `owner/name` as two escaped path segments. */
function modelPath(model: string): string {
  return model.split("/").map(encodeURIComponent).join("/");
}

/** Replicate's predictions on official models: create, poll or take webhooks, cancel. */
export function createReplicateProvider(options: ReplicateOptions): VideoProvider {
  const http = createProviderHttp("replicate", options);
  const base = trimBase(options.baseUrl ?? REPLICATE_DEFAULT_BASE_URL);
  const api = `${base}/v1`;

  const headers = async (): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await requireKey(options.keys, KEY_NAMES.replicate, "replicate")}`,
    accept: "application/json",
  });

  /** Prefers the URL Replicate returned, but only on the host we were configured for. */
  function predictionUrl(handle: JobHandle, kind: "getUrl" | "cancelUrl"): string {
    const returned = handle.data[kind];
    if (typeof returned === "string" && isSameOrigin(returned, base)) return returned;
    const url = `${api}/predictions/${encodeURIComponent(handle.id)}`;
    return kind === "cancelUrl" ? `${url}/cancel` : url;
  }

  async function status(handle: JobHandle, signal?: AbortSignal): Promise<JobStatus> {
    const prediction = await http.call({
      method: "GET",
      url: predictionUrl(handle, "getUrl"),
      headers: await headers(),
      signal,
      mapError: mapReplicateError,
      read: (_response, text) => asPrediction(http.json(text)),
    });
    return statusFromPrediction(prediction);
  }

  function parseWebhook(body: unknown, webhookHeaders: Record<string, string>): WebhookEvent {
    const prediction = asPrediction(body);
    return {
      provider: "replicate",
      jobId: prediction.id,
      // The webhook-id header is the same on every retry and copy of one delivery.
      deliveryId: headerValue(webhookHeaders, "webhook-id") ?? `${prediction.id}:${prediction.status}`,
      status: statusFromPrediction(prediction),
    };
  }

  return {
    id: "replicate",
    displayName: "Replicate",
    models: REPLICATE_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 3000,
      queuedIntervalMs: 2000,
      maxQueuedIntervalMs: 15_000,
      runningIntervalMs: 3000,
      backoff: 1.5,
      source: "replicate-javascript wait() polls every 500 ms; video takes minutes, and reads count against 3000 req/min",
    },
    idempotentSubmit: false,
    supportsCancel: true,
    networkOrigins: [originOf(base), "https://replicate.delivery", "https://*.replicate.delivery"],
    webhook: { delivery: "per-job", scheme: "standard-webhooks", parse: parseWebhook },

    async submit(request: ResolvedRequest, submitOptions: SubmitOptions = {}) {
      if (!isReplicateModel(request.model)) {
        throw new ProviderError("invalid-request", `replicate: unknown model ${request.model}.`, { provider: "replicate", notReceived: true });
      }
      const body: JsonObject = { input: buildReplicateInput(request) };
      if (submitOptions.webhookUrl) {
        body.webhook = submitOptions.webhookUrl;
        body.webhook_events_filter = WEBHOOK_EVENTS;
      }
      // No `Prefer: wait`: holding the connection for a minute-long render would only tie up a
      // socket that a timeout may cut, and a cut submit can never be retried.
      const prediction = await http.call({
        method: "POST",
        url: `${api}/models/${modelPath(request.model)}/predictions`,
        headers: { ...(await headers()), "content-type": "application/json" },
        body: JSON.stringify(body),
        billable: true,
        signal: submitOptions.signal,
        mapError: mapReplicateError,
        read: (_response, text) => asPrediction(http.json(text)),
      });
      const data: JsonObject = {};
      if (typeof prediction.urls?.get === "string") data.getUrl = prediction.urls.get;
      if (typeof prediction.urls?.cancel === "string") data.cancelUrl = prediction.urls.cancel;
      if (typeof prediction.urls?.web === "string") data.webUrl = prediction.urls.web;
      return submitted("replicate", request, prediction.id, data, options.clock.now());
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    async cancel(handle, callOptions) {
      // Replicate answers with the prediction; cancelling a finished one changes nothing.
      await http.call({
        method: "POST",
        url: predictionUrl(handle, "cancelUrl"),
        headers: await headers(),
        signal: callOptions?.signal,
        mapError: mapReplicateError,
        read: () => undefined,
      });
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? await status(handle, callOptions?.signal);
      if (current.state === "failed" && current.failure.code === "data_removed") {
        throw new ProviderError("not-found", current.failure.message, { provider: "replicate", code: "data_removed", charged: true });
      }
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) {
        throw new ProviderError("not-found", `replicate: prediction ${handle.id} has no finished video ${index + 1} (it is ${current.state}).`, {
          provider: "replicate",
        });
      }
      // replicate.delivery URLs need no token; they stop working when the output is deleted.
      return {
        url: video.url,
        headers: {},
        followRedirects: true,
        mediaType: video.mediaType ?? "video/mp4",
        ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}),
        expires: true,
      };
    },

    // Replicate keeps no idempotency keys, so a crashed submit cannot be looked up.
    async findByIdempotencyKey() {
      return null;
    },

    async testCredentials(callOptions) {
      await http.call({
        method: "GET",
        url: `${api}/account`,
        headers: await headers(),
        signal: callOptions?.signal,
        mapError: mapReplicateError,
        read: () => undefined,
      });
    },
  };
}

/**
 * Replicate signs every webhook of an account (or organisation) with one Standard Webhooks secret,
 * read with `GET /v1/webhooks/default/secret` → `{"key": "whsec_..."}` (replicate-javascript
 * lib/webhooks.js; the field name `key` is UNCONFIRMED beyond the SDK's docs). The relay calls this
 * once and caches the answer; the secret never leaves the relay.
 */
export async function fetchReplicateWebhookSecret(
  context: AdapterContext,
  baseUrl: string = REPLICATE_DEFAULT_BASE_URL,
  signal?: AbortSignal,
): Promise<string> {
  const http = createProviderHttp("replicate", context);
  const token = await requireKey(context.keys, KEY_NAMES.replicate, "replicate");
  const body = await http.call({
    method: "GET",
    url: `${trimBase(baseUrl)}/v1/webhooks/default/secret`,
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    signal,
    mapError: mapReplicateError,
    read: (_response, text) => http.json(text),
  });
  const key = (body as { key?: unknown } | null)?.key;
  if (typeof key !== "string" || !key.startsWith("whsec_")) {
    throw new ProviderError("server", "replicate: the webhook secret answer has no whsec_ key.", { provider: "replicate", code: "malformed_answer" });
  }
  return key;
}
