import { randomUUID } from "node:crypto";
import type { FakeProviderName } from "./faults";

export interface WebhookDelivery {
  provider: FakeProviderName;
  jobId: string;
  url: string;
  deliveryId: string;
  attempt: number;
  /** HTTP status of the receiver's answer, or 0 when the connection failed. */
  status: number;
  body: string;
  headers: Record<string, string>;
  at: number;
}

export interface OutgoingWebhook {
  provider: FakeProviderName;
  jobId: string;
  url: string;
  body: string;
  /** Headers for one attempt; called per attempt, because signatures carry the attempt's time. */
  sign: (deliveryId: string, body: string, nowSeconds: number) => Record<string, string>;
  /** The same delivery id on every copy and retry, as providers do. */
  deliveryId?: string;
}

/**
 * Posts webhooks the way providers do: at least once, retried on failure with the same delivery
 * id, and (when a scenario asks) duplicated or out of order.
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private pending = new Set<Promise<void>>();
  /** The last send per job: a job's webhooks go one after another unless a scenario reorders them. */
  private lastSendByJob = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly maxAttempts = 4,
    private readonly retryDelayMs = 150,
  ) {}

  /** Sends each webhook in order, one after the other, `copies` times each, after the job's earlier sends. */
  send(webhooks: OutgoingWebhook[], copies = 1): Promise<void> {
    const jobKeys = [...new Set(webhooks.map((webhook) => `${webhook.provider}:${webhook.jobId}`))];
    const earlier = jobKeys.map((key) => this.lastSendByJob.get(key)).filter((sent): sent is Promise<void> => sent !== undefined);
    const run = (async () => {
      await Promise.all(earlier);
      for (const webhook of webhooks) {
        const deliveryId = webhook.deliveryId ?? `msg_${randomUUID()}`;
        for (let copy = 0; copy < copies; copy++) await this.deliver(webhook, deliveryId);
      }
    })();
    this.pending.add(run);
    for (const key of jobKeys) this.lastSendByJob.set(key, run);
    void run.finally(() => {
      this.pending.delete(run);
      for (const key of jobKeys) if (this.lastSendByJob.get(key) === run) this.lastSendByJob.delete(key);
    });
    return run;
  }

  /** Resolves when every webhook sent so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  reset(): void {
    this.deliveries.length = 0;
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(webhook: OutgoingWebhook, deliveryId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt++) {
      const headers = { "content-type": "application/json", "user-agent": `fake-${webhook.provider}-webhooks`, ...webhook.sign(deliveryId, webhook.body, Math.floor(this.now() / 1000)) };
      let status = 0;
      try {
        const response = await fetch(webhook.url, { method: "POST", headers, body: webhook.body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      this.deliveries.push({ provider: webhook.provider, jobId: webhook.jobId, url: webhook.url, deliveryId, attempt, status, body: webhook.body, headers, at: this.now() });
      if (status >= 200 && status < 300) return;
      // 410 asks the sender to stop (Standard Webhooks); 3xx counts as failure but is not followed.
      if (status === 410) return;
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * attempt));
    }
  }
}
