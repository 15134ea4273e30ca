import { createReadStream, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { clipFileFor } from "./clipFaults";
import { isDownloadFault, type DownloadFault, type FakeProviderName } from "./faults";
import type { FakeJob } from "./fakeJobs";
import type { FakeWorld } from "./fakeWorld";
import { sendText, type FakeRequest } from "./httpUtil";

/** The CDN hosts the fake stands in for, by bucket name in `/cdn/<bucket>/...`. */
export const CDN_BUCKETS: Record<string, string> = {
  "fal-media": "v3.fal.media",
  "replicate-delivery": "replicate.delivery",
  "kling-cdn": "cdn.klingai.com",
  "dashscope-oss": "dashscope-result.oss-accelerate.aliyuncs.com",
  "google-storage": "storage.googleapis.com",
};

export { clipFile } from "./clipFaults";

/**
 * Sends a clip with Range support. A `truncated-download` fault sends part of the body and then
 * drops the connection, as a flaky CDN does. A job with a clip fault gets its spoiled clip.
 */
export function serveClip(world: FakeWorld, req: FakeRequest, res: ServerResponse, job: FakeJob): void {
  const fault = world.faults.take(job.provider, "download", job.prompt, isDownloadFault);
  if (fault?.type === "expired-url") {
    sendText(res, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml");
    return;
  }
  void clipFileFor(world, job).then(
    (file) => sendClipFile(req, res, job, file, fault),
    (error: unknown) => sendText(res, 500, `The fake could not make the spoiled clip: ${error instanceof Error ? error.message : String(error)}`),
  );
}

function sendClipFile(req: FakeRequest, res: ServerResponse, job: FakeJob, file: string, fault: DownloadFault | undefined): void {
  const size = statSync(file).size;
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = req.headers.range;
  if (typeof range === "string") {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!match || (match[1] === "" && match[2] === "")) {
      res.writeHead(416, { "content-range": `bytes */${size}` });
      res.end();
      return;
    }
    if (match[1] === "") {
      start = Math.max(0, size - Number(match[2]));
    } else {
      start = Number(match[1]);
      if (match[2] !== "") end = Math.min(end, Number(match[2]));
    }
    if (start >= size || start > end) {
      res.writeHead(416, { "content-range": `bytes */${size}` });
      res.end();
      return;
    }
    status = 206;
  }
  const headers: Record<string, string> = {
    "content-type": "video/mp4",
    "content-length": String(end - start + 1),
    "accept-ranges": "bytes",
    "content-disposition": `attachment; filename="${job.clip}"`,
  };
  if (status === 206) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, headers);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  if (fault?.type === "truncated-download") {
    const cutAt = Math.min(end, start + (fault.afterBytes ?? Math.floor((end - start) / 2)));
    const stream = createReadStream(file, { start, end: cutAt });
    stream.on("data", (chunk) => res.write(chunk));
    stream.on("end", () => res.socket?.destroy());
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}

/** Serves `/cdn/<bucket>/<provider>/<job id>/<clip>?Expires=..&Signature=..`. */
export function handleCdn(world: FakeWorld, req: FakeRequest, res: ServerResponse): void {
  const parts = req.path.split("/").filter(Boolean);
  const [bucket, provider, encodedId] = parts;
  if (!bucket || !CDN_BUCKETS[bucket] || !provider || !encodedId || parts.length !== 4) {
    sendText(res, 404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
    return;
  }
  const expires = Number(req.query.get("Expires"));
  const signature = req.query.get("Signature") ?? "";
  const path = `/cdn${req.path}`;
  if (!Number.isFinite(expires) || signature !== world.signature(path, expires)) {
    sendText(res, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml");
    return;
  }
  if (expires * 1000 < world.now()) {
    sendText(res, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml");
    return;
  }
  const job = world.job(provider as FakeProviderName, decodeURIComponent(encodedId));
  if (!job || job.state !== "succeeded") {
    sendText(res, 404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
    return;
  }
  world.record({ provider: job.provider, operation: "download", method: req.method, path, status: 200 });
  serveClip(world, req, res, job);
}
