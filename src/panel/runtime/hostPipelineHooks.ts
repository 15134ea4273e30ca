/**
 * The panel's end of the shared pipeline: import a finished clip into its bin, fill Shotbin's
 * Project-panel columns, and lay it on the timeline. Everything goes through PremiereHost.
 */
import { HostError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { BinRef, ClipRef, PremiereHost, ShotMetadata } from "../../host/premiereHost";
import { jobExtra } from "./jobExtras";

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The lineage columns of a clip animated from a Shotbin still (its first frame). */
export function lineageColumns(image: { lineage?: { file: string; jobId: string } } | undefined): Pick<ShotMetadata, "sourceStill" | "sourceStillJob"> {
  return image?.lineage ? { sourceStill: image.lineage.file, sourceStillJob: image.lineage.jobId } : {};
}

/** The columns Shotbin writes for a job. */
export function shotMetadata(job: JobRecord): ShotMetadata {
  const seed = job.seed ?? job.request.seed;
  return {
    prompt: job.request.prompt,
    model: job.request.model,
    provider: job.request.provider,
    ...(seed !== undefined ? { seed } : {}),
    ...(job.handle ? { job: job.handle.id } : {}),
    ...(Number.isFinite(job.estimate.usd) ? { costUsd: job.estimate.usd } : {}),
    shot: job.shot.shotId,
    take: job.shot.take,
    ...lineageColumns(job.request.firstFrame),
  };
}

/** The bin a job's clip goes into: its sub-bins under the bin chosen at plan time, or under today's target bin when that one is gone. */
export async function binForJob(host: PremiereHost, job: Pick<JobRecord, "extra">): Promise<BinRef> {
  const extra = jobExtra(job);
  if (extra.bin) {
    try {
      return await host.ensureBin(extra.binPath, extra.bin);
    } catch (error) {
      if (!(error instanceof HostError) || error.kind !== "not-found") throw error;
    }
  }
  return host.ensureBin(extra.binPath);
}

/** Refuses to import or place into a project other than the one the job was planned in. */
export async function requireProjectOf(host: PremiereHost, job: Pick<JobRecord, "extra">): Promise<void> {
  const context = await host.getContext();
  if (!context.project) {
    throw new HostError("no-project", "No project is open in Premiere. Open the project this shot was made for; Shotbin imports it as soon as you choose Resume in Jobs.");
  }
  const wanted = jobExtra(job).projectPath;
  if (wanted && context.project.path !== wanted) {
    throw new HostError("invalid-request", `This shot was made for ${fileName(wanted)}, but ${context.project.name} is open. Open ${fileName(wanted)}, then choose Resume in Jobs.`);
  }
}

/** Imports the job's file and writes its columns; returns the clip's project item id. */
export async function importJobClip(host: PremiereHost, job: JobRecord): Promise<ClipRef> {
  if (!job.file) throw new HostError("missing-file", "This job has no downloaded file to import.");
  await requireProjectOf(host, job);
  const bin = await binForJob(host, job);
  const [outcome] = await host.importClips([job.file], bin);
  if (!outcome) throw new HostError("unexpected", "Premiere gave no answer for the import.");
  if (!outcome.ok) throw outcome.error;
  await host.setClipMetadata(outcome.clip, shotMetadata(job));
  return outcome.clip;
}

export function clipOf(job: JobRecord): ClipRef {
  if (!job.clipId || !job.file) throw new HostError("not-found", "This take has not been imported yet.");
  return { id: job.clipId, name: fileName(job.file), mediaPath: job.file };
}

/** Overwrites the clip at the playhead frame recorded when the job was planned. */
export async function placeJobClip(host: PremiereHost, job: JobRecord): Promise<void> {
  const placement = jobExtra(job).placement;
  if (!placement) return;
  await requireProjectOf(host, job);
  await host.placeClips(
    [{ clip: clipOf(job), at: { frames: placement.frame }, track: placement.track, duration: { seconds: job.request.durationSeconds } }],
    { sequenceId: placement.sequenceId },
  );
}
