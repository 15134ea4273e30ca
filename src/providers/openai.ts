import { ProviderError } from "../core/errors";
import type { ResolvedRequest } from "../core/request";
import type { HttpResponse } from "../core/seams/http";
import type { DownloadDescriptor, JobFailure, JobHandle, JobStatus, VideoProvider, WebhookEvent } from "../core/videoProvider";
import { createProviderHttp, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { buildMultipartBody, type MultipartPart } from "./multipartBody";
import { OPENAI_MODELS, soraSize } from "./openaiModels";
import { errorFromResponse } from "./providerErrors";
import { headerValue } from "./webhookVerification";

export interface OpenaiOptions extends AdapterContext {
  /** Default `https://api.openai.com`; `/v1` is appended. A compatible gateway goes here. */
  baseUrl?: string;
  /** Sent as OpenAI-Organization / OpenAI-Project when set. */
  organization?: string;
  project?: string;
}

const DEFAULT_BASE = "https://api.openai.com";

/**
 * Job error codes that mean the moderation system refused the request. OpenAI does not list
 * its video error codes; `moderation_blocked` is the code its image API uses (UNCONFIRMED for
 * videos), and the fake uses it.
 */
const MODERATION_CODES = new Set(["moderation_blocked", "content_policy_violation", "content_filter"]);

const FILE_EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/bmp": "bmp" };

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isoFromSeconds(value: unknown): string | undefined {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000).toISOString() : undefined;
}

/** OpenAI's envelope names the offending parameter in `param`; the message should too. */
export function mapOpenaiError(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const base = { provider: "openai", status: response.status, bodyText, headers: response.headers, now };
  const envelope = asObject(asObject(safeJson(bodyText)).error);
  // insufficient_quota is a 429 too, but it is an empty balance: waiting does not fix it.
  const error =
    response.status === 429 && envelope.code === "insufficient_quota"
      ? errorFromResponse(base, { kind: "quota", retryable: false })
      : errorFromResponse(base);
  const param = typeof envelope.param === "string" ? envelope.param : undefined;
  if (!param || error.message.includes(param)) return error;
  return new ProviderError(error.kind, error.message.replace(/^openai: /, `openai: ${param}: `), {
    provider: "openai",
    status: error.status,
    code: error.code,
    retryAfterMs: error.retryAfterMs,
    charged: error.charged,
    retryable: error.retryable,
    requestId: error.requestId ?? response.headers.get("x-request-id") ?? undefined,
    notReceived: error.notReceived,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failureOf(video: Record<string, unknown>): JobFailure {
  const error = asObject(video.error);
  const code = typeof error.code === "string" ? error.code : undefined;
  const message = (typeof error.message === "string" && error.message ? error.message : "the video generation failed").replace(/\.+$/, "");
  if (code && (MODERATION_CODES.has(code) || /moderation|safety/i.test(code))) {
    // A blocked job produced no seconds of video, and Sora bills per second generated.
    return { kind: "content-policy", code, message: `openai: ${message}. Rephrase the prompt or change the image.`, charged: false, retryable: false };
  }
  return { kind: "server", ...(code ? { code } : {}), message: `openai: ${message}.`, charged: "unknown", retryable: true };
}

/**
 * OpenAI's Videos API (Sora 2, Sora 2 Pro): multipart create, retrieve, authenticated `/content`
 * download, project webhooks. OpenAI retired the public endpoint on 2026-09-24; the adapter stays
 * for compatible gateways, and is off by default.
 */
export function createOpenaiProvider(options: OpenaiOptions): VideoProvider {
  const http = createProviderHttp("openai", options);
  const base = trimBase(options.baseUrl ?? DEFAULT_BASE);
  const api = `${base}/v1`;

  const authHeaders = async (): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await requireKey(options.keys, KEY_NAMES.openai, "openai")}`,
    ...(options.organization ? { "openai-organization": options.organization } : {}),
    ...(options.project ? { "openai-project": options.project } : {}),
  });

  const contentUrl = (id: string) => `${api}/videos/${encodeURIComponent(id)}/content`;

  function statusOf(video: Record<string, unknown>): JobStatus {
    switch (video.status) {
      case "queued":
        return { state: "queued" };
      case "in_progress":
        return typeof video.progress === "number"
          ? { state: "running", progress: Math.max(0, Math.min(1, video.progress / 100)) }
          : { state: "running" };
      case "completed": {
        const expiresAt = isoFromSeconds(video.expires_at);
        return { state: "succeeded", videos: [{ url: contentUrl(String(video.id)), mediaType: "video/mp4", ...(expiresAt ? { expiresAt } : {}) }] };
      }
      case "failed":
        return { state: "failed", failure: failureOf(video) };
      case "expired":
        // Seen in batch output: the job finished but its files are gone.
        return {
          state: "failed",
          failure: { kind: "not-found", code: "expired", message: "openai: the video expired before it was downloaded; generate it again.", charged: true, retryable: true },
        };
      default:
        throw new ProviderError("server", `openai: unknown video status ${JSON.stringify(video.status)}.`, { provider: "openai", code: "unknown_status" });
    }
  }

  async function retrieve(handle: JobHandle, signal?: AbortSignal): Promise<Record<string, unknown>> {
    return asObject(
      await http.call({
        method: "GET",
        url: `${api}/videos/${encodeURIComponent(handle.id)}`,
        headers: { ...(await authHeaders()), accept: "application/json" },
        signal,
        mapError: mapOpenaiError,
        read: (_response, text) => http.json(text),
      }),
    );
  }

  function inputReference(request: ResolvedRequest): MultipartPart[] {
    const image = request.firstFrame;
    if (!image) return [];
    if (image.kind === "url") return [{ name: "input_reference[image_url]", value: image.url }];
    return [
      {
        name: "input_reference",
        fileName: image.name ?? `first-frame.${FILE_EXTENSIONS[image.mediaType] ?? "png"}`,
        contentType: image.mediaType,
        bytes: image.bytes,
      },
    ];
  }

  function parseWebhook(body: unknown, headers: Record<string, string>): WebhookEvent {
    const event = asObject(body);
    const data = asObject(event.data);
    if (event.object !== "event" || (event.type !== "video.completed" && event.type !== "video.failed") || typeof data.id !== "string") {
      throw new Error(`not an OpenAI video event: ${JSON.stringify(event.type)}`);
    }
    const deliveryId = headerValue(headers, "webhook-id") ?? (typeof event.id === "string" ? event.id : `${data.id}:${event.type}`);
    // The payload is thin (ids only). A completed video is fetched from a fixed URL, so that much
    // is known; why a video failed is only in the video object, which the caller re-reads.
    return {
      provider: "openai",
      jobId: data.id,
      deliveryId,
      ...(event.type === "video.completed" ? { status: { state: "succeeded", videos: [{ url: contentUrl(data.id), mediaType: "video/mp4" }] } } : {}),
    };
  }

  return {
    id: "openai",
    displayName: "OpenAI Videos API (retired upstream 2026-09-24)",
    models: OPENAI_MODELS,
    enabledByDefault: false,
    pollPolicy: {
      initialDelayMs: 10_000,
      queuedIntervalMs: 10_000,
      maxQueuedIntervalMs: 30_000,
      runningIntervalMs: 10_000,
      backoff: 1.5,
      source: "OpenAI video guide: poll every 10-20 s with backoff",
    },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [originOf(base)],
    webhook: { delivery: "account", scheme: "standard-webhooks", parse: parseWebhook },

    async submit(request, submitOptions = {}) {
      // No seed, negative prompt or audio switch exists here; validation already warned about them.
      const multipart = buildMultipartBody([
        { name: "model", value: request.model },
        { name: "prompt", value: request.prompt },
        { name: "seconds", value: String(request.durationSeconds) },
        { name: "size", value: soraSize(request.aspectRatio, request.resolution) },
        ...inputReference(request),
      ]);
      const video = asObject(
        await http.call({
          method: "POST",
          url: `${api}/videos`,
          headers: { ...(await authHeaders()), accept: "application/json", "content-type": multipart.contentType },
          body: multipart.body,
          billable: true,
          signal: submitOptions.signal,
          mapError: mapOpenaiError,
          read: (_response, text) => http.json(text),
        }),
      );
      if (typeof video.id !== "string") {
        throw new ProviderError("server", "openai: the create answer has no video id.", { provider: "openai", code: "malformed_answer" });
      }
      return submitted("openai", request, video.id, { size: String(video.size ?? ""), seconds: String(video.seconds ?? request.durationSeconds) }, options.clock.now());
    },

    async status(handle, callOptions) {
      return statusOf(await retrieve(handle, callOptions?.signal));
    },

    async cancel() {
      throw new ProviderError("invalid-request", "openai: the Videos API cannot cancel a generation once it is submitted.", {
        provider: "openai",
        code: "cancel_unsupported",
        notReceived: true,
      });
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? statusOf(await retrieve(handle, callOptions?.signal));
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) {
        throw new ProviderError("not-found", `openai: video ${handle.id} has no finished clip ${index + 1} (it is ${current.state}).`, { provider: "openai" });
      }
      if (video.expiresAt && Date.parse(video.expiresAt) <= options.clock.now()) {
        throw new ProviderError("not-found", `openai: video ${handle.id} expired at ${video.expiresAt}; OpenAI keeps clips for about an hour. Generate it again.`, {
          provider: "openai",
          code: "expired",
        });
      }
      return {
        url: `${video.url}?variant=video`,
        headers: { ...(await authHeaders()), accept: "application/binary" },
        followRedirects: false,
        mediaType: "video/mp4",
        // The URL itself never changes; once the clip expires it is gone for good.
        expires: false,
        ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}),
      };
    },

    async findByIdempotencyKey() {
      // The Videos API takes no idempotency key and stores nothing we could match one against.
      return null;
    },

    async testCredentials(callOptions) {
      await http.call({
        method: "GET",
        url: `${api}/videos?limit=1`,
        headers: { ...(await authHeaders()), accept: "application/json" },
        signal: callOptions?.signal,
        mapError: mapOpenaiError,
        read: () => undefined,
      });
    },
  };
}
