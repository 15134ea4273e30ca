import Replicate from "replicate";
import { systemClock } from "../../src/core/seams/clock";
import type { ImageJobStatus } from "../../src/core/imageProvider";
import { renderFakeStill } from "../../src/fakes/fakeStills";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { pollUntilTerminal } from "../../src/providers/polling";
import { buildReplicateImageInput, createReplicateImagesProvider } from "../../src/providers/replicateImages";
import { verifyStandardWebhook } from "../../src/providers/standardWebhooks";
import { FAST_POLL, testContext, useFakeProviders } from "../support/fakeProviders";
import { dataUrl, dimensions, formatOf, imageRequest, similarity } from "../support/stills";
import { startWebhookReceiver } from "../support/webhookReceiver";

const fake = useFakeProviders();
const provider = () => createReplicateImagesProvider({ ...testContext(), baseUrl: `${fake().origin}/replicate` });

async function finish(handle: Parameters<ReturnType<typeof provider>["status"]>[0]): Promise<ImageJobStatus> {
  return pollUntilTerminal<ImageJobStatus>(provider(), handle, { clock: systemClock, policy: FAST_POLL });
}

async function fetchStill(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function source(): Promise<Uint8Array> {
  return renderFakeStill({ prompt: "a vineyard at noon", seed: 8, index: 0, width: 600, height: 800, format: "png" });
}

describe("the Replicate image adapter against the fake", () => {
  it("generates on black-forest-labs/flux-2-pro: aspect ratio, megapixels, jpg for jpeg", async () => {
    const request = imageRequest("replicate", "black-forest-labs/flux-2-pro", { aspectRatio: "3:2", resolution: "2 MP", outputFormat: "jpeg", seed: 12 });
    expect(buildReplicateImageInput(request)).toEqual({ prompt: request.prompt, aspect_ratio: "3:2", resolution: "2 MP", output_format: "jpg", seed: 12 });
    const { handle } = await provider().submit(request);
    const status = await finish(handle);
    expect(status).toMatchObject({ state: "succeeded", images: [{ mediaType: "image/jpeg" }] });
    const bytes = await fetchStill(status.state === "succeeded" ? status.images[0]!.url! : "");
    expect(formatOf(bytes)).toBe("jpeg");
    const { width, height } = dimensions(bytes);
    expect(width / height).toBeCloseTo(1.5, 1);
    expect(width * height).toBeGreaterThan(1.9e6);
  });

  it("edits on bytedance/seedream-4.5 (image_input, output an array) and prunaai/p-image-edit (images); both derive from the input", async () => {
    const first = await source();
    const unrelated = await renderFakeStill({ prompt: "something unrelated", seed: 1, index: 0, width: 600, height: 800, format: "png" });
    for (const model of ["bytedance/seedream-4.5", "prunaai/p-image-edit"]) {
      const request = imageRequest("replicate", model, { prompt: "add fog", inputImages: [{ kind: "bytes", bytes: first, mediaType: "image/png" }] });
      const input = buildReplicateImageInput(request);
      expect(input[model === "prunaai/p-image-edit" ? "images" : "image_input"]).toEqual([dataUrl(first)]);
      expect(input.aspect_ratio).toBe("match_input_image");
      const status = await finish((await provider().submit(request)).handle);
      const bytes = await fetchStill(status.state === "succeeded" ? status.images[0]!.url! : "");
      const { width, height } = dimensions(bytes);
      expect(width / height).toBeCloseTo(0.75, 1);
      expect(similarity(bytes, first)).toBeGreaterThan(0.6);
      expect(similarity(bytes, first) - similarity(unrelated, first)).toBeGreaterThan(0.3);
    }
  });

  it("refuses P Image Edit without an image before anything is sent", () => {
    expect(() => imageRequest("replicate", "prunaai/p-image-edit")).toThrow(/only edits images/);
  });

  it("gets Replicate's 422 naming the field, and E005 as a content-policy failure", async () => {
    const wrong = { ...imageRequest("replicate", "black-forest-labs/flux-2-pro"), resolution: "3 MP" };
    await expect(provider().submit(wrong)).rejects.toMatchObject({ kind: "invalid-request", status: 422, message: expect.stringMatching(/input\.resolution/) });
    fake().world.faults.add({ provider: "replicate", operation: "create", fault: { type: "content-policy" } });
    const status = await finish((await provider().submit(imageRequest("replicate", "black-forest-labs/flux-2-pro"))).handle);
    expect(status).toMatchObject({ state: "failed", failure: { kind: "content-policy", code: "E005" } });
  });

  it("signs its webhooks with the account secret (Standard Webhooks) and carries the still in the completed body", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const replicate = provider();
      const { handle } = await replicate.submit(imageRequest("replicate", "bytedance/seedream-4.5"), { webhookUrl: `${receiver.url}/hooks/replicate` });
      const deliveries = await receiver.waitFor(2);
      for (const delivery of deliveries) expect(() => verifyStandardWebhook(delivery.rawBody, delivery.headers, [fake().world.config.replicateWebhookSecret], Date.now())).not.toThrow();
      const last = replicate.webhook!.parse(JSON.parse(deliveries[1]!.rawBody.toString("utf8")), deliveries[1]!.headers);
      expect(last).toMatchObject({ jobId: handle.id, status: { state: "succeeded", images: [{ mediaType: "image/jpeg" }] } });
    } finally {
      await receiver.close();
    }
  });
});

describe("the official replicate SDK run() against the fake", () => {
  const client = () => new Replicate({ auth: FAKE_KEYS.replicate, baseUrl: `${fake().origin}/replicate/v1`, useFileOutput: false });

  it("generates on black-forest-labs/flux-2-pro (default client options)", async () => {
    // The SDK wraps only https: outputs in FileOutput; the fake's loopback URLs come back as strings.
    const sdk = new Replicate({ auth: FAKE_KEYS.replicate, baseUrl: `${fake().origin}/replicate/v1` });
    const output = await sdk.run("black-forest-labs/flux-2-pro", { input: { prompt: "a kite over dunes", aspect_ratio: "1:1", output_format: "png" } });
    expect(new URL(String(output)).pathname).toMatch(/^\/img-cdn\/replicate-delivery\//);
    const bytes = await fetchStill(String(output));
    expect(formatOf(bytes)).toBe("png");
    expect(dimensions(bytes)).toEqual({ width: 1024, height: 1024 });
  });

  it("edits on prunaai/p-image-edit and bytedance/seedream-4.5", async () => {
    const first = await source();
    const pruna = await client().run("prunaai/p-image-edit", { input: { prompt: "add snow", images: [dataUrl(first)] } });
    expect(similarity(await fetchStill(String(pruna)), first)).toBeGreaterThan(0.6);
    const seedream = (await client().run("bytedance/seedream-4.5", { input: { prompt: "add snow", image_input: [dataUrl(first)] } })) as string[];
    expect(seedream).toHaveLength(1);
    expect(similarity(await fetchStill(seedream[0]!), first)).toBeGreaterThan(0.6);
  });
});
