import type { ServerResponse } from "node:http";
import type { FakeProviderName } from "./faults";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { sendText, type FakeRequest } from "./httpUtil";

/**
 * The stills a fake image job made, kept in memory on the job and served from fake CDN hosts
 * (`/img-cdn/<bucket>/<provider>/<job>/<n>.<ext>`) with signed, expiring URLs, as fal's and
 * Replicate's CDNs serve them.
 */

export interface FakeStill {
  bytes: Buffer;
  mediaType: string;
  extension: string;
  width: number;
  height: number;
}

export const IMAGE_CDN_HOSTS: Record<string, string> = { "fal-media": "v3.fal.media", "replicate-delivery": "replicate.delivery" };

/** The stills of a job once drawn (they are drawn while the job is queued and running). */
export function stillsOf(job: FakeJob): Promise<FakeStill[]> {
  return (job.extra.stills as Promise<FakeStill[]> | undefined) ?? Promise.resolve([]);
}

/**
 * Holds a job running until its stills are drawn (the real services answer COMPLETED with the
 * images ready), then lets it finish on its own schedule.
 */
export function holdUntilDrawn(job: FakeJob, stills: Promise<FakeStill[]>): void {
  const planned = job.runMs;
  job.runMs = Number.POSITIVE_INFINITY;
  const release = () => {
    if (job.runMs === Number.POSITIVE_INFINITY) job.runMs = planned;
  };
  stills.then(release, release);
}

export function signedStillUrl(world: FakeWorld, bucket: string, job: FakeJob, index: number, still: FakeStill): string {
  const expires = Math.floor(world.now() / 1000) + (world.config.urlLifetimeSeconds[job.provider] ?? 3600);
  const path = `/img-cdn/${bucket}/${job.provider}/${encodeURIComponent(job.id)}/${index}${still.extension}`;
  return `${world.origin}${path}?Expires=${expires}&Signature=${world.signature(path, expires)}`;
}

/** Serves `/<provider>/<job>/<n>.<ext>` below a bucket prefix, checking the signature and the expiry. */
export async function serveStill(world: FakeWorld, bucket: string, req: FakeRequest, res: ServerResponse): Promise<void> {
  const parts = req.path.split("/").filter(Boolean);
  const [provider, encodedId, file] = parts;
  const expires = Number(req.query.get("Expires"));
  const path = `/img-cdn/${bucket}${req.path}`;
  if (parts.length !== 3 || !provider || !encodedId || !file) {
    sendText(res, 404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
    return;
  }
  if (!Number.isFinite(expires) || req.query.get("Signature") !== world.signature(path, expires)) {
    sendText(res, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml");
    return;
  }
  if (expires * 1000 < world.now()) {
    sendText(res, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml");
    return;
  }
  const job = world.job(provider as FakeProviderName, decodeURIComponent(encodedId));
  const still = job && job.state === "succeeded" ? (await stillsOf(job))[Number(file.split(".")[0])] : undefined;
  if (!job || !still) {
    sendText(res, 404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
    return;
  }
  world.record({ provider: job.provider, operation: "download", method: req.method, path, status: 200 });
  res.writeHead(200, { "content-type": still.mediaType, "content-length": String(still.bytes.length), "accept-ranges": "bytes" });
  res.end(req.method === "HEAD" ? undefined : still.bytes);
}
