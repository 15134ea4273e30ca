import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";

/**
 * Project-level webhooks (OpenAI project webhooks, Gemini static webhooks): one endpoint per
 * account, configured in `world.config.accountWebhooks`, signed with Standard Webhooks HMAC. It
 * signs through the `standardwebhooks` package so the fake never shares code with our verifier.
 */

/** Standard Webhooks headers; one `v1,` token per secret, space-separated, as during a rotation. */
export function standardWebhookHeaders(secrets: readonly string[], messageId: string, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = new Date(nowSeconds * 1000);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(nowSeconds),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(" "),
  };
}

/**
 * Posts one event about `job` to the provider's account webhook, if one is configured. The
 * message id stays the same on every retry and duplicate, as the spec requires.
 */
export function sendAccountWebhook(world: FakeWorld, provider: "openai" | "gemini", job: FakeJob, body: string, messageIdPrefix: string): void {
  const hook = world.config.accountWebhooks[provider];
  if (!hook) return;
  const duplicates = job.jobFaults.find((fault) => fault.type === "webhook-duplicates");
  const secrets = [...hook.secrets];
  void world.webhooks.send(
    [
      {
        provider,
        jobId: job.id,
        url: hook.url,
        body,
        deliveryId: `${messageIdPrefix}${randomBytes(12).toString("hex")}`,
        sign: (messageId, payload, nowSeconds) => standardWebhookHeaders(secrets, messageId, payload, nowSeconds),
      },
    ],
    duplicates?.type === "webhook-duplicates" ? duplicates.copies : 1,
  );
}
