import { ProviderError } from "../core/errors";
import { IMAGE_MEDIA_TYPE_OF, imageMode, type ResolvedImageRequest } from "../core/imageRequest";
import type { ImageProvider, InlineImage } from "../core/imageProvider";
import type { HttpResponse } from "../core/seams/http";
import { base64ToBytes } from "../core/text/base64";
import { createProviderHttp, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { buildMultipartBody, type MultipartPart } from "./multipartBody";
import { mapOpenaiError } from "./openai";
import { gptImageSize, OPENAI_IMAGE_MODELS } from "./openaiImageModels";
import { asArray, asObject } from "./jsonValue";

export interface OpenaiImagesOptions extends AdapterContext {
  /** Default `https://api.openai.com`; `/v1` is appended. */
  baseUrl?: string;
  organization?: string;
  project?: string;
}

const DEFAULT_BASE = "https://api.openai.com";
/** A high-quality still can take a minute or two; the answer carries the image itself. */
const SUBMIT_TIMEOUT_MS = 300_000;
const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/bmp": "bmp" };

/** A refusal by OpenAI's moderation is a content-policy failure (nothing made, nothing charged). */
function mapImagesError(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const error = mapOpenaiError(response, bodyText, now);
  if (response.status === 400 && /moderation|safety/i.test(error.code ?? "")) {
    return new ProviderError("content-policy", error.message, { provider: "openai", status: 400, code: error.code, charged: false, retryable: false, requestId: error.requestId });
  }
  return error;
}

function imageParts(request: ResolvedImageRequest): MultipartPart[] {
  const images = request.inputImages ?? [];
  // One image goes as `image`, several as `image[]`, as openai-node sends them.
  const name = images.length > 1 ? "image[]" : "image";
  return images.map((image, i) => {
    if (image.kind === "url") {
      throw new ProviderError("invalid-request", "openai: the Images API edits files, not URLs; pick the image file.", { provider: "openai", code: "image_url_unsupported", notReceived: true });
    }
    return { name, fileName: image.name ?? `input-${i + 1}.${EXTENSIONS[image.mediaType] ?? "png"}`, contentType: image.mediaType, bytes: image.bytes };
  });
}

/**
 * OpenAI's Images API for GPT Image 1.5: `/v1/images/generations` (JSON) and `/v1/images/edits`
 * (multipart), answered synchronously with base64 stills. Unlike the retired Videos API, this
 * API is live, so the route is on by default; it takes no idempotency key, so an interrupted call
 * cannot be looked up and is reported rather than sent again.
 */
export function createOpenaiImagesProvider(options: OpenaiImagesOptions): ImageProvider {
  const http = createProviderHttp("openai", options);
  const base = trimBase(options.baseUrl ?? DEFAULT_BASE);
  const api = `${base}/v1`;

  const authHeaders = async (): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await requireKey(options.keys, KEY_NAMES.openai, "openai")}`,
    ...(options.organization ? { "openai-organization": options.organization } : {}),
    ...(options.project ? { "openai-project": options.project } : {}),
  });

  const inlineOnly = (what: string) =>
    new ProviderError("not-found", `openai: the Images API answers with the stills themselves; there is no job to ${what}.`, { provider: "openai", code: "synchronous", notReceived: true });

  return {
    id: "openai",
    displayName: "OpenAI Images API",
    models: OPENAI_IMAGE_MODELS,
    enabledByDefault: true,
    synchronous: true,
    pollPolicy: { initialDelayMs: 0, queuedIntervalMs: 1000, maxQueuedIntervalMs: 1000, runningIntervalMs: 1000, backoff: 1, source: "synchronous: never polled" },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [originOf(base)],

    async submit(request, submitOptions = {}) {
      const edit = imageMode(request) === "edit";
      const fields: Record<string, string> = {
        model: request.model,
        prompt: request.prompt,
        n: String(request.count),
        size: gptImageSize(request.size),
        output_format: request.outputFormat,
        ...(request.quality ? { quality: request.quality } : {}),
      };
      let body: string | Uint8Array;
      let contentType: string;
      if (edit) {
        const multipart = buildMultipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), ...imageParts(request)]);
        body = multipart.body;
        contentType = multipart.contentType;
      } else {
        body = JSON.stringify({ ...fields, n: request.count });
        contentType = "application/json";
      }
      const answer = asObject(
        await http.call({
          method: "POST",
          url: `${api}/images/${edit ? "edits" : "generations"}`,
          headers: { ...(await authHeaders()), accept: "application/json", "content-type": contentType },
          body,
          billable: true,
          timeoutMs: SUBMIT_TIMEOUT_MS,
          signal: submitOptions.signal,
          mapError: mapImagesError,
          read: (_response, text) => http.json(text),
        }),
      );
      const format = typeof answer.output_format === "string" ? answer.output_format : request.outputFormat;
      const mediaType = IMAGE_MEDIA_TYPE_OF[format as keyof typeof IMAGE_MEDIA_TYPE_OF] ?? IMAGE_MEDIA_TYPE_OF[request.outputFormat];
      const images: InlineImage[] = asArray(answer.data)
        .map((item) => asObject(item).b64_json)
        .filter((b64): b64 is string => typeof b64 === "string" && b64.length > 0)
        .map((b64) => ({ bytes: base64ToBytes(b64), mediaType }));
      const created = typeof answer.created === "number" ? answer.created : undefined;
      const result = submitted("openai", request, `openai-images:${request.idempotencyKey}`, {
        route: "images",
        ...(created !== undefined ? { created } : {}),
        size: String(answer.size ?? fields.size),
        ...(answer.quality ? { quality: String(answer.quality) } : {}),
      }, options.clock.now());
      if (images.length === 0) {
        return {
          ...result,
          completed: {
            images: [],
            failure: { kind: "server", code: "no_image", message: "openai: the answer carried no image. It may still be billed; check the usage page before trying again.", charged: "unknown", retryable: true },
          },
        };
      }
      return { ...result, completed: { images } };
    },

    async status() {
      throw inlineOnly("poll");
    },
    async cancel() {
      throw inlineOnly("cancel");
    },
    async download() {
      throw inlineOnly("download again");
    },
    async findByIdempotencyKey() {
      // The Images API takes no idempotency key and lists nothing it made.
      return null;
    },
    async testCredentials(callOptions) {
      await http.call({
        method: "GET",
        url: `${api}/models/${OPENAI_IMAGE_MODELS[0]!.id}`,
        headers: { ...(await authHeaders()), accept: "application/json" },
        signal: callOptions?.signal,
        mapError: mapImagesError,
        read: () => undefined,
      });
    },
  };
}
