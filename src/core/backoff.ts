/**
 * The one backoff formula for every retry in Shotbin (provider calls, downloads, the relay
 * connection): an exponential step from `initialDelayMs`, times `factor` per failure, capped at
 * `maxDelayMs`. With a random source it takes "equal jitter" (between half and all of the step),
 * so many clients retrying together spread out.
 */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Growth per failure; 2 when absent. */
  factor?: number;
}

/** Delay before retry `failures` (1 = the first retry). */
export function backoffDelay(policy: BackoffPolicy, failures: number, random?: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * (policy.factor ?? 2) ** Math.max(0, failures - 1));
  return random ? step / 2 + (step / 2) * random() : step;
}
