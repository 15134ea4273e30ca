import { checkImageReference, type ImageRules } from "./fakeImages";
import { asRecord } from "./httpUtil";

/**
 * Body validation for Kling's two create APIs. A refusal is Kling's 400 with code 1201 and a
 * message naming the field. Kling documents the ranges but not its exact messages, and whether it
 * refuses or ignores a field that does not belong (negative_prompt on the model-in-path API,
 * aspect_ratio on image-to-video) is UNCONFIRMED: the fake refuses, so an adapter that sends one
 * fails its test.
 */

export interface KlingCreate {
  api: "new" | "legacy";
  kind: "text-to-video" | "image-to-video";
  /** Legacy endpoint name, `text2video` or `image2video`. */
  endpoint?: string;
  model: string;
  prompt: string;
  aspectRatio?: string;
  seconds: number;
  resolution: "720p" | "1080p";
  audio: boolean;
  externalId?: string;
  callbackUrl?: string;
}

export type KlingCreateCheck = { ok: true; create: KlingCreate } | { ok: false; message: string };

const ASPECTS = ["16:9", "9:16", "1:1"];
const MAX_PROMPT = 2500;
/** Kling takes jpg/png first and last frames (3P: client repos quoting the official page). */
const IMAGE_RULES_NEW: ImageRules = { dataUrl: true, rawBase64: true, formats: ["png", "jpeg"] };
const IMAGE_RULES_LEGACY: ImageRules = { dataUrl: false, rawBase64: true, formats: ["png", "jpeg"] };

class Refusal extends Error {}

function refuse(message: string): never {
  throw new Refusal(message);
}

function optionalString(body: Record<string, unknown>, field: string, label = field): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") refuse(`${label} must be a string`);
  return value;
}

function checkPrompt(value: unknown, label: string, required: boolean): string {
  if (value === undefined || value === "") {
    if (required) refuse(`${label} is required`);
    return "";
  }
  if (typeof value !== "string") refuse(`${label} must be a string`);
  if (value.length > MAX_PROMPT) refuse(`${label} is ${value.length} characters; at most ${MAX_PROMPT}`);
  return value;
}

function checkCallback(value: unknown, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^https?:\/\//.test(value)) refuse(`${label} must be an http(s) URL`);
  return value;
}

function checkWatermark(value: unknown, label: string): void {
  if (value === undefined) return;
  const record = asRecord(value);
  if (!record || typeof record.enabled !== "boolean") refuse(`${label} must be {"enabled": true|false}`);
}

function checkImage(value: unknown, label: string, rules: ImageRules): void {
  const check = checkImageReference(value, rules);
  if (!check.ok) refuse(`${label} ${check.reason}`);
}

/** `POST /text-to-video/{model}` and `POST /image-to-video/{model}`. */
function checkNew(kind: KlingCreate["kind"], model: string, body: Record<string, unknown>): KlingCreate {
  if (body.negative_prompt !== undefined) refuse("negative_prompt is not a parameter of this API; put what to avoid in the prompt");
  const settings = body.settings === undefined ? {} : (asRecord(body.settings) ?? refuse("settings must be an object"));
  const options = body.options === undefined ? {} : (asRecord(body.options) ?? refuse("options must be an object"));

  const audio = settings.audio ?? "off";
  if (audio !== "native" && audio !== "off") refuse(`settings.audio must be "native" or "off", not ${JSON.stringify(audio)}`);
  const resolution = settings.resolution ?? "720p";
  if (resolution !== "720p" && resolution !== "1080p") refuse(`settings.resolution must be "720p" or "1080p", not ${JSON.stringify(resolution)}`);
  const duration = settings.duration ?? 5;
  if (typeof duration !== "number" || !Number.isInteger(duration)) refuse(`settings.duration must be an integer (5 or 10), not ${JSON.stringify(duration)}`);
  if (duration !== 5 && duration !== 10) refuse(`settings.duration must be 5 or 10, not ${duration}`);
  if (audio === "native" && resolution !== "1080p") refuse("settings.audio \"native\" needs settings.resolution \"1080p\"");

  let prompt: string;
  let aspectRatio: string | undefined;
  if (kind === "text-to-video") {
    if (body.contents !== undefined) refuse("contents is for image-to-video; text-to-video takes prompt");
    prompt = checkPrompt(body.prompt, "prompt", true);
    const aspect = settings.aspect_ratio ?? "16:9";
    if (typeof aspect !== "string" || !ASPECTS.includes(aspect)) refuse(`settings.aspect_ratio must be one of ${ASPECTS.join(", ")}, not ${JSON.stringify(aspect)}`);
    aspectRatio = aspect;
  } else {
    if (body.prompt !== undefined) refuse("prompt goes in contents[] as {\"type\":\"prompt\"} for image-to-video");
    if (settings.aspect_ratio !== undefined) refuse("settings.aspect_ratio is not supported for image-to-video; the first frame decides");
    if (!Array.isArray(body.contents) || body.contents.length === 0) refuse("contents is required");
    const counts: Record<string, number> = {};
    prompt = "";
    body.contents.forEach((entry, index) => {
      const item = asRecord(entry) ?? refuse(`contents[${index}] must be an object`);
      const type = item.type;
      if (type !== "prompt" && type !== "first_frame" && type !== "last_frame") refuse(`contents[${index}].type must be prompt, first_frame or last_frame`);
      counts[type] = (counts[type] ?? 0) + 1;
      if (type === "prompt") prompt = checkPrompt(item.text, `contents[${index}].text`, true);
      else checkImage(item.url, `contents[${index}].url`, IMAGE_RULES_NEW);
    });
    if (counts.first_frame !== 1) refuse("contents needs exactly one first_frame");
    if ((counts.prompt ?? 0) > 1 || (counts.last_frame ?? 0) > 1) refuse("contents takes at most one prompt and one last_frame");
    if (counts.last_frame && resolution !== "1080p") refuse("a last_frame needs settings.resolution \"1080p\"");
  }

  const externalId = optionalString(options, "external_task_id", "options.external_task_id");
  const callbackUrl = checkCallback(options.callback_url, "options.callback_url");
  checkWatermark(options.watermark_info, "options.watermark_info");
  return { api: "new", kind, model, prompt, aspectRatio, seconds: duration, resolution, audio: audio === "native", externalId, callbackUrl };
}

/** `POST /v1/videos/text2video` and `POST /v1/videos/image2video` with `model_name`. */
function checkLegacy(endpoint: "text2video" | "image2video", body: Record<string, unknown>): KlingCreate {
  const model = body.model_name;
  if (model !== "kling-v2-6") refuse(`model_name ${JSON.stringify(model)} is not supported here; use "kling-v2-6"`);
  const mode = body.mode ?? "std";
  if (mode !== "std" && mode !== "pro") refuse(`mode must be "std" or "pro", not ${JSON.stringify(mode)}`);
  const sound = body.sound ?? "off";
  if (sound !== "on" && sound !== "off") refuse(`sound must be "on" or "off", not ${JSON.stringify(sound)}`);
  if (sound === "on" && mode !== "pro") refuse("sound \"on\" needs mode \"pro\"");
  const duration = body.duration ?? "5";
  // The legacy API types duration as a string enum.
  if (typeof duration !== "string") refuse(`duration must be the string "5" or "10", not ${JSON.stringify(duration)}`);
  if (duration !== "5" && duration !== "10") refuse(`duration must be "5" or "10", not ${JSON.stringify(duration)}`);
  const negative = body.negative_prompt;
  if (negative !== undefined && (typeof negative !== "string" || negative.length > MAX_PROMPT)) refuse(`negative_prompt must be a string of at most ${MAX_PROMPT} characters`);

  let aspectRatio: string | undefined;
  let prompt: string;
  if (endpoint === "text2video") {
    prompt = checkPrompt(body.prompt, "prompt", true);
    if (body.image !== undefined || body.image_tail !== undefined) refuse("image and image_tail belong to image2video");
    const aspect = body.aspect_ratio ?? "16:9";
    if (typeof aspect !== "string" || !ASPECTS.includes(aspect)) refuse(`aspect_ratio must be one of ${ASPECTS.join(", ")}, not ${JSON.stringify(aspect)}`);
    aspectRatio = aspect;
  } else {
    prompt = checkPrompt(body.prompt, "prompt", false);
    if (body.aspect_ratio !== undefined) refuse("aspect_ratio is not supported for image2video; the image decides");
    checkImage(body.image, "image", IMAGE_RULES_LEGACY);
    if (body.image_tail !== undefined) {
      checkImage(body.image_tail, "image_tail", IMAGE_RULES_LEGACY);
      if (mode !== "pro") refuse("image_tail needs mode \"pro\"");
    }
  }
  const externalId = optionalString(body, "external_task_id");
  const callbackUrl = checkCallback(body.callback_url, "callback_url");
  checkWatermark(body.watermark_info, "watermark_info");
  return {
    api: "legacy",
    kind: endpoint === "text2video" ? "text-to-video" : "image-to-video",
    endpoint,
    model,
    prompt,
    aspectRatio,
    seconds: Number(duration),
    resolution: mode === "pro" ? "1080p" : "720p",
    audio: sound === "on",
    externalId,
    callbackUrl,
  };
}

export function checkKlingCreate(
  route: { api: "new"; kind: KlingCreate["kind"]; model: string } | { api: "legacy"; endpoint: "text2video" | "image2video" },
  body: Record<string, unknown>,
): KlingCreateCheck {
  try {
    return { ok: true, create: route.api === "new" ? checkNew(route.kind, route.model, body) : checkLegacy(route.endpoint, body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}
