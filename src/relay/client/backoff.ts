export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 };

/**
 * Delay before reconnect attempt `failures` (1 = first retry), with "equal jitter": between half
 * and all of the exponential step, so a relay restart does not see every panel return at once.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, failures - 1));
  return step / 2 + (step / 2) * random();
}
