import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * Webhooks signed the way providers sign them, by code that shares nothing with the relay's
 * verifiers: the `standardwebhooks` package for HMAC, Node's crypto for fal's Ed25519.
 */

export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

export function standardWebhook(secret: string, messageId: string, payload: unknown, nowSeconds = Math.floor(Date.now() / 1000)): SignedWebhook {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": messageId,
      "webhook-timestamp": String(nowSeconds),
      "webhook-signature": new Webhook(secret).sign(messageId, new Date(nowSeconds * 1000), body),
    },
  };
}

/** Replicate's webhook body: the prediction object. */
export function replicatePrediction(id: string, status: "starting" | "processing" | "succeeded" | "failed" = "succeeded") {
  return {
    id,
    model: "google/veo-3.1",
    version: "hidden",
    status,
    input: { prompt: "a test" },
    output: status === "succeeded" ? "https://replicate.delivery/xezq/out.mp4" : null,
    error: status === "failed" ? "boom" : null,
    logs: "",
    metrics: {},
    created_at: "2026-11-24T10:00:00.000Z",
    urls: { get: `https://api.replicate.com/v1/predictions/${id}`, cancel: `https://api.replicate.com/v1/predictions/${id}/cancel` },
  };
}

/** A stand-in for fal's webhook signing: an Ed25519 key and a JWKS served over loopback HTTP. */
export async function startFalSigner() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [{ ...jwk, kid: "test", use: "sig", alg: "EdDSA" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    jwksUrl,
    webhook: (requestId: string, status: "OK" | "ERROR" = "OK", nowSeconds = Math.floor(Date.now() / 1000), key: KeyObject = privateKey): SignedWebhook => {
      const body = JSON.stringify(
        status === "OK"
          ? { request_id: requestId, gateway_request_id: requestId, status, payload: { video: { url: "https://v3.fal.media/files/x/out.mp4", content_type: "video/mp4" } } }
          : { request_id: requestId, gateway_request_id: requestId, status, payload: null, error: "failed" },
      );
      const digest = createHash("sha256").update(body, "utf8").digest("hex");
      const timestamp = String(nowSeconds);
      return {
        body,
        headers: {
          "content-type": "application/json",
          "x-fal-webhook-request-id": requestId,
          "x-fal-webhook-user-id": "user-1",
          "x-fal-webhook-timestamp": timestamp,
          "x-fal-webhook-signature": sign(null, Buffer.from(`${requestId}\n${"user-1"}\n${timestamp}\n${digest}`, "utf8"), key).toString("hex"),
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function sendWebhook(url: string, webhook: SignedWebhook): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: "POST", headers: webhook.headers, body: webhook.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}
