import { checkImageReference } from "./fakeImages";
import { asRecord } from "./httpUtil";

/**
 * Body validation for `POST /api/v1/services/aigc/video-generation/video-synthesis` (Wan 2.6,
 * legacy protocol page). A refusal is DashScope's 400 `InvalidParameter` with a message naming the
 * field; the exact wording of DashScope's messages is UNCONFIRMED.
 */

export interface WanCreate {
  model: string;
  kind: "text-to-video" | "image-to-video";
  prompt: string;
  seconds: number;
  /** `1280*720` for text-to-video; undefined for image-to-video (the image decides). */
  size?: string;
  aspectRatio?: string;
  /** Short side in pixels (usage.SR). */
  shortSide: number;
  promptExtend: boolean;
  audio: boolean;
}

export type WanCreateCheck = { ok: true; create: WanCreate } | { ok: false; message: string };

export const WAN_MODELS = new Set(["wan2.6-t2v", "wan2.6-i2v", "wan2.6-i2v-flash"]);

const SIZES: Record<string, { aspect: string; shortSide: number }> = {
  "1280*720": { aspect: "16:9", shortSide: 720 },
  "720*1280": { aspect: "9:16", shortSide: 720 },
  "960*960": { aspect: "1:1", shortSide: 720 },
  "1088*832": { aspect: "4:3", shortSide: 720 },
  "832*1088": { aspect: "3:4", shortSide: 720 },
  "1920*1080": { aspect: "16:9", shortSide: 1080 },
  "1080*1920": { aspect: "9:16", shortSide: 1080 },
  "1440*1440": { aspect: "1:1", shortSide: 1080 },
  "1632*1248": { aspect: "4:3", shortSide: 1080 },
  "1248*1632": { aspect: "3:4", shortSide: 1080 },
};

/** Sources disagree on the prompt limit (800, 1500, 5000); the fake uses the catalogue's 1500. */
const MAX_PROMPT = 1500;
const MAX_NEGATIVE = 500;

class Refusal extends Error {}

function refuse(message: string): never {
  throw new Refusal(message);
}

function optionalBoolean(parameters: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const value = parameters[field];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") refuse(`parameters.${field} must be a boolean, not ${JSON.stringify(value)}`);
  return value;
}

function check(body: Record<string, unknown>): WanCreate {
  const model = body.model;
  if (typeof model !== "string" || !WAN_MODELS.has(model)) refuse(`Model not exist: ${JSON.stringify(model)}`);
  const imageToVideo = model.includes("-i2v");
  const input = asRecord(body.input) ?? refuse("input is required and must be an object");
  const parameters = body.parameters === undefined ? {} : (asRecord(body.parameters) ?? refuse("parameters must be an object"));

  const prompt = input.prompt ?? "";
  if (typeof prompt !== "string") refuse("input.prompt must be a string");
  if (!imageToVideo && prompt.trim() === "") refuse("input.prompt is required");
  if (prompt.length > MAX_PROMPT) refuse(`input.prompt is ${prompt.length} characters; at most ${MAX_PROMPT}`);
  const negative = input.negative_prompt;
  if (negative !== undefined && (typeof negative !== "string" || negative.length > MAX_NEGATIVE)) {
    refuse(`input.negative_prompt must be a string of at most ${MAX_NEGATIVE} characters`);
  }

  const duration = parameters.duration ?? 5;
  if (typeof duration !== "number" || !Number.isInteger(duration)) refuse(`parameters.duration must be an integer, not ${JSON.stringify(duration)}`);
  if (duration < 2 || duration > 15) refuse(`parameters.duration must be between 2 and 15, not ${duration}`);
  const seed = parameters.seed;
  if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 2147483647)) {
    refuse(`parameters.seed must be an integer from 0 to 2147483647, not ${JSON.stringify(seed)}`);
  }
  const promptExtend = optionalBoolean(parameters, "prompt_extend", true);
  optionalBoolean(parameters, "watermark", false);
  // `audio` switches sound off on the -flash models; elsewhere the model always makes audio.
  const audio = model.endsWith("-flash") ? optionalBoolean(parameters, "audio", true) : true;
  if (parameters.shot_type !== undefined && parameters.shot_type !== "single" && parameters.shot_type !== "multi") {
    refuse(`parameters.shot_type must be "single" or "multi"`);
  }

  if (imageToVideo) {
    const image = checkImageReference(input.img_url, { dataUrl: true, rawBase64: false, formats: ["jpeg", "png", "bmp", "webp"] });
    if (!image.ok) refuse(`input.img_url ${image.reason}`);
    if (parameters.size !== undefined) refuse("parameters.size is for text-to-video; image-to-video takes parameters.resolution");
    const resolution = parameters.resolution ?? "1080P";
    if (resolution !== "720P" && resolution !== "1080P") refuse(`parameters.resolution must be "720P" or "1080P", not ${JSON.stringify(resolution)}`);
    return { model, kind: "image-to-video", prompt, seconds: duration, shortSide: resolution === "720P" ? 720 : 1080, promptExtend, audio };
  }
  if (input.img_url !== undefined) refuse(`input.img_url is not accepted by ${model}`);
  if (parameters.resolution !== undefined) refuse("parameters.resolution is for image-to-video; text-to-video takes parameters.size (W*H)");
  const size = parameters.size ?? "1920*1080";
  const known = typeof size === "string" ? SIZES[size] : undefined;
  if (!known) refuse(`parameters.size ${JSON.stringify(size)} is not supported; use one of ${Object.keys(SIZES).join(", ")}`);
  return { model, kind: "text-to-video", prompt, seconds: duration, size: size as string, aspectRatio: known.aspect, shortSide: known.shortSide, promptExtend, audio };
}

export function checkWanCreate(body: Record<string, unknown>): WanCreateCheck {
  try {
    return { ok: true, create: check(body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}
