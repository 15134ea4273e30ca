/**
 * The panel's end of the image pipeline: a job's stills go into its bin (a `Frames` sub-bin of the
 * target bin chosen when they were ordered) with Shotbin's columns, one row per still. Stills are
 * never placed on a timeline by this step.
 */
import { HostError } from "../../core/errors";
import { readyStills, type ImageJobRecord } from "../../core/imageJobRecord";
import type { PremiereHost, ShotMetadata } from "../../host/premiereHost";
import { binForJob, requireProjectOf } from "./hostPipelineHooks";

export const FRAMES_BIN = "Frames";

/** The columns of still `index` of a job: its own prompt, model and job, its share of the cost, and what it was refined from. */
export function stillMetadata(job: ImageJobRecord, index: number): ShotMetadata {
  const request = job.request;
  const seed = job.seed ?? request.seed;
  const perStill = Number.isFinite(job.estimate.usd) && job.estimate.images > 0 ? Math.round((job.estimate.usd / job.estimate.images) * 1e6) / 1e6 : undefined;
  const lineage = request.inputImages?.[0]?.lineage;
  return {
    prompt: request.prompt,
    model: request.model,
    provider: request.provider,
    ...(seed !== undefined ? { seed } : {}),
    ...(job.handle ? { job: job.handle.id } : {}),
    ...(perStill !== undefined ? { costUsd: perStill } : {}),
    shot: job.shot.shotId,
    take: job.shot.take + index,
    ...(lineage ? { sourceStill: lineage.file, sourceStillJob: lineage.jobId } : {}),
  };
}

/** ImagePipelineDeps.importStills: every still of the job into its bin, with its columns; answers the project item ids. */
export async function importJobStills(host: PremiereHost, job: ImageJobRecord): Promise<string[]> {
  const stills = readyStills(job);
  if (stills.length === 0) throw new HostError("missing-file", "These stills are not on disk yet, so there is nothing to import.");
  await requireProjectOf(host, job);
  const bin = await binForJob(host, job);
  const outcomes = await host.importClips(
    stills.map((still) => still.path),
    bin,
  );
  const ids: string[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (!outcome.ok) throw outcome.error;
    await host.setClipMetadata(outcome.clip, stillMetadata(job, (job.files ?? []).indexOf(stills[index]!)));
    ids.push(outcome.clip.id);
  }
  return ids;
}
