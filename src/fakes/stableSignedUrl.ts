import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";

/**
 * A signed CDN URL whose expiry is fixed by the job (for example its end time plus the provider's
 * retention), so every status read returns the same URL, as DashScope's OSS links and Kling's CDN
 * links do. `world.signedUrl` instead signs from the moment of the request.
 */
export function signedUrlExpiringAt(world: FakeWorld, bucket: string, job: FakeJob, expiresSeconds: number, extraQuery: Record<string, string> = {}): string {
  const path = `/cdn/${bucket}/${job.provider}/${encodeURIComponent(job.id)}/${job.clip}`;
  const query = new URLSearchParams({ Expires: String(expiresSeconds), ...extraQuery, Signature: world.signature(path, expiresSeconds) });
  return `${world.origin}${path}?${query.toString()}`;
}

/** When a finished job's result stops being served: its end time plus the provider's URL lifetime. */
export function resultExpirySeconds(world: FakeWorld, job: FakeJob): number {
  const lifetime = world.config.urlLifetimeSeconds[job.provider] ?? 3600;
  return Math.floor((job.finishedAt ?? world.now()) / 1000) + lifetime;
}
