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
  private stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly maxAttempts = 4,
    private readonly retryDelayMs = 150,
  ) {}

  /** Sends each webhook in order, one after the other, `copies` times each. */
  send(webhooks: OutgoingWebhook[], copies = 1): Promise<void> {
    const run = (async () => {
      for (const webhook of webhooks) {
        const deliveryId = webhook.deliveryId ?? `msg_${randomUUID()}`;
        for (let copy = 0; copy < copies; copy++) await this.deliver(webhook, deliveryId);
      }
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
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
