import type { ImageJobRecord } from "../core/imageJobRecord";
import type { GenerationMetadata } from "./generationMetadata";

/**
 * What Shotbin writes into a still: the same fields as a clip's (prompt, model, seed, job, cost,
 * dates), the quality asked for, and, for an edit of a Shotbin still, that still's lineage. The
 * cost is this still's share of the call.
 */
export function imageJobMetadata(job: ImageJobRecord, generatedAtMs: number): GenerationMetadata {
  const request = job.request;
  const inputs = request.inputImages ?? [];
  const names = inputs.map((image) => image.name ?? image.path?.split(/[\\/]/).pop() ?? image.url?.split(/[?#]/)[0]?.split("/").pop()).filter((name): name is string => !!name);
  const lineage = inputs[0]?.lineage;
  const seed = job.seed ?? request.seed;
  const perStill = Number.isFinite(job.estimate.usd) && job.estimate.images > 0 ? Math.round((job.estimate.usd / job.estimate.images) * 1e6) / 1e6 : undefined;
  return {
    provider: request.provider,
    model: request.model,
    prompt: request.prompt,
    ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
    ...(request.resolution ? { resolution: request.resolution } : request.size ? { resolution: request.size } : {}),
    ...(request.quality ? { quality: request.quality } : {}),
    ...(job.handle ? { jobId: job.handle.id } : {}),
    idempotencyKey: request.idempotencyKey,
    ...(perStill !== undefined ? { cost: perStill, currency: "USD" } : {}),
    priceSource: `${job.estimate.source}, ${job.estimate.asOf}${job.estimate.confirmed ? "" : " (unconfirmed)"}`,
    generatedAt: new Date(generatedAtMs).toISOString(),
    ...(job.shot.shotList ? { shotList: job.shot.shotList } : {}),
    shotId: job.shot.shotId,
    ...(job.shot.shotName ? { shotName: job.shot.shotName } : {}),
    ...(job.shot.scene ? { scene: job.shot.scene } : {}),
    take: job.shot.take,
    ...(names.length > 0 ? { referenceImages: names } : {}),
    ...(lineage ? { sourceStill: lineage.file, sourceStillJob: lineage.jobId, ...(lineage.sha256 ? { sourceStillSha256: lineage.sha256 } : {}) } : {}),
  };
}

/** When the provider finished the stills, from the ledger's history. */
export function imageGeneratedAt(job: ImageJobRecord): number {
  const finished = [...job.history].reverse().find((entry) => entry.state === "succeeded");
  return Date.parse(finished?.at ?? job.handle?.submittedAt ?? job.createdAt);
}
