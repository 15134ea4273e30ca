/**
 * The four error families Shotbin raises. Each carries a `kind` that code can branch on and a
 * `message` written for the person using the product (what happened, and what to do next).
 */

export type ProviderErrorKind =
  | "auth"
  | "quota"
  | "invalid-request"
  | "content-policy"
  | "not-found"
  | "server"
  | "network"
  | "aborted";

export interface ProviderErrorDetails {
  provider: string;
  /** HTTP status, when the error came from an HTTP answer. */
  status?: number;
  /** The provider's own error code (`1303`, `InvalidApiKey`, `RESOURCE_EXHAUSTED`, ...). */
  code?: string;
  /** How long the provider asked us to wait before trying again. */
  retryAfterMs?: number;
  /** Whether the provider kept the money. `unknown` when it does not say. */
  charged?: boolean | "unknown";
  /** Overrides the default retryability of the kind (for example a quota error that is arrears, not a rate). */
  retryable?: boolean;
  requestId?: string;
  /**
   * True when we know the provider never received the request (connection refused, name not
   * resolved, or a refusal such as 429 that guarantees nothing was created). Only then may a
   * submit without an idempotency key be retried.
   */
  notReceived?: boolean;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: Record<ProviderErrorKind, boolean> = {
  auth: false,
  quota: true,
  "invalid-request": false,
  "content-policy": false,
  "not-found": false,
  server: true,
  network: true,
  aborted: false,
};

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly charged: boolean | "unknown";
  readonly retryable: boolean;
  readonly requestId?: string;
  readonly notReceived: boolean;

  constructor(kind: ProviderErrorKind, message: string, details: ProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.provider = details.provider;
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
    this.charged = details.charged ?? (kind === "content-policy" || kind === "invalid-request" || kind === "auth" ? false : "unknown");
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT[kind];
    this.requestId = details.requestId;
    this.notReceived = details.notReceived ?? false;
  }
}

export type MediaErrorKind =
  | "not-media"
  | "unsupported-brand"
  | "truncated"
  | "corrupt"
  | "too-large"
  | "fragmented"
  | "io"
  | "download"
  | "expired"
  | "name"
  | "unsupported-layout"
  | "invalid-metadata"
  | "aborted";

export class MediaError extends Error {
  override readonly name = "MediaError";
  constructor(
    readonly kind: MediaErrorKind,
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type HostErrorKind =
  | "no-project"
  | "no-sequence"
  | "missing-file"
  | "import-refused"
  | "not-found"
  | "lock"
  | "transaction"
  | "metadata"
  /** Premiere did not write the frame asked of Exporter.exportSequenceFrame, or the file did not appear. */
  | "frame-export"
  /** The caller asked for something Premiere cannot do (overlapping placements, a negative frame). */
  | "invalid-request"
  | "unexpected";

export class HostError extends Error {
  override readonly name = "HostError";
  constructor(
    readonly kind: HostErrorKind,
    message: string,
    /** The Premiere call that failed, for bug reports ("Project.importFiles"). */
    readonly call?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ShotListErrorKind = "syntax" | "field" | "model" | "budget" | "io";

export interface ShotListLocation {
  file?: string;
  row?: number;
  line?: number;
  column?: string;
}

export class ShotListError extends Error {
  override readonly name = "ShotListError";
  constructor(
    readonly kind: ShotListErrorKind,
    message: string,
    readonly location: ShotListLocation = {},
  ) {
    super(message);
  }
}

/** A message for any thrown value, including strings and non-Error objects. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
