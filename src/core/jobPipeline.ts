import { jobReadiness, unresolvedInputs, type InputResolvers, type Readiness } from "./deferredInputs";
import { ProviderError, describeError } from "./errors";
import type { FrameOrigin } from "./frameInputs";
import { failure, failureFrom } from "./jobFailure";
import { isAtProvider, STEP_ENTRY, type JobFailureRecord, type JobRecord, type JobState, type JobStep } from "./jobRecord";
import type { Ledger } from "./ledger";
import type { ResolvedRequest, ProviderId } from "./request";
import type { Clock } from "./seams/clock";
import type { DownloadDescriptor, JobHandle, JobStatus, VideoProvider } from "./videoProvider";

/** What the pipeline needs from the outside world; each face (panel, CLI) passes its own. */
export interface PipelineDeps {
  ledger: Ledger;
  clock: Clock;
  provider(id: ProviderId): VideoProvider | undefined;
  /** The stored request with its image bytes loaded back. */
  loadRequest(job: JobRecord): Promise<ResolvedRequest>;
  /** Where the provider should push status for this job, when a relay is connected. */
  webhookUrl?(job: JobRecord, provider: VideoProvider): Promise<string | undefined>;
  /** Called once a job has a provider id, so a relay can route its webhooks. */
  onSubmitted?(job: JobRecord): Promise<void>;
  /** Waits until the provider's job ends, reporting each status (polling, woken by relay events). */
  waitForEnd(provider: VideoProvider, handle: JobHandle, onStatus: (status: JobStatus) => void, signal?: AbortSignal): Promise<JobStatus>;
  download(job: JobRecord, descriptor: DownloadDescriptor, refresh: () => Promise<DownloadDescriptor>, signal?: AbortSignal): Promise<string>;
  embed(job: JobRecord, file: string): Promise<void>;
  /** Panel only: import into the bin and write the columns; returns the project item id. */
  importClip?(job: JobRecord): Promise<string>;
  /** Panel only: lay the clip on the timeline. */
  place?(job: JobRecord): Promise<void>;
  /** Resolvers of inputs known only just before submit, by name (deferredInputs.ts). */
  inputResolvers?: InputResolvers;
}

/** A submit the provider refused before creating anything; the scheduler may try again later. */
export class SubmitDeferred extends Error {
  override readonly name = "SubmitDeferred";
  constructor(override readonly cause: ProviderError) {
    super(cause.message);
  }
}

/**
 * Drives one job from wherever the ledger says it is to `goal` (`ready` for the CLI, `imported` or
 * `placed` for the panel). It never repeats a paid step: a job found in `submitting` after a crash
 * is reconciled with the provider, never blindly sent again.
 */
export class JobPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async advance(jobId: string, goal: JobState, signal?: AbortSignal): Promise<JobRecord> {
    const { ledger } = this.deps;
    for (;;) {
      if (signal?.aborted) return ledger.require(jobId);
      const job = ledger.require(jobId);
      if (job.state === "failed" || job.state === "cancelled" || reached(job.state, goal)) return job;
      const provider = this.deps.provider(job.request.provider);
      if (!provider) {
        return this.fail(job, failure("submit", "invalid-request", `The ${job.request.provider} provider is not available; enable it in Settings.`, false, job.handle ? "unknown" : false, this.deps.clock.now()));
      }
      switch (job.state) {
        case "planned":
          if (unresolvedInputs(job).length > 0) {
            const readiness = this.readiness(job);
            // Not yet: the scheduler starts it again once what it waits for is ready.
            if (readiness.state === "waiting") return job;
            if (readiness.state === "blocked") return this.block(job, readiness.reason);
            await this.resolveInputs(job, signal);
            break;
          }
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
          await this.deps.ledger.transition(job.id, "downloading");
          break;
        case "downloading":
          await this.download(job, provider, signal);
          break;
        case "downloaded":
          await this.deps.ledger.transition(job.id, "embedding");
          break;
        case "embedding":
          await this.step(job, "embed", "ready", async () => {
            await this.deps.embed(job, job.file as string);
            return {};
          });
          break;
        case "ready":
          if (!this.deps.importClip) return job;
          await this.deps.ledger.transition(job.id, "importing");
          break;
        case "importing":
          await this.step(job, "import", "imported", async () => ({ clipId: await this.deps.importClip!(job) }));
          break;
        case "imported":
          if (!this.deps.place) return job;
          await this.deps.ledger.transition(job.id, "placing");
          break;
        case "placing":
          await this.step(job, "place", "placed", async () => {
            await this.deps.place!(job);
            return {};
          });
          break;
        default:
          return job;
      }
    }
  }

  /** Whether a planned job's deferred inputs (a continuity frame, an image step's still) can be resolved now. */
  readiness(job: JobRecord): Readiness {
    return jobReadiness(job, this.deps.ledger, this.deps.inputResolvers);
  }

  /** Fails a job whose input can never be resolved: nothing was sent, nothing spent. */
  async block(job: JobRecord, reason: string): Promise<JobRecord> {
    return this.fail(job, failure("submit", "blocked", reason, true, false, this.deps.clock.now()));
  }

  /** Resolves every deferred input and records the images on the request, before the submit. */
  private async resolveInputs(job: JobRecord, signal?: AbortSignal): Promise<void> {
    const { ledger, clock } = this.deps;
    const request = { ...job.request };
    const deferred = [...(job.deferred ?? [])];
    let origin: FrameOrigin | undefined = job.frameOrigin;
    for (const [index, input] of deferred.entries()) {
      if (input.resolvedAt) continue;
      const resolver = this.deps.inputResolvers?.[input.resolver];
      if (!resolver) return void (await this.block(job, `No "${input.resolver}" step is available to make this shot's ${input.field === "firstFrame" ? "first" : "last"} frame.`));
      try {
        const resolved = await resolver.resolve(job, input, { ledger, ...(signal ? { signal } : {}) });
        request[input.field] = resolved.image;
        deferred[index] = { ...input, resolvedAt: new Date(clock.now()).toISOString() };
        if (resolved.origin) origin = { action: origin?.action ?? input.resolver, ...origin, [input.field === "firstFrame" ? "first" : "last"]: resolved.origin };
      } catch (error) {
        if (signal?.aborted) return;
        const what = input.field === "firstFrame" ? "first" : "last";
        await this.fail(job, failure("submit", "media", `This shot's ${what} frame could not be made: ${describeError(error)}. Nothing was sent.`, true, false, clock.now()));
        return;
      }
    }
    await ledger.update(job.id, { request, deferred, ...(origin ? { frameOrigin: origin } : {}) });
  }

  /** Starts a failed step again, when that can help. A provider-side failure needs a new job instead. */
  async resumeStep(jobId: string): Promise<JobRecord> {
    const job = this.deps.ledger.require(jobId);
    if (job.state !== "failed" || !job.failure) throw new Error(`Job ${jobId} has not failed.`);
    if (!job.failure.retryable) throw new Error(`Job ${jobId} failed in a way a retry cannot fix: ${job.failure.message}`);
    if (job.failure.step === "submit" && job.handle) throw new Error(`Job ${jobId} reached the provider; retrying means a new job.`);
    const entry: JobState = job.failure.step === "track" && !job.handle ? "planned" : STEP_ENTRY[job.failure.step];
    return this.deps.ledger.transition(jobId, entry);
  }

  private async submit(job: JobRecord, provider: VideoProvider, signal?: AbortSignal): Promise<void> {
    const { ledger, clock } = this.deps;
    const request = await this.deps.loadRequest(job);
    const webhookUrl = provider.webhook?.delivery === "per-job" ? await this.deps.webhookUrl?.(job, provider) : undefined;
    // Recorded before the request leaves: a crash from here on is reconciled, never resubmitted blind.
    await ledger.transition(job.id, "submitting");
    try {
      const { handle } = await provider.submit(request, { ...(webhookUrl ? { webhookUrl } : {}), ...(signal ? { signal } : {}) });
      const submitted = await ledger.transition(job.id, "queued", { handle });
      await this.deps.onSubmitted?.(submitted).catch(() => undefined);
    } catch (error) {
      if (error instanceof ProviderError && (error.notReceived || error.kind === "aborted")) {
        await ledger.transition(job.id, "planned");
        if (error.retryable || error.kind === "aborted") throw new SubmitDeferred(error);
        await ledger.transition(job.id, "failed", { failure: failureFrom("submit", error, false, clock.now()) });
        return;
      }
      if (error instanceof ProviderError && !error.retryable && error.status !== undefined && error.status < 500 && error.status !== 408) {
        // A definite refusal (bad request, policy, auth): nothing was created.
        await ledger.transition(job.id, "failed", { failure: failureFrom("submit", error, false, clock.now()) });
        return;
      }
      // The provider may have created the job: ask it rather than guess.
      await this.reconcile(ledger.require(job.id), provider, signal, error);
    }
  }

  private async reconcile(job: JobRecord, provider: VideoProvider, signal?: AbortSignal, cause?: unknown): Promise<void> {
    const { ledger, clock } = this.deps;
    let found: JobHandle | undefined | null = null;
    try {
      found = await provider.findByIdempotencyKey(await this.deps.loadRequest(job), signal ? { signal } : {});
    } catch {
      found = null;
    }
    if (found) {
      const submitted = await ledger.transition(job.id, "queued", { handle: found });
      await this.deps.onSubmitted?.(submitted).catch(() => undefined);
    } else if (found === undefined) {
      await ledger.transition(job.id, "planned");
      if (cause instanceof ProviderError) throw new SubmitDeferred(cause);
    } else {
      const why = cause ? ` (${describeError(cause)})` : "";
      await ledger.transition(job.id, "failed", {
        failure: failure(
          "submit",
          "unknown-submit",
          `The submit of this shot was interrupted${why} and ${provider.displayName} cannot say whether it received it. Check the provider's dashboard before retrying: a retry may be charged a second time.`,
          false,
          "unknown",
          clock.now(),
        ),
      });
    }
  }

  private async track(job: JobRecord, provider: VideoProvider, signal?: AbortSignal): Promise<void> {
    const { ledger, clock } = this.deps;
    const handle = job.handle;
    if (!handle) {
      await ledger.transition(job.id, "failed", { failure: failure("track", "server", "This job has no provider handle to track.", false, "unknown", clock.now()) });
      return;
    }
    let status: JobStatus;
    try {
      status = await this.deps.waitForEnd(
        provider,
        handle,
        (update) => {
          const current = ledger.get(job.id);
          if (!current || !isAtProvider(current.state)) return;
          if (update.state === "running" && current.state === "queued") void ledger.transition(job.id, "running").catch(() => undefined);
          if (update.state === "running" && update.progress !== undefined) void ledger.update(job.id, { progress: update.progress }, { persist: false }).catch(() => undefined);
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) return;
      await ledger.flushed();
      await ledger.transition(job.id, "failed", { failure: { ...failureFrom("track", error, "unknown", clock.now()), retryable: true } });
      return;
    }
    await ledger.flushed();
    if (status.state === "succeeded") {
      await ledger.transition(job.id, "succeeded", {
        outputs: status.videos,
        progress: 1,
        ...(status.seed !== undefined ? { seed: status.seed } : {}),
      });
    } else if (status.state === "failed") {
      const f = status.failure;
      await ledger.transition(job.id, "failed", { failure: failure("track", f.kind, f.message, f.retryable, f.charged, clock.now(), f.code) });
    } else if (status.state === "cancelled") {
      await ledger.transition(job.id, "cancelled");
    }
  }

  private async download(job: JobRecord, provider: VideoProvider, signal?: AbortSignal): Promise<void> {
    const handle = job.handle as JobHandle;
    await this.step(job, "download", "downloaded", async () => {
      // The status that ended tracking is in the ledger: no second read unless its URL has gone stale.
      const known: JobStatus | undefined = job.outputs?.length ? { state: "succeeded", videos: job.outputs } : undefined;
      const descriptor = await provider.download(handle, 0, { ...(signal ? { signal } : {}), ...(known ? { status: known } : {}) });
      const file = await this.deps.download(job, descriptor, () => provider.download(handle, 0, signal ? { signal } : {}), signal);
      return { file };
    });
  }

  private async step(job: JobRecord, step: JobStep, to: JobState, work: () => Promise<Partial<JobRecord>>): Promise<void> {
    let patch: Partial<JobRecord>;
    try {
      patch = await work();
    } catch (error) {
      // Past the provider the money is spent; the step can be run again from the ledger.
      await this.fail(job, { ...failureFrom(step, error, true, this.deps.clock.now()), retryable: true });
      return;
    }
    await this.deps.ledger.transition(job.id, to, patch);
  }

  private async fail(job: JobRecord, record: JobFailureRecord): Promise<JobRecord> {
    return this.deps.ledger.transition(job.id, "failed", { failure: record });
  }
}

const ORDER: JobState[] = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready", "importing", "imported", "placing", "placed"];

function reached(state: JobState, goal: JobState): boolean {
  return ORDER.indexOf(state) >= ORDER.indexOf(goal);
}
