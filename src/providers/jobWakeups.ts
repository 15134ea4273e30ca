import type { ProviderId } from "../core/request";

/**
 * Connects relay events to polling: a webhook says "job X changed", and the poller waiting on X
 * reads its status at once instead of at the end of its interval. The event itself is never
 * trusted as the status. Satisfies the relay client's JobStatusChecker.
 */
export class JobWakeups {
  /** One pending wake per job, shared by every wait on it, so repeated polls add nothing. */
  private readonly waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  /** Events for jobs nobody is waiting on yet (a fast provider can beat the poller). */
  private readonly early = new Set<string>();

  checkNow(provider: ProviderId, providerJobId: string): void {
    const key = `${provider}:${providerJobId}`;
    const waiter = this.waiting.get(key);
    if (!waiter) {
      this.early.add(key);
      return;
    }
    this.waiting.delete(key);
    waiter.resolve();
  }

  /** A `wake` for pollUntilTerminal: resolves on the next event for this job. */
  wakeFor(provider: ProviderId, providerJobId: string): () => Promise<void> {
    const key = `${provider}:${providerJobId}`;
    return () => {
      if (this.early.delete(key)) return Promise.resolve();
      let waiter = this.waiting.get(key);
      if (!waiter) {
        let resolve!: () => void;
        const promise = new Promise<void>((done) => (resolve = done));
        waiter = { promise, resolve };
        this.waiting.set(key, waiter);
      }
      return waiter.promise;
    };
  }
}
