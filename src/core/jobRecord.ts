import type { ProviderErrorKind } from "./errors";
import type { DeferredInput, FrameOrigin } from "./frameInputs";
import type { JsonObject } from "./json";
import type { CostEstimate } from "./pricing";
import type { ImageInput, ResolvedRequest } from "./request";
import type { StillLineage } from "./stillLineage";
import type { JobHandle, VideoOutput } from "./videoProvider";

/**
 * The life of one take, from plan to timeline (design.md, "The job state machine"). Every
 * transition is written to the ledger before its side effect, so a restart resumes from the
 * ledger and never repeats a paid step.
 */
export const JOB_STATES = [
  "planned",
  "submitting",
  "queued",
  "running",
  "succeeded",
  "downloading",
  "downloaded",
  "embedding",
  "ready",
  "importing",
  "imported",
  "placing",
  "placed",
  "failed",
  "cancelled",
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The steps a job can fail in; a failed job resumes from its step's entry state. */
export type JobStep = "submit" | "track" | "download" | "embed" | "import" | "place";

/** `blocked`: a deferred input can never be resolved (its source shot failed); nothing was sent. */
export type FailureKind = ProviderErrorKind | "media" | "host" | "unknown-submit" | "budget" | "blocked";

export interface JobFailureRecord {
  step: JobStep;
  kind: FailureKind;
  message: string;
  code?: string;
  /** Whether running the step again can help. */
  retryable: boolean;
  /** Whether money was spent on this job. */
  charged: boolean | "unknown";
  at: string;
}

/** An image as the ledger keeps it: a reference, never the bytes. */
export interface ImageReference {
  name?: string;
  /** A URL the provider fetches, or a local path the face reloads the bytes from. */
  url?: string;
  path?: string;
  mediaType?: string;
  /** Set when the image is a still Shotbin made (see stillLineage.ts). */
  lineage?: StillLineage;
}

/** The request without image bytes, so the ledger stays small and holds no pixel data. */
export type StoredRequest = Omit<ResolvedRequest, "firstFrame" | "lastFrame" | "referenceImages"> & {
  firstFrame?: ImageReference;
  lastFrame?: ImageReference;
  referenceImages?: ImageReference[];
};

export interface ShotInfo {
  /** The shot's id in its list ("12A") or a generated one for single generations. */
  shotId: string;
  shotName?: string;
  scene?: string;
  shotList?: string;
  /** Order in the shot list; the scheduler submits lowest first. */
  order: number;
  take: number;
}

export interface JobRecord {
  /** Local id; equal to the request's idempotency key, which never changes. */
  id: string;
  runId?: string;
  shot: ShotInfo;
  request: StoredRequest;
  estimate: CostEstimate;
  state: JobState;
  handle?: JobHandle;
  progress?: number;
  outputs?: VideoOutput[];
  seed?: number;
  /** The downloaded (then embedded) clip. */
  file?: string;
  /** The Premiere project item, once imported. */
  clipId?: string;
  failure?: JobFailureRecord;
  /** A job this one retries (a new submit after a failure). */
  retryOf?: string;
  attempt: number;
  createdAt: string;
  updatedAt: string;
  /** When each state was entered, for elapsed times and the audit trail. */
  history: { state: JobState; at: string }[];
  /** Face-specific extras (placement slot, marker id, ...). */
  extra?: JsonObject;
  /** Inputs resolved just before submit (deferredInputs.ts): continuity frames, an image step's still. */
  deferred?: DeferredInput[];
  /** Where the frames sent came from, for the clip's metadata. */
  frameOrigin?: FrameOrigin;
}

const NEXT: Record<JobState, readonly JobState[]> = {
  planned: ["submitting", "cancelled", "failed"],
  submitting: ["queued", "running", "succeeded", "failed", "planned"],
  queued: ["running", "succeeded", "failed", "cancelled"],
  running: ["succeeded", "failed", "cancelled", "queued"],
  succeeded: ["downloading", "failed"],
  downloading: ["downloaded", "failed"],
  downloaded: ["embedding", "failed"],
  embedding: ["ready", "failed"],
  ready: ["importing", "failed"],
  importing: ["imported", "failed"],
  imported: ["placing", "failed"],
  placing: ["placed", "failed"],
  placed: ["placing"],
  // Only to the entry of the step that failed, when running it again can help (see resumeStep).
  failed: ["planned", "queued", "succeeded", "downloaded", "ready", "imported"],
  cancelled: [],
};

/** Where a failed step starts again. */
export const STEP_ENTRY: Record<JobStep, JobState> = {
  submit: "planned",
  track: "queued",
  download: "succeeded",
  embed: "downloaded",
  import: "ready",
  place: "imported",
};

export function canTransition(from: JobState, to: JobState): boolean {
  return NEXT[from].includes(to);
}

/** States in which the provider holds the job (a concurrency slot is taken). */
export function isAtProvider(state: JobState): boolean {
  return state === "submitting" || state === "queued" || state === "running";
}

/** Whether money was, or may have been, spent on this job (video or image: only these fields count). */
export function isCommitted(job: Pick<JobRecord, "state" | "handle" | "failure">): boolean {
  if (job.state === "planned") return false;
  if (job.state === "cancelled") return job.handle !== undefined;
  // A submit interrupted where the provider cannot say whether it arrived may have been charged: it counts.
  if (job.state === "failed") return job.failure?.charged !== false && (job.handle !== undefined || job.failure?.kind === "unknown-submit");
  return true;
}

export function isFinal(job: JobRecord, goal: JobState): boolean {
  return job.state === "failed" || job.state === "cancelled" || JOB_STATES.indexOf(job.state) >= JOB_STATES.indexOf(goal);
}

export function storedImage(image: ImageInput | undefined, path?: string): ImageReference | undefined {
  if (!image) return undefined;
  const lineage = image.lineage ? { lineage: image.lineage } : {};
  return image.kind === "url"
    ? { url: image.url, ...(image.name ? { name: image.name } : {}), ...lineage }
    : { mediaType: image.mediaType, ...(image.name ? { name: image.name } : {}), ...(path ? { path } : {}), ...lineage };
}

/** The request as stored: image bytes replaced by references (paths come from the face). */
export function storeRequest(request: ResolvedRequest, imagePaths: { firstFrame?: string; lastFrame?: string; referenceImages?: string[] } = {}): StoredRequest {
  const { firstFrame, lastFrame, referenceImages, ...rest } = request;
  const stored: StoredRequest = { ...rest };
  const first = storedImage(firstFrame, imagePaths.firstFrame);
  const last = storedImage(lastFrame, imagePaths.lastFrame);
  if (first) stored.firstFrame = first;
  if (last) stored.lastFrame = last;
  if (referenceImages?.length) stored.referenceImages = referenceImages.map((image, i) => storedImage(image, imagePaths.referenceImages?.[i])!);
  return stored;
}
