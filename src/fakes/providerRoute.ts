import type { ServerResponse } from "node:http";
import { isHttpFault, type FakeOperation, type FakeProviderName } from "./faults";
import type { FakeWorld } from "./fakeWorld";
import { sendJson, type FakeRequest } from "./httpUtil";

/** An error a fake renders in its provider's own envelope. */
export interface FakeError {
  kind: "auth" | "rate-limit" | "concurrency" | "server" | "invalid" | "not-found" | "business" | "policy";
  message: string;
  /** The provider's code, for envelopes that carry one (Kling's numbers, DashScope's names). */
  code?: string | number;
  /** The offending field, for envelopes that name it. */
  param?: string;
  retryAfterSeconds?: number;
  status?: number;
}

export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One provider's fake: its prefix, its error envelope and its routes. */
export interface FakeProvider {
  name: FakeProviderName;
  /** Path prefixes this fake answers under, e.g. `/fal/queue`; the first is its main one. */
  prefixes: string[];
  /** The real host each prefix stands for, for `GET /`. */
  hosts: Record<string, string>;
  renderError(error: FakeError): RenderedError;
  handle(prefix: string, req: FakeRequest, res: ServerResponse): Promise<void>;
  /**
   * For a fake that shares a prefix with another (the image routes beside the video ones): whether
   * this request is its own. A fake without it takes what no other fake claims.
   */
  claims?(prefix: string, req: FakeRequest): boolean;
}

export function sendError(provider: FakeProvider, res: ServerResponse, error: FakeError): number {
  const rendered = provider.renderError(error);
  sendJson(res, rendered.status, rendered.body, {
    ...(error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : {}),
    ...rendered.headers,
  });
  return rendered.status;
}

/**
 * Applies a scripted HTTP fault for this request, if one matches. Returns true when the fault
 * answered (or dropped) the request; a `timeout` fault only delays it and returns false, so the
 * request is then handled normally after the client may have given up.
 */
export async function applyHttpFault(
  world: FakeWorld,
  provider: FakeProvider,
  operation: FakeOperation,
  prompt: string | undefined,
  res: ServerResponse,
): Promise<boolean> {
  const fault = world.faults.take(provider.name, operation, prompt, isHttpFault);
  if (!fault) return false;
  switch (fault.type) {
    case "rate-limit":
      sendError(provider, res, {
        kind: "rate-limit",
        message: fault.message ?? "Rate limit exceeded, please try again later.",
        retryAfterSeconds: fault.retryAfterSeconds,
      });
      return true;
    case "server-error":
      sendError(provider, res, { kind: "server", message: "Internal server error.", status: fault.status ?? 500 });
      return true;
    case "malformed-json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id": "trunc');
      return true;
    case "reset-connection":
      res.socket?.destroy();
      return true;
    case "business-error":
      sendError(provider, res, { kind: "business", code: fault.code, message: fault.message ?? "business error" });
      return true;
    case "timeout":
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return false;
  }
}
