import { ProviderError } from "../core/errors";
import type { HttpResponse } from "../core/seams/http";
import { adviceFor, errorFromResponse } from "./providerErrors";

interface InvalidField {
  field?: unknown;
  description?: unknown;
}

/**
 * Replicate answers errors as problem details: `{title, detail, status}`, and for a refused input
 * 422 `{title: "Input validation failed", detail: "- input.duration: ...\n", invalid_fields:
 * [{type, field, description}]}`. The 402 "Insufficient credit" is arrears, not a rate: retrying
 * cannot help until someone buys credit.
 */
export function mapReplicateError(response: HttpResponse, bodyText: string, now: number): ProviderError {
  const base = { provider: "replicate", status: response.status, bodyText, headers: response.headers, now };
  if (response.status === 422) {
    const fields = invalidFields(bodyText);
    if (fields.length > 0) {
      return new ProviderError("invalid-request", `replicate: the model refused the input: ${fields.join("; ")}. ${adviceFor("invalid-request")}`, {
        provider: "replicate",
        status: 422,
        code: "input_validation_failed",
      });
    }
  }
  if (response.status === 402) return errorFromResponse(base, { kind: "quota", retryable: false });
  return errorFromResponse(base);
}

function invalidFields(bodyText: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  const list = (body as { invalid_fields?: unknown } | null)?.invalid_fields;
  if (!Array.isArray(list)) return [];
  return list.map((entry: InvalidField) => {
    const field = typeof entry?.field === "string" && entry.field ? entry.field : "request";
    const description = typeof entry?.description === "string" ? entry.description : "invalid";
    return `${field}: ${description}`;
  });
}
