import type { JobRecord } from "../core/jobRecord";

/** What the exports say about a clip: the prompt, model and seed, in one place. */
export interface ClipProvenance {
  shotId: string;
  scene?: string;
  take: number;
  prompt: string;
  provider: string;
  model: string;
  seed?: number;
  jobId?: string;
  costUsd?: number;
  description?: string;
  camera?: string;
  movement?: string;
  lens?: string;
  notes?: string;
  setting?: string;
  rehearsalOf?: string;
}

export function clipProvenance(job: JobRecord): ClipProvenance {
  const extra = (job.extra?.shotlist ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof extra[key] === "string" ? (extra[key] as string) : undefined);
  const seed = job.seed ?? job.request.seed;
  const fields: ClipProvenance = {
    shotId: job.shot.shotId,
    take: job.shot.take,
    prompt: job.request.prompt,
    provider: job.request.provider,
    model: job.request.model,
  };
  if (job.shot.scene) fields.scene = job.shot.scene;
  if (seed !== undefined) fields.seed = seed;
  if (job.handle) fields.jobId = job.handle.id;
  if (Number.isFinite(job.estimate.usd)) fields.costUsd = job.estimate.usd;
  for (const key of ["description", "camera", "movement", "lens", "notes", "setting", "rehearsalOf"] as const) {
    const value = text(key);
    if (value) fields[key] = value;
  }
  return fields;
}
