import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import type { Clock } from "../../src/core/seams/clock";
import type { FileSystem } from "../../src/core/seams/fileSystem";
import { globalFetch, type HttpFetch } from "../../src/core/seams/http";
import type { DownloadDescriptor } from "../../src/core/videoProvider";
import { downloadClip, type DownloadOptions, type DownloadProgress } from "../../src/media/download";
import { nodeAssetSource } from "../../src/media/nodeAssetSource";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { uxpFileSystem } from "../../src/media/uxpFileSystem";
import { startClipServer, type ClipServer } from "./support/clipServer";
import { fakeUxpFs } from "./support/fakeUxpFs";
import { fixture, makeTempDir } from "./support/fixtures";

/** The downloader over real HTTP, against a server that misbehaves on purpose. */

let server: ClipServer;
let body: Buffer;
let root: string;

beforeAll(async () => {
  body = await fsp.readFile(await fixture("both"));
  server = await startClipServer(body);
  root = await makeTempDir("download");
});
afterAll(async () => {
  await server.close();
  await fsp.rm(root, { recursive: true, force: true });
});

function testClock(): Clock & { sleeps: number[] } {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => (now += 7),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

function descriptor(route: string, extra: Partial<DownloadDescriptor> = {}): DownloadDescriptor {
  return { url: `${server.url}${route}`, headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false, ...extra };
}

let folderCount = 0;
async function freshFolder(): Promise<string> {
  const folder = path.join(root, `d${++folderCount}`);
  await fsp.mkdir(folder);
  return folder;
}

function options(folder: string, overrides: Partial<DownloadOptions>): DownloadOptions {
  return {
    descriptor: descriptor("/clip.mp4"),
    fetch: globalFetch(),
    files: nodeFileSystem,
    destinationFolder: folder,
    fileName: "S01_fox_veo_42.mp4",
    clock: testClock(),
    writeBufferBytes: 8192,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<MediaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  return error as MediaError;
}

it("streams a clip to a temporary name, then renames it, reporting progress", async () => {
  const folder = await freshFolder();
  const progress: DownloadProgress[] = [];
  const result = await downloadClip(options(folder, { onProgress: (p) => progress.push(p) }));
  expect(result).toEqual({ path: path.join(folder, "S01_fox_veo_42.mp4"), bytes: body.length, contentType: "video/mp4" });
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  expect(await fsp.readdir(folder)).toEqual(["S01_fox_veo_42.mp4"]);
  expect(progress.length).toBeGreaterThan(1);
  expect(progress.at(-1)).toMatchObject({ bytes: body.length, total: body.length });
  for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
  expect(progress.every((p) => p.total === body.length && p.bytesPerSecond >= 0)).toBe(true);
  expect(progress.at(-1)!.bytesPerSecond).toBeGreaterThan(0);
});

it("resumes with Range (and If-Range) after the connection drops mid-body", async () => {
  const folder = await freshFolder();
  const before = server.requests.length;
  const result = await downloadClip(options(folder, { descriptor: descriptor("/cut-once.mp4") }));
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  const requests = server.requests.slice(before);
  expect(requests).toHaveLength(2);
  expect(requests[0]!.headers.range).toBeUndefined();
  expect(requests[1]!.headers.range).toMatch(/^bytes=\d+-$/);
  const resumedAt = Number(/\d+/.exec(requests[1]!.headers.range!)![0]);
  expect(resumedAt).toBeGreaterThan(0);
  expect(resumedAt).toBeLessThan(body.length);
  expect(requests[1]!.headers["if-range"]).toBe('"clip-v1"');
});

it("starts over when the server ignores Range after a drop", async () => {
  const folder = await freshFolder();
  const result = await downloadClip(options(folder, { descriptor: descriptor("/cut-once-no-range.mp4") }));
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  expect(await fsp.readdir(folder)).toEqual(["S01_fox_veo_42.mp4"]);
});

it("asks the adapter for a fresh URL when a signed URL has expired", async () => {
  const folder = await freshFolder();
  const refresh = jest.fn(async () => descriptor("/signed/fresh.mp4?sig=new", { expires: true, headers: { "x-fresh": "1" } }));
  const before = server.requests.length;
  const result = await downloadClip(options(folder, { descriptor: descriptor("/signed/old.mp4?sig=old", { expires: true }), refresh }));
  expect(refresh).toHaveBeenCalledTimes(1);
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  expect(server.requests.slice(before).map((r) => r.path)).toEqual(["/signed/old.mp4?sig=old", "/signed/fresh.mp4?sig=new"]);
  expect(server.requests.at(-1)!.headers["x-fresh"]).toBe("1");
});

it("reports an expired link clearly when there is no way to refresh it, without leaking the signature", async () => {
  const folder = await freshFolder();
  const error = await failure(downloadClip(options(folder, { descriptor: descriptor("/signed/old.mp4?X-Amz-Signature=SECRET-SIG", { expires: true }) })));
  expect(error.kind).toBe("expired");
  expect(error.message).toMatch(/expired.*\/signed\/old\.mp4.*403/);
  expect(error.message).not.toContain("SECRET");
  expect(await fsp.readdir(folder)).toEqual([]);
});

it("does not call refresh for a URL that is not signed", async () => {
  const folder = await freshFolder();
  const refresh = jest.fn(async () => descriptor("/clip.mp4"));
  const error = await failure(downloadClip(options(folder, { descriptor: descriptor("/signed/old.mp4"), refresh })));
  expect(error.kind).toBe("download");
  expect(refresh).not.toHaveBeenCalled();
});

it("detects a body that is cut off every time, gives up after its retries, and leaves nothing behind", async () => {
  const folder = await freshFolder();
  const clock = testClock();
  const error = await failure(downloadClip(options(folder, { descriptor: descriptor("/always-truncated.mp4"), clock, retry: { attempts: 3 } })));
  expect(error.kind).toBe("download");
  expect(error.message).toMatch(new RegExp(`Gave up after 3 attempts.*cut off.*after \\d+ of ${body.length} bytes`));
  expect(clock.sleeps).toEqual([500, 1000]);
  expect(await fsp.readdir(folder)).toEqual([]);
});

it("detects a body that ends early without a network error (fetch seam)", async () => {
  const folder = await freshFolder();
  const halfFetch: HttpFetch = async () => ({
    status: 200,
    url: "https://cdn.example/clip.mp4",
    headers: { get: (name: string) => ({ "content-type": "video/mp4", "content-length": String(body.length) })[name.toLowerCase()] ?? null },
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(body.subarray(0, 1000)));
        controller.close();
      },
    }),
    text: async () => "",
    arrayBuffer: async () => new ArrayBuffer(0),
  });
  const error = await failure(downloadClip(options(folder, { fetch: halfFetch, retry: { attempts: 2 } })));
  expect(error.message).toMatch(new RegExp(`ended after 1000 of ${body.length} bytes`));
  expect(await fsp.readdir(folder)).toEqual([]);
});

it("refuses a response that is not a video", async () => {
  const folder = await freshFolder();
  const html = await failure(downloadClip(options(folder, { descriptor: descriptor("/page.html") })));
  expect(html.message).toMatch(/Expected a video .* sent text\/html/);
  const json = await failure(downloadClip(options(folder, { descriptor: descriptor("/json-as-octets") })));
  expect(json.message).toMatch(/not an MP4 or MOV/);
  expect(await fsp.readdir(folder)).toEqual([]);
});

it("retries transient errors with backoff, honouring Retry-After", async () => {
  const folder = await freshFolder();
  const clock = testClock();
  const result = await downloadClip(options(folder, { descriptor: descriptor("/busy-twice.mp4"), clock }));
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  expect(clock.sleeps).toEqual([500, 2000]);
});

it("never overwrites an existing file: it takes the next free name", async () => {
  const folder = await freshFolder();
  await fsp.writeFile(path.join(folder, "S01_fox_veo_42.mp4"), "an editor's file");
  await fsp.writeFile(path.join(folder, "S01_fox_veo_42_2.mp4"), "another");
  const result = await downloadClip(options(folder, {}));
  expect(result.path).toBe(path.join(folder, "S01_fox_veo_42_3.mp4"));
  expect(await fsp.readFile(path.join(folder, "S01_fox_veo_42.mp4"), "utf8")).toBe("an editor's file");
  expect(await fsp.readFile(path.join(folder, "S01_fox_veo_42_2.mp4"), "utf8")).toBe("another");
});

it("refuses a file name that could escape the folder or break on Windows", async () => {
  const folder = await freshFolder();
  for (const fileName of ["../escape.mp4", "a/b.mp4", "CON.mp4", "clip?.mp4", "trailing. "]) {
    const error = await failure(downloadClip(options(folder, { fileName })));
    expect(error.kind).toBe("name");
  }
  expect(await fsp.readdir(folder)).toEqual([]);
  expect(await fsp.readdir(root)).not.toContain("escape.mp4");
});

it("sends the descriptor's headers but never puts them in an error", async () => {
  const folder = await freshFolder();
  const before = server.requests.length;
  const error = await failure(downloadClip(options(folder, { descriptor: descriptor("/page.html", { headers: { "x-goog-api-key": "SECRET-KEY" } }) })));
  expect(server.requests[before]!.headers["x-goog-api-key"]).toBe("SECRET-KEY");
  expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain("SECRET");
});

it("can be cancelled mid-download, removing its temporary file", async () => {
  const folder = await freshFolder();
  const controller = new AbortController();
  const done = downloadClip(
    options(folder, {
      descriptor: descriptor("/slow.mp4"),
      clock: { now: () => Date.now(), sleep: testClock().sleep },
      writeBufferBytes: 1024,
      onProgress: () => controller.abort(new Error("user cancelled")),
      signal: controller.signal,
    }),
  );
  const error = await failure(done);
  expect(error.kind).toBe("aborted");
  expect(await fsp.readdir(folder)).toEqual([]);
});

it("keeps memory bounded: writes are never larger than the buffer plus one network chunk", async () => {
  const folder = await freshFolder();
  const writes: number[] = [];
  const recording: FileSystem = {
    ...nodeFileSystem,
    createNew: async (target) => {
      const file = await nodeFileSystem.createNew(target);
      const write = file.write.bind(file);
      file.write = async (position, bytes) => {
        writes.push(bytes.length);
        return write(position, bytes);
      };
      return file;
    },
  };
  await downloadClip(options(folder, { files: recording, writeBufferBytes: 4096 }));
  expect(writes.reduce((sum, n) => sum + n, 0)).toBe(body.length);
  expect(Math.max(...writes)).toBeLessThanOrEqual(4096 + 65536);
});

it("copies a bundled clip (shotbin-asset:) from the asset source", async () => {
  const folder = await freshFolder();
  const assets = nodeAssetSource(path.join(__dirname, "../../assets/clips"));
  const result = await downloadClip(options(folder, { descriptor: descriptor("", { url: "shotbin-asset:sim_16x9_4s.mp4" }), assets }));
  expect((await fsp.readFile(result.path)).equals(await fsp.readFile(path.join(__dirname, "../../assets/clips/sim_16x9_4s.mp4")))).toBe(true);
  const error = await failure(downloadClip(options(folder, { descriptor: descriptor("", { url: "shotbin-asset:../package.json" }), assets })));
  expect(error.message).toMatch(/not a bundled clip name/);
});

it("works through the UXP file-system adapter (over a stand-in for UXP's fs)", async () => {
  const folder = await freshFolder();
  const uxp = fakeUxpFs();
  await fsp.writeFile(path.join(folder, "S01_fox_veo_42.mp4"), "taken");
  const result = await downloadClip(options(folder, { files: uxpFileSystem(uxp), descriptor: descriptor("/cut-once.mp4") }));
  expect(result.path).toBe(`${folder}/S01_fox_veo_42_2.mp4`);
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  expect(uxp.calls).toContain("open wx+");
});

it("follows a redirect to another host without sending the provider's key there", async () => {
  const folder = await freshFolder();
  const otherHost = server.url.replace("127.0.0.1", "localhost");
  const before = server.requests.length;
  const result = await downloadClip(
    options(folder, {
      descriptor: descriptor(`/redirect?to=${encodeURIComponent(`${otherHost}/clip.mp4`)}`, {
        followRedirects: true,
        headers: { "x-goog-api-key": "secret-key" },
      }),
    }),
  );
  expect((await fsp.readFile(result.path)).equals(body)).toBe(true);
  const [first, second] = server.requests.slice(before);
  expect(first!.headers["x-goog-api-key"]).toBe("secret-key");
  expect(second!.path).toBe("/clip.mp4");
  expect(second!.headers.host).toMatch(/^localhost:/);
  expect(second!.headers["x-goog-api-key"]).toBeUndefined();
});

it("keeps the key on a redirect within the same host", async () => {
  const folder = await freshFolder();
  const before = server.requests.length;
  await downloadClip(options(folder, { descriptor: descriptor("/redirect?to=%2Fclip.mp4", { followRedirects: true, headers: { "x-goog-api-key": "k" } }) }));
  expect(server.requests.slice(before).map((r) => r.headers["x-goog-api-key"])).toEqual(["k", "k"]);
});
