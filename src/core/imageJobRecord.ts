import type { ImageCostEstimate } from "./imageModelSpec";
import type { ResolvedImageRequest } from "./imageRequest";
import type { ImageOutput } from "./imageProvider";
import { storedImage, type ImageReference, type JobFailureRecord, type JobState, type ShotInfo } from "./jobRecord";
import type { JsonObject } from "./json";
import type { JobHandle } from "./videoProvider";

/**
 * One provider call for stills, from plan to bin: the same states, idempotency and ledger as a
 * video job (jobRecord.ts), with one or more stills instead of one clip. Image jobs live in the
 * ledger beside video jobs (its `imageJobs` list), so nothing that reads video jobs sees them.
 *
 * States used: planned → submitting → queued → running → succeeded → downloading → downloaded →
 * embedding → ready → importing → imported, plus failed and cancelled. A synchronous API goes from
 * submitting straight to succeeded, its stills already written to disk.
 */

/** The request without image bytes (input images are references the face can reload). */
export type StoredImageRequest = Omit<ResolvedImageRequest, "inputImages"> & { inputImages?: ImageReference[] };

/** One still on disk: where it is and, once embedded, the SHA-256 of its final bytes. */
export interface StillFile {
  path: string;
  /** Set once XMP is embedded; what a clip animated from this still records. */
  sha256?: string;
  embedded?: boolean;
}

export interface ImageJobRecord {
  kind: "image";
  /** Local id; equal to the request's idempotency key. */
  id: string;
  runId?: string;
  shot: ShotInfo;
  request: StoredImageRequest;
  estimate: ImageCostEstimate;
  state: JobState;
  handle?: JobHandle;
  progress?: number;
  /** The stills the provider reported, in its order. */
  outputs?: ImageOutput[];
  seed?: number;
  /** The stills on disk, by output index. */
  files?: StillFile[];
  /** Premiere project items, once imported (panel). */
  clipIds?: string[];
  failure?: JobFailureRecord;
  retryOf?: string;
  attempt: number;
  createdAt: string;
  updatedAt: string;
  history: { state: JobState; at: string }[];
  extra?: JsonObject;
}

export interface PlannedImageTake {
  request: ResolvedImageRequest;
  estimate: ImageCostEstimate;
  shot: ShotInfo;
  /** Where the face keeps each input image, so a resumed job can reload the bytes. */
  inputImagePaths?: string[];
  extra?: JsonObject;
}

export function storeImageRequest(request: ResolvedImageRequest, paths: string[] = []): StoredImageRequest {
  const { inputImages, ...rest } = request;
  const stored: StoredImageRequest = { ...rest };
  if (inputImages?.length) stored.inputImages = inputImages.map((image, i) => storedImage(image, paths[i])!);
  return stored;
}

/** A new ledger record for one image call, before anything is sent. */
export function planImageJob(take: PlannedImageTake, now: number, runId?: string): ImageJobRecord {
  const at = new Date(now).toISOString();
  return {
    kind: "image",
    id: take.request.idempotencyKey,
    ...(runId ? { runId } : {}),
    shot: take.shot,
    request: storeImageRequest(take.request, take.inputImagePaths),
    estimate: take.estimate,
    state: "planned",
    attempt: 1,
    createdAt: at,
    updatedAt: at,
    history: [{ state: "planned", at }],
    ...(take.extra ? { extra: take.extra } : {}),
  };
}

/** The still files of a job that are on disk and embedded, in output order. */
export function readyStills(job: ImageJobRecord): StillFile[] {
  return (job.files ?? []).filter((file): file is StillFile => !!file && !!file.embedded);
}
