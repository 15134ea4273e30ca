import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { HttpFetch } from "../../src/core/seams/http";
import { FalJwksCache, verifyFalWebhook } from "../../src/providers/falWebhookSignature";
import { ManualClock } from "../support/manualClock";

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { jwk: publicKey.export({ format: "jwk" }), privateKey };
}

function jwksServer(keys: () => object[]) {
  let reads = 0;
  const fetch: HttpFetch = async (url) => {
    reads++;
    const text = JSON.stringify({ keys: keys() });
    return { status: 200, url, headers: { get: () => null }, body: null, text: async () => text, arrayBuffer: async () => new ArrayBuffer(0) };
  };
  return { fetch, reads: () => reads };
}

function signed(body: string, privateKey: KeyObject, timestamp: number, requestId = "req-1", userId = "user-1") {
  const digest = createHash("sha256").update(body).digest("hex");
  const signature = sign(null, Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`), privateKey).toString("hex");
  return {
    "X-Fal-Webhook-Request-Id": requestId,
    "X-Fal-Webhook-User-Id": userId,
    "X-Fal-Webhook-Timestamp": String(timestamp),
    "X-Fal-Webhook-Signature": signature,
  };
}

describe("fal webhook signatures", () => {
  const body = '{"request_id":"req-1","status":"OK","payload":{"video":{"url":"https://v3.fal.media/x.mp4"}}}';
  const raw = new Uint8Array(Buffer.from(body, "utf8"));

  it("verifies a delivery signed by a key in the JWKS, with headers in any case", async () => {
    const clock = new ManualClock();
    const current = keyPair();
    const jwks = jwksServer(() => [{ kty: "RSA", n: "x", e: "AQAB" }, current.jwk]);
    const cache = new FalJwksCache(jwks.fetch, clock, "https://jwks.test");
    const now = Math.floor(clock.now() / 1000);
    await expect(verifyFalWebhook(raw, signed(body, current.privateKey, now), cache, clock.now())).resolves.toEqual({
      requestId: "req-1",
      userId: "user-1",
      timestamp: now,
    });
  });

  it("refuses another key, a stale timestamp, bad hex and missing headers", async () => {
    const clock = new ManualClock();
    const trusted = keyPair();
    const stranger = keyPair();
    const cache = new FalJwksCache(jwksServer(() => [trusted.jwk]).fetch, clock, "https://jwks.test");
    const now = Math.floor(clock.now() / 1000);
    await expect(verifyFalWebhook(raw, signed(body, stranger.privateKey, now), cache, clock.now())).rejects.toMatchObject({ reason: "bad-signature" });
    await expect(verifyFalWebhook(raw, signed(body, trusted.privateKey, now - 301), cache, clock.now())).rejects.toMatchObject({ reason: "stale-timestamp" });
    await expect(verifyFalWebhook(raw, signed(body, trusted.privateKey, now + 301), cache, clock.now())).rejects.toMatchObject({ reason: "stale-timestamp" });
    await expect(
      verifyFalWebhook(raw, { ...signed(body, trusted.privateKey, now), "X-Fal-Webhook-Signature": "zz" }, cache, clock.now()),
    ).rejects.toMatchObject({ reason: "malformed" });
    const { ["X-Fal-Webhook-User-Id"]: _dropped, ...partial } = signed(body, trusted.privateKey, now);
    await expect(verifyFalWebhook(raw, partial, cache, clock.now())).rejects.toMatchObject({ reason: "missing-headers" });
  });

  it("re-reads the JWKS once when fal rotates its key, and not on every forged delivery", async () => {
    const clock = new ManualClock();
    const old = keyPair();
    const rotated = keyPair();
    let published = [old.jwk];
    const jwks = jwksServer(() => published);
    const cache = new FalJwksCache(jwks.fetch, clock, "https://jwks.test");
    const now = () => Math.floor(clock.now() / 1000);
    await verifyFalWebhook(raw, signed(body, old.privateKey, now()), cache, clock.now());
    expect(jwks.reads()).toBe(1);

    published = [rotated.jwk];
    clock.advance(120_000);
    await expect(verifyFalWebhook(raw, signed(body, rotated.privateKey, now()), cache, clock.now())).resolves.toBeTruthy();
    expect(jwks.reads()).toBe(2);

    const forger = keyPair();
    for (let i = 0; i < 5; i++) {
      await expect(verifyFalWebhook(raw, signed(body, forger.privateKey, now()), cache, clock.now())).rejects.toMatchObject({ reason: "bad-signature" });
    }
    expect(jwks.reads()).toBe(2);
  });
});
