import OpenAI from "openai";
import { Webhook } from "standardwebhooks";
import { signStandardWebhook, standardWebhookKey, verifyStandardWebhook } from "../../src/providers/standardWebhooks";

/** The Kling callback docs' vector (providers.md §1), recomputed there with Python's hmac. */
const VECTOR = {
  secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=",
  id: "9876543210",
  timestamp: 1781080794,
  body: '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}',
  signature: "v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=",
};
const AT_VECTOR_TIME = VECTOR.timestamp * 1000;
const OTHER_SECRET = "whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0";

function vectorHeaders(signature = VECTOR.signature): Record<string, string> {
  return { "webhook-id": VECTOR.id, "webhook-timestamp": String(VECTOR.timestamp), "webhook-signature": signature };
}

function failureReason(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { reason?: string }).reason ?? "threw without a reason";
  }
}

describe("Standard Webhooks verification", () => {
  it("verifies the Kling test vector, and signs it to the same token", () => {
    expect(verifyStandardWebhook(VECTOR.body, vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME)).toEqual({ id: VECTOR.id, timestamp: VECTOR.timestamp });
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    // Raw bytes verify the same as the string.
    expect(verifyStandardWebhook(Buffer.from(VECTOR.body, "utf8"), vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME).id).toBe(VECTOR.id);
  });

  it("refuses a tampered body, a changed id and a changed timestamp", () => {
    const tampered = VECTOR.body.replace('"succeeded"', '"failed"');
    expect(failureReason(() => verifyStandardWebhook(tampered, vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME))).toBe("bad-signature");
    const otherId = { ...vectorHeaders(), "webhook-id": "9876543211" };
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, otherId, [VECTOR.secret], AT_VECTOR_TIME))).toBe("bad-signature");
    const otherTime = { ...vectorHeaders(), "webhook-timestamp": String(VECTOR.timestamp + 1) };
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, otherTime, [VECTOR.secret], AT_VECTOR_TIME))).toBe("bad-signature");
  });

  it("refuses the wrong secret, and says so when no secret is configured", () => {
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, vectorHeaders(), [OTHER_SECRET], AT_VECTOR_TIME))).toBe("bad-signature");
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, vectorHeaders(), [], AT_VECTOR_TIME))).toBe("unknown-key");
  });

  it("refuses a timestamp more than five minutes away, in either direction", () => {
    expect(verifyStandardWebhook(VECTOR.body, vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME + 300_000).id).toBe(VECTOR.id);
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME + 301_000))).toBe("stale-timestamp");
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, vectorHeaders(), [VECTOR.secret], AT_VECTOR_TIME - 301_000))).toBe("stale-timestamp");
    const malformed = { ...vectorHeaders(), "webhook-timestamp": "1781080794.5" };
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, malformed, [VECTOR.secret], AT_VECTOR_TIME))).toBe("malformed");
  });

  it("accepts either of two signatures during a rotation, and several configured secrets", () => {
    const oldToken = signStandardWebhook(OTHER_SECRET, VECTOR.id, VECTOR.timestamp, VECTOR.body);
    const both = vectorHeaders(`${oldToken} ${VECTOR.signature}`);
    expect(verifyStandardWebhook(VECTOR.body, both, [VECTOR.secret], AT_VECTOR_TIME).id).toBe(VECTOR.id);
    expect(verifyStandardWebhook(VECTOR.body, both, [OTHER_SECRET], AT_VECTOR_TIME).id).toBe(VECTOR.id);
    expect(verifyStandardWebhook(VECTOR.body, vectorHeaders(), [OTHER_SECRET, VECTOR.secret], AT_VECTOR_TIME).id).toBe(VECTOR.id);
    const third = "whsec_dGhpcmRzZWNyZXR0aGlyZHNlY3JldHRoaXJkc2VjcmV0";
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, both, [third], AT_VECTOR_TIME))).toBe("bad-signature");
    // Tokens of another scheme (v1a, asymmetric) are skipped, not mistaken for v1.
    const v1a = vectorHeaders(`v1a,${VECTOR.signature.slice(3)}`);
    expect(failureReason(() => verifyStandardWebhook(VECTOR.body, v1a, [VECTOR.secret], AT_VECTOR_TIME))).toBe("bad-signature");
  });

  it("requires all three headers, whatever their case", () => {
    for (const missing of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const headers = vectorHeaders();
      delete headers[missing];
      expect(failureReason(() => verifyStandardWebhook(VECTOR.body, headers, [VECTOR.secret], AT_VECTOR_TIME))).toBe("missing-headers");
    }
    const shouting = { "Webhook-Id": VECTOR.id, "WEBHOOK-TIMESTAMP": String(VECTOR.timestamp), "Webhook-Signature": VECTOR.signature };
    expect(verifyStandardWebhook(VECTOR.body, shouting, [VECTOR.secret], AT_VECTOR_TIME).id).toBe(VECTOR.id);
  });

  it("agrees with the standardwebhooks package in both directions", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = JSON.stringify({ type: "video.completed", data: { id: "video_123", note: "naïve café ☕" } });
    const now = Date.now();
    const seconds = Math.floor(now / 1000);
    const library = new Webhook(secret);
    const theirs = library.sign("msg_2b7c", new Date(seconds * 1000), body);
    expect(signStandardWebhook(secret, "msg_2b7c", seconds, body)).toBe(theirs);
    const headers = { "webhook-id": "msg_2b7c", "webhook-timestamp": String(seconds), "webhook-signature": theirs };
    expect(verifyStandardWebhook(body, headers, [secret], now).id).toBe("msg_2b7c");
    const ours = signStandardWebhook(secret, "msg_9f00", seconds, body);
    expect(library.verify(body, { "webhook-id": "msg_9f00", "webhook-timestamp": String(seconds), "webhook-signature": ours })).toEqual(JSON.parse(body));
    expect(() => library.verify(body.replace("123", "124"), { "webhook-id": "msg_9f00", "webhook-timestamp": String(seconds), "webhook-signature": ours })).toThrow();
  });

  it("agrees with the openai SDK's verifier, including its rule for secrets without whsec_", async () => {
    const client = new OpenAI({ apiKey: "sk-unused" });
    const body = JSON.stringify({ id: "evt_1", object: "event", created_at: 1, type: "video.completed", data: { id: "video_1" } });
    const seconds = Math.floor(Date.now() / 1000);
    for (const secret of ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a-plain-project-secret"]) {
      const headers = { "webhook-id": "wh_1", "webhook-timestamp": String(seconds), "webhook-signature": signStandardWebhook(secret, "wh_1", seconds, body) };
      await expect(client.webhooks.verifySignature(body, headers, secret)).resolves.toBeUndefined();
      await expect(client.webhooks.verifySignature(`${body} `, headers, secret)).rejects.toThrow();
    }
    expect(Buffer.from(standardWebhookKey("a-plain-project-secret")).toString("utf8")).toBe("a-plain-project-secret");
  });
});
