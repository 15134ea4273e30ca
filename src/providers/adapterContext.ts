import { ProviderError } from "../core/errors";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch } from "../core/seams/http";
import type { KeyStore } from "../core/seams/keyStore";
import type { JsonObject } from "../core/json";
import type { ProviderId, ResolvedRequest } from "../core/request";
import type { JobFailure, SubmitResult } from "../core/videoProvider";
import { ProviderHttp, type RetryPolicy } from "./httpClient";

/** What every adapter is built from: the runtime seams, injected, so one adapter runs everywhere. */
export interface AdapterContext {
  fetch: HttpFetch;
  clock: Clock;
  keys: KeyStore;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
}

/** Names under which keys are stored, in secureStorage and in the CLI's environment mapping. */
export const KEY_NAMES = {
  openai: "openai.apiKey",
  gemini: "gemini.apiKey",
  kling: "kling.apiKey",
  klingAccessKey: "kling.accessKey",
  klingSecretKey: "kling.secretKey",
  dashscope: "dashscope.apiKey",
  fal: "fal.apiKey",
  replicate: "replicate.apiToken",
} as const;

export function createProviderHttp(provider: string, context: AdapterContext): ProviderHttp {
  return new ProviderHttp({
    provider,
    fetch: context.fetch,
    clock: context.clock,
    timeoutMs: context.timeoutMs,
    retry: context.retry,
    random: context.random,
  });
}

export async function requireKey(keys: KeyStore, name: string, providerName: string): Promise<string> {
  const key = await keys.get(name);
  if (!key) {
    throw new ProviderError("auth", `No ${providerName} key is set. Add it in Settings, or set it in the environment for the CLI.`, {
      provider: providerName,
      code: "missing_key",
      notReceived: true,
    });
  }
  return key;
}

/** A base URL without its trailing slash. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}

/** `https://host` of a URL, for the manifest's allow-list. */
export function originOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** Whether a URL a provider handed us points at the host we were configured for (no SSRF). */
export function isSameOrigin(url: string, base: string): boolean {
  try {
    return originOf(url) === originOf(base);
  } catch {
    return false;
  }
}

/** A thrown ProviderError, as the failure of a job. */
export function failureFromError(error: ProviderError): JobFailure {
  return {
    kind: error.kind,
    ...(error.code ? { code: error.code } : {}),
    message: error.message,
    charged: error.charged,
    retryable: error.retryable,
  };
}

/** The result of a successful submit: a handle the ledger can store and any process can resume. */
export function submitted(provider: ProviderId, request: Pick<ResolvedRequest, "model" | "idempotencyKey">, id: string, data: JsonObject, submittedAtMs: number): SubmitResult {
  return {
    handle: { provider, model: request.model, id, idempotencyKey: request.idempotencyKey, submittedAt: new Date(submittedAtMs).toISOString(), data },
    warnings: [],
  };
}
