import { describeError, ProviderError } from "./errors";
import type { ImageJobRecord, StillFile } from "./imageJobRecord";
import type { ImageDownloadSource, ImageJobStatus, ImageProvider, InlineImage } from "./imageProvider";
import type { ResolvedImageRequest } from "./imageRequest";
import { failure, failureFrom } from "./jobFailure";
import { isAtProvider, STEP_ENTRY, type JobFailureRecord, type JobState, type JobStep } from "./jobRecord";
import type { Ledger } from "./ledger";
import type { ProviderId } from "./request";
import type { Clock } from "./seams/clock";
import type { DownloadDescriptor, JobHandle } from "./videoProvider";
import { SubmitDeferred } from "./jobPipeline";

/** What the image pipeline needs from the outside world; each face passes its own (runtime/imagePipelineDeps.ts). */
export interface ImagePipelineDeps {
  ledger: Ledger;
  clock: Clock;
  provider(id: ProviderId): ImageProvider | undefined;
  /** The stored request with its input images loaded back. */
  loadRequest(job: ImageJobRecord): Promise<ResolvedImageRequest>;
  webhookUrl?(job: ImageJobRecord, provider: ImageProvider): Promise<string | undefined>;
  onSubmitted?(job: ImageJobRecord): Promise<void>;
  waitForEnd(provider: ImageProvider, handle: JobHandle, onStatus: (status: ImageJobStatus) => void, signal?: AbortSignal): Promise<ImageJobStatus>;
  /** Writes still `index` (bytes in hand: an inline answer, the simulator) into the media folder; answers its path. */
  saveStill(job: ImageJobRecord, index: number, image: InlineImage, signal?: AbortSignal): Promise<string>;
  /** Downloads still `index` from the provider's URL into the media folder; answers its path. */
  fetchStill(job: ImageJobRecord, index: number, descriptor: DownloadDescriptor, refresh: () => Promise<DownloadDescriptor>, signal?: AbortSignal): Promise<string>;
  /** Embeds the job's XMP into still `index`; answers the SHA-256 of the file as it now is. */
  embed(job: ImageJobRecord, index: number, path: string): Promise<{ sha256: string }>;
  /** Panel only: imports the stills (a Frames sub-bin); answers their project item ids. */
  importStills?(job: ImageJobRecord): Promise<string[]>;
}

export type ImageGoal = "ready" | "imported";

const ORDER: JobState[] = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready", "importing", "imported"];

function reached(state: JobState, goal: JobState): boolean {
  return ORDER.indexOf(state) >= ORDER.indexOf(goal);
}

/**
 * Drives one image job from wherever the ledger says it is to `goal`, as JobPipeline does for
 * video: every transition is recorded before its side effect, and a job found in `submitting`
 * after a crash is reconciled with the provider, never sent again blind. A synchronous API
 * (OpenAI Images, Gemini generateContent) answers with the stills themselves: they are written to
 * disk first, then the job is recorded as succeeded with their paths; the money was spent the
 * moment the answer came, so a crash between the two is reported, not retried.
 */
export class ImageJobPipeline {
  constructor(private readonly deps: ImagePipelineDeps) {}

  async advance(jobId: string, goal: ImageGoal = "ready", signal?: AbortSignal): Promise<ImageJobRecord> {
    const { ledger } = this.deps;
    for (;;) {
      if (signal?.aborted) return ledger.requireImage(jobId);
      const job = ledger.requireImage(jobId);
      if (job.state === "failed" || job.state === "cancelled" || reached(job.state, goal)) return job;
      const provider = this.deps.provider(job.request.provider);
      if (!provider) {
        return this.fail(job, failure("submit", "invalid-request", `The ${job.request.provider} image route is not available; enable it in Settings.`, false, job.handle ? "unknown" : false, this.deps.clock.now()));
      }
      switch (job.state) {
        case "planned":
          await this.submit(job, provider, signal);
          break;
        case "submitting":
          await this.reconcile(job, provider, signal);
          break;
        case "queued":
        case "running":
          await this.track(job, provider, signal);
          break;
        case "succeeded":
          await ledger.transitionImage(job.id, "downloading");
          break;
        case "downloading":
          await this.step(job, "download", "downloaded", () => this.downloadAll(job, provider, signal));
          break;
        case "downloaded":
          await ledger.transitionImage(job.id, "embedding");
          break;
        case "embedding":
          await this.step(job, "embed", "ready", () => this.embedAll(job));
          break;
        case "ready":
          if (!this.deps.importStills) return job;
          await ledger.transitionImage(job.id, "importing");
          break;
        case "importing":
          await this.step(job, "import", "imported", async () => ({ clipIds: await this.deps.importStills!(job) }));
          break;
        default:
          return job;
      }
    }
  }

  /** Starts a failed step again, when that can help (see JobPipeline.resumeStep). */
  async resumeStep(jobId: string): Promise<ImageJobRecord> {
    const job = this.deps.ledger.requireImage(jobId);
    if (job.state !== "failed" || !job.failure) throw new Error(`Image job ${jobId} has not failed.`);
    if (!job.failure.retryable) throw new Error(`Image job ${jobId} failed in a way a retry cannot fix: ${job.failure.message}`);
    if (job.failure.step === "submit" && job.handle) throw new Error(`Image job ${jobId} reached the provider; retrying means a new job.`);
    const entry: JobState = job.failure.step === "track" && !job.handle ? "planned" : STEP_ENTRY[job.failure.step];
    return this.deps.ledger.transitionImage(jobId, entry);
  }

  private async submit(job: ImageJobRecord, provider: ImageProvider, signal?: AbortSignal): Promise<void> {
    const { ledger, clock } = this.deps;
    const request = await this.deps.loadRequest(job);
    const webhookUrl = provider.webhook?.delivery === "per-job" ? await this.deps.webhookUrl?.(job, provider) : undefined;
    // Recorded before the request leaves: a crash from here on is reconciled, never resubmitted blind.
    await ledger.transitionImage(job.id, "submitting");
    let result;
    try {
      result = await provider.submit(request, { ...(webhookUrl ? { webhookUrl } : {}), ...(signal ? { signal } : {}) });
    } catch (error) {
      if (error instanceof ProviderError && (error.notReceived || error.kind === "aborted")) {
        await ledger.transitionImage(job.id, "planned");
        if (error.retryable || error.kind === "aborted") throw new SubmitDeferred(error);
        await ledger.transitionImage(job.id, "failed", { failure: failureFrom("submit", error, false, clock.now()) });
        return;
      }
      if (error instanceof ProviderError && !error.retryable && error.status !== undefined && error.status < 500 && error.status !== 408) {
        await ledger.transitionImage(job.id, "failed", { failure: failureFrom("submit", error, false, clock.now()) });
        return;
      }
      await this.reconcile(ledger.requireImage(job.id), provider, signal, error);
      return;
    }
    const { handle, completed } = result;
    if (!completed) {
      const submitted = await ledger.transitionImage(job.id, "queued", { handle });
      await this.deps.onSubmitted?.(submitted).catch(() => undefined);
      return;
    }
    if (completed.failure) {
      const f = completed.failure;
      await ledger.transitionImage(job.id, "failed", { handle, failure: failure("submit", f.kind, f.message, f.retryable, f.charged, clock.now(), f.code) });
      return;
    }
    // The stills exist only in this answer: put them on disk before recording anything else.
    const withHandle: ImageJobRecord = { ...ledger.requireImage(job.id), handle, ...(completed.seed !== undefined ? { seed: completed.seed } : {}) };
    const files: StillFile[] = [];
    try {
      for (const [index, image] of completed.images.entries()) files.push({ path: await this.deps.saveStill(withHandle, index, image, signal) });
    } catch (error) {
      await ledger.transitionImage(job.id, "failed", {
        handle,
        ...(files.length ? { files } : {}),
        failure: failure(
          "download",
          "media",
          `${provider.displayName} answered with ${completed.images.length} still(s), paid for, but they could not be written to disk: ${describeError(error)}. They are lost; free space or fix the media folder before generating again.`,
          false,
          true,
          clock.now(),
        ),
      });
      return;
    }
    await ledger.transitionImage(job.id, "succeeded", {
      handle,
      outputs: files.map((file, i) => ({ path: file.path, mediaType: completed.images[i]!.mediaType })),
      files,
      progress: 1,
      ...(completed.seed !== undefined ? { seed: completed.seed } : {}),
    });
  }

  private async reconcile(job: ImageJobRecord, provider: ImageProvider, signal?: AbortSignal, cause?: unknown): Promise<void> {
    const { ledger, clock } = this.deps;
    let found: JobHandle | undefined | null = null;
    try {
      found = await provider.findByIdempotencyKey(await this.deps.loadRequest(job), signal ? { signal } : {});
    } catch {
      found = null;
    }
    if (found) {
      const submitted = await ledger.transitionImage(job.id, "queued", { handle: found });
      await this.deps.onSubmitted?.(submitted).catch(() => undefined);
    } else if (found === undefined) {
      await ledger.transitionImage(job.id, "planned");
      if (cause instanceof ProviderError) throw new SubmitDeferred(cause);
    } else {
      const why = cause ? ` (${describeError(cause)})` : "";
      const lost = provider.synchronous ? " Its stills came only in that answer, so if it was charged they are lost." : "";
      await ledger.transitionImage(job.id, "failed", {
        failure: failure(
          "submit",
          "unknown-submit",
          `The submit of these stills was interrupted${why} and ${provider.displayName} cannot say whether it received it.${lost} Check the provider's usage page before retrying: a retry may be charged a second time.`,
          false,
          "unknown",
          clock.now(),
        ),
      });
    }
  }

  private async track(job: ImageJobRecord, provider: ImageProvider, signal?: AbortSignal): Promise<void> {
    const { ledger, clock } = this.deps;
    const handle = job.handle;
    if (!handle) {
      await ledger.transitionImage(job.id, "failed", { failure: failure("track", "server", "This image job has no provider handle to track.", false, "unknown", clock.now()) });
      return;
    }
    let status: ImageJobStatus;
    try {
      status = await this.deps.waitForEnd(
        provider,
        handle,
        (update) => {
          const current = ledger.getImage(job.id);
          if (!current || !isAtProvider(current.state)) return;
          if (update.state === "running" && current.state === "queued") void ledger.transitionImage(job.id, "running").catch(() => undefined);
          if (update.state === "running" && update.progress !== undefined) void ledger.updateImage(job.id, { progress: update.progress }, { persist: false }).catch(() => undefined);
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) return;
      await ledger.flushed();
      await ledger.transitionImage(job.id, "failed", { failure: { ...failureFrom("track", error, "unknown", clock.now()), retryable: true } });
      return;
    }
    await ledger.flushed();
    if (status.state === "succeeded") {
      await ledger.transitionImage(job.id, "succeeded", { outputs: status.images, progress: 1, ...(status.seed !== undefined ? { seed: status.seed } : {}) });
    } else if (status.state === "failed") {
      const f = status.failure;
      await ledger.transitionImage(job.id, "failed", { failure: failure("track", f.kind, f.message, f.retryable, f.charged, clock.now(), f.code) });
    } else if (status.state === "cancelled") {
      await ledger.transitionImage(job.id, "cancelled");
    }
  }

  /** Every still not yet on disk, recorded one by one so a resumed download fetches only the rest. */
  private async downloadAll(job: ImageJobRecord, provider: ImageProvider, signal?: AbortSignal): Promise<Partial<ImageJobRecord>> {
    const { ledger } = this.deps;
    const outputs = job.outputs ?? [];
    if (outputs.length === 0) throw new Error("The provider reported no stills for this job.");
    const files: StillFile[] = [...(job.files ?? [])];
    const known: ImageJobStatus = { state: "succeeded", images: outputs };
    for (const [index, output] of outputs.entries()) {
      if (files[index]) continue;
      let path: string;
      if (output.path) path = output.path;
      else {
        const source: ImageDownloadSource = await provider.download(job.handle as JobHandle, index, { status: known, ...(signal ? { signal } : {}) });
        if (source.kind === "bytes") path = await this.deps.saveStill(job, index, source.image, signal);
        else {
          const refresh = async () => {
            const fresh = await provider.download(job.handle as JobHandle, index, signal ? { signal } : {});
            if (fresh.kind !== "url") throw new Error("The provider no longer offers a URL for this still.");
            return fresh.descriptor;
          };
          path = await this.deps.fetchStill(job, index, source.descriptor, refresh, signal);
        }
      }
      files[index] = { path };
      await ledger.updateImage(job.id, { files: [...files] });
    }
    return { files };
  }

  private async embedAll(job: ImageJobRecord): Promise<Partial<ImageJobRecord>> {
    const files: StillFile[] = [...(job.files ?? [])];
    for (const [index, file] of files.entries()) {
      if (!file || file.embedded) continue;
      const { sha256 } = await this.deps.embed(job, index, file.path);
      files[index] = { path: file.path, sha256, embedded: true };
      await this.deps.ledger.updateImage(job.id, { files: [...files] });
    }
    return { files };
  }

  private async step(job: ImageJobRecord, step: JobStep, to: JobState, work: () => Promise<Partial<ImageJobRecord>>): Promise<void> {
    let patch: Partial<ImageJobRecord>;
    try {
      patch = await work();
    } catch (error) {
      // Past the provider the money is spent; the step can be run again from the ledger.
      await this.fail(this.deps.ledger.requireImage(job.id), { ...failureFrom(step, error, true, this.deps.clock.now()), retryable: true });
      return;
    }
    await this.deps.ledger.transitionImage(job.id, to, patch);
  }

  private async fail(job: ImageJobRecord, record: JobFailureRecord): Promise<ImageJobRecord> {
    return this.deps.ledger.transitionImage(job.id, "failed", { failure: record });
  }
}
