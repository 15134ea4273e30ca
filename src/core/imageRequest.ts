import { imageInputSchema, PROVIDER_IDS } from "./request";
import { z } from "./zodConfig";

/**
 * A request for stills, kept apart from the video request as the AI SDK keeps its image model
 * spec apart from its language model spec: text to image when it has no input images, an edit
 * (the first input image is the one edited, the others are references) when it has some.
 */

export const IMAGE_OUTPUT_FORMATS = ["png", "jpeg", "webp"] as const;
export type ImageOutputFormat = (typeof IMAGE_OUTPUT_FORMATS)[number];

export const IMAGE_MEDIA_TYPE_OF: Record<ImageOutputFormat, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };
export const IMAGE_EXTENSION_OF: Record<ImageOutputFormat, string> = { png: ".png", jpeg: ".jpg", webp: ".webp" };

/** The output format for a media type the provider reported (`image/jpg` included). */
export function imageFormatOf(mediaType: string | undefined): ImageOutputFormat | undefined {
  const type = mediaType?.split(";")[0]?.trim().toLowerCase();
  if (type === "image/png") return "png";
  if (type === "image/jpeg" || type === "image/jpg") return "jpeg";
  if (type === "image/webp") return "webp";
  return undefined;
}

export const imageRequestSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS),
    model: z.string().min(1),
    prompt: z.string(),
    negativePrompt: z.string().optional(),
    /** How many stills. A route that makes fewer per call gets several jobs (splitImageRequest). */
    count: z.number().int().min(1).max(16).optional(),
    /** A pixel size such as `1536x1024`, for models that take fixed sizes (OpenAI). */
    size: z
      .string()
      .regex(/^\d{2,5}x\d{2,5}$/, "must look like 1536x1024")
      .optional(),
    aspectRatio: z
      .string()
      .regex(/^\d{1,2}:\d{1,2}$/, "must look like 16:9")
      .optional(),
    /** The model's output tier in its own words: `1K`, `2K`, `4K`, `1 MP`, ... */
    resolution: z.string().min(1).max(20).optional(),
    /** `low`, `medium`, `high` where the model has quality levels. */
    quality: z.string().min(1).max(20).optional(),
    seed: z.number().int().min(0).max(4294967295).optional(),
    outputFormat: z.enum(IMAGE_OUTPUT_FORMATS).optional(),
    /** The images to edit or take reference from; the first is the one edited. */
    inputImages: z.array(imageInputSchema).optional(),
    /** Minted once per logical submit and recorded in the ledger, as for video. */
    idempotencyKey: z.string().min(8).max(128),
  })
  .strict();

export type ImageRequest = z.infer<typeof imageRequestSchema>;

/** After validation: every setting with a model default is explicit, and `count` is this job's. */
export interface ResolvedImageRequest extends ImageRequest {
  count: number;
  outputFormat: ImageOutputFormat;
}

export type ImageMode = "generate" | "edit";

export function imageMode(request: Pick<ImageRequest, "inputImages">): ImageMode {
  return request.inputImages && request.inputImages.length > 0 ? "edit" : "generate";
}
