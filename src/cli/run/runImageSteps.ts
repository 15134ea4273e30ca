import { ImageJobPipeline } from "../../core/imageJobPipeline";
import type { Ledger } from "../../core/ledger";
import { isCommitted } from "../../core/jobRecord";
import { roundUsd } from "../../core/pricing";
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import type { PollPolicy } from "../../core/videoProvider";
import { nodeFileSystem } from "../../media/nodeFileSystem";
import type { ImageProviderRegistry } from "../../providers/imageRegistry";
import { createImagePipelineDeps } from "../../runtime/imagePipelineDeps";
import { runShotImageSteps } from "../../runtime/shotImageSteps";

/**
 * `shotbin run`'s image steps, before its scheduler: every still (and edit) of the list into the
 * run folder with its XMP, then each take's first frame set to its still. On --resume the stills
 * already bought are followed, never bought again; a step that failed after the purchase (download,
 * metadata, a poll that timed out) is run again first.
 */
export async function runImageStepsOfRun(input: {
  ledger: Ledger;
  registry: ImageProviderRegistry;
  folder: string;
  clock: Clock;
  fetch: HttpFetch;
  poll?: Partial<PollPolicy>;
  signal: AbortSignal;
  resume: boolean;
  message(text: string): void;
}): Promise<void> {
  const { ledger } = input;
  const stills = ledger.imageJobs();
  if (stills.length === 0) return;
  const pipeline = new ImageJobPipeline(
    createImagePipelineDeps({ ledger, registry: input.registry, seams: { clock: input.clock, fetch: input.fetch, files: nodeFileSystem }, settings: { mediaFolder: input.folder, ...(input.poll ? { pollPolicy: input.poll } : {}) } }),
  );
  if (input.resume) {
    for (const job of stills) {
      const failure = job.failure;
      if (job.state !== "failed" || !failure?.retryable) continue;
      const paid = failure.step === "download" || failure.step === "embed" || (failure.step === "track" && !!job.handle && (failure.kind === "network" || failure.code === "poll_timeout"));
      // An edit whose source still failed sent nothing; it is tried again once its source is there.
      const unsent = failure.step === "submit" && !job.handle && failure.charged === false;
      if (paid || unsent) await pipeline.resumeStep(job.id).catch(() => undefined);
    }
  }
  const pending = ledger.imageJobs().filter((job) => job.state !== "ready");
  if (pending.length > 0) input.message(`Image steps: ${pending.length} still(s) to make before the takes that animate them.`);
  await runShotImageSteps({
    ledger,
    pipeline,
    clock: input.clock,
    signal: input.signal,
    goal: "ready",
    imageJobIds: stills.map((job) => job.id),
    takeIds: ledger.jobs().map((job) => job.id),
    onStill: (job) => {
      if (job.state === "ready") input.message(`  still for shot ${job.shot.shotId}: ${job.files?.[0]?.path ?? "ready"}`);
      else if (job.state === "failed") input.message(`  still for shot ${job.shot.shotId} failed: ${job.failure?.message ?? "failed"}`);
    },
  });
}

/** What the run's stills committed (estimates of image jobs that were or may have been charged). */
export function stillsSpentUsd(ledger: Ledger): number {
  return roundUsd(ledger.imageJobs().filter((job) => isCommitted(job) && Number.isFinite(job.estimate.usd)).reduce((sum, job) => sum + job.estimate.usd, 0));
}
