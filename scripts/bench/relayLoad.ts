/**
 * Load and measurement for `npm run bench:relay`: signed webhooks sent by autocannon at a fixed
 * or unlimited rate, each stamped with its send time, matched to its arrival at a subscriber.
 */
import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";

/** The slice of autocannon's API used here (the package ships no type declarations). */
interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest(request: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown>;
  onResponse(status: number, body: string, context: Record<string, unknown>): void;
}
interface AutocannonResult {
  requests: { total: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
const autocannon = require("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

/** Sent and arrived times per delivery id, all from this process's monotonic clock. */
export class DeliveryTracker {
  readonly sentAt = new Map<string, number>();
  readonly acknowledged = new Set<string>();
  readonly arrivedAt = new Map<string, number>();
  duplicates = 0;

  sent(id: string): void {
    this.sentAt.set(id, performance.now());
  }

  arrived(id: string): void {
    if (this.arrivedAt.has(id)) this.duplicates++;
    else this.arrivedAt.set(id, performance.now());
  }

  /** Acknowledged deliveries that have not arrived. */
  missing(): number {
    let count = 0;
    for (const id of this.acknowledged) if (!this.arrivedAt.has(id)) count++;
    return count;
  }

  latenciesMs(): number[] {
    const values: number[] = [];
    for (const id of this.acknowledged) {
      const arrived = this.arrivedAt.get(id);
      const sent = this.sentAt.get(id);
      if (arrived !== undefined && sent !== undefined) values.push(arrived - sent);
    }
    return values.sort((a, b) => a - b);
  }

  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.missing() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Standard Webhooks headers, signed with Node's HMAC (the load generator's cost, not the relay's). */
export function signed(secret: string, id: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` };
}

export interface LoadOptions {
  url: string;
  path: string;
  secret: string;
  /** Requests per second over all connections; undefined for as fast as possible. */
  rate?: number;
  durationSeconds: number;
  connections: number;
  /** Job ids the webhooks are about, used round-robin. */
  jobIds: string[];
  tracker: DeliveryTracker;
  /** Unique per run, so no delivery id repeats across scenarios. */
  prefix: string;
}

export interface LoadResult {
  requests: number;
  ok: number;
  errors: number;
  non2xx: number;
  durationSeconds: number;
}

/** Replicate-style webhooks (a thin prediction) at the given rate. */
export async function sendWebhooks(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: "POST",
        path: options.path,
        setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
          const index = next++;
          const id = `${options.prefix}-${index}`;
          const body = JSON.stringify({ id: options.jobIds[index % options.jobIds.length], status: "processing", bench_delivery: id });
          context.id = id;
          options.tracker.sent(id);
          return { ...request, headers: signed(options.secret, id, body), body };
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
          if (status >= 200 && status < 300) options.tracker.acknowledged.add(context.id as string);
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    ok: result["2xx"],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    durationSeconds: result.duration,
  };
}
