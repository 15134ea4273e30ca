import { ed25519 } from "@noble/curves/ed25519";
import { sha256 } from "@noble/hashes/sha256";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch } from "../core/seams/http";
import { base64UrlToBytes, bytesToHex, hexToBytes } from "../core/text/base64";
import { utf8Encode } from "../core/text/utf8";
import { checkTimestamp, headerValue, WebhookVerificationFailure } from "./webhookVerification";

/**
 * fal's own webhook scheme: an Ed25519 signature (hex) over
 * `request_id \n user_id \n timestamp \n sha256_hex(raw body)`, checked against any Ed25519 key
 * in fal's JWKS. Keys are cached for a day and re-read once when no cached key matches, so a key
 * rotation costs one fetch.
 */

export const FAL_JWKS_URL = "https://rest.fal.ai/.well-known/jwks.json";

interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
}

export class FalJwksCache {
  private keys: Uint8Array[] = [];
  private fetchedAt = -Infinity;

  constructor(
    private readonly fetchImpl: HttpFetch,
    private readonly clock: Clock,
    readonly url: string = FAL_JWKS_URL,
    private readonly ttlMs = 24 * 60 * 60_000,
    /** Re-reads are spaced at least this far apart, so forged webhooks cannot make us hammer fal. */
    private readonly minRefreshMs = 60_000,
  ) {}

  async current(): Promise<Uint8Array[]> {
    if (this.clock.now() - this.fetchedAt > this.ttlMs) await this.refresh();
    return this.keys;
  }

  /** Reads the JWKS again unless it was read within `minRefreshMs`; returns whether it did. */
  async refreshIfStale(): Promise<boolean> {
    if (this.clock.now() - this.fetchedAt < this.minRefreshMs) return false;
    await this.refresh();
    return true;
  }

  private async refresh(): Promise<void> {
    const response = await this.fetchImpl(this.url, { method: "GET", headers: { accept: "application/json" } });
    if (response.status !== 200) throw new Error(`fal JWKS at ${this.url} answered HTTP ${response.status}`);
    const body = JSON.parse(await response.text()) as { keys?: Jwk[] };
    this.keys = (body.keys ?? [])
      .filter((key) => key.kty === "OKP" && key.crv === "Ed25519" && typeof key.x === "string")
      .map((key) => base64UrlToBytes(key.x as string));
    this.fetchedAt = this.clock.now();
  }
}

export interface VerifiedFalWebhook {
  requestId: string;
  userId: string;
  timestamp: number;
}

export function falSignedMessage(requestId: string, userId: string, timestamp: string, rawBody: Uint8Array): Uint8Array {
  return utf8Encode(`${requestId}\n${userId}\n${timestamp}\n${bytesToHex(sha256(rawBody))}`);
}

function verifiesWithAny(keys: Uint8Array[], signature: Uint8Array, message: Uint8Array): boolean {
  return keys.some((key) => {
    try {
      return ed25519.verify(signature, message, key);
    } catch {
      return false;
    }
  });
}

export async function verifyFalWebhook(
  rawBody: Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  jwks: FalJwksCache,
  nowMs: number,
  toleranceSeconds?: number,
): Promise<VerifiedFalWebhook> {
  const requestId = headerValue(headers, "x-fal-webhook-request-id");
  const userId = headerValue(headers, "x-fal-webhook-user-id");
  const timestamp = headerValue(headers, "x-fal-webhook-timestamp");
  const signatureHex = headerValue(headers, "x-fal-webhook-signature");
  if (!requestId || !userId || !timestamp || !signatureHex) {
    throw new WebhookVerificationFailure("missing-headers", "the four X-Fal-Webhook-* headers are required");
  }
  if (!/^\d+$/.test(timestamp.trim())) throw new WebhookVerificationFailure("malformed", "X-Fal-Webhook-Timestamp is not whole seconds");
  checkTimestamp(Number(timestamp), nowMs, toleranceSeconds);
  let signature: Uint8Array;
  try {
    signature = hexToBytes(signatureHex.trim());
  } catch {
    throw new WebhookVerificationFailure("malformed", "X-Fal-Webhook-Signature is not hex");
  }
  const message = falSignedMessage(requestId, userId, timestamp.trim(), rawBody);
  if (verifiesWithAny(await jwks.current(), signature, message)) return { requestId, userId, timestamp: Number(timestamp) };
  if ((await jwks.refreshIfStale()) && verifiesWithAny(await jwks.current(), signature, message)) {
    return { requestId, userId, timestamp: Number(timestamp) };
  }
  throw new WebhookVerificationFailure("bad-signature", "no key in fal's JWKS verifies this signature");
}
