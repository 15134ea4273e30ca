import { IMAGE_OUTPUT_FORMATS } from "./imageRequest";
import { JOB_STATES } from "./jobRecord";
import { PROVIDER_IDS } from "./request";
import { stillLineageSchema } from "./stillLineage";
import { z } from "./zodConfig";

/** How image jobs are stored in the ledger file (`imageJobs`, beside the video `jobs`). */

const image = z.object({
  name: z.string().optional(),
  url: z.string().optional(),
  path: z.string().optional(),
  mediaType: z.string().optional(),
  lineage: stillLineageSchema.optional(),
});
const json = z.record(z.string(), z.unknown());
const nanNumber = z.number().nullable().transform((value) => value ?? Number.NaN);

const storedImageRequest = z.looseObject({
  provider: z.enum(PROVIDER_IDS),
  model: z.string().min(1),
  prompt: z.string(),
  negativePrompt: z.string().optional(),
  count: z.number().int().min(1),
  size: z.string().optional(),
  aspectRatio: z.string().optional(),
  resolution: z.string().optional(),
  quality: z.string().optional(),
  seed: z.number().int().optional(),
  outputFormat: z.enum(IMAGE_OUTPUT_FORMATS),
  inputImages: z.array(image).optional(),
  idempotencyKey: z.string().min(8),
});

export const imageJobRecordSchema = z.object({
  kind: z.literal("image"),
  id: z.string().min(8),
  runId: z.string().optional(),
  shot: z.object({
    shotId: z.string(),
    shotName: z.string().optional(),
    scene: z.string().optional(),
    shotList: z.string().optional(),
    order: z.number(),
    take: z.number().int().min(1),
  }),
  request: storedImageRequest,
  estimate: z.object({
    usd: nanNumber,
    usdPerImage: nanNumber,
    images: z.number(),
    inputImages: z.number(),
    usdPerInputImage: z.number().optional(),
    confirmed: z.boolean(),
    source: z.string(),
    asOf: z.string(),
    note: z.string().optional(),
  }),
  state: z.enum(JOB_STATES),
  handle: z
    .object({ provider: z.enum(PROVIDER_IDS), model: z.string(), id: z.string().min(1), idempotencyKey: z.string(), submittedAt: z.string(), data: json })
    .optional(),
  progress: z.number().optional(),
  outputs: z
    .array(
      z.object({
        url: z.string().optional(),
        path: z.string().optional(),
        mediaType: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        expiresAt: z.string().optional(),
      }),
    )
    .optional(),
  seed: z.number().optional(),
  files: z.array(z.object({ path: z.string(), sha256: z.string().optional(), embedded: z.boolean().optional() })).optional(),
  clipIds: z.array(z.string()).optional(),
  failure: z
    .object({
      step: z.enum(["submit", "track", "download", "embed", "import", "place"]),
      kind: z.string(),
      message: z.string(),
      code: z.string().optional(),
      retryable: z.boolean(),
      charged: z.union([z.boolean(), z.literal("unknown")]),
      at: z.string(),
    })
    .optional(),
  retryOf: z.string().optional(),
  attempt: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(z.object({ state: z.enum(JOB_STATES), at: z.string() })),
  extra: json.optional(),
});
