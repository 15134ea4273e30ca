import { ProviderError, type ProviderErrorKind } from "../core/errors";
import type { JsonObject } from "../core/json";
import type { ImageInput, ResolvedRequest } from "../core/request";
import type { HttpResponse } from "../core/seams/http";
import type { DownloadDescriptor, JobFailure, JobHandle, JobStatus, VideoProvider, WebhookEvent } from "../core/videoProvider";
import { createProviderHttp, isSameOrigin, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { GEMINI_MODELS } from "./geminiModels";
import { imageAsBase64 } from "./imageEncoding";
import { adviceFor, errorFromResponse } from "./providerErrors";
import { headerValue } from "./webhookVerification";

export interface GeminiOptions extends AdapterContext {
  /** Default `https://generativelanguage.googleapis.com`; `/v1beta` is appended. */
  baseUrl?: string;
}

const DEFAULT_BASE = "https://generativelanguage.googleapis.com";

/** Generated videos stay on Google's servers for two days (Veo docs). */
const RETENTION_MS = 2 * 86_400_000;

/**
 * Where `GET <video.uri>` redirects to. Google does not document the signed storage host
 * (UNCONFIRMED); these are the two it is seen to use, and both are in the manifest.
 */
const DOWNLOAD_REDIRECT_ORIGINS = ["https://storage.googleapis.com", "https://*.googleusercontent.com"];

/** google.rpc.Code numbers, as they appear in a finished operation's `error.code`. */
const RPC_KINDS: Record<number, ProviderErrorKind> = {
  3: "invalid-request",
  5: "not-found",
  7: "auth",
  8: "quota",
  9: "invalid-request",
  11: "invalid-request",
  16: "auth",
};

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function detailsOf(error: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(error.details) ? error.details.map(asObject) : [];
}

function detailOfType(error: Record<string, unknown>, type: string): Record<string, unknown> | undefined {
  return detailsOf(error).find((detail) => String(detail["@type"] ?? "").endsWith(`google.rpc.${type}`));
}

/**
 * Google's envelope `{error:{code,message,status,details}}`. A wrong key is a 400
 * INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID, so the status alone would call it an
 * invalid request; a 429 carries its wait in a RetryInfo `retryDelay`, not in Retry-After.
 */
export function mapGeminiError(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const base = { provider: "gemini", status: response.status, bodyText, headers: response.headers, now };
  const error = asObject(asObject(safeJson(bodyText)).error);
  const reason = detailOfType(error, "ErrorInfo")?.reason;
  const authFailure = reason === "API_KEY_INVALID" || error.status === "UNAUTHENTICATED" || error.status === "PERMISSION_DENIED";
  const mapped = errorFromResponse(base, authFailure ? { kind: "auth" } : {});
  const violations = Array.isArray(detailOfType(error, "BadRequest")?.fieldViolations)
    ? (detailOfType(error, "BadRequest")!.fieldViolations as unknown[]).map(asObject)
    : [];
  const fields = violations.map((v) => v.field).filter((field): field is string => typeof field === "string" && !mapped.message.includes(field));
  if (fields.length === 0) return mapped;
  return new ProviderError(mapped.kind, mapped.message.replace(/^gemini: /, `gemini: ${fields.join(", ")}: `), {
    provider: "gemini",
    status: mapped.status,
    code: mapped.code,
    retryAfterMs: mapped.retryAfterMs,
    charged: mapped.charged,
    retryable: mapped.retryable,
    notReceived: mapped.notReceived,
  });
}

/** The Gemini API takes inline bytes only (it refuses gcsUri and has no URL input). */
function inlineImage(image: ImageInput, field: string): JsonObject {
  if (image.kind === "url") {
    throw new ProviderError("invalid-request", `gemini: the ${field} must be an image file; the Gemini API does not fetch image URLs.`, {
      provider: "gemini",
      code: "image_url_unsupported",
      notReceived: true,
    });
  }
  return { bytesBase64Encoded: imageAsBase64(image), mimeType: image.mediaType };
}

function buildBody(request: ResolvedRequest): JsonObject {
  const instance: JsonObject = { prompt: request.prompt };
  if (request.firstFrame) instance.image = inlineImage(request.firstFrame, "first frame");
  if (request.lastFrame) instance.lastFrame = inlineImage(request.lastFrame, "last frame");
  if (request.referenceImages?.length) {
    instance.referenceImages = request.referenceImages.map((image) => ({ image: inlineImage(image, "reference image"), referenceType: "asset" }));
  }
  const withImages = Boolean(request.firstFrame || request.lastFrame || request.referenceImages?.length);
  const parameters: JsonObject = {
    durationSeconds: request.durationSeconds,
    resolution: request.resolution,
    // The only values the API accepts per mode: allow_all for text, allow_adult once an image is in.
    personGeneration: withImages ? "allow_adult" : "allow_all",
  };
  if (request.aspectRatio) parameters.aspectRatio = request.aspectRatio;
  if (request.negativePrompt) parameters.negativePrompt = request.negativePrompt;
  // Seed and audio have no place here: the API has neither (validation warned about the seed).
  return { instances: [instance], parameters };
}

function failureFromOperationError(error: Record<string, unknown>): JobFailure {
  const code = typeof error.code === "number" ? error.code : undefined;
  const message = typeof error.message === "string" && error.message ? error.message : "the generation failed";
  const policy = /usage guidelines|safety|responsible ai|blocked/i.test(message);
  const kind: ProviderErrorKind = policy ? "content-policy" : (code !== undefined && RPC_KINDS[code]) || "server";
  return {
    kind,
    ...(code !== undefined ? { code: String(code) } : {}),
    message: `gemini: ${message}. ${adviceFor(kind)}`.trim(),
    charged: kind === "server" ? "unknown" : false,
    retryable: kind === "server" || kind === "quota",
  };
}

/**
 * Google's Gemini API for Veo 3.1: predictLongRunning, operation polling, the safety filter's
 * "done with no videos" outcome, and downloads that answer with a redirect to storage.
 */
export function createGeminiProvider(options: GeminiOptions): VideoProvider {
  const http = createProviderHttp("gemini", options);
  const base = trimBase(options.baseUrl ?? DEFAULT_BASE);
  const api = `${base}/v1beta`;

  const keyHeader = async (): Promise<Record<string, string>> => ({
    "x-goog-api-key": await requireKey(options.keys, KEY_NAMES.gemini, "gemini"),
  });

  function operationUrl(name: string): string {
    // The name is ours from submit, but a stored handle is data: keep it to a resource path.
    if (!/^models\/[\w.-]+\/operations\/[\w.-]+$/.test(name)) {
      throw new ProviderError("invalid-request", `gemini: ${JSON.stringify(name)} is not a Veo operation name.`, { provider: "gemini", notReceived: true });
    }
    return `${api}/${name}`;
  }

  function statusOf(operation: Record<string, unknown>, handle: JobHandle): JobStatus {
    // Veo reports no queue position and no progress: an unfinished operation is simply running.
    if (operation.done !== true) return { state: "running" };
    if (operation.error !== undefined) return { state: "failed", failure: failureFromOperationError(asObject(operation.error)) };
    const result = asObject(asObject(operation.response).generateVideoResponse);
    const samples = Array.isArray(result.generatedSamples) ? result.generatedSamples.map(asObject) : [];
    const uris = samples.map((sample) => asObject(sample.video).uri).filter((uri): uri is string => typeof uri === "string");
    if (uris.length === 0) {
      const reasons = Array.isArray(result.raiMediaFilteredReasons) ? result.raiMediaFilteredReasons.filter((r) => typeof r === "string") : [];
      const filtered = typeof result.raiMediaFilteredCount === "number" ? result.raiMediaFilteredCount : 0;
      return {
        state: "failed",
        failure: {
          kind: "content-policy",
          code: "rai_media_filtered",
          message:
            `gemini: Google's safety filter removed the video${filtered > 1 ? "s" : ""}` +
            `${reasons.length ? `: ${reasons.join(" ")}` : " and gave no reason"}. ${adviceFor("content-policy")} A filtered generation is not charged.`,
          charged: false,
          retryable: false,
        },
      };
    }
    const expiresAt = new Date(Date.parse(handle.submittedAt) + RETENTION_MS).toISOString();
    return { state: "succeeded", videos: uris.map((url) => ({ url, mediaType: "video/mp4", expiresAt })) };
  }

  async function readOperation(handle: JobHandle, signal?: AbortSignal): Promise<JobStatus> {
    const operation = asObject(
      await http.call({
        method: "GET",
        url: operationUrl(handle.id),
        headers: await keyHeader(),
        signal,
        mapError: mapGeminiError,
        read: (_response, text) => http.json(text),
      }),
    );
    return statusOf(operation, handle);
  }

  function parseWebhook(body: unknown, headers: Record<string, string>): WebhookEvent {
    // Payload field names are UNCONFIRMED (Google documents the event, not its body); we read
    // `data.operation` and treat the event as a signal to re-read the operation.
    const event = asObject(body);
    const data = asObject(event.data);
    const operation = data.operation ?? data.name;
    if (event.type !== "video.generated" || typeof operation !== "string") {
      throw new Error(`not a Gemini video event: ${JSON.stringify(event.type)}`);
    }
    return {
      provider: "gemini",
      jobId: operation,
      deliveryId: headerValue(headers, "webhook-id") ?? `${operation}:${event.type}`,
    };
  }

  return {
    id: "gemini",
    displayName: "Google Gemini API",
    models: GEMINI_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 10_000,
      queuedIntervalMs: 10_000,
      maxQueuedIntervalMs: 20_000,
      runningIntervalMs: 10_000,
      backoff: 1.2,
      source: "Veo docs and SDK example poll every 10 s; generations take 11 s to 6 min",
    },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [originOf(base), ...DOWNLOAD_REDIRECT_ORIGINS],
    webhook: { delivery: "account", scheme: "standard-webhooks", parse: parseWebhook },

    async submit(request, submitOptions = {}) {
      const body = buildBody(request);
      const operation = asObject(
        await http.call({
          method: "POST",
          url: `${api}/models/${encodeURIComponent(request.model)}:predictLongRunning`,
          headers: { ...(await keyHeader()), "content-type": "application/json" },
          body: JSON.stringify(body),
          billable: true,
          signal: submitOptions.signal,
          mapError: mapGeminiError,
          read: (_response, text) => http.json(text),
        }),
      );
      if (typeof operation.name !== "string") {
        throw new ProviderError("server", "gemini: the answer has no operation name.", { provider: "gemini", code: "malformed_answer" });
      }
      return submitted("gemini", request, operation.name, {}, options.clock.now());
    },

    status: (handle, callOptions) => readOperation(handle, callOptions?.signal),

    async cancel() {
      throw new ProviderError(
        "invalid-request",
        "gemini: the Gemini API cannot cancel a Veo generation; it runs to the end and is billed if it produces a video.",
        { provider: "gemini", code: "cancel_unsupported", notReceived: true },
      );
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? await readOperation(handle, callOptions?.signal);
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) {
        throw new ProviderError("not-found", `gemini: operation ${handle.id} has no finished video ${index + 1} (it is ${current.state}).`, {
          provider: "gemini",
        });
      }
      // The key goes only to the API host; a uri elsewhere would leak it.
      if (!isSameOrigin(video.url, base)) {
        throw new ProviderError("server", `gemini: the video uri points at ${originOf(video.url)}, not at ${originOf(base)}; not sending the key there.`, {
          provider: "gemini",
          code: "unexpected_download_host",
        });
      }
      return {
        url: video.url,
        headers: await keyHeader(),
        // The API answers 302 to a short-lived signed storage URL; the uri itself lasts two days.
        followRedirects: true,
        mediaType: "video/mp4",
        expires: false,
        ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}),
      };
    },

    async findByIdempotencyKey() {
      // predictLongRunning takes no idempotency key and operations cannot be listed by one.
      return null;
    },

    async testCredentials(callOptions) {
      await http.call({
        method: "GET",
        url: `${api}/models/${GEMINI_MODELS[0]!.id}`,
        headers: await keyHeader(),
        signal: callOptions?.signal,
        mapError: mapGeminiError,
        read: () => undefined,
      });
    },
  };
}
