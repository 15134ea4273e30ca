import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { downloadClip, type DownloadProgress } from "../../src/media/download";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { createFalProvider } from "../../src/providers/fal";
import { pollUntilTerminal } from "../../src/providers/polling";
import { FAST_POLL, testContext, useFakeProviders } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";

/** The downloader against the fake providers' CDN, through a real adapter's descriptors. */
const fake = useFakeProviders();
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-fake-download-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function finishedFalJob() {
  const fal = createFalProvider({ ...testContext(), queueBaseUrl: `${fake().origin}/fal/queue` });
  const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1/fast", { durationSeconds: 8 }));
  await pollUntilTerminal(fal, handle, { clock: systemClock, policy: FAST_POLL });
  const job = fake().world.job("fal", handle.id)!;
  const clip = await readFile(join(__dirname, "..", "..", "assets", "clips", job.clip));
  return { fal, handle, clip };
}

const quick = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

it("resumes after the CDN cuts the body, reporting progress up to the full size", async () => {
  const { fal, handle, clip } = await finishedFalJob();
  fake().world.faults.add({ provider: "fal", operation: "download", fault: { type: "truncated-download", afterBytes: 10_000 } });
  const progress: DownloadProgress[] = [];
  const result = await downloadClip({
    descriptor: await fal.download(handle),
    refresh: () => fal.download(handle),
    fetch: globalFetch(),
    files: nodeFileSystem,
    destinationFolder: folder,
    fileName: "1A_harbour.mp4",
    clock: systemClock,
    retry: quick,
    writeBufferBytes: 4096,
    onProgress: (p) => progress.push(p),
  });
  expect((await readFile(result.path)).equals(clip)).toBe(true);
  expect(progress.at(-1)).toMatchObject({ bytes: clip.length, total: clip.length });
  expect(progress.some((p) => p.bytes > 0 && p.bytes < clip.length)).toBe(true);
  const downloads = fake().world.requests.filter((r) => r.operation === "download");
  expect(downloads).toHaveLength(2);
});

it("keeps resuming when every response is cut short, and ends byte-exact", async () => {
  const { fal, handle, clip } = await finishedFalJob();
  fake().world.faults.add({ provider: "fal", operation: "download", fault: { type: "truncated-download", afterBytes: 8000 }, times: 0 });
  const result = await downloadClip({
    descriptor: await fal.download(handle),
    fetch: globalFetch(),
    files: nodeFileSystem,
    destinationFolder: folder,
    fileName: "1A_harbour.mp4",
    clock: systemClock,
    retry: quick,
  });
  expect((await readFile(result.path)).equals(clip)).toBe(true);
  const downloads = fake().world.requests.filter((r) => r.operation === "download");
  expect(downloads.length).toBe(Math.ceil(clip.length / 8001));
  expect(await readdir(folder)).toEqual(["1A_harbour.mp4"]);
});

it("asks the adapter for a fresh link when the CDN says the signed URL expired", async () => {
  const { fal, handle, clip } = await finishedFalJob();
  fake().world.faults.add({ provider: "fal", operation: "download", fault: { type: "expired-url" } });
  let refreshes = 0;
  const result = await downloadClip({
    descriptor: await fal.download(handle),
    refresh: () => {
      refreshes++;
      return fal.download(handle);
    },
    fetch: globalFetch(),
    files: nodeFileSystem,
    destinationFolder: folder,
    fileName: "1A_harbour.mp4",
    clock: systemClock,
    retry: quick,
  });
  expect(refreshes).toBe(1);
  expect((await readFile(result.path)).equals(clip)).toBe(true);
});
