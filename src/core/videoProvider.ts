import type { ProviderErrorKind } from "./errors";
import type { JsonObject } from "./json";
import type { ModelSpec } from "./modelSpec";
import type { ProviderId, ResolvedRequest } from "./request";
import type { ValidationWarning } from "./validation";

/**
 * Everything needed to find a submitted job again, from any process, after any restart. It is
 * plain JSON so the ledger can store it. It never holds a key.
 */
export interface JobHandle {
  provider: ProviderId;
  model: string;
  /** The provider's job id: OpenAI video id, Gemini operation name, fal request id, ... */
  id: string;
  idempotencyKey: string;
  /** ISO 8601. */
  submittedAt: string;
  /** Adapter-private details (endpoint used, status URLs, simulated timings). */
  data: JsonObject;
}

export interface VideoOutput {
  /** Where the bytes are; fetch it through `download()`, which adds auth and refreshes it. */
  url: string;
  /** ISO 8601, when the provider says the URL or the file stops working. */
  expiresAt?: string;
  mediaType?: string;
}

export interface JobFailure {
  kind: ProviderErrorKind;
  /** The provider's code (`DataInspectionFailed`, `1301`, ...), when it gives one. */
  code?: string;
  message: string;
  /** Whether the provider kept the money; `unknown` when it does not say. */
  charged: boolean | "unknown";
  /** Whether submitting the same request again can succeed. */
  retryable: boolean;
}

/** The one status vocabulary every provider is mapped onto. */
export type JobStatus =
  | { state: "queued"; queuePosition?: number }
  | { state: "running"; /** 0 to 1, when the provider reports it. */ progress?: number }
  | { state: "succeeded"; videos: VideoOutput[]; seed?: number; /** What the provider says it charged. */ chargedUsd?: number }
  | { state: "failed"; failure: JobFailure }
  | { state: "cancelled" };

export type JobState = JobStatus["state"];

export function isTerminal(status: JobStatus): boolean {
  return status.state === "succeeded" || status.state === "failed" || status.state === "cancelled";
}

/** How to fetch a finished clip's bytes. */
export interface DownloadDescriptor {
  /**
   * `http(s)://...` for a provider URL, or `shotbin-asset:<name>` for a clip bundled with
   * Shotbin (the simulator), which each face resolves from its own asset folder.
   */
  url: string;
  /** Headers the request must carry (an API key for authenticated downloads). Never logged. */
  headers: Record<string, string>;
  /** Gemini answers with a redirect to storage; a signed CDN URL does not. */
  followRedirects: boolean;
  expiresAt?: string;
  mediaType: string;
  /** True when the URL is signed and can expire: a 403/404/410 then means "ask for a fresh one". */
  expires: boolean;
}

export interface SubmitResult {
  handle: JobHandle;
  warnings: ValidationWarning[];
}

export interface SubmitOptions {
  /** Where the provider should POST status changes, for providers that take a URL per job. */
  webhookUrl?: string;
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface DownloadOptions extends CallOptions {
  /** A succeeded status just read (or recorded), used instead of reading it again; omit it to get a fresh URL. */
  status?: JobStatus;
}

/**
 * Poll pacing for one provider. Intervals grow by `backoff` while the job is queued and reset to
 * `runningIntervalMs` once it runs. Queued time does not count against the caller's timeout.
 */
export interface PollPolicy {
  initialDelayMs: number;
  queuedIntervalMs: number;
  maxQueuedIntervalMs: number;
  runningIntervalMs: number;
  backoff: number;
  /** Where the numbers come from: the provider's guide or our own measurement. */
  source: string;
}

/** A webhook body after verification, mapped onto Shotbin's vocabulary (image routes use ImageJobStatus). */
export interface WebhookEvent<S = JobStatus> {
  provider: ProviderId;
  /** The provider's job id the event is about. */
  jobId: string;
  /** Unique per delivery attempt family, for deduplication (webhook-id, or derived). */
  deliveryId: string;
  /** What the body claims. A signal only: callers re-read the job's status before acting. */
  status?: S;
}

/**
 * How a provider pushes status. `per-job`: the URL goes with each submit (Kling callback_url,
 * fal_webhook, Replicate webhook). `account`: one endpoint registered in the provider's console
 * (OpenAI project webhooks, Gemini static webhooks).
 */
export interface WebhookSupport<S = JobStatus> {
  delivery: "per-job" | "account";
  scheme: "standard-webhooks" | "fal-ed25519" | "path-token";
  /** Maps a verified body (already parsed JSON) to an event. Throws when it is not one of ours. */
  parse(body: unknown, headers: Record<string, string>): WebhookEvent<S>;
}

export interface VideoProvider {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly models: readonly ModelSpec[];
  /** False for providers that must be switched on explicitly (OpenAI, retired upstream). */
  readonly enabledByDefault: boolean;
  readonly pollPolicy: PollPolicy;
  /** Whether a retried submit with the same idempotency key can never create a second job. */
  readonly idempotentSubmit: boolean;
  readonly webhook?: WebhookSupport;
  readonly supportsCancel: boolean;
  /**
   * Every origin this adapter may contact as configured: API hosts and the result or CDN hosts it
   * downloads from (`https://*.fal.media`). UXP refuses any host its manifest does not list.
   */
  readonly networkOrigins: readonly string[];

  /** Sends one validated request. Never retried inside unless `idempotentSubmit` or the provider cannot have received it. */
  submit(request: ResolvedRequest, options?: SubmitOptions): Promise<SubmitResult>;
  status(handle: JobHandle, options?: CallOptions): Promise<JobStatus>;
  cancel(handle: JobHandle, options?: CallOptions): Promise<void>;
  /** How to fetch output `index` of a succeeded job; re-reads status for a fresh URL when needed. */
  download(handle: JobHandle, index?: number, options?: DownloadOptions): Promise<DownloadDescriptor>;
  /**
   * After a crash during submit: the job the provider created for this key, if the provider can
   * look it up; `undefined` when it did not create one; `null` when it cannot tell.
   */
  findByIdempotencyKey(
    request: ResolvedRequest,
    options?: CallOptions,
  ): Promise<JobHandle | undefined | null>;
  /** One cheap authenticated call that proves the key works. */
  testCredentials(options?: CallOptions): Promise<void>;
}
