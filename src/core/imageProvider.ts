import type { ImageModelSpec } from "./imageModelSpec";
import type { ResolvedImageRequest } from "./imageRequest";
import type { ProviderId } from "./request";
import type { ValidationWarning } from "./validation";
import type { CallOptions, DownloadDescriptor, JobFailure, JobHandle, PollPolicy, SubmitOptions, WebhookSupport } from "./videoProvider";

/**
 * The image capability of a provider route, beside (not inside) VideoProvider: the same handle,
 * failure, poll and webhook vocabulary, and its own status with stills instead of videos. One
 * adapter per route (`openaiImages.ts` next to `openai.ts`).
 */

/** A still the provider reports. Bytes that came in the answer are never kept here (nor in the ledger). */
export interface ImageOutput {
  /** An http(s) URL to fetch through `download()`; absent for stills that came inline. */
  url?: string;
  /** The local file a still was written to (inline answers), set by the pipeline. */
  path?: string;
  mediaType?: string;
  width?: number;
  height?: number;
  /** ISO 8601, when the URL stops working. */
  expiresAt?: string;
}

/** A still's bytes, as a synchronous API answers them (base64 decoded). */
export interface InlineImage {
  bytes: Uint8Array;
  mediaType: string;
}

export type ImageJobStatus =
  | { state: "queued"; queuePosition?: number }
  | { state: "running"; progress?: number }
  | { state: "succeeded"; images: ImageOutput[]; seed?: number; chargedUsd?: number }
  | { state: "failed"; failure: JobFailure }
  | { state: "cancelled" };

export interface ImageSubmitResult {
  handle: JobHandle;
  warnings: ValidationWarning[];
  /**
   * Synchronous APIs (OpenAI Images, Gemini generateContent): the job ended in this very answer.
   * The pipeline writes the stills to disk before it records the job as succeeded. `failure` is
   * an answer that ended the job without stills (a safety block in a 200), with what it cost.
   */
  completed?: { images: InlineImage[]; seed?: number; chargedUsd?: number; failure?: JobFailure };
}

/** How to get still `index` of a finished job: a URL to download, or bytes made locally (simulator). */
export type ImageDownloadSource = { kind: "url"; descriptor: DownloadDescriptor } | { kind: "bytes"; image: InlineImage };

export interface ImageDownloadOptions extends CallOptions {
  /** A succeeded status just read (or recorded), used instead of reading it again. */
  status?: ImageJobStatus;
}

export interface ImageProvider {
  readonly id: ProviderId;
  /** The route, as the UI names it: "OpenAI Images API", "fal.ai queue". */
  readonly displayName: string;
  readonly models: readonly ImageModelSpec[];
  /** Whether the route is on without the user switching it on (see docs/frames.md for OpenAI's). */
  readonly enabledByDefault: boolean;
  /** The stills come back in the submit's own answer: there is no job to track. */
  readonly synchronous: boolean;
  readonly pollPolicy: PollPolicy;
  /** Whether a retried submit with the same idempotency key can never create a second job. */
  readonly idempotentSubmit: boolean;
  readonly webhook?: WebhookSupport<ImageJobStatus>;
  readonly supportsCancel: boolean;
  /** Every origin the route may contact, API and CDN hosts (for manifest.json). */
  readonly networkOrigins: readonly string[];

  /** Sends one validated request (one provider call; see splitImageRequest). Never retried blind. */
  submit(request: ResolvedImageRequest, options?: SubmitOptions): Promise<ImageSubmitResult>;
  status(handle: JobHandle, options?: CallOptions): Promise<ImageJobStatus>;
  cancel(handle: JobHandle, options?: CallOptions): Promise<void>;
  /** How to fetch still `index` of a succeeded job. Synchronous routes have nothing to fetch again. */
  download(handle: JobHandle, index: number, options?: ImageDownloadOptions): Promise<ImageDownloadSource>;
  /** After a crash during submit: the job for this key, `undefined` if none was made, `null` if unknown. */
  findByIdempotencyKey(request: ResolvedImageRequest, options?: CallOptions): Promise<JobHandle | undefined | null>;
  testCredentials(options?: CallOptions): Promise<void>;
}

export function isImageTerminal(status: ImageJobStatus): boolean {
  return status.state === "succeeded" || status.state === "failed" || status.state === "cancelled";
}
