import { MediaError } from "../core/errors";
import { z } from "../core/zodConfig";

/**
 * Shotbin's own XMP namespace: one property per generation parameter. meta.json (the input of
 * `shotbin embed`) uses exactly these names, and `shotbin inspect` returns them under the same
 * names, so what goes in comes back out.
 */
export const SHOTBIN_NAMESPACE = "https://ns.shotbin.dev/xmp/generation/1.0/";
export const SHOTBIN_PREFIX = "shotbin";

const text = (max: number) => z.string().max(max);

/** A seed is kept as a number when it is a safe integer, else as its digits (some are 64-bit). */
const seed = z
  .union([z.number().int().refine(Number.isSafeInteger, "seed must be a safe integer; pass larger seeds as a string"), z.string().regex(/^-?\d{1,40}$/, "seed must be an integer")])
  .transform((value) => (typeof value === "string" && Number.isSafeInteger(Number(value)) ? Number(value) : value));

export const generationMetadataSchema = z
  .strictObject({
    provider: text(100).min(1),
    model: text(200).min(1),
    prompt: text(100_000).optional(),
    negativePrompt: text(100_000).optional(),
    seed: seed.optional(),
    /** Seconds. */
    duration: z.number().positive().max(86_400).optional(),
    aspectRatio: z.string().regex(/^\d{1,5}:\d{1,5}$/, "aspect ratio looks like 16:9").optional(),
    resolution: text(40).min(1).optional(),
    jobId: text(2000).min(1).optional(),
    idempotencyKey: text(200).min(1).optional(),
    cost: z.number().nonnegative().finite().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, "currency is an ISO 4217 code such as USD").optional(),
    priceSource: text(500).optional(),
    /** ISO 8601 with a time zone; also the file's creation date. */
    generatedAt: z.iso.datetime({ offset: true }),
    shotList: text(1000).optional(),
    shotId: text(200).optional(),
    shotName: text(500).optional(),
    scene: text(200).optional(),
    take: z.number().int().min(1).max(100_000).optional(),
    referenceImages: z.array(text(1000).min(1)).max(100).optional(),
  })
  .refine((meta) => meta.cost === undefined || meta.currency !== undefined, {
    message: "cost needs a currency",
    path: ["currency"],
  });

export type GenerationMetadata = z.output<typeof generationMetadataSchema>;
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
];

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`).join("; ");
}

export function parseGenerationMetadata(input: unknown, label?: string): GenerationMetadata {
  const result = generationMetadataSchema.safeParse(input);
  if (!result.success) {
    throw new MediaError("invalid-metadata", `The generation metadata is not valid: ${formatIssues(result.error)}.`, label);
  }
  return result.data;
}
