import type { JobRecord } from "../core/jobRecord";
import { FRAME_ACTIONS, type FrameAction, type GenerationMetadata } from "./generationMetadata";

/**
 * What Shotbin writes into a finished clip: every generation parameter of the job, no key. When
 * the first frame was a Shotbin still, its lineage too; `firstFrameSha256` is the hash of the
 * bytes actually sent (the runtime computes it), which wins over one recorded earlier.
 */
export function jobMetadata(job: JobRecord, generatedAtMs: number, firstFrameSha256?: string): GenerationMetadata {
  const request = job.request;
  const lineage = request.firstFrame?.lineage;
  const sha256 = firstFrameSha256 ?? lineage?.sha256;
  const references = [request.firstFrame, request.lastFrame, ...(request.referenceImages ?? [])]
    .map((image) => image?.name ?? image?.path?.split(/[\\/]/).pop())
    .filter((name): name is string => !!name);
  const seed = job.seed ?? request.seed;
  return {
    provider: request.provider,
    model: request.model,
    prompt: request.prompt,
    ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    duration: request.durationSeconds,
    ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
    resolution: request.resolution,
    ...(job.handle ? { jobId: job.handle.id } : {}),
    idempotencyKey: request.idempotencyKey,
    ...(Number.isFinite(job.estimate.usd) ? { cost: job.estimate.usd, currency: "USD" } : {}),
    priceSource: `${job.estimate.source}, ${job.estimate.asOf}${job.estimate.confirmed ? "" : " (unconfirmed)"}`,
    generatedAt: new Date(generatedAtMs).toISOString(),
    ...(job.shot.shotList ? { shotList: job.shot.shotList } : {}),
    shotId: job.shot.shotId,
    ...(job.shot.shotName ? { shotName: job.shot.shotName } : {}),
    ...(job.shot.scene ? { scene: job.shot.scene } : {}),
    take: job.shot.take,
    ...(references.length > 0 ? { referenceImages: references } : {}),
    ...(lineage ? { sourceStill: lineage.file, sourceStillJob: lineage.jobId, ...(sha256 ? { sourceStillSha256: sha256 } : {}) } : {}),
    ...frameOriginFields(job),
  };
}

/** Where the frames sent came from (a timeline action, continuity, `shotbin extend`), as XMP fields. */
export function frameOriginFields(job: Pick<JobRecord, "frameOrigin">): Partial<GenerationMetadata> {
  const origin = job.frameOrigin;
  if (!origin) return {};
  const fields: Partial<GenerationMetadata> = {};
  if (FRAME_ACTIONS.includes(origin.action as FrameAction)) fields.frameAction = origin.action as FrameAction;
  if (origin.first) {
    fields.firstFrameSource = origin.first.source;
    if (origin.first.seconds !== undefined) fields.firstFrameTime = origin.first.seconds;
    if (origin.first.sequenceTicks !== undefined) fields.firstFrameSequenceTicks = origin.first.sequenceTicks;
  }
  if (origin.last) {
    fields.lastFrameSource = origin.last.source;
    if (origin.last.seconds !== undefined) fields.lastFrameTime = origin.last.seconds;
    if (origin.last.sequenceTicks !== undefined) fields.lastFrameSequenceTicks = origin.last.sequenceTicks;
  }
  return fields;
}

/** When the provider finished the clip, from the ledger's history (the submit time if unknown). */
export function generatedAt(job: JobRecord): number {
  const finished = [...job.history].reverse().find((entry) => entry.state === "succeeded");
  return Date.parse(finished?.at ?? job.handle?.submittedAt ?? job.createdAt);
}
