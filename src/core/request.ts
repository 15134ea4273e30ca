import { stillLineageSchema } from "./stillLineage";
import { z } from "./zodConfig";

export const PROVIDER_IDS = ["openai", "gemini", "kling", "dashscope", "fal", "replicate", "simulator"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const RESOLUTIONS = ["480p", "720p", "1024p", "1080p", "4k"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp", "image/bmp"] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

export const imageInputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("bytes"),
    bytes: z.instanceof(Uint8Array),
    mediaType: z.enum(IMAGE_MEDIA_TYPES),
    /** The file name the user picked, kept for metadata. */
    name: z.string().optional(),
    /** Set when this image is a still Shotbin made: the clip records where its frame came from. */
    lineage: stillLineageSchema.optional(),
  }),
  z.object({
    kind: z.literal("url"),
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().optional(),
    lineage: stillLineageSchema.optional(),
  }),
]);
export type ImageInput = z.infer<typeof imageInputSchema>;

/**
 * One take of one shot, in Shotbin's words. Adapters translate it to each provider's dialect.
 * Optional settings fall back to the model's defaults during validation.
 */
export const generationRequestSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS),
    model: z.string().min(1),
    prompt: z.string(),
    negativePrompt: z.string().optional(),
    durationSeconds: z.number().positive().optional(),
    aspectRatio: z
      .string()
      .regex(/^\d{1,2}:\d{1,2}$/, "must look like 16:9")
      .optional(),
    resolution: z.enum(RESOLUTIONS).optional(),
    seed: z.number().int().min(0).max(4294967295).optional(),
    audio: z.boolean().optional(),
    firstFrame: imageInputSchema.optional(),
    lastFrame: imageInputSchema.optional(),
    referenceImages: z.array(imageInputSchema).optional(),
    /**
     * Minted once per logical submit, before any retry, and recorded in the ledger. Providers
     * that accept one use it to refuse duplicates; the others never see a retried submit.
     */
    idempotencyKey: z.string().min(8).max(128),
  })
  .strict();

export type GenerationRequest = z.infer<typeof generationRequestSchema>;

/** A request after validation: every setting the model has a default for is now explicit. */
export interface ResolvedRequest extends GenerationRequest {
  durationSeconds: number;
  resolution: Resolution;
  audio: boolean;
  /** Undefined when the model takes the aspect ratio from the first frame. */
  aspectRatio?: string;
}

/** `shotbin-<uuid>`: random, so two panels never mint the same key. */
export function createIdempotencyKey(): string {
  const cryptoApi = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (cryptoApi?.randomUUID) return `shotbin-${cryptoApi.randomUUID()}`;
  const random = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
  return `shotbin-${random()}${random()}-${random()}${random()}`;
}
