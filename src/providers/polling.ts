import { ProviderError } from "../core/errors";
import type { Clock } from "../core/seams/clock";
import type { CallOptions, JobHandle, JobStatus, PollPolicy } from "../core/videoProvider";

/** What polling needs of an adapter: video and image routes both fit (their statuses differ only in the result). */
export interface PollableProvider<S extends { state: string }> {
  readonly id: string;
  readonly displayName: string;
  readonly pollPolicy: PollPolicy;
  status(handle: JobHandle, options?: CallOptions): Promise<S>;
}

function terminal(status: { state: string }): boolean {
  return status.state === "succeeded" || status.state === "failed" || status.state === "cancelled";
}

export interface PollOptions<S extends { state: string } = JobStatus> {
  clock: Clock;
  /** Time a job may spend running (not queued) before we stop waiting for it. Default 20 min. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onStatus?: (status: S) => void;
  /**
   * Resolves when something (a relay event) says the job changed, so the next status read
   * happens at once instead of at the end of the interval.
   */
  wake?: () => Promise<void>;
  /** Consecutive failed status reads tolerated before giving up. Default 5. */
  maxConsecutiveErrors?: number;
  /** Overrides the provider's pacing (fast fakes, tests). */
  policy?: Partial<PollPolicy>;
}

/** The next wait: grows while queued, resets to the running interval once the job runs. */
export function nextPollDelay(policy: PollPolicy, status: { state: string } | undefined, previousMs: number): number {
  if (status?.state === "running") return policy.runningIntervalMs;
  if (previousMs <= 0) return policy.queuedIntervalMs;
  return Math.min(policy.maxQueuedIntervalMs, Math.round(previousMs * policy.backoff));
}

/**
 * Sleeps, or returns early when `wake` fires. The losing sleep is cancelled, so no timer outlives
 * the poll (a pending timer keeps a CLI process alive).
 */
async function pause(clock: Clock, ms: number, signal: AbortSignal | undefined, wake: (() => Promise<void>) | undefined): Promise<void> {
  if (!wake) return clock.sleep(ms, signal);
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener("abort", forward, { once: true });
  const sleep = clock.sleep(ms, controller.signal).catch((error: unknown) => {
    if (signal?.aborted) throw error;
  });
  try {
    await Promise.race([sleep, wake()]);
  } finally {
    controller.abort();
    signal?.removeEventListener("abort", forward);
  }
  if (signal?.aborted) throw signal.reason;
}

/**
 * Reads a job's status until it ends. Transient read failures are retried; a job that stays
 * queued is waited for without limit (queue time is the provider's, not ours), while running time
 * is bounded by `timeoutMs`. The handle stays valid after a timeout: the job can be re-tracked.
 */
export async function pollUntilTerminal<S extends { state: string } = JobStatus>(provider: PollableProvider<S>, handle: JobHandle, options: PollOptions<S>): Promise<S> {
  const policy: PollPolicy = { ...provider.pollPolicy, ...options.policy };
  const timeoutMs = options.timeoutMs ?? 20 * 60_000;
  const maxErrors = options.maxConsecutiveErrors ?? 5;
  const clock = options.clock;
  let runningMs = 0;
  let errors = 0;
  let delay = 0;
  let last: S | undefined;

  await pause(clock, policy.initialDelayMs, options.signal, options.wake);
  for (;;) {
    const readAt = clock.now();
    try {
      last = await provider.status(handle, { signal: options.signal });
      errors = 0;
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable || ++errors >= maxErrors) throw error;
      delay = Math.max(nextPollDelay(policy, last, delay), error.retryAfterMs ?? 0);
      await clock.sleep(delay, options.signal);
      continue;
    }
    options.onStatus?.(last);
    if (terminal(last)) return last;
    delay = nextPollDelay(policy, last, delay);
    await pause(clock, delay, options.signal, options.wake);
    if (last.state === "running") runningMs += clock.now() - readAt;
    if (runningMs > timeoutMs) {
      throw new ProviderError(
        "server",
        `${provider.displayName}: job ${handle.id} is still running after ${Math.round(runningMs / 60_000)} min. It is kept and can be tracked again.`,
        { provider: provider.id, code: "poll_timeout", retryable: true, charged: "unknown" },
      );
    }
  }
}
