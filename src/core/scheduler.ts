import { ProviderError } from "./errors";
import { isAtProvider, isCommitted, type JobRecord, type JobState } from "./jobRecord";
import { InputGate } from "./inputGate";
import { SubmitDeferred, type JobPipeline } from "./jobPipeline";
import type { Ledger } from "./ledger";
import { roundUsd } from "./pricing";
import { createIdempotencyKey, type ProviderId } from "./request";
import type { Clock } from "./seams/clock";

export interface ProviderLimit {
  /** Jobs held at the provider at once, from submit to end. */
  concurrency: number;
  /** Submits per minute; unlimited when absent. */
  submitsPerMinute?: number;
}

/**
 * Documented or observed starting points. fal: 2 concurrent for a new account; Kling: set by the
 * resource pack (3 is the smallest we have seen); Replicate: 600 creates per minute.
 */
export const DEFAULT_LIMITS: Record<ProviderId, ProviderLimit> = {
  simulator: { concurrency: 8 },
  fal: { concurrency: 2 },
  kling: { concurrency: 3 },
  dashscope: { concurrency: 2 },
  replicate: { concurrency: 4, submitsPerMinute: 600 },
  gemini: { concurrency: 2, submitsPerMinute: 10 },
  openai: { concurrency: 2, submitsPerMinute: 25 },
};

export type SchedulerEvent =
  | { type: "throttled"; provider: ProviderId; untilMs: number; concurrency: number; reason: string }
  | { type: "retrying"; jobId: string; newJobId: string; reason: string }
  /** `reservedUsd`: spent or possibly spent so far, plus the estimates of jobs not yet sent. */
  | { type: "budget-paused"; jobId: string; neededUsd: number; approvedUsd: number; reservedUsd: number }
  | { type: "gave-up"; jobId: string; reason: string };

/** Refusals (429, nothing created) of one submit before the job is reported as failed. */
const MAX_DEFERRALS = 25;

export interface SchedulerOptions {
  goal: JobState;
  limits?: Partial<Record<ProviderId, Partial<ProviderLimit>>>;
  /** New submits after a provider-side failure that might pass next time. Default 2. */
  maxRetries?: number;
  /** Automatic re-runs of a download, embed or import step. Default 3. */
  maxStepRetries?: number;
  retryBackoffMs?: number;
  /** The money the user approved for this run; a retry beyond it pauses and asks. */
  approvedUsd?: number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface RunSummary {
  done: string[];
  failed: string[];
  cancelled: string[];
  committedUsd: number;
}

interface ProviderState {
  limit: ProviderLimit;
  /** Lowered by throttling, raised back after successful submits. */
  effective: number;
  pausedUntil: number;
  lastSubmitAt: number;
  streak: number;
}

/**
 * Runs a plan's jobs with a concurrency limit and submit rate per provider, in shot order, so the
 * timeline fills from the start. A provider that throttles is slowed alone. Transient failures are
 * retried; refusals are reported. Every state lives in the ledger, so a run can stop at any point
 * and resume without buying anything twice.
 */
export class Scheduler {
  private readonly providers = new Map<ProviderId, ProviderState>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly stepRetries = new Map<string, number>();
  private readonly deferrals = new Map<string, number>();
  /** Jobs whose inputs are resolved just before submit wait here for their source (a continuity frame). */
  private readonly gate: InputGate;
  private stopping = false;
  private budgetPaused = false;
  private approvedUsd: number | undefined;
  private budgetWaiter: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private recheckPending = false;

  constructor(
    private readonly pipeline: JobPipeline,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions,
  ) {
    this.approvedUsd = options.approvedUsd;
    this.gate = new InputGate(pipeline, ledger, (id) => this.active.has(id), () => this.wake?.());
  }

  /** Stops submitting. Jobs already at a provider are followed to their end: they are paid for. */
  stop(): void {
    this.stopping = true;
    this.budgetWaiter?.();
    this.wake?.();
  }

  /** Looks again at the jobs waiting for their inputs (something outside the scheduler changed, e.g. a take's QA). */
  recheck(): void {
    if (this.wake) this.wake();
    // Between two waits: the next wait returns at once, so the change is not missed.
    else this.recheckPending = true;
  }

  /** Raises the run's budget after a budget pause. */
  approveMore(usd: number): void {
    this.approvedUsd = roundUsd((this.approvedUsd ?? 0) + usd);
    this.budgetWaiter?.();
    this.budgetWaiter = undefined;
  }

  async run(jobIds: string[], signal?: AbortSignal): Promise<RunSummary> {
    const queue = [...jobIds];
    signal?.addEventListener("abort", () => this.stop(), { once: true });
    // A job that leaves the provider (done, failed) frees its slot before its download ends.
    const unsubscribe = this.ledger.subscribe((job) => {
      if (this.active.has(job.id) && !isAtProvider(job.state) && job.state !== "planned") this.wake?.();
    });
    // A job waiting on an image job (an image step) starts when that job, run by its own pipeline, is ready.
    const unsubscribeImages = this.ledger.subscribeImages(() => this.wake?.());
    try {
      for (;;) {
        this.startWhatCan(queue, signal);
        // Nothing runs and nothing else can start: jobs still waiting for another shot never will.
        if (this.active.size === 0 && !this.stopping && !signal?.aborted) await this.gate.blockStranded(queue);
        if (this.active.size === 0 && (this.stopping || !queue.some((id) => this.waiting(id)))) break;
        await this.nextEvent(queue);
      }
    } finally {
      unsubscribe();
      unsubscribeImages();
    }
    return this.summary(jobIds.concat(queue.filter((id) => !jobIds.includes(id))));
  }

  private waiting(id: string): boolean {
    const job = this.ledger.get(id);
    return !!job && job.state !== "failed" && job.state !== "cancelled" && !this.reached(job.state);
  }

  private reached(state: JobState): boolean {
    const order = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready", "importing", "imported", "placing", "placed"];
    return order.indexOf(state) >= order.indexOf(this.options.goal);
  }

  private providerState(id: ProviderId): ProviderState {
    let state = this.providers.get(id);
    if (!state) {
      const limit = { ...DEFAULT_LIMITS[id], ...this.options.limits?.[id] };
      state = { limit, effective: limit.concurrency, pausedUntil: 0, lastSubmitAt: -Infinity, streak: 0 };
      this.providers.set(id, state);
    }
    return state;
  }

  private heldAt(provider: ProviderId): number {
    let held = 0;
    for (const id of this.active.keys()) {
      const job = this.ledger.get(id);
      if (job && job.request.provider === provider && (isAtProvider(job.state) || job.state === "planned")) held++;
    }
    return held;
  }

  /** Starts every job that can go now, lowest shot order first. */
  private startWhatCan(queue: string[], signal?: AbortSignal): void {
    // Aborted: stop following jobs too (they stay in the ledger, to be resumed later).
    if (signal?.aborted) return;
    const jobs = queue
      .map((id) => this.ledger.get(id))
      .filter((job): job is JobRecord => !!job && !this.active.has(job.id) && this.waiting(job.id))
      .sort((a, b) => a.shot.order - b.shot.order || a.shot.take - b.shot.take || a.attempt - b.attempt);
    const now = this.clock.now();
    for (const job of jobs) {
      if (job.state !== "planned") {
        // Already at the provider or past it (a resumed run): follow it; it holds its slot already.
        this.launch(job.id, queue, signal);
        continue;
      }
      if (this.stopping || this.budgetPaused) continue;
      if (!this.gate.ready(job)) continue;
      const provider = this.providerState(job.request.provider);
      if (now < provider.pausedUntil || this.heldAt(job.request.provider) >= provider.effective) continue;
      const spacing = provider.limit.submitsPerMinute ? 60_000 / provider.limit.submitsPerMinute : 0;
      if (now - provider.lastSubmitAt < spacing) continue;
      provider.lastSubmitAt = now;
      this.launch(job.id, queue, signal);
    }
  }

  private launch(id: string, queue: string[], signal?: AbortSignal): void {
    const task = this.pipeline
      .advance(id, this.options.goal, signal)
      .then((job) => this.afterAdvance(job, queue))
      .catch((error: unknown) => this.afterError(id, error))
      .finally(() => {
        this.active.delete(id);
        this.wake?.();
      });
    this.active.set(id, task);
  }

  private async afterAdvance(job: JobRecord, queue: string[]): Promise<void> {
    const provider = this.providerState(job.request.provider);
    if (job.handle && job.attempt >= 1) {
      provider.streak++;
      if (provider.streak >= 3 && provider.effective < provider.limit.concurrency) {
        provider.effective++;
        provider.streak = 0;
      }
    }
    if (job.state !== "failed" || !job.failure) return;
    const failure = job.failure;
    if (failure.step !== "submit" && failure.step !== "track" && failure.retryable) {
      const tries = (this.stepRetries.get(job.id) ?? 0) + 1;
      this.stepRetries.set(job.id, tries);
      if (tries <= (this.options.maxStepRetries ?? 3)) {
        await this.clock.sleep((this.options.retryBackoffMs ?? 2000) * tries);
        await this.pipeline.resumeStep(job.id);
        return;
      }
    }
    if (failure.step === "track" && failure.retryable && job.handle && failure.kind !== "content-policy") {
      // Tracking itself broke (timeouts, network): the job may still finish; follow it again.
      if (failure.kind === "network" || failure.code === "poll_timeout") {
        const tries = (this.stepRetries.get(job.id) ?? 0) + 1;
        this.stepRetries.set(job.id, tries);
        if (tries <= (this.options.maxStepRetries ?? 3)) {
          await this.pipeline.resumeStep(job.id);
          return;
        }
      }
      await this.retryAsNewJob(job, queue);
    }
  }

  /** A provider-side failure that might pass next time: a new job, a new submit, within budget. */
  private async retryAsNewJob(job: JobRecord, queue: string[]): Promise<void> {
    const retries = job.attempt - 1;
    if (this.stopping || retries >= (this.options.maxRetries ?? 2)) {
      this.options.onEvent?.({ type: "gave-up", jobId: job.id, reason: job.failure?.message ?? "failed" });
      return;
    }
    const needed = Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0;
    while (this.approvedUsd !== undefined && this.reservedUsd(queue) + needed > this.approvedUsd + 1e-9) {
      // The whole run waits: the user decides whether the extra money is worth it.
      this.budgetPaused = true;
      this.options.onEvent?.({ type: "budget-paused", jobId: job.id, neededUsd: needed, approvedUsd: this.approvedUsd, reservedUsd: this.reservedUsd(queue) });
      await new Promise<void>((resolve) => (this.budgetWaiter = resolve));
      this.budgetPaused = false;
      if (this.stopping) return;
    }
    await this.clock.sleep((this.options.retryBackoffMs ?? 2000) * job.attempt);
    const key = createIdempotencyKey();
    const now = new Date(this.clock.now()).toISOString();
    const retry: JobRecord = {
      id: key,
      ...(job.runId ? { runId: job.runId } : {}),
      shot: job.shot,
      request: { ...job.request, idempotencyKey: key },
      estimate: job.estimate,
      state: "planned",
      retryOf: job.id,
      attempt: job.attempt + 1,
      createdAt: now,
      updatedAt: now,
      history: [{ state: "planned", at: now }],
      ...(job.extra ? { extra: job.extra } : {}),
      // A continuity frame already resolved is in the request; one not yet resolved still waits.
      ...(job.deferred ? { deferred: job.deferred } : {}),
      ...(job.frameOrigin ? { frameOrigin: job.frameOrigin } : {}),
    };
    await this.ledger.add([retry]);
    queue.push(retry.id);
    this.options.onEvent?.({ type: "retrying", jobId: job.id, newJobId: retry.id, reason: job.failure?.message ?? "failed" });
  }

  private afterError(id: string, error: unknown): void {
    const job = this.ledger.get(id);
    if (!job) return;
    const provider = this.providerState(job.request.provider);
    if (error instanceof SubmitDeferred) {
      const cause = error.cause;
      const deferred = (this.deferrals.get(id) ?? 0) + 1;
      this.deferrals.set(id, deferred);
      if (deferred > MAX_DEFERRALS) {
        void this.ledger
          .transition(id, "failed", {
            failure: { step: "submit", kind: cause.kind, message: `${cause.message} (refused ${deferred} times; try again later)`, retryable: true, charged: false, at: new Date(this.clock.now()).toISOString() },
          })
          .catch(() => undefined);
        return;
      }
      const wait = cause.retryAfterMs ?? Math.min(60_000, 2000 * 2 ** Math.max(0, provider.limit.concurrency - provider.effective));
      provider.pausedUntil = this.clock.now() + wait;
      provider.streak = 0;
      if (cause.kind === "quota") provider.effective = Math.max(1, provider.effective - 1);
      this.options.onEvent?.({ type: "throttled", provider: job.request.provider, untilMs: provider.pausedUntil, concurrency: provider.effective, reason: cause.message });
      return;
    }
    // Anything else is a bug or a broken seam: record it on the job so the run can finish.
    void this.ledger
      .transition(id, "failed", {
        failure: {
          step: "submit",
          kind: error instanceof ProviderError ? error.kind : "server",
          message: error instanceof Error ? error.message : String(error),
          retryable: false,
          charged: "unknown",
          at: new Date(this.clock.now()).toISOString(),
        },
      })
      .catch(() => undefined);
  }

  private reservedUsd(ids: string[]): number {
    let total = this.committedUsd(ids);
    for (const id of ids) {
      const job = this.ledger.get(id);
      if (job?.state === "planned" && Number.isFinite(job.estimate.usd)) total += job.estimate.usd;
    }
    return roundUsd(total);
  }

  private committedUsd(ids: string[]): number {
    let total = 0;
    for (const id of ids) {
      const job = this.ledger.get(id);
      if (job && isCommitted(job) && Number.isFinite(job.estimate.usd)) total += job.estimate.usd;
    }
    return roundUsd(total);
  }

  /** Waits for a job to settle, or for the earliest paused provider to resume. */
  private nextEvent(queue: string[]): Promise<void> {
    if (this.recheckPending) {
      this.recheckPending = false;
      return Promise.resolve();
    }
    const now = this.clock.now();
    const pauses = [...this.providers.values()].map((p) => p.pausedUntil).filter((t) => t > now);
    const spacingWaits = [...this.providers.values()]
      .filter((p) => p.limit.submitsPerMinute)
      .map((p) => p.lastSubmitAt + 60_000 / (p.limit.submitsPerMinute as number))
      .filter((t) => t > now);
    const hasPlanned = queue.some((id) => this.ledger.get(id)?.state === "planned");
    const until = hasPlanned ? Math.min(...pauses, ...spacingWaits) : Infinity;
    return new Promise<void>((resolve) => {
      const controller = new AbortController();
      const done = () => {
        controller.abort();
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (Number.isFinite(until)) void this.clock.sleep(until - now, controller.signal).then(done, () => undefined);
    });
  }

  /** One line per take: a job replaced by its retry counts through the retry. */
  private summary(ids: string[]): RunSummary {
    const result: RunSummary = { done: [], failed: [], cancelled: [], committedUsd: this.committedUsd(ids) };
    const retried = new Set(ids.map((id) => this.ledger.get(id)?.retryOf).filter((id): id is string => !!id));
    for (const id of ids) {
      const job = this.ledger.get(id);
      if (!job || retried.has(id)) continue;
      if (job.state === "failed") result.failed.push(id);
      else if (job.state === "cancelled") result.cancelled.push(id);
      else if (this.reached(job.state)) result.done.push(id);
    }
    return result;
  }
}
