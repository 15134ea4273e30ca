/**
 * Requests per source address, as a token bucket: each address may send `burst` requests at once,
 * then `perMinute` a minute. One limiter serves fastify's routes and the WebSocket upgrades the
 * stream server takes on the raw HTTP server (which @fastify/rate-limit would not see).
 * Idle addresses are forgotten once their bucket is full again, so memory follows active sources.
 */
export interface RateLimitSettings {
  /** 0 turns limiting off. */
  perMinute: number;
  burst: number;
  /** Addresses never limited (loopback by default). */
  exempt: readonly string[];
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const MAX_TRACKED = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly exempt: Set<string>;
  private readonly perMs: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number,
  ) {
    this.exempt = new Set(settings.exempt);
    this.perMs = settings.perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.settings.perMinute > 0;
  }

  /** Takes one request from `address`'s bucket, or says how long until one is free. */
  take(address: string | undefined): RateDecision {
    if (!this.enabled || !address || this.exempt.has(address)) return { allowed: true };
    const now = this.now();
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED) this.forgetIdle(now);
      bucket = { tokens: this.settings.burst, updatedMs: now };
      this.buckets.set(address, bucket);
    } else {
      bucket.tokens = Math.min(this.settings.burst, bucket.tokens + (now - bucket.updatedMs) * this.perMs);
      bucket.updatedMs = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Drops buckets that have refilled completely: their addresses start afresh anyway. */
  forgetIdle(now = this.now()): void {
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.perMs >= this.settings.burst) this.buckets.delete(address);
    }
  }

  get tracked(): number {
    return this.buckets.size;
  }
}
