import { describeError, ProviderError } from "./errors";
import type { FailureKind, JobFailureRecord, JobStep } from "./jobRecord";

/** A failure record for the ledger (video and image pipelines share the shape). */
export function failure(step: JobStep, kind: FailureKind, message: string, retryable: boolean, charged: boolean | "unknown", at: number, code?: string): JobFailureRecord {
  return { step, kind, message, retryable, charged, at: new Date(at).toISOString(), ...(code ? { code } : {}) };
}

/** A thrown error as a failure record: provider errors keep their kind; the rest are media, host or server. */
export function failureFrom(step: JobStep, error: unknown, charged: boolean | "unknown", at: number): JobFailureRecord {
  if (error instanceof ProviderError) return failure(step, error.kind, error.message, error.retryable, step === "submit" ? error.charged : charged, at, error.code);
  const kind: FailureKind = step === "import" || step === "place" ? "host" : step === "download" || step === "embed" ? "media" : "server";
  const code = (error as { kind?: unknown })?.kind;
  return failure(step, kind, describeError(error), true, charged, at, typeof code === "string" ? code : undefined);
}
