import { asRecord } from "./httpUtil";

/**
 * Body checks for `POST /v1beta/models/{model}:predictLongRunning`, from the Veo docs' limits
 * table and the @google/genai converters. Messages name the field, as Google's do; exact wording
 * is UNCONFIRMED.
 */

export const GEMINI_VEO_MODELS = ["veo-3.1-generate-preview", "veo-3.1-fast-generate-preview", "veo-3.1-lite-generate-preview"];

export interface VeoProblem {
  field: string;
  message: string;
}

export interface VeoRequest {
  prompt: string;
  aspectRatio: string;
  durationSeconds: number;
  resolution: string;
  withImages: boolean;
}

const INSTANCE_FIELDS = new Set(["prompt", "image", "lastFrame", "referenceImages", "video"]);
const PARAMETER_FIELDS = new Set(["aspectRatio", "durationSeconds", "resolution", "personGeneration", "negativePrompt", "sampleCount", "enhancePrompt"]);
/** Settings the Vertex AI flavour has and the Gemini API refuses (the SDK throws for them too). */
const VERTEX_ONLY = new Set(["seed", "generateAudio", "fps", "storageUri", "pubsubTopic", "compressionQuality", "resizeMode", "mask", "labels"]);
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);

function problem(field: string, message: string): VeoProblem {
  return { field, message };
}

/** An image as the SDK sends it (`bytesBase64Encoded`) or as the REST samples do (`inlineData`). */
function checkImage(value: unknown, field: string): VeoProblem | undefined {
  const image = asRecord(value);
  if (!image) return problem(field, `Invalid value at '${field}': expected an image object.`);
  if ("gcsUri" in image) return problem(`${field}.gcsUri`, `gcsUri isn't supported by the Gemini API; send the image bytes inline.`);
  const inline = asRecord(image.inlineData);
  const data = inline ? inline.data : image.bytesBase64Encoded;
  const mimeType = inline ? inline.mimeType : image.mimeType;
  const dataField = inline ? `${field}.inlineData.data` : `${field}.bytesBase64Encoded`;
  if (typeof data !== "string" || data.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
    return problem(dataField, `Invalid value at '${dataField}': image bytes must be non-empty base64.`);
  }
  if (typeof mimeType !== "string" || !IMAGE_TYPES.has(mimeType)) {
    return problem(`${field}.mimeType`, `Unsupported MIME type '${String(mimeType)}' at '${field}.mimeType'; use image/png, image/jpeg or image/webp.`);
  }
  return undefined;
}

export function validateVeoBody(model: string, body: unknown): VeoProblem | VeoRequest {
  const root = asRecord(body);
  if (!root) return problem("", "Invalid JSON payload received. Expected an object.");
  for (const key of Object.keys(root)) {
    if (key === "webhookConfig") return problem("webhookConfig", "Dynamic webhooks (webhookConfig) are not simulated by the fake server; register a static webhook instead.");
    if (key !== "instances" && key !== "parameters") return problem(key, `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
  }
  if (!Array.isArray(root.instances) || root.instances.length !== 1) return problem("instances", "instances must hold exactly one instance.");
  const instance = asRecord(root.instances[0]);
  if (!instance) return problem("instances[0]", "Invalid value at 'instances[0]': expected an object.");
  for (const key of Object.keys(instance)) {
    if (!INSTANCE_FIELDS.has(key)) return problem(`instances[0].${key}`, `Invalid JSON payload received. Unknown name "${key}" at 'instances[0]': Cannot find field.`);
  }
  if (instance.video !== undefined) return problem("instances[0].video", "Video extension is not simulated by the fake server.");
  const parameters = asRecord(root.parameters ?? {});
  if (!parameters) return problem("parameters", "Invalid value at 'parameters': expected an object.");
  for (const key of Object.keys(parameters)) {
    if (VERTEX_ONLY.has(key)) return problem(`parameters.${key}`, `\`${key}\` isn't supported by this model on the Gemini API.`);
    if (!PARAMETER_FIELDS.has(key)) return problem(`parameters.${key}`, `Invalid JSON payload received. Unknown name "${key}" at 'parameters': Cannot find field.`);
  }

  const hasImage = instance.image !== undefined;
  const prompt = instance.prompt;
  if (prompt !== undefined && typeof prompt !== "string") return problem("instances[0].prompt", "Invalid value at 'instances[0].prompt': expected a string.");
  if ((typeof prompt !== "string" || prompt.trim() === "") && !hasImage) return problem("instances[0].prompt", "A prompt is required for text-to-video.");
  if (hasImage) {
    const bad = checkImage(instance.image, "instances[0].image");
    if (bad) return bad;
  }
  if (instance.lastFrame !== undefined) {
    if (!hasImage) return problem("instances[0].lastFrame", "lastFrame needs image: interpolation goes from a first frame to a last frame.");
    const bad = checkImage(instance.lastFrame, "instances[0].lastFrame");
    if (bad) return bad;
  }
  let references = 0;
  if (instance.referenceImages !== undefined) {
    const list = instance.referenceImages;
    if (!Array.isArray(list) || list.length === 0) return problem("instances[0].referenceImages", "referenceImages must be a non-empty list.");
    if (model.includes("lite")) return problem("instances[0].referenceImages", `referenceImages isn't supported by ${model}.`);
    if (list.length > 3) return problem("instances[0].referenceImages", `At most 3 reference images are allowed, got ${list.length}.`);
    if (hasImage) return problem("instances[0].referenceImages", "referenceImages cannot be combined with image.");
    for (const [index, entry] of list.entries()) {
      const reference = asRecord(entry);
      const field = `instances[0].referenceImages[${index}]`;
      const bad = checkImage(reference?.image, `${field}.image`);
      if (bad) return bad;
      const type = reference?.referenceType;
      if (typeof type !== "string" || !["asset", "style"].includes(type.toLowerCase())) {
        return problem(`${field}.referenceType`, `Invalid value at '${field}.referenceType': use "asset" or "style".`);
      }
    }
    references = list.length;
  }

  const aspectRatio = parameters.aspectRatio ?? "16:9";
  if (aspectRatio !== "16:9" && aspectRatio !== "9:16") return problem("parameters.aspectRatio", `Unsupported aspect ratio '${String(aspectRatio)}'; use 16:9 or 9:16.`);
  // The SDK sends a number, the docs' REST samples a string: both are accepted.
  const rawDuration = parameters.durationSeconds ?? 8;
  const durationSeconds = typeof rawDuration === "string" && /^\d+$/.test(rawDuration) ? Number(rawDuration) : rawDuration;
  if (typeof durationSeconds !== "number" || ![4, 6, 8].includes(durationSeconds)) {
    return problem("parameters.durationSeconds", `The value ${JSON.stringify(rawDuration)} for \`durationSeconds\` is out of bound. Please provide 4, 6 or 8.`);
  }
  const resolution = parameters.resolution ?? "720p";
  const resolutions = model.includes("lite") ? ["720p", "1080p"] : ["720p", "1080p", "4k"];
  if (typeof resolution !== "string" || !resolutions.includes(resolution)) {
    return problem("parameters.resolution", `Unsupported resolution '${String(resolution)}' for ${model}; use ${resolutions.join(", ")}.`);
  }
  if (resolution !== "720p" && durationSeconds !== 8) return problem("parameters.durationSeconds", `\`durationSeconds\` must be 8 at ${resolution}.`);
  if (references > 0 && durationSeconds !== 8) return problem("parameters.durationSeconds", "`durationSeconds` must be 8 with reference images.");
  const withImages = hasImage || references > 0;
  const person = parameters.personGeneration;
  if (person !== undefined) {
    const allowed = withImages ? "allow_adult" : "allow_all";
    if (person !== allowed) {
      return problem("parameters.personGeneration", `personGeneration '${String(person)}' is not allowed for ${withImages ? "image-based" : "text-to-video"} generation; use '${allowed}'.`);
    }
  }
  if (parameters.negativePrompt !== undefined && typeof parameters.negativePrompt !== "string") {
    return problem("parameters.negativePrompt", "Invalid value at 'parameters.negativePrompt': expected a string.");
  }
  if (parameters.sampleCount !== undefined && parameters.sampleCount !== 1) {
    return problem("parameters.sampleCount", "The Gemini API generates one video per request; sampleCount must be 1.");
  }
  return { prompt: typeof prompt === "string" ? prompt : "", aspectRatio, durationSeconds, resolution, withImages };
}
