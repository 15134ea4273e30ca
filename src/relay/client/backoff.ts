import type { BackoffPolicy } from "../../core/backoff";

export { backoffDelay, type BackoffPolicy } from "../../core/backoff";

/** The panel's reconnects to the relay: from half a second, doubling, up to 30 s, with jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 };
