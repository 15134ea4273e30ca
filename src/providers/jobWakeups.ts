import type { ProviderId } from "../core/request";

/**
 * Connects relay events to polling: a webhook says "job X changed", and the poller waiting on X
 * reads its status at once instead of at the end of its interval. The event itself is never
 * trusted as the status. Satisfies the relay client's JobStatusChecker.
 */
export class JobWakeups {
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Events for jobs nobody is waiting on yet (a fast provider can beat the poller). */
  private readonly early = new Set<string>();

  checkNow(provider: ProviderId, providerJobId: string): void {
    const key = `${provider}:${providerJobId}`;
    const waiters = this.waiting.get(key);
    if (!waiters || waiters.size === 0) {
      this.early.add(key);
      return;
    }
    this.waiting.delete(key);
    waiters.forEach((wake) => wake());
  }

  /** A `wake` for pollUntilTerminal: resolves on the next event for this job. */
  wakeFor(provider: ProviderId, providerJobId: string): () => Promise<void> {
    const key = `${provider}:${providerJobId}`;
    return () =>
      new Promise<void>((resolve) => {
        if (this.early.delete(key)) {
          resolve();
          return;
        }
        const waiters = this.waiting.get(key) ?? new Set<() => void>();
        waiters.add(resolve);
        this.waiting.set(key, waiters);
      });
  }
}
