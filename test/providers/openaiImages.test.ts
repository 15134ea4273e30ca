import OpenAI, { toFile } from "openai";
import { ProviderError } from "../../src/core/errors";
import { renderFakeStill } from "../../src/fakes/fakeStills";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { createOpenaiImagesProvider } from "../../src/providers/openaiImages";
import { testContext, useFakeProviders } from "../support/fakeProviders";
import { dimensions, formatOf, imageRequest, pixelDistance, similarity } from "../support/stills";

const fake = useFakeProviders();
const provider = (keys?: Record<string, string | undefined>) => createOpenaiImagesProvider({ ...testContext(keys), baseUrl: `${fake().origin}/openai` });
const client = (apiKey: string = FAKE_KEYS.openai) => new OpenAI({ apiKey, baseURL: `${fake().origin}/openai/v1`, maxRetries: 0 });

async function source(): Promise<Uint8Array> {
  return renderFakeStill({ prompt: "a harbour with boats", seed: 3, index: 0, width: 640, height: 400, format: "png" });
}

describe("the OpenAI Images adapter against the fake", () => {
  it("is a synchronous route, on by default (the Images API is live), with no job to look up", () => {
    const openai = provider();
    expect(openai).toMatchObject({ id: "openai", synchronous: true, enabledByDefault: true, idempotentSubmit: false });
    expect(openai.networkOrigins).toEqual([fake().origin]);
  });

  it("generates: the stills come back in the answer, in the format, size and count asked for", async () => {
    const request = imageRequest("openai", "gpt-image-1.5", { count: 2, aspectRatio: "3:2", quality: "low", outputFormat: "jpeg" });
    expect(request.size).toBe("1536x1024");
    const { handle, completed } = await provider().submit(request);
    expect(handle.id).toBe(`openai-images:${request.idempotencyKey}`);
    expect(completed?.images).toHaveLength(2);
    for (const image of completed!.images) {
      expect(image.mediaType).toBe("image/jpeg");
      expect(formatOf(image.bytes)).toBe("jpeg");
      expect(dimensions(image.bytes)).toEqual({ width: 1536, height: 1024 });
    }
    expect(fake().world.creates.openai).toBe(1);
  });

  it("gives different stills for different prompts", async () => {
    const a = await provider().submit(imageRequest("openai", "gpt-image-1.5", { prompt: "a red barn in a wheat field", quality: "low" }));
    const b = await provider().submit(imageRequest("openai", "gpt-image-1.5", { prompt: "a neon alley in the rain", quality: "low" }));
    expect(pixelDistance(a.completed!.images[0]!.bytes, b.completed!.images[0]!.bytes)).toBeGreaterThan(20);
  });

  it("edits with several input images (multipart image[]): the result derives from the first", async () => {
    const first = await source();
    const second = await renderFakeStill({ prompt: "a red scarf", seed: 9, index: 0, width: 300, height: 300, format: "jpeg" });
    const request = imageRequest("openai", "gpt-image-1.5", {
      prompt: "add a lighthouse on the pier",
      size: "1536x1024",
      quality: "medium",
      inputImages: [
        { kind: "bytes", bytes: first, mediaType: "image/png", name: "harbour.png" },
        { kind: "bytes", bytes: second, mediaType: "image/jpeg", name: "scarf.jpg" },
      ],
    });
    const { completed } = await provider().submit(request);
    const edited = completed!.images[0]!.bytes;
    const unrelated = (await provider().submit(imageRequest("openai", "gpt-image-1.5", { prompt: "add a lighthouse on the pier", size: "1536x1024" }))).completed!.images[0]!.bytes;
    expect(similarity(edited, first)).toBeGreaterThan(0.6);
    expect(similarity(edited, first) - similarity(unrelated, first)).toBeGreaterThan(0.3);
  });

  it("maps a moderation refusal to content-policy, not charged, and a wrong key to auth", async () => {
    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "content-policy" } });
    const refused = await provider().submit(imageRequest("openai", "gpt-image-1.5")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: "content-policy", charged: false, code: "moderation_blocked", status: 400 });
    const wrong = await provider({ "openai.apiKey": "sk-wrong" }).submit(imageRequest("openai", "gpt-image-1.5")).catch((error: unknown) => error);
    expect(wrong).toMatchObject({ kind: "auth" });
    expect(fake().world.creates.openai).toBe(0);
  });

  it("reports a rate limit as a refusal that sent nothing (safe to send again)", async () => {
    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 120 } });
    const error = await provider().submit(imageRequest("openai", "gpt-image-1.5")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "quota", notReceived: true, status: 429 });
  });

  it("answers status and download plainly: there is no job to poll", async () => {
    const openai = provider();
    const { handle } = await openai.submit(imageRequest("openai", "gpt-image-1.5", { quality: "low" }));
    await expect(openai.status(handle)).rejects.toMatchObject({ code: "synchronous" });
    await expect(openai.findByIdempotencyKey(imageRequest("openai", "gpt-image-1.5"))).resolves.toBeNull();
    await expect(openai.testCredentials()).resolves.toBeUndefined();
  });
});

describe("the official openai SDK against the fake Images API", () => {
  it("images.generate returns base64 stills in the asked format", async () => {
    const result = await client().images.generate({ model: "gpt-image-1.5", prompt: "a paper boat", size: "1024x1536", quality: "low", output_format: "webp", n: 1 });
    const bytes = Buffer.from(result.data![0]!.b64_json!, "base64");
    expect(formatOf(bytes)).toBe("webp");
    expect(dimensions(bytes)).toEqual({ width: 1024, height: 1536 });
    expect(result).toMatchObject({ output_format: "webp", quality: "low", size: "1024x1536" });
    expect(result.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("images.edit sends files as image[] and gets a still derived from the first", async () => {
    const first = await source();
    const result = await client().images.edit({
      model: "gpt-image-1.5",
      prompt: "make it winter",
      image: [await toFile(Buffer.from(first), "harbour.png", { type: "image/png" }), await toFile(Buffer.from(first), "again.png", { type: "image/png" })],
      size: "1536x1024",
    });
    const edited = Buffer.from(result.data![0]!.b64_json!, "base64");
    const plain = Buffer.from((await client().images.generate({ model: "gpt-image-1.5", prompt: "make it winter", size: "1536x1024" })).data![0]!.b64_json!, "base64");
    expect(similarity(edited, first)).toBeGreaterThan(0.6);
    expect(similarity(edited, first) - similarity(plain, first)).toBeGreaterThan(0.3);
  });

  it("gets the fake's validation and auth errors as the SDK's typed errors", async () => {
    const bad = await client().images.generate({ model: "gpt-image-1.5", prompt: "x", size: "800x600" as "1024x1024" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, param: "size", code: "invalid_value" });
    await expect(client("sk-wrong").images.generate({ model: "gpt-image-1.5", prompt: "x" })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
