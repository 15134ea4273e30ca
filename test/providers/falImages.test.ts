import { fal as falClient } from "@fal-ai/client";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import type { ImageJobStatus } from "../../src/core/imageProvider";
import { renderFakeStill } from "../../src/fakes/fakeStills";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { buildFalImageInput, createFalImagesProvider } from "../../src/providers/falImages";
import { FalJwksCache, verifyFalWebhook } from "../../src/providers/falWebhookSignature";
import { pollUntilTerminal } from "../../src/providers/polling";
import { FAST_POLL, testContext, useFakeProviders } from "../support/fakeProviders";
import { dataUrl, dimensions, formatOf, imageRequest, pixelDistance, similarity } from "../support/stills";
import { startWebhookReceiver } from "../support/webhookReceiver";

const fake = useFakeProviders();
const provider = () => createFalImagesProvider({ ...testContext(), queueBaseUrl: `${fake().origin}/fal/queue` });
const FLUX = "fal-ai/flux-2-pro";
const SEEDREAM = "fal-ai/bytedance/seedream/v4.5";

async function finish(handle: Parameters<ReturnType<typeof provider>["status"]>[0]): Promise<ImageJobStatus> {
  return pollUntilTerminal<ImageJobStatus>(provider(), handle, { clock: systemClock, policy: FAST_POLL });
}

async function fetchStill(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("the fal image adapter against the fake queue", () => {
  it("generates on fal-ai/flux-2-pro: queue, result, a still on the CDN in the asked format and size", async () => {
    const request = imageRequest("fal", FLUX, { aspectRatio: "16:9", outputFormat: "png", seed: 7 });
    expect(buildFalImageInput(request)).toEqual({ prompt: request.prompt, image_size: "landscape_16_9", output_format: "png", seed: 7 });
    const { handle } = await provider().submit(request);
    expect(handle.data.endpoint).toBe(FLUX);
    const status = await finish(handle);
    expect(status).toMatchObject({ state: "succeeded", seed: 7, images: [{ mediaType: "image/png", width: 1024, height: 576 }] });
    const source = await provider().download(handle, 0, { status });
    expect(source.kind).toBe("url");
    const bytes = await fetchStill(source.kind === "url" ? source.descriptor.url : "");
    expect(formatOf(bytes)).toBe("png");
    expect(dimensions(bytes)).toEqual({ width: 1024, height: 576 });
  });

  it("edits on fal-ai/flux-2-pro/edit with image_urls (data URIs); the still derives from the first", async () => {
    const first = await renderFakeStill({ prompt: "a market stall", seed: 1, index: 0, width: 800, height: 600, format: "jpeg" });
    const request = imageRequest("fal", FLUX, { prompt: "add rain", inputImages: [{ kind: "bytes", bytes: first, mediaType: "image/jpeg" }] });
    expect(buildFalImageInput(request)).toMatchObject({ image_size: "auto", image_urls: [dataUrl(first, "image/jpeg")] });
    const { handle } = await provider().submit(request);
    expect(handle.data.endpoint).toBe("fal-ai/flux-2-pro/edit");
    const status = await finish(handle);
    const bytes = await fetchStill(status.state === "succeeded" ? status.images[0]!.url! : "");
    const other = await renderFakeStill({ prompt: "something else", seed: 2, index: 0, width: 800, height: 600, format: "jpeg" });
    expect(similarity(bytes, first)).toBeGreaterThan(0.6);
    expect(similarity(bytes, first) - similarity(other, first)).toBeGreaterThan(0.3);
  });

  it("makes several Seedream 4.5 stills in one call (num_images), at the 2K pixel count", async () => {
    const request = imageRequest("fal", SEEDREAM, { count: 2, aspectRatio: "16:9" });
    expect(buildFalImageInput(request)).toMatchObject({ num_images: 2, image_size: { width: 2736, height: 1536 } });
    const status = await finish((await provider().submit(request)).handle);
    expect(status.state === "succeeded" && status.images.map((image) => [image.width, image.height])).toEqual([[2736, 1536], [2736, 1536]]);
    const [a, b] = status.state === "succeeded" ? await Promise.all(status.images.map((image) => fetchStill(image.url!))) : [];
    expect(pixelDistance(a!, b!)).toBeGreaterThan(10);
  });

  it("reports the fake's refusals: pydantic 422 naming the field, a content-policy result", async () => {
    // Validation stops a webp for Flux 2 Pro; sent anyway, fal's own check answers.
    const wrong = { ...imageRequest("fal", FLUX), outputFormat: "webp" as const };
    await expect(provider().submit(wrong)).rejects.toMatchObject({ kind: "invalid-request", status: 422, message: expect.stringMatching(/output_format/) });
    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "content-policy", message: "NSFW content detected" } });
    const status = await finish((await provider().submit(imageRequest("fal", FLUX))).handle);
    expect(status).toMatchObject({ state: "failed", failure: { kind: "content-policy" } });
  });

  it("posts a signed fal_webhook with the stills, verifiable against the fake's JWKS", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const fal = provider();
      const { handle } = await fal.submit(imageRequest("fal", FLUX), { webhookUrl: `${receiver.url}/hooks/fal` });
      const [delivery] = await receiver.waitFor(1);
      const jwks = new FalJwksCache(globalFetch(), systemClock, `${fake().origin}/fal/rest/.well-known/jwks.json`);
      await expect(verifyFalWebhook(delivery!.rawBody, delivery!.headers, jwks, Date.now())).resolves.toMatchObject({ requestId: handle.id });
      const event = fal.webhook!.parse(JSON.parse(delivery!.rawBody.toString("utf8")), delivery!.headers);
      expect(event).toMatchObject({ provider: "fal", jobId: handle.id, status: { state: "succeeded", images: [{ mediaType: "image/png" }] } });
    } finally {
      await receiver.close();
    }
  });
});

describe("the official @fal-ai/client subscribe() against the fake", () => {
  beforeEach(() => {
    const origin = fake().origin;
    falClient.config({ credentials: FAKE_KEYS.fal, requestMiddleware: async (request) => ({ ...request, url: request.url.replace("https://queue.fal.run", `${origin}/fal/queue`) }) });
  });

  type Images = { images: Array<{ url: string; width: number; height: number; content_type: string }>; seed: number };

  it("generates on fal-ai/flux-2-pro and on Seedream 4.5 text to image", async () => {
    const flux = await falClient.subscribe(FLUX, { input: { prompt: "a kite over dunes", image_size: "square_hd", output_format: "jpeg" }, pollInterval: 50 });
    const fluxData = flux.data as Images;
    expect(fluxData.images[0]).toMatchObject({ width: 1024, height: 1024, content_type: "image/jpeg" });
    expect(formatOf(await fetchStill(fluxData.images[0]!.url))).toBe("jpeg");
    const seedream = await falClient.subscribe("fal-ai/bytedance/seedream/v4.5/text-to-image", { input: { prompt: "a kite over dunes", image_size: "auto_2K", seed: 4 }, pollInterval: 50 });
    expect((seedream.data as Images).seed).toBe(4);
  });

  it("edits on fal-ai/flux-2-pro/edit and Seedream 4.5 edit from a still's URL", async () => {
    const first = await falClient.subscribe(FLUX, { input: { prompt: "a lighthouse", image_size: "landscape_4_3" }, pollInterval: 50 });
    const url = (first.data as Images).images[0]!.url;
    const original = await fetchStill(url);
    for (const endpoint of ["fal-ai/flux-2-pro/edit", "fal-ai/bytedance/seedream/v4.5/edit"]) {
      const edited = await falClient.subscribe(endpoint, { input: { prompt: "make it stormy", image_urls: [url] }, pollInterval: 50 });
      const bytes = await fetchStill((edited.data as Images).images[0]!.url);
      expect(similarity(bytes, original)).toBeGreaterThan(0.6);
    }
  });
});
