/**
 * The fake providers turn the frames a request carries into the clip they return: its first frame
 * is the first image and its last frame the last image (PSNR above 30 dB), for every provider
 * route whose model takes a first frame, each receiving the images its own way (inline base64,
 * data URL, multipart file, or a URL on this machine), through the real adapters over HTTP.
 * Another picture scores far below, so the check can fail.
 */
import { promises as fsp, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { ImageInput, ResolvedRequest } from "../../src/core/request";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { clipFile } from "../../src/fakes/clipServing";
import { FrameClipMaker } from "../../src/fakes/clipFromFrames";
import { imageFromText, requestFrames } from "../../src/fakes/requestFrames";
import { extractFirstFrame, extractLastFrame, probeVideo } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { allModels } from "../../src/providers/catalog";
import { pollUntilTerminal } from "../../src/providers/polling";
import { createProviderRegistry, fakeProviderSettings } from "../../src/providers/registry";
import { FAST_POLL, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { makeStill, tempDir } from "../support/mediaMaker";

const fake = useFakeProviders();
let dir: string;
const stills: Record<string, { path: string; bytes: Uint8Array<ArrayBuffer> }> = {};

beforeAll(async () => {
  dir = tempDir("frame-clips");
  fake().world.frameClips = new FrameClipMaker(path.join(dir, "cache"));
  const make = async (name: string, source: string, width: number, height: number) => {
    const file = await makeStill(dir, name, { source, width, height });
    stills[name] = { path: file, bytes: new Uint8Array(await fsp.readFile(file)) };
  };
  await make("first", "testsrc2", 320, 180);
  await make("last", "smptehdbars", 320, 180);
  await make("other", "mandelbrot", 320, 180);
  await make("first-hd", "testsrc2", 1280, 720);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  fake().world.frameClips = new FrameClipMaker(path.join(dir, "cache"));
});

function registry() {
  const settings = fakeProviderSettings(fake().origin);
  return createProviderRegistry({
    context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore(VALID_KEYS), retry: { baseDelayMs: 5 } },
    settings: { ...settings, openai: { ...settings.openai, enabled: true } },
  });
}

const png = (name: string): ImageInput => ({ kind: "bytes", bytes: stills[name]!.bytes, mediaType: "image/png", name: `${name}.png` });

/** The shortest request each model accepts with these frames (Kling wants 1080p for a last frame; Sora a frame of its size). */
function requestFor(provider: string, model: string, withLast: boolean, resolutions: readonly string[], durations: readonly number[]): Record<string, unknown> {
  const sora = provider === "openai";
  const resolution = withLast && model.includes("kling") ? "1080p" : resolutions.includes("720p") ? "720p" : resolutions[0];
  return {
    provider,
    model,
    prompt: "a slow push-in",
    idempotencyKey: `shotbin-frames-${provider}-${model.replace(/\W/g, "-")}-${withLast ? "fl" : "f"}`,
    durationSeconds: Math.min(...durations),
    resolution,
    ...(sora ? { aspectRatio: "16:9" } : {}),
    firstFrame: png(sora ? "first-hd" : "first"),
    ...(withLast ? { lastFrame: png("last") } : {}),
  };
}

const ROUTES = allModels()
  .filter((m) => m.provider !== "simulator" && m.capabilities.firstFrame !== "none")
  .map((m) => ({
    provider: m.provider,
    model: m.id,
    withLast: m.capabilities.lastFrame !== "none",
    resolutions: m.capabilities.resolutions,
    durations: "values" in m.capabilities.durations ? m.capabilities.durations.values : [m.capabilities.durations.min],
  }));

describe("clips made from the request's frames", () => {
  it("covers every provider route that takes a first frame", () => {
    expect(ROUTES.map((r) => `${r.provider}/${r.model}`)).toEqual(expect.arrayContaining(["gemini/veo-3.1-generate-preview", "kling/kling-2.6", "dashscope/wan2.6-i2v", "fal/fal-ai/veo3.1", "replicate/kwaivgi/kling-v2.6", "openai/sora-2"]));
    expect(ROUTES.length).toBeGreaterThanOrEqual(14);
  });

  it.each(ROUTES)("$provider/$model: the clip starts on the first image (and ends on the last image when the model takes one)", async ({ provider, model, withLast, resolutions, durations }) => {
    const reg = registry();
    const checked = reg.check(requestFor(provider, model, withLast, resolutions, durations));
    if (!checked.ok) throw new Error(checked.issues.map((i) => i.message).join("; "));
    const adapter = reg.get(checked.request.provider)!;
    const { handle } = await adapter.submit(checked.request as ResolvedRequest);
    const final = await pollUntilTerminal(adapter, handle, { clock: systemClock, policy: FAST_POLL });
    expect(final.state).toBe("succeeded");
    const job = [...fake().world.jobs.values()].find((j) => j.provider === provider)!;
    expect(job.madeClip).toMatchObject({ status: "ready", frames: withLast ? "first+last" : "first" });

    const descriptor = await adapter.download(handle);
    const response = await fetch(descriptor.url, { headers: descriptor.headers });
    expect(response.status).toBe(200);
    const clip = path.join(dir, `${provider}-${model.replace(/\W/g, "-")}.mp4`);
    await fsp.writeFile(clip, Buffer.from(await response.arrayBuffer()));
    expect((await fsp.readFile(clip)).equals(await fsp.readFile(clipFile(fake().world, job)))).toBe(true);

    const facts = await probeVideo(clip);
    expect(facts.timestamps.length).toBe(Math.round(checked.request.durationSeconds * 24));
    const firstImage = stills[provider === "openai" ? "first-hd" : "first"]!.path;
    const first = await extractFirstFrame(clip, path.join(dir, `${provider}-first.png`));
    expect(await psnr(firstImage, first.path)).toBeGreaterThan(30);
    expect(await psnr(stills.other!.path, first.path)).toBeLessThan(15);
    if (withLast) {
      const last = await extractLastFrame(clip, path.join(dir, `${provider}-last.png`));
      expect(await psnr(stills.last!.path, last.path)).toBeGreaterThan(30);
      expect(await psnr(firstImage, last.path)).toBeLessThan(15);
    }
  });

  it("fetches a first frame from a URL on this machine, and keeps the canned clip (saying why) for one elsewhere", async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.from(stills.first!.bytes));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const reg = registry();
      const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/first.png`;
      for (const url of [local, "https://images.example.com/first.png"]) {
        const checked = reg.check({ provider: "replicate", model: "google/veo-3.1-fast", prompt: "p", idempotencyKey: `shotbin-url-${url.length}`, durationSeconds: 4, firstFrame: { kind: "url", url } });
        if (!checked.ok) throw new Error(checked.issues.map((i) => i.message).join("; "));
        const adapter = reg.get("replicate")!;
        const { handle } = await adapter.submit(checked.request as ResolvedRequest);
        expect((await pollUntilTerminal(adapter, handle, { clock: systemClock, policy: FAST_POLL })).state).toBe("succeeded");
      }
      const [byLocal, byRemote] = [...fake().world.jobs.values()];
      expect(byLocal?.madeClip).toMatchObject({ status: "ready" });
      expect(byRemote?.madeClip).toMatchObject({ status: "skipped", reason: expect.stringContaining("only from this machine, not images.example.com") });
      expect(clipFile(fake().world, byRemote!)).toContain(path.join("assets", "clips"));
    } finally {
      server.close();
    }
  });

  it("makes a clip once per content and serves it from the cache afterwards", async () => {
    const maker = new FrameClipMaker(path.join(dir, "cache-once"));
    const first = Buffer.from(stills.first!.bytes);
    const [a, b] = await Promise.all([maker.make({ first, seconds: 2 }), maker.make({ first, seconds: 2 })]);
    expect(a).toBe(b);
    const made = (await fsp.stat(a)).mtimeMs;
    expect(await maker.make({ first, seconds: 2 })).toBe(a);
    expect((await fsp.stat(a)).mtimeMs).toBe(made);
    expect(await maker.make({ first, seconds: 3 })).not.toBe(a);
    expect(await fsp.readdir(path.join(dir, "cache-once"))).toHaveLength(2);
  });
});

describe("where each provider's request carries its frames", () => {
  const b64 = Buffer.from("frame").toString("base64");
  it.each([
    ["gemini", { instances: [{ image: { bytesBase64Encoded: b64, mimeType: "image/png" }, lastFrame: { inlineData: { data: b64, mimeType: "image/png" } } }] }, true],
    ["kling", { contents: [{ type: "prompt", text: "p" }, { type: "first_frame", url: `data:image/png;base64,${b64}` }, { type: "last_frame", url: b64 }] }, true],
    ["kling", { image: b64, image_tail: b64 }, true],
    ["dashscope", { input: { img_url: `data:image/png;base64,${b64}` } }, false],
    ["fal", { first_frame_url: `data:image/png;base64,${b64}`, last_frame_url: `data:image/png;base64,${b64}` }, true],
    ["fal", { start_image_url: `data:image/png;base64,${b64}`, end_image_url: `data:image/png;base64,${b64}` }, true],
    ["replicate", { image: `data:image/png;base64,${b64}`, last_frame: `data:image/png;base64,${b64}` }, true],
    ["replicate", { start_image: `data:image/png;base64,${b64}` }, false],
    ["openai", { input_reference: { fileName: "f.png", mimeType: "image/png", bytes: b64 } }, false],
  ] as const)("%s: %j", (provider, input, hasLast) => {
    const frames = requestFrames(provider, input as unknown as Record<string, unknown>);
    expect(frames.first).toEqual({ bytes: Buffer.from("frame") });
    expect(frames.last === undefined).toBe(!hasLast);
  });

  it("keeps URLs as URLs and refuses text that is not an image reference", () => {
    expect(imageFromText("https://x.example/a.png")).toEqual({ url: "https://x.example/a.png" });
    expect(imageFromText("not base64!")).toBeUndefined();
    expect(requestFrames("fal", { prompt: "text only" })).toEqual({ first: undefined, last: undefined });
  });
});
