import type { JsonObject } from "../core/json";
import type { ResolvedRequest } from "../core/request";
import { imageAsUrl } from "./imageEncoding";

/**
 * Which input schema a Replicate model has. Official models each publish their own
 * (`GET /v1/models/{owner}/{name}` → `latest_version.openapi_schema`); these are the two families
 * Shotbin offers, as read from Replicate's model pages (copies dated 2025-10 to 2026-01).
 */
type InputSchema = "veo" | "kling";

const SCHEMAS: Record<string, InputSchema> = {
  "google/veo-3.1": "veo",
  "google/veo-3.1-fast": "veo",
  "kwaivgi/kling-v2.6": "kling",
};

export function isReplicateModel(model: string): boolean {
  return model in SCHEMAS;
}

/**
 * The `input` object of a prediction. File inputs are URLs or `data:` URIs, which the API accepts
 * in place of an upload. `duration` is an integer on both schemas.
 */
export function buildReplicateInput(request: ResolvedRequest): JsonObject {
  const schema = SCHEMAS[request.model];
  if (!schema) throw new Error(`No Replicate input schema for ${request.model}`);
  const input: JsonObject = {
    prompt: request.prompt,
    duration: request.durationSeconds,
    generate_audio: request.audio,
  };
  if (request.aspectRatio) input.aspect_ratio = request.aspectRatio;
  if (request.negativePrompt) input.negative_prompt = request.negativePrompt;

  if (schema === "veo") {
    input.resolution = request.resolution;
    if (request.seed !== undefined) input.seed = request.seed;
    if (request.firstFrame) input.image = imageAsUrl(request.firstFrame);
    if (request.lastFrame) input.last_frame = imageAsUrl(request.lastFrame);
    if (request.referenceImages?.length) input.reference_images = request.referenceImages.map(imageAsUrl);
    return input;
  }

  // Kling 2.6 on Replicate has no seed, resolution or end frame; it takes the aspect ratio from
  // start_image when there is one (validation has already dropped the requested ratio then).
  if (request.firstFrame) input.start_image = imageAsUrl(request.firstFrame);
  return input;
}
