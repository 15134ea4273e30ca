/**
 * Gives a job whose request carries a first frame a clip made from its frames (clipFromFrames.ts)
 * instead of a canned one. The clip is made while the job is queued and running; a job whose time
 * is up waits for it, so a finished job always has its file. Images behind URLs are fetched only
 * from this machine (loopback, such as the harness or a test's server): the fakes have no
 * internet, so any other URL, or a machine without ffmpeg, keeps the canned clip and says why in
 * `job.madeClip`.
 */
import type { FrameClipMaker } from "./clipFromFrames";
import type { FakeJob } from "./fakeJobs";
import { requestFrames, type RequestImage } from "./requestFrames";

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//i;

async function bytesOf(image: RequestImage): Promise<Buffer> {
  if ("bytes" in image) return image.bytes;
  if (!LOOPBACK.test(image.url)) throw new Error(`the fakes fetch images only from this machine, not ${new URL(image.url).host}`);
  const response = await fetch(image.url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`fetching ${image.url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Starts making the job's clip when its request has a first frame; does nothing otherwise. */
export function attachFrameClip(job: FakeJob, maker: FrameClipMaker | null): void {
  const frames = requestFrames(job.provider, job.input);
  if (!frames.first) return;
  const made: NonNullable<FakeJob["madeClip"]> = { status: "making", frames: frames.last ? "first+last" : "first" };
  job.madeClip = made;
  if (!maker) {
    Object.assign(made, { status: "skipped", reason: "clips from frames are switched off" });
    return;
  }
  const first = frames.first;
  void (async () => {
    try {
      const [firstBytes, lastBytes] = await Promise.all([bytesOf(first), frames.last ? bytesOf(frames.last) : undefined]);
      made.path = await maker.make({ first: firstBytes, ...(lastBytes ? { last: lastBytes } : {}), seconds: job.seconds });
      made.status = "ready";
    } catch (error) {
      made.status = "skipped";
      made.reason = error instanceof Error ? error.message : String(error);
    }
  })();
}
