import { ProviderError, type ProviderErrorKind } from "../core/errors";
import type { HttpResponse } from "../core/seams/http";
import { kindForStatus, readErrorEnvelope } from "./providerErrors";
import { parseRetryAfterHeader, parseRetryAfterText } from "./retryAfter";

export interface DashscopeCodeRule {
  kind: ProviderErrorKind;
  retryable: boolean;
  advice: string;
}

/**
 * DashScope's error codes (Model Studio error-code page), matched on the code's first segment so
 * that `Throttling.RateQuota` and `InvalidParameter.DataInspection`-style variants land together.
 * Content inspection is checked first: it is the one parameter error the user fixes by rewording.
 */
export function dashscopeRule(code: string | undefined): DashscopeCodeRule | undefined {
  if (!code) return undefined;
  if (/DataInspection/i.test(code)) {
    return { kind: "content-policy", retryable: false, advice: "Alibaba's content inspection refused the prompt or image; rephrase it or change the image." };
  }
  const head = code.split(".")[0];
  switch (head) {
    case "InvalidApiKey":
      return { kind: "auth", retryable: false, advice: "Check the DashScope API key in Settings, and that it belongs to the region of the base URL." };
    case "AccessDenied":
      return { kind: "auth", retryable: false, advice: "The key may not use this model or region; check the Model Studio console." };
    case "Arrearage":
      return { kind: "quota", retryable: false, advice: "The Alibaba Cloud account is overdue; top it up before trying again." };
    case "Throttling":
      return { kind: "quota", retryable: true, advice: "DashScope is rate limiting; Shotbin slows down and retries." };
    case "InvalidParameter":
    case "InvalidURL":
    case "BadRequest":
    case "UnsupportedOperation":
    case "ModelNotFound":
      return { kind: "invalid-request", retryable: false, advice: "Change the setting named above and try again." };
    case "NotFound":
      return { kind: "not-found", retryable: false, advice: "The task does not exist; DashScope keeps tasks for 24 h." };
    case "InternalError":
    case "SystemError":
    case "ServiceUnavailable":
    case "RequestTimeOut":
      return { kind: "server", retryable: true, advice: "DashScope had an internal error; it is usually temporary." };
    default:
      return undefined;
  }
}

/** A 4xx/5xx in DashScope's top-level `{code, message, request_id}` envelope. */
export function dashscopeErrorFromResponse(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const envelope = readErrorEnvelope(bodyText);
  const rule = dashscopeRule(envelope.code);
  const kind = rule?.kind ?? kindForStatus(response.status);
  const what = envelope.message ?? `HTTP ${response.status}`;
  const code = envelope.code ? ` (${envelope.code})` : "";
  return new ProviderError(kind, `DashScope: ${what}${code}. ${rule?.advice ?? ""}`.trim(), {
    provider: "dashscope",
    status: response.status,
    ...(envelope.code ? { code: envelope.code } : {}),
    ...(envelope.requestId ? { requestId: envelope.requestId } : {}),
    retryAfterMs: parseRetryAfterHeader(response.headers.get("retry-after"), now) ?? parseRetryAfterText(bodyText),
    // A 429 is a refusal: no task was created, so even a submit may be sent again.
    notReceived: response.status === 429,
    ...(rule ? { retryable: rule.retryable } : {}),
  });
}
