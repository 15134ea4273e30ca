/**
 * Running a shot list's image steps (planned in shotlist/imageStepPlan.ts): every still first,
 * each edit once the still it refines is on disk, then each take's first frame resolved to the
 * still it animates (its file, with lineage: file name, SHA-256, the image job). Both faces run
 * this before their scheduler; a resumed run calls it again and it buys nothing twice (image jobs
 * follow the ledger like video jobs; ready stills are simply read).
 *
 * This is "resolve a request's first frame before submit" done ahead of the scheduler. With a
 * scheduler hook for deferred inputs, `imageStepReadiness` and `stillReference` are the image
 * step's resolver: readiness from the image job, the still as the resolved image.
 */
import type { ImageGoal, ImageJobPipeline } from "../core/imageJobPipeline";
import type { ImageJobRecord } from "../core/imageJobRecord";
import { driveImageJob } from "../core/imageRuns";
import { failure } from "../core/jobFailure";
import type { ImageReference, JobRecord } from "../core/jobRecord";
import type { Ledger } from "../core/ledger";
import type { Clock } from "../core/seams/clock";

const STILL_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp" };

/** The image job whose still a take animates (`extra.imageStep.jobId`), if it has an image step. */
export function imageStepOf(job: Pick<JobRecord, "extra">): string | undefined {
  const step = (job.extra as { imageStep?: { jobId?: unknown } } | undefined)?.imageStep;
  return typeof step?.jobId === "string" ? step.jobId : undefined;
}

/** An image job's part in an image step: the still, or the edit of `source`'s still. */
export function imageStepRole(job: Pick<ImageJobRecord, "extra">): { role: "generate" | "edit"; source?: string } | undefined {
  const step = (job.extra as { imageStep?: { role?: unknown; source?: unknown } } | undefined)?.imageStep;
  if (step?.role !== "generate" && step?.role !== "edit") return undefined;
  return { role: step.role, ...(typeof step.source === "string" ? { source: step.source } : {}) };
}

/** The still an image job made, as a request image with its lineage; undefined until it is on disk with its XMP. */
export function stillReference(job: ImageJobRecord): ImageReference | undefined {
  const file = job.files?.[0];
  if (!file?.embedded || !["ready", "importing", "imported"].includes(job.state) && !(job.state === "failed" && job.failure?.step === "import")) return undefined;
  const name = file.path.split(/[\\/]/).pop() ?? file.path;
  const mediaType = STILL_TYPES[name.split(".").pop()?.toLowerCase() ?? ""] ?? "image/png";
  return { name, path: file.path, mediaType, lineage: { file: name, ...(file.sha256 ? { sha256: file.sha256 } : {}), jobId: job.id, ...(job.handle ? { providerJobId: job.handle.id } : {}) } };
}

export type StepReadiness = { state: "ready"; image: ImageReference } | { state: "waiting"; on: string } | { state: "blocked"; reason: string };

/** Whether a still (an image job of an image step) can be used now. */
export function stillReadiness(ledger: Ledger, imageJobId: string, shotId: string): StepReadiness {
  const job = ledger.getImage(imageJobId);
  if (!job) return { state: "blocked", reason: `shot ${shotId}'s still (image job ${imageJobId}) is not in the ledger` };
  const image = stillReference(job);
  if (image) return { state: "ready", image };
  if (job.state === "failed" || job.state === "cancelled") {
    const why = job.state === "cancelled" ? "was cancelled" : `failed: ${(job.failure?.message ?? "").replace(/\.$/, "")}`;
    return { state: "blocked", reason: `shot ${shotId}'s still ${why}` };
  }
  return { state: "waiting", on: `shot ${shotId}'s still` };
}

/** Whether a take's first frame (its image step's still) can be resolved now. */
export function imageStepReadiness(ledger: Ledger, take: JobRecord): StepReadiness | undefined {
  const jobId = imageStepOf(take);
  return jobId ? stillReadiness(ledger, jobId, take.shot.shotId) : undefined;
}

/** A take whose first frame is still the image step's placeholder (no file yet). */
export function awaitsStill(take: JobRecord): boolean {
  return !!imageStepOf(take) && !take.request.firstFrame?.path;
}

export interface ImageStepRun {
  ledger: Ledger;
  pipeline: ImageJobPipeline;
  clock: Clock;
  signal?: AbortSignal;
  /** How far stills go: `ready` (CLI), `imported` (the panel's Frames sub-bin). */
  goal: ImageGoal;
  /** The run's image jobs and takes. */
  imageJobIds: readonly string[];
  takeIds: readonly string[];
  onStill?(job: ImageJobRecord): void;
}

/**
 * Runs the image steps, then gives each waiting take its still as first frame (in the ledger,
 * before any take is sent). A take whose still failed is failed in `submit`, not charged, saying
 * why; nothing is sent for it. Resolves when every still has stopped.
 */
export async function runShotImageSteps(run: ImageStepRun): Promise<void> {
  const { ledger } = run;
  const drives = new Map<string, Promise<void>>();
  const drive = (id: string): Promise<void> => {
    let task = drives.get(id);
    if (task) return task;
    task = (async () => {
      const job = ledger.getImage(id);
      if (!job) return;
      const role = imageStepRole(job);
      if (role?.role === "edit" && role.source && job.state === "planned" && !job.request.inputImages?.[0]?.path) {
        await drive(role.source);
        if (run.signal?.aborted) return;
        const source = stillReadiness(ledger, role.source, job.shot.shotId);
        if (source.state === "waiting") return;
        if (source.state === "blocked") {
          await ledger.transitionImage(id, "failed", { failure: failure("submit", "media", `The edit was not sent: ${source.reason}.`, true, false, run.clock.now()) });
          return;
        }
        const inputs = [source.image, ...(job.request.inputImages ?? []).slice(1)];
        await ledger.updateImage(id, { request: { ...ledger.requireImage(id).request, inputImages: inputs } });
      }
      const done = await driveImageJob(run.pipeline, id, run.goal, { clock: run.clock, ...(run.signal ? { signal: run.signal } : {}) });
      run.onStill?.(done);
    })();
    drives.set(id, task);
    return task;
  };
  await Promise.all(run.imageJobIds.map(drive));
  if (run.signal?.aborted) return;
  for (const id of run.takeIds) {
    const take = ledger.get(id);
    if (!take || take.state !== "planned" || !awaitsStill(take)) continue;
    const readiness = imageStepReadiness(ledger, take)!;
    if (readiness.state === "ready") {
      await ledger.update(id, { request: { ...take.request, firstFrame: readiness.image } });
    } else if (readiness.state === "blocked") {
      await ledger.transition(id, "failed", { failure: failure("submit", "media", `Not sent: ${readiness.reason}. Nothing was charged for this take.`, true, false, run.clock.now()) });
    }
  }
}
