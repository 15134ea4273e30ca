import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha256";
import { base64ToBytes, bytesToBase64 } from "../core/text/base64";
import { utf8Encode } from "../core/text/utf8";
import { checkTimestamp, headerValue, WebhookVerificationFailure } from "./webhookVerification";

/**
 * Standard Webhooks (HMAC-SHA256 over `id.timestamp.body`), used by OpenAI, Replicate, Kling and
 * Gemini static webhooks. Written over @noble/hashes rather than the `standardwebhooks` package so
 * that it needs no TextEncoder, takes an injected clock, verifies the exact raw bytes received, and
 * accepts several secrets at once (our own rotation on top of the provider's).
 */

/** `whsec_<base64>` secrets are base64; any other string is used as its UTF-8 bytes (OpenAI's rule). */
export function standardWebhookKey(secret: string): Uint8Array {
  const trimmed = secret.trim();
  if (trimmed.startsWith("whsec_")) return base64ToBytes(trimmed.slice("whsec_".length));
  return utf8Encode(trimmed);
}

export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string | Uint8Array): string {
  const bodyBytes = typeof body === "string" ? utf8Encode(body) : body;
  const prefix = utf8Encode(`${id}.${timestampSeconds}.`);
  const message = new Uint8Array(prefix.length + bodyBytes.length);
  message.set(prefix, 0);
  message.set(bodyBytes, prefix.length);
  return `v1,${bytesToBase64(hmac(sha256, standardWebhookKey(secret), message))}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export interface VerifiedStandardWebhook {
  id: string;
  timestamp: number;
}

export function verifyStandardWebhook(
  rawBody: string | Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
  nowMs: number,
  toleranceSeconds?: number,
): VerifiedStandardWebhook {
  const id = headerValue(headers, "webhook-id");
  const timestampText = headerValue(headers, "webhook-timestamp");
  const signatures = headerValue(headers, "webhook-signature");
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationFailure("missing-headers", "webhook-id, webhook-timestamp and webhook-signature are required");
  }
  if (!/^\d+$/.test(timestampText.trim())) throw new WebhookVerificationFailure("malformed", "webhook-timestamp is not whole seconds");
  const timestamp = Number(timestampText);
  checkTimestamp(timestamp, nowMs, toleranceSeconds);
  if (secrets.length === 0) throw new WebhookVerificationFailure("unknown-key", "no webhook secret is configured for this provider");
  // The header may carry several space-separated signatures during a key rotation.
  const offered = signatures
    .split(" ")
    .filter((token) => token.startsWith("v1,"))
    .map((token) => token.slice(3));
  for (const secret of secrets) {
    const expected = signStandardWebhook(secret, id, timestamp, rawBody).slice(3);
    if (offered.some((candidate) => constantTimeEqual(candidate, expected))) return { id, timestamp };
  }
  throw new WebhookVerificationFailure("bad-signature", "no webhook signature matches the configured secret");
}
