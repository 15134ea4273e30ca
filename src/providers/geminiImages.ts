import { ProviderError } from "../core/errors";
import type { ImageProvider, InlineImage } from "../core/imageProvider";
import type { ResolvedImageRequest } from "../core/imageRequest";
import type { JsonObject } from "../core/json";
import type { JobFailure } from "../core/videoProvider";
import { base64ToBytes } from "../core/text/base64";
import { createProviderHttp, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { mapGeminiError } from "./gemini";
import { GEMINI_IMAGE_MODELS } from "./geminiImageModels";
import { imageAsBase64 } from "./imageEncoding";
import { asArray, asObject } from "./jsonValue";

export interface GeminiImagesOptions extends AdapterContext {
  /** Default `https://generativelanguage.googleapis.com`; `/v1beta` is appended. */
  baseUrl?: string;
}

const DEFAULT_BASE = "https://generativelanguage.googleapis.com";
const SUBMIT_TIMEOUT_MS = 300_000;
/** Finish reasons that mean the model refused or filtered the output (google.ai.generativelanguage FinishReason). */
const BLOCKED_FINISH = /SAFETY|PROHIBITED|BLOCKLIST|SPII|IMAGE_SAFETY|RECITATION/;

/** The generateContent body: the prompt and every input image as inline parts, image output, 1K/2K/4K. */
export function buildGenerateContentBody(request: ResolvedImageRequest): JsonObject {
  const parts: JsonObject[] = [{ text: request.prompt }];
  for (const image of request.inputImages ?? []) {
    if (image.kind === "url") {
      throw new ProviderError("invalid-request", "gemini: the Gemini API takes images inline; pick the image file rather than a URL.", {
        provider: "gemini",
        code: "image_url_unsupported",
        notReceived: true,
      });
    }
    parts.push({ inlineData: { mimeType: image.mediaType, data: imageAsBase64(image) } });
  }
  const imageConfig: JsonObject = {};
  if (request.aspectRatio) imageConfig.aspectRatio = request.aspectRatio;
  if (request.resolution) imageConfig.imageSize = request.resolution;
  const generationConfig: JsonObject = { responseModalities: ["TEXT", "IMAGE"], imageConfig, candidateCount: 1 };
  if (request.seed !== undefined) generationConfig.seed = request.seed;
  return { contents: [{ role: "user", parts }], generationConfig };
}

/** The stills of a generateContent answer, or why there are none. */
export function readGenerateContentAnswer(answer: Record<string, unknown>): { images: InlineImage[]; failure?: JobFailure; text: string } {
  const blockReason = asObject(answer.promptFeedback).blockReason;
  const candidates = asArray(answer.candidates).map(asObject);
  const parts = candidates.flatMap((candidate) => asArray(asObject(candidate.content).parts).map(asObject));
  const images: InlineImage[] = [];
  let text = "";
  for (const part of parts) {
    const inline = asObject(part.inlineData);
    if (typeof inline.data === "string" && typeof inline.mimeType === "string" && inline.mimeType.startsWith("image/")) {
      images.push({ bytes: base64ToBytes(inline.data), mediaType: inline.mimeType });
    } else if (typeof part.text === "string") text += part.text;
  }
  if (images.length > 0) return { images, text };
  const finish = candidates.map((candidate) => String(candidate.finishReason ?? "")).find(Boolean) ?? "";
  const said = text.trim() ? ` The model said: ${text.trim().slice(0, 300)}` : "";
  if (typeof blockReason === "string" || BLOCKED_FINISH.test(finish)) {
    const why = typeof blockReason === "string" ? `the prompt was blocked (${blockReason})` : `the still was filtered (${finish})`;
    return {
      images,
      text,
      failure: { kind: "content-policy", code: typeof blockReason === "string" ? blockReason : finish, message: `gemini: ${why}.${said} Rephrase the prompt or change the images.`, charged: "unknown", retryable: false },
    };
  }
  return {
    images,
    text,
    failure: { kind: "server", code: finish || "no_image", message: `gemini: the answer carried no still${finish ? ` (finish reason ${finish})` : ""}.${said}`, charged: "unknown", retryable: true },
  };
}

/**
 * Nano Banana Pro through the Gemini API's `generateContent`: one synchronous call per still, the
 * input images as inline parts (up to 14), the still back as an inline image part.
 */
export function createGeminiImagesProvider(options: GeminiImagesOptions): ImageProvider {
  const http = createProviderHttp("gemini", options);
  const base = trimBase(options.baseUrl ?? DEFAULT_BASE);
  const api = `${base}/v1beta`;
  const keyHeader = async (): Promise<Record<string, string>> => ({ "x-goog-api-key": await requireKey(options.keys, KEY_NAMES.gemini, "gemini") });
  const inlineOnly = (what: string) =>
    new ProviderError("not-found", `gemini: generateContent answers with the still itself; there is no job to ${what}.`, { provider: "gemini", code: "synchronous", notReceived: true });

  return {
    id: "gemini",
    displayName: "Google Gemini API (generateContent)",
    models: GEMINI_IMAGE_MODELS,
    enabledByDefault: true,
    synchronous: true,
    pollPolicy: { initialDelayMs: 0, queuedIntervalMs: 1000, maxQueuedIntervalMs: 1000, runningIntervalMs: 1000, backoff: 1, source: "synchronous: never polled" },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [originOf(base)],

    async submit(request, submitOptions = {}) {
      const body = buildGenerateContentBody(request);
      const answer = asObject(
        await http.call({
          method: "POST",
          url: `${api}/models/${encodeURIComponent(request.model)}:generateContent`,
          headers: { ...(await keyHeader()), "content-type": "application/json" },
          body: JSON.stringify(body),
          billable: true,
          timeoutMs: SUBMIT_TIMEOUT_MS,
          signal: submitOptions.signal,
          mapError: mapGeminiError,
          read: (_response, text) => http.json(text),
        }),
      );
      const read = readGenerateContentAnswer(answer);
      const id = typeof answer.responseId === "string" && answer.responseId ? answer.responseId : `gemini-image:${request.idempotencyKey}`;
      const usage = asObject(answer.usageMetadata);
      const result = submitted("gemini", request, id, {
        route: "generateContent",
        ...(typeof answer.modelVersion === "string" ? { modelVersion: answer.modelVersion } : {}),
        ...(typeof usage.totalTokenCount === "number" ? { totalTokens: usage.totalTokenCount } : {}),
      }, options.clock.now());
      return { ...result, completed: { images: read.images, ...(read.failure ? { failure: read.failure } : {}), ...(request.seed !== undefined ? { seed: request.seed } : {}) } };
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
      return null;
    },
    async testCredentials(callOptions) {
      await http.call({
        method: "GET",
        url: `${api}/models/${GEMINI_IMAGE_MODELS[0]!.id}`,
        headers: await keyHeader(),
        signal: callOptions?.signal,
        mapError: mapGeminiError,
        read: () => undefined,
      });
    },
  };
}
