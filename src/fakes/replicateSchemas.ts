/**
 * The input schemas of the official Replicate models the fake serves, mirrored from each model's
 * page (`latest_version.openapi_schema` → `Input`), and a validator that answers as Replicate's
 * API does: gojsonschema-style problems listed in `invalid_fields` of a 422.
 *
 * Sources (third-party copies of replicate.com model pages, 2025-10 to 2026-01): google/veo-3.1
 * (prompt, aspect_ratio, duration, image, last_frame, reference_images, negative_prompt,
 * resolution, generate_audio, seed), google/veo-3.1-fast (the same without reference_images) and
 * kwaivgi/kling-v2.6 (prompt, negative_prompt, start_image, aspect_ratio, duration,
 * generate_audio). Enum values come from the model readmes.
 */

export type SchemaProperty =
  | { type: "string"; description: string; enum?: string[]; format?: "uri"; default?: string }
  | { type: "integer"; description: string; enum?: number[]; default?: number; minimum?: number; maximum?: number }
  | { type: "boolean"; description: string; default?: boolean }
  | { type: "array"; description: string; items: { type: "string"; format: "uri" }; maxItems?: number; default?: string[] };

export interface ModelSchema {
  owner: string;
  name: string;
  description: string;
  required: string[];
  properties: Record<string, SchemaProperty>;
}

const VEO_PROPERTIES: Record<string, SchemaProperty> = {
  prompt: { type: "string", description: "Text prompt for video generation" },
  aspect_ratio: { type: "string", description: "Video aspect ratio", enum: ["16:9", "9:16"], default: "16:9" },
  duration: { type: "integer", description: "Video duration in seconds", enum: [4, 6, 8], default: 8 },
  image: { type: "string", format: "uri", description: "Input image to start generating from." },
  last_frame: { type: "string", format: "uri", description: "Ending image for interpolation." },
  negative_prompt: { type: "string", description: "Description of what to exclude from the generated video" },
  resolution: { type: "string", description: "Resolution of the generated video", enum: ["720p", "1080p"], default: "1080p" },
  generate_audio: { type: "boolean", description: "Generate audio with the video", default: true },
  seed: { type: "integer", description: "Random seed. Omit for random generations" },
};

export const REPLICATE_MODEL_SCHEMAS: Record<string, ModelSchema> = {
  "google/veo-3.1": {
    owner: "google",
    name: "veo-3.1",
    description: "Veo 3.1 with context-aware audio, reference image and last frame support",
    required: ["prompt"],
    properties: {
      ...VEO_PROPERTIES,
      reference_images: {
        type: "array",
        items: { type: "string", format: "uri" },
        maxItems: 3,
        default: [],
        description: "1 to 3 reference images; only with 16:9 and 8 seconds. Last frame is ignored if reference images are provided.",
      },
    },
  },
  "google/veo-3.1-fast": {
    owner: "google",
    name: "veo-3.1-fast",
    description: "Veo 3.1 Fast with context-aware audio and last frame support",
    required: ["prompt"],
    properties: VEO_PROPERTIES,
  },
  "kwaivgi/kling-v2.6": {
    owner: "kwaivgi",
    name: "kling-v2.6",
    description: "Kling 2.6 Pro: text and image to video with native audio",
    required: ["prompt"],
    properties: {
      prompt: { type: "string", description: "Text prompt for video generation" },
      negative_prompt: { type: "string", description: "Things you do not want to see in the video" },
      start_image: { type: "string", format: "uri", description: "First frame of the video" },
      aspect_ratio: {
        type: "string",
        description: "Aspect ratio of the video. Ignored if start_image is provided.",
        enum: ["16:9", "9:16", "1:1"],
        default: "16:9",
      },
      duration: { type: "integer", description: "Duration of the video in seconds", enum: [5, 10], default: 5 },
      generate_audio: { type: "boolean", description: "Generate audio for the video", default: true },
    },
  },
};

/** One entry of Replicate's `invalid_fields`. */
export interface InvalidField {
  type: string;
  /** `input.duration`, `input` for a problem with the object itself, `` for the request body. */
  field: string;
  description: string;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isUri(value: string): boolean {
  if (value.startsWith("data:")) return /^data:[\w.+-]+\/[\w.+-]+(;[\w=.+-]+)*;base64,[A-Za-z0-9+/]+=*$/.test(value);
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function listed(values: readonly (string | number)[]): string {
  return values.map((value) => (typeof value === "string" ? `"${value}"` : String(value))).join(", ");
}

/**
 * Validates a prediction's `input` against a model's schema. Unknown properties are refused; the
 * real API may instead ignore them (UNCONFIRMED), which would silently drop a misnamed field, so
 * the fake is strict on purpose: an adapter that sends `end_image` to Kling must fail a test.
 */
export function validateModelInput(schema: ModelSchema, input: Record<string, unknown>): InvalidField[] {
  const problems: InvalidField[] = [];
  for (const name of schema.required) {
    if (input[name] === undefined) problems.push({ type: "required", field: "input", description: `${name} is required` });
  }
  for (const [name, value] of Object.entries(input)) {
    const property = schema.properties[name];
    const field = `input.${name}`;
    if (!property) {
      problems.push({ type: "additional_property_not_allowed", field: "input", description: `Additional property ${name} is not allowed` });
      continue;
    }
    const given = jsonType(value);
    const expected = property.type;
    if (given !== expected) {
      problems.push({ type: "invalid_type", field, description: `Invalid type. Expected: ${expected}, given: ${given}` });
      continue;
    }
    if ((property.type === "string" || property.type === "integer") && property.enum && !(property.enum as unknown[]).includes(value)) {
      problems.push({ type: "enum", field, description: `${name} must be one of the following: ${listed(property.enum)}` });
    }
    if (property.type === "string" && property.format === "uri" && !isUri(value as string)) {
      problems.push({ type: "format", field, description: "Does not match format 'uri'" });
    }
    if (property.type === "array") {
      const items = value as unknown[];
      if (property.maxItems !== undefined && items.length > property.maxItems) {
        problems.push({ type: "array_max_items", field, description: `Array must have at most ${property.maxItems} items` });
      }
      items.forEach((item, index) => {
        if (typeof item !== "string" || !isUri(item)) {
          problems.push({ type: "format", field: `${field}.${index}`, description: "Does not match format 'uri'" });
        }
      });
    }
  }
  return problems;
}

/** The `detail` text Replicate puts above `invalid_fields`: one `- field: description` line each. */
export function validationDetail(problems: readonly InvalidField[]): string {
  return problems.map((problem) => (problem.field ? `- ${problem.field}: ${problem.description}\n` : `- ${problem.description}\n`)).join("");
}

/** The schema as `latest_version.openapi_schema` carries it, for `GET /v1/models/{owner}/{name}`. */
export function openapiSchemaOf(schema: ModelSchema): unknown {
  const properties: Record<string, unknown> = {};
  let order = 0;
  for (const [name, property] of Object.entries(schema.properties)) {
    properties[name] = { ...property, title: name.replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()), "x-order": order++ };
  }
  return {
    openapi: "3.0.2",
    components: {
      schemas: {
        Input: { type: "object", title: "Input", required: schema.required, properties },
        Output: { type: "string", title: "Output", format: "uri" },
      },
    },
  };
}
