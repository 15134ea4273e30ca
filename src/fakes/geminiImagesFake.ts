import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { isHttpFault, isJobFault } from "./faults";
import { renderFakeStill, stillSize } from "./fakeStills";
import { FAKE_KEYS, type FakeWorld } from "./fakeWorld";
import { googleError, renderGoogleError, retryInfo } from "./geminiFake";
import { asRecord, header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { sendError, type FakeProvider } from "./providerRoute";

/**
 * generativelanguage.googleapis.com `generateContent` for the image models (Nano Banana Pro,
 * Nano Banana): text and inline image parts in, an inline PNG part out, `imageConfig`
 * {aspectRatio, imageSize 1K/2K/4K}, up to 14 input images, Google's error envelope, and a
 * blocked prompt answered with `promptFeedback.blockReason` and no candidate.
 */

export const GEMINI_IMAGE_MODELS: Record<string, { maxImages: number; sizes: boolean }> = {
  "gemini-3-pro-image-preview": { maxImages: 14, sizes: true },
  "gemini-2.5-flash-image": { maxImages: 3, sizes: false },
};

/** 1K pixel sizes per aspect ratio (2K doubles, 4K quadruples). UNCONFIRMED beyond the docs' table. */
const SIZES_1K: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "2:3": [848, 1264],
  "3:2": [1264, 848],
  "3:4": [896, 1200],
  "4:3": [1200, 896],
  "4:5": [928, 1152],
  "5:4": [1152, 928],
  "9:16": [768, 1376],
  "16:9": [1376, 768],
  "21:9": [1584, 672],
};
const IMAGE_SIZES = ["1K", "2K", "4K"];
const INPUT_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]);
const MAX_INLINE_BYTES = 7 * 1024 * 1024;

function nearestAspect(width: number, height: number): string {
  const ratio = width / height;
  let best = "1:1";
  for (const [aspect, [w, h]] of Object.entries(SIZES_1K)) if (Math.abs(w / h - ratio) < Math.abs(SIZES_1K[best]![0] / SIZES_1K[best]![1] - ratio)) best = aspect;
  return best;
}

interface Checked {
  prompt: string;
  images: Buffer[];
  aspectRatio?: string;
  imageSize: string;
  wantsImage: boolean;
}

function check(model: string, body: Record<string, unknown>): { field: string; message: string } | Checked {
  const spec = GEMINI_IMAGE_MODELS[model]!;
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return { field: "contents", message: "* GenerateContentRequest.contents: contents is not specified" };
  let prompt = "";
  const images: Buffer[] = [];
  for (const [c, content] of contents.entries()) {
    const parts = asRecord(content)?.parts;
    if (!Array.isArray(parts) || parts.length === 0) return { field: `contents[${c}].parts`, message: `* GenerateContentRequest.contents[${c}].parts: contents.parts must not be empty.` };
    for (const [p, raw] of parts.entries()) {
      const part = asRecord(raw) ?? {};
      if (typeof part.text === "string") prompt += part.text;
      else if (part.inlineData !== undefined) {
        const inline = asRecord(part.inlineData) ?? {};
        const where = `contents[${c}].parts[${p}].inline_data`;
        if (typeof inline.mimeType !== "string" || !INPUT_TYPES.has(inline.mimeType)) return { field: `${where}.mime_type`, message: `Unsupported MIME type: ${String(inline.mimeType)}` };
        if (typeof inline.data !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(inline.data)) return { field: `${where}.data`, message: `Invalid value at '${where}.data' (TYPE_BYTES), Base64 decoding failed` };
        const bytes = Buffer.from(inline.data, "base64");
        if (bytes.length > MAX_INLINE_BYTES) return { field: `${where}.data`, message: `Inline image of ${bytes.length} bytes is larger than 7 MB.` };
        images.push(bytes);
      } else if (part.fileData !== undefined) return { field: `contents[${c}].parts[${p}].file_data`, message: "The fake serves inline data only; upload files with the Files API is not faked." };
      else return { field: `contents[${c}].parts[${p}]`, message: "* GenerateContentRequest.contents.parts: a part must have text or inline_data" };
    }
  }
  if (images.length > spec.maxImages) return { field: "contents", message: `Too many images: ${images.length}; ${model} takes at most ${spec.maxImages} per prompt.` };
  const config = asRecord(body.generationConfig) ?? {};
  const modalities = config.responseModalities;
  if (modalities !== undefined && (!Array.isArray(modalities) || modalities.some((m) => m !== "TEXT" && m !== "IMAGE"))) {
    return { field: "generation_config.response_modalities", message: `* GenerateContentRequest.generation_config.response_modalities: invalid value ${JSON.stringify(modalities)}` };
  }
  if (config.candidateCount !== undefined && config.candidateCount !== 1) return { field: "generation_config.candidate_count", message: "Multiple candidates are not enabled for this model." };
  if (config.seed !== undefined && !Number.isInteger(config.seed)) return { field: "generation_config.seed", message: `Invalid value at 'generation_config.seed' (TYPE_INT32), ${JSON.stringify(config.seed)}` };
  const imageConfig = asRecord(config.imageConfig) ?? {};
  const aspectRatio = imageConfig.aspectRatio;
  if (aspectRatio !== undefined && (typeof aspectRatio !== "string" || !SIZES_1K[aspectRatio])) return { field: "generation_config.image_config.aspect_ratio", message: `Unsupported aspect ratio: ${JSON.stringify(aspectRatio)}. Supported: ${Object.keys(SIZES_1K).join(", ")}.` };
  const imageSize = imageConfig.imageSize ?? "1K";
  if (typeof imageSize !== "string" || !IMAGE_SIZES.includes(imageSize)) return { field: "generation_config.image_config.image_size", message: `Unsupported image size: ${JSON.stringify(imageSize)}. Supported: 1K, 2K, 4K (uppercase K).` };
  if (imageSize !== "1K" && !spec.sizes) return { field: "generation_config.image_config.image_size", message: `${model} does not take image_size.` };
  if (!prompt.trim() && images.length === 0) return { field: "contents", message: "* GenerateContentRequest.contents: the prompt is empty" };
  return { prompt, images, ...(typeof aspectRatio === "string" ? { aspectRatio } : {}), imageSize, wantsImage: !Array.isArray(modalities) || modalities.includes("IMAGE") };
}

export function createGeminiImagesFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "gemini",
    prefixes: ["/gemini"],
    hosts: { "/gemini": "generativelanguage.googleapis.com" },
    renderError: renderGoogleError,
    claims: (_prefix, req) => {
      const match = /^\/v1beta\/models\/([^/:]+)(:generateContent)?$/.exec(req.path);
      return !!match && (match[2] !== undefined || GEMINI_IMAGE_MODELS[decodeURIComponent(match[1]!)] !== undefined);
    },
    async handle(_prefix, req, res) {
      const key = header(req, "x-goog-api-key") ?? req.query.get("key") ?? undefined;
      if (key !== FAKE_KEYS.gemini) {
        sendError(provider, res, key ? { kind: "auth", message: "API key not valid. Please pass a valid API key." } : { kind: "auth", status: 403, message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." });
        return;
      }
      const match = /^\/v1beta\/models\/([^/:]+)(:generateContent)?$/.exec(req.path)!;
      const model = decodeURIComponent(match[1]!);
      if (!match[2] && req.method === "GET") {
        sendJson(res, 200, { name: `models/${model}`, displayName: model, supportedGenerationMethods: ["generateContent", "countTokens"] });
        return;
      }
      if (req.method !== "POST") return void sendError(provider, res, { kind: "not-found", message: `Method not found: ${req.method} ${req.path}` });
      return generate(req, res, model);
    },
  };

  async function fault(prompt: string | undefined, res: ServerResponse): Promise<boolean> {
    const scripted = world.faults.take("gemini", "create", prompt, isHttpFault);
    if (!scripted) return false;
    if (scripted.type === "rate-limit") {
      sendJson(res, 429, googleError(429, scripted.message ?? "Resource has been exhausted (e.g. check quota).", scripted.retryAfterSeconds === undefined ? undefined : [retryInfo(scripted.retryAfterSeconds)]));
      return true;
    }
    if (scripted.type === "server-error") {
      const status = scripted.status ?? 500;
      sendJson(res, status, googleError(status, status === 503 ? "The model is overloaded. Please try again later." : "An internal error has occurred."));
      return true;
    }
    if (scripted.type === "reset-connection") {
      res.socket?.destroy();
      return true;
    }
    if (scripted.type === "malformed-json") {
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      res.end('{"candidates": [');
      return true;
    }
    if (scripted.type === "timeout") await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    return false;
  }

  async function generate(req: FakeRequest, res: ServerResponse, model: string) {
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? asRecord(parsed.value) : undefined;
    const firstText = Array.isArray(body?.contents) ? JSON.stringify(body!.contents).slice(0, 4000) : undefined;
    if (await fault(firstText, res)) return;
    if (!body) return void sendError(provider, res, { kind: "invalid", message: "Invalid JSON payload received." });
    if (!GEMINI_IMAGE_MODELS[model]) {
      return void sendError(provider, res, { kind: "not-found", message: `models/${model} is not found for API version v1beta, or is not supported for generateContent in the fake (image models only).` });
    }
    const checked = check(model, body);
    if ("message" in checked) {
      world.record({ provider: "gemini", operation: "create", method: req.method, path: req.path, status: 400 });
      return void sendError(provider, res, { kind: "invalid", message: checked.message, param: checked.field });
    }
    world.creates.gemini++;
    world.record({ provider: "gemini", operation: "create", method: req.method, path: req.path, status: 200 });
    const responseId = randomBytes(12).toString("base64url");
    const usage = { promptTokenCount: 12 + checked.images.length * 560, candidatesTokenCount: 1120, totalTokenCount: 1132 + checked.images.length * 560 };
    const blocked = world.faults.take("gemini", "create", checked.prompt, isJobFault);
    if (blocked?.type === "content-policy") {
      sendJson(res, 200, { promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount }, modelVersion: model, responseId });
      return;
    }
    if (!checked.wantsImage || blocked?.type === "no-videos") {
      sendJson(res, 200, { candidates: [{ content: { role: "model", parts: [{ text: "I can describe the scene, but I did not draw it." }] }, finishReason: "STOP", index: 0 }], usageMetadata: usage, modelVersion: model, responseId });
      return;
    }
    const source = checked.images[0];
    const input = source ? await stillSize(source) : undefined;
    const aspect = checked.aspectRatio ?? (input ? nearestAspect(input.width, input.height) : "1:1");
    const scale = { "1K": 1, "2K": 2, "4K": 4 }[checked.imageSize as "1K"];
    const [w, h] = SIZES_1K[aspect]!;
    const seed = Number.isInteger(asRecord(body.generationConfig)?.seed) ? (asRecord(body.generationConfig)!.seed as number) : world.creates.gemini;
    const still = await renderFakeStill({ prompt: checked.prompt, seed, index: 0, width: w * scale, height: h * scale, format: "png", ...(source ? { editOf: source } : {}) });
    sendJson(res, 200, {
      candidates: [
        {
          content: { role: "model", parts: [{ text: "Here is the image you asked for." }, { inlineData: { mimeType: "image/png", data: still.toString("base64") } }] },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: usage,
      modelVersion: model,
      responseId,
    });
  }

  return provider;
}
