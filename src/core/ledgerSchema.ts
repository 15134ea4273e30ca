import { imageJobRecordSchema } from "./imageLedgerSchema";
import { JOB_STATES } from "./jobRecord";
import { PROVIDER_IDS, RESOLUTIONS } from "./request";
import { stillLineageSchema } from "./stillLineage";
import { z } from "./zodConfig";

export const LEDGER_VERSION = 1;

const image = z.object({
  name: z.string().optional(),
  url: z.string().optional(),
  path: z.string().optional(),
  mediaType: z.string().optional(),
  lineage: stillLineageSchema.optional(),
});
const json = z.record(z.string(), z.unknown());

const storedRequest = z.looseObject({
  provider: z.enum(PROVIDER_IDS),
  model: z.string().min(1),
  prompt: z.string(),
  negativePrompt: z.string().optional(),
  durationSeconds: z.number().positive(),
  aspectRatio: z.string().optional(),
  resolution: z.enum(RESOLUTIONS),
  seed: z.number().int().optional(),
  audio: z.boolean(),
  idempotencyKey: z.string().min(8),
  firstFrame: image.optional(),
  lastFrame: image.optional(),
  referenceImages: z.array(image).optional(),
});

const estimate = z.object({
  usd: z.number().nullable().transform((value) => value ?? Number.NaN),
  usdPerSecond: z.number().nullable().transform((value) => value ?? Number.NaN),
  billedSeconds: z.number(),
  confirmed: z.boolean(),
  source: z.string(),
  asOf: z.string(),
  note: z.string().optional(),
});

const handle = z.object({
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  id: z.string().min(1),
  idempotencyKey: z.string(),
  submittedAt: z.string(),
  data: json,
});

const frameSource = z.object({ source: z.string(), seconds: z.number().optional(), sequenceTicks: z.string().optional(), jobId: z.string().optional() });

export const jobRecordSchema = z.object({
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
  request: storedRequest,
  estimate,
  state: z.enum(JOB_STATES),
  handle: handle.optional(),
  progress: z.number().optional(),
  outputs: z.array(z.object({ url: z.string(), expiresAt: z.string().optional(), mediaType: z.string().optional() })).optional(),
  seed: z.number().optional(),
  file: z.string().optional(),
  clipId: z.string().optional(),
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
  deferred: z
    .array(
      z.object({
        field: z.enum(["firstFrame", "lastFrame"]),
        resolver: z.string().min(1),
        from: z.union([z.object({ shotId: z.string() }), z.object({ jobId: z.string() })]),
        resolvedAt: z.string().optional(),
      }),
    )
    .optional(),
  frameOrigin: z.object({ action: z.string(), first: frameSource.optional(), last: frameSource.optional() }).optional(),
});

export const ledgerFileSchema = z.object({
  version: z.literal(LEDGER_VERSION),
  jobs: z.array(jobRecordSchema),
  /** Image jobs (stills); absent in ledgers written before Shotbin made stills. */
  imageJobs: z.array(imageJobRecordSchema).optional(),
  /** The last relay event sequence this client acknowledged. */
  relayCursor: z.number().int().min(0).optional(),
});

export type LedgerFile = z.output<typeof ledgerFileSchema>;
