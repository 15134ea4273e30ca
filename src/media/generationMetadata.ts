
/**
 * Shotbin's own XMP namespace: one property per generation parameter. meta.json (the input of
 * `shotbin embed`) uses exactly these names, and `shotbin inspect` returns them under the same
 * names, so what goes in comes back out.
 */
export const SHOTBIN_NAMESPACE = "https://ns.shotbin.dev/xmp/generation/1.0/";
export const SHOTBIN_PREFIX = "shotbin";

/** The generation parameters embedded in a clip. A seed beyond 2^53 is kept as its digits. */
export interface GenerationMetadata {
  provider: string;
  model: string;
  prompt?: string;
  negativePrompt?: string;
  seed?: number | string;
  /** Seconds. */
  duration?: number;
  aspectRatio?: string;
  resolution?: string;
  jobId?: string;
  idempotencyKey?: string;
  cost?: number;
  currency?: string;
  priceSource?: string;
  /** ISO 8601 with a time zone; also the file's creation date. */
  generatedAt: string;
  shotList?: string;
  shotId?: string;
  shotName?: string;
  scene?: string;
  take?: number;
  referenceImages?: string[];
  /** Where the frames sent came from (issue 13): the timeline action, and for each frame its clip and time. */
  frameAction?: FrameAction;
  firstFrameSource?: string;
  /** Seconds into the source clip's media. */
  firstFrameTime?: number;
  /** Premiere ticks on the sequence the frame was exported at, as digits. */
  firstFrameSequenceTicks?: string;
  lastFrameSource?: string;
  lastFrameTime?: number;
  lastFrameSequenceTicks?: string;
  /** Stills: the quality level asked for (`low`, `medium`, `high`). */
  quality?: string;
  /** Lineage: the file name of the Shotbin still this clip (or still) was made from. */
  sourceStill?: string;
  /** Lineage: SHA-256 of that still's bytes as they were sent, lowercase hex. */
  sourceStillSha256?: string;
  /** Lineage: the Shotbin job (idempotency key) that made that still. */
  sourceStillJob?: string;
  /** Take QA (src/quality): the verdict, pass, warn or fail. */
  qaVerdict?: "pass" | "warn" | "fail";
  /** Take QA: the 0-100 score. */
  qaScore?: number;
  /** Take QA: the kinds of the defects found (docs/qa.md's vocabulary), each once. */
  qaDefects?: string[];
}

/** How a shot's frames were taken from other shots: the timeline actions, and a shot list's continuity. */
export const FRAME_ACTIONS = ["extend", "bridge", "fill", "replace", "continuity"] as const;
export type FrameAction = (typeof FRAME_ACTIONS)[number];

export type GenerationField = keyof GenerationMetadata;

export type FieldKind = "text" | "seed" | "number" | "integer" | "list";

/** Every property of the namespace, in the order written, with its type and meaning (README table). */
export const GENERATION_FIELDS: ReadonlyArray<{ name: GenerationField; kind: FieldKind; meaning: string }> = [
  { name: "provider", kind: "text", meaning: "Provider id: gemini, kling, dashscope, fal, replicate, openai, simulator" },
  { name: "model", kind: "text", meaning: "The provider's model id, e.g. veo-3.1-generate-preview" },
  { name: "prompt", kind: "text", meaning: "The prompt as sent, newlines kept" },
  { name: "negativePrompt", kind: "text", meaning: "The negative prompt, when the model takes one" },
  { name: "seed", kind: "seed", meaning: "Seed used (integer; digits as text when beyond 2^53)" },
  { name: "duration", kind: "number", meaning: "Requested duration in seconds" },
  { name: "aspectRatio", kind: "text", meaning: "Requested aspect ratio, e.g. 16:9" },
  { name: "resolution", kind: "text", meaning: "Requested resolution, e.g. 1080p" },
  { name: "jobId", kind: "text", meaning: "The provider's job or operation id" },
  { name: "idempotencyKey", kind: "text", meaning: "Shotbin's idempotency key for the submit" },
  { name: "cost", kind: "number", meaning: "Cost of the generation, in `currency`" },
  { name: "currency", kind: "text", meaning: "ISO 4217 currency of `cost`" },
  { name: "priceSource", kind: "text", meaning: "Where the cost comes from (provider's answer, or the price table and its date)" },
  { name: "generatedAt", kind: "text", meaning: "When the provider finished the clip (ISO 8601); also the file's creation date" },
  { name: "shotList", kind: "text", meaning: "Name of the shot list the shot came from" },
  { name: "shotId", kind: "text", meaning: "The shot's id in that list" },
  { name: "shotName", kind: "text", meaning: "The shot's name (also dc:title and xmpDM:shotName)" },
  { name: "scene", kind: "text", meaning: "Scene (also xmpDM:scene)" },
  { name: "take", kind: "integer", meaning: "Take number of this shot, from 1" },
  { name: "referenceImages", kind: "list", meaning: "File names of the reference images (rdf:Seq)" },
  { name: "frameAction", kind: "text", meaning: "How the frames sent were chosen: extend, bridge, fill, replace or continuity" },
  { name: "firstFrameSource", kind: "text", meaning: "The clip (file or clip name) the first frame was taken from" },
  { name: "firstFrameTime", kind: "number", meaning: "Seconds into that clip's media of the first frame" },
  { name: "firstFrameSequenceTicks", kind: "text", meaning: "Premiere ticks on the sequence where the first frame was exported (digits)" },
  { name: "lastFrameSource", kind: "text", meaning: "The clip the last frame was taken from (Bridge)" },
  { name: "lastFrameTime", kind: "number", meaning: "Seconds into that clip's media of the last frame" },
  { name: "lastFrameSequenceTicks", kind: "text", meaning: "Premiere ticks on the sequence where the last frame was exported (digits)" },
  { name: "quality", kind: "text", meaning: "Stills: the quality level asked for (low, medium, high)" },
  { name: "sourceStill", kind: "text", meaning: "Lineage: file name of the Shotbin still this was animated (or refined) from" },
  { name: "sourceStillSha256", kind: "text", meaning: "Lineage: SHA-256 of that still's bytes as sent (hex)" },
  { name: "sourceStillJob", kind: "text", meaning: "Lineage: the Shotbin job that made that still (its idempotency key)" },
  { name: "qaVerdict", kind: "text", meaning: "Take QA: the verdict, pass, warn or fail (docs/qa.md)" },
  { name: "qaScore", kind: "integer", meaning: "Take QA: the score, 0-100 (docs/qa.md)" },
  { name: "qaDefects", kind: "list", meaning: "Take QA: the kinds of defect found, each once (rdf:Seq; empty when none)" },
];
