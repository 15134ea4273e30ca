import { ProviderError, type ProviderErrorKind } from "../core/errors";
import type { HttpResponse } from "../core/seams/http";
import { kindForStatus, readErrorEnvelope } from "./providerErrors";
import { parseRetryAfterHeader, parseRetryAfterText } from "./retryAfter";

interface CodeRule {
  kind: ProviderErrorKind;
  retryable: boolean;
  advice: string;
}

const CHECK_KEY = "Check the Kling API key (or AccessKey and SecretKey) in Settings.";

/**
 * Kling's error codes (error-code page, providers.md §4.5). The same code can come inside an HTTP
 * 200 body or with the documented HTTP status, so the code decides, not the status.
 */
const RULES: Record<number, CodeRule> = {
  1000: { kind: "auth", retryable: false, advice: CHECK_KEY },
  1001: { kind: "auth", retryable: false, advice: CHECK_KEY },
  1002: { kind: "auth", retryable: false, advice: CHECK_KEY },
  1003: { kind: "auth", retryable: false, advice: "The signed token is not valid yet: check this computer's clock." },
  1004: { kind: "auth", retryable: false, advice: "The signed token has expired: check this computer's clock." },
  1100: { kind: "quota", retryable: false, advice: "The Kling account is flagged as abnormal; contact Kling support." },
  1101: { kind: "quota", retryable: false, advice: "The Kling account is in arrears; top it up in the Kling console." },
  1102: { kind: "quota", retryable: false, advice: "The Kling resource pack is used up or expired; buy or renew one." },
  1103: { kind: "auth", retryable: false, advice: "This key has no permission for the API or model; check the account's packages." },
  1200: { kind: "invalid-request", retryable: false, advice: "Change the setting named above and try again." },
  1201: { kind: "invalid-request", retryable: false, advice: "Change the setting named above and try again." },
  1202: { kind: "invalid-request", retryable: false, advice: "The request method is wrong; check the base URL." },
  1203: { kind: "not-found", retryable: false, advice: "The task or model does not exist at Kling (tasks are kept 30 days)." },
  1300: { kind: "content-policy", retryable: false, advice: "Kling's policy refused the request; rephrase the prompt or change the image." },
  1301: { kind: "content-policy", retryable: false, advice: "Kling's content safety check refused it; rephrase the prompt or change the image." },
  1302: { kind: "quota", retryable: true, advice: "Kling is rate limiting; Shotbin slows down and retries." },
  1303: { kind: "quota", retryable: true, advice: "Too many Kling tasks are running for the resource pack; Shotbin waits for a slot." },
  1304: { kind: "auth", retryable: false, advice: "Kling refused this IP address (IP allow-list in the console)." },
  5000: { kind: "server", retryable: true, advice: "Kling had an internal error; it is usually temporary." },
  5001: { kind: "server", retryable: true, advice: "Kling is unavailable for maintenance or overload; it is usually temporary." },
  5002: { kind: "server", retryable: true, advice: "Kling timed out internally; it is usually temporary." },
};

/** Kling asks for at least 1 s of back-off when a concurrency slot is missing (providers.md §4.5). */
export const KLING_CONCURRENCY_BACKOFF_MS = 1000;

export interface KlingErrorInput {
  status: number;
  code?: number;
  message?: string;
  requestId?: string;
  retryAfterMs?: number;
}

export function klingError(input: KlingErrorInput): ProviderError {
  const rule = input.code !== undefined ? RULES[input.code] : undefined;
  const kind = rule?.kind ?? kindForStatus(input.status);
  const what = input.message ?? `HTTP ${input.status}`;
  const codeText = input.code !== undefined ? ` (code ${input.code})` : "";
  const refused = input.status === 429 || input.code === 1302 || input.code === 1303;
  return new ProviderError(kind, `Kling: ${what}${codeText}. ${rule?.advice ?? ""}`.trim(), {
    provider: "kling",
    status: input.status,
    ...(input.code !== undefined ? { code: String(input.code) } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    retryAfterMs: input.retryAfterMs ?? (input.code === 1303 ? KLING_CONCURRENCY_BACKOFF_MS : undefined),
    // A refusal for rate or concurrency guarantees that no task was created.
    notReceived: refused,
    // Kling does not charge failed or refused tasks.
    charged: false,
    ...(rule ? { retryable: rule.retryable } : {}),
  });
}

function numericCode(code: string | undefined): number | undefined {
  return code !== undefined && /^\d+$/.test(code) ? Number(code) : undefined;
}

/** A non-2xx answer in Kling's `{code, message, request_id}` envelope. */
export function klingErrorFromResponse(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const envelope = readErrorEnvelope(bodyText);
  return klingError({
    status: response.status,
    code: numericCode(envelope.code),
    message: envelope.message,
    requestId: envelope.requestId,
    retryAfterMs: parseRetryAfterHeader(response.headers.get("retry-after"), now) ?? parseRetryAfterText(bodyText),
  });
}

/** Kling reports `external_task_id` reuse as a parameter error; the message names the field. */
export function isDuplicateExternalId(error: unknown): boolean {
  return error instanceof ProviderError && (error.code === "1201" || error.code === "1200") && /external_task_id/i.test(error.message);
}
