import { createHash, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from "node:crypto";
import type { FakeWorld } from "./fakeWorld";

/**
 * The fake fal account's webhook signing key: one Ed25519 pair per fake world, shared by the video
 * and the image queues, published as the JWKS at /fal/rest/.well-known/jwks.json.
 */
export interface FalSigner {
  jwk: JsonWebKey;
  userId: string;
  /** fal's headers for one delivery: `{request_id}\n{user_id}\n{timestamp}\n{sha256_hex(body)}`, signed, hex. */
  headers(requestId: string, body: string, nowSeconds: number): Record<string, string>;
}

const signers = new WeakMap<FakeWorld, FalSigner>();

export function falSigner(world: FakeWorld): FalSigner {
  const known = signers.get(world);
  if (known) return known;
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const userId = "fake-user-7c1f";
  const signer: FalSigner = {
    jwk: publicKey.export({ format: "jwk" }),
    userId,
    headers(requestId, body, nowSeconds) {
      const timestamp = String(nowSeconds);
      const digest = createHash("sha256").update(body, "utf8").digest("hex");
      const message = Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`, "utf8");
      return {
        "x-fal-webhook-request-id": requestId,
        "x-fal-webhook-user-id": userId,
        "x-fal-webhook-timestamp": timestamp,
        "x-fal-webhook-signature": sign(null, message, privateKey as KeyObject).toString("hex"),
      };
    },
  };
  signers.set(world, signer);
  return signer;
}
