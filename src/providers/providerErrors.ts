import { ProviderError, type ProviderErrorKind } from "../core/errors";
import type { HttpHeaders } from "../core/seams/http";
import { parseRetryAfterHeader, parseRetryAfterText } from "./retryAfter";

export interface ErrorResponse {
  provider: string;
  status: number;
  bodyText: string;
  headers: HttpHeaders;
  now: number;
}

/** What a provider's error envelope says, whatever its shape. */
export interface ErrorEnvelope {
  message?: string;
  code?: string;
  requestId?: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * Reads the envelopes the six providers use: OpenAI `{error:{message,code,type}}`, Google
 * `{error:{code,message,status}}`, DashScope and Kling `{code,message,request_id}`, fal and
 * Replicate `{detail}` (a string, or pydantic's list of `{loc,msg}`).
 */
export function readErrorEnvelope(bodyText: string): ErrorEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const trimmed = bodyText.trim();
    return trimmed ? { message: trimmed.slice(0, 300) } : {};
  }
  const root = asRecord(body);
  if (!root) return {};
  const nested = asRecord(root.error);
  if (nested) {
    return {
      message: text(nested.message),
      code: text(nested.status) ?? text(nested.code) ?? text(nested.type),
      requestId: text(root.request_id),
    };
  }
  if (typeof root.error === "string") return { message: root.error, requestId: text(root.request_id) };
  if (Array.isArray(root.detail)) {
    const parts = root.detail.map((entry) => {
      const item = asRecord(entry);
      const location = Array.isArray(item?.loc) ? item?.loc.filter((p) => p !== "body").join(".") : "";
      return location ? `${location}: ${text(item?.msg) ?? "invalid"}` : (text(item?.msg) ?? "invalid");
    });
    return { message: parts.join("; "), code: "validation_error" };
  }
  return {
    message: text(root.message) ?? text(root.detail) ?? text(root.title),
    code: text(root.code),
    requestId: text(root.request_id),
  };
}

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 402 || status === 429) return "quota";
  if (status === 404 || status === 410) return "not-found";
  if (status === 408) return "network";
  if (status >= 500) return "server";
  return "invalid-request";
}

const ADVICE: Record<ProviderErrorKind, string> = {
  auth: "Check the API key in Settings.",
  quota: "The provider is limiting requests or the account is out of credit; Shotbin waits and retries rate limits.",
  "invalid-request": "Change the settings named above and try again.",
  "content-policy": "The provider refused the content; rephrase the prompt or change the image.",
  "not-found": "The job or file no longer exists at the provider.",
  server: "The provider had an internal error; it is usually temporary.",
  network: "The provider could not be reached; check the connection.",
  aborted: "",
};

export function adviceFor(kind: ProviderErrorKind): string {
  return ADVICE[kind];
}

/** The generic mapping from an HTTP error to a ProviderError; adapters refine it where needed. */
export function errorFromResponse(
  response: ErrorResponse,
  overrides: { kind?: ProviderErrorKind; retryable?: boolean; charged?: boolean | "unknown" } = {},
): ProviderError {
  const envelope = readErrorEnvelope(response.bodyText);
  const kind = overrides.kind ?? kindForStatus(response.status);
  const retryAfterMs =
    parseRetryAfterHeader(response.headers.get("retry-after"), response.now) ?? parseRetryAfterText(response.bodyText);
  const what = envelope.message ?? `HTTP ${response.status}`;
  const code = envelope.code ? ` (${envelope.code})` : "";
  return new ProviderError(kind, `${response.provider}: ${what}${code}. ${adviceFor(kind)}`.trim(), {
    provider: response.provider,
    status: response.status,
    code: envelope.code,
    requestId: envelope.requestId,
    retryAfterMs,
    // A 429 or 408 is a refusal: nothing was created, so even a submit may be sent again.
    notReceived: response.status === 429 || response.status === 408,
    ...(overrides.retryable === undefined ? {} : { retryable: overrides.retryable }),
    ...(overrides.charged === undefined ? {} : { charged: overrides.charged }),
  });
}
