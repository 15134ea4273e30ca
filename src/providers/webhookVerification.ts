/** Why a webhook was refused. The relay counts refusals by reason and answers 401 for all of them. */
export type WebhookRejectionReason = "missing-headers" | "bad-signature" | "stale-timestamp" | "malformed" | "unknown-key";

export class WebhookVerificationFailure extends Error {
  override readonly name = "WebhookVerificationFailure";
  constructor(
    readonly reason: WebhookRejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** Header lookup that ignores case, as HTTP does. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function checkTimestamp(timestampSeconds: number, nowMs: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): void {
  if (!Number.isFinite(timestampSeconds)) throw new WebhookVerificationFailure("malformed", "webhook timestamp is not a number");
  const skew = Math.abs(nowMs / 1000 - timestampSeconds);
  if (skew > toleranceSeconds) {
    throw new WebhookVerificationFailure("stale-timestamp", `webhook timestamp is ${Math.round(skew)} s away from now; at most ${toleranceSeconds} s allowed`);
  }
}
