import { GoogleGenAI } from "@google/genai";
import { ProviderError } from "../../src/core/errors";
import { renderFakeStill } from "../../src/fakes/fakeStills";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { buildGenerateContentBody, createGeminiImagesProvider } from "../../src/providers/geminiImages";
import { testContext, useFakeProviders } from "../support/fakeProviders";
import { dimensions, formatOf, imageRequest, similarity } from "../support/stills";

const fake = useFakeProviders();
const provider = (keys?: Record<string, string | undefined>) => createGeminiImagesProvider({ ...testContext(keys), baseUrl: `${fake().origin}/gemini` });
const MODEL = "gemini-3-pro-image-preview";

async function still(prompt: string, width = 640, height = 360): Promise<Uint8Array> {
  return renderFakeStill({ prompt, seed: 5, index: 0, width, height, format: "png" });
}

describe("the Gemini generateContent image adapter against the fake", () => {
  it("sends the prompt, the inline images and imageConfig; one still per call comes back inline", async () => {
    const request = imageRequest("gemini", MODEL, { aspectRatio: "16:9", resolution: "1K", seed: 11 });
    const body = buildGenerateContentBody(request);
    expect(body).toEqual({
      contents: [{ role: "user", parts: [{ text: request.prompt }] }],
      generationConfig: { responseModalities: ["TEXT", "IMAGE"], imageConfig: { aspectRatio: "16:9", imageSize: "1K" }, candidateCount: 1, seed: 11 },
    });
    const { handle, completed } = await provider().submit(request);
    expect(handle.id).toMatch(/^[\w-]+$/);
    expect(completed?.images).toHaveLength(1);
    expect(formatOf(completed!.images[0]!.bytes)).toBe("png");
    expect(dimensions(completed!.images[0]!.bytes)).toEqual({ width: 1376, height: 768 });
    expect(completed!.seed).toBe(11);
  });

  it("edits from up to 14 references; the still derives from the first and keeps its aspect when none is asked", async () => {
    const first = await still("a red tram in Lisbon", 768, 1024);
    const ref = await still("a reference", 64, 64);
    const refs = Array.from({ length: 13 }, () => ref);
    const request = imageRequest("gemini", MODEL, {
      prompt: "make it night",
      inputImages: [first, ...refs].map((bytes, i) => ({ kind: "bytes", bytes, mediaType: "image/png", name: `ref${i}.png` })),
    });
    expect(request.aspectRatio).toBeUndefined();
    const { completed } = await provider().submit(request);
    const edited = completed!.images[0]!.bytes;
    expect(dimensions(edited)).toEqual({ width: 896, height: 1200 });
    const plain = (await provider().submit(imageRequest("gemini", MODEL, { prompt: "make it night", aspectRatio: "3:4" }))).completed!.images[0]!.bytes;
    expect(similarity(edited, first)).toBeGreaterThan(0.6);
    expect(similarity(edited, first) - similarity(plain, first)).toBeGreaterThan(0.3);
    expect(() => imageRequest("gemini", MODEL, { inputImages: Array.from({ length: 15 }, () => ({ kind: "bytes", bytes: first, mediaType: "image/png" })) })).toThrow(/15 input images given; gemini-3-pro-image-preview takes at most 14/);
  });

  it("turns a blocked prompt (promptFeedback.blockReason, HTTP 200) into a content-policy failure", async () => {
    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "content-policy" } });
    const { completed } = await provider().submit(imageRequest("gemini", MODEL));
    expect(completed?.images).toEqual([]);
    expect(completed?.failure).toMatchObject({ kind: "content-policy", code: "PROHIBITED_CONTENT", retryable: false });
  });

  it("refuses image URLs before sending (the Gemini API takes inline images)", async () => {
    const error = await provider().submit(imageRequest("gemini", MODEL, { inputImages: [{ kind: "url", url: "https://example.com/a.png" }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", notReceived: true });
    expect(fake().world.creates.gemini).toBe(0);
  });

  it("maps Google's errors: a bad key is auth, a 429 is a rate limit with its RetryInfo", async () => {
    await expect(provider({ "gemini.apiKey": "nope" }).submit(imageRequest("gemini", MODEL))).rejects.toMatchObject({ kind: "auth" });
    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 90 } });
    await expect(provider().submit(imageRequest("gemini", MODEL))).rejects.toMatchObject({ kind: "quota", notReceived: true, retryAfterMs: 90_000 });
  });
});

describe("the official @google/genai SDK against the fake", () => {
  const ai = () => new GoogleGenAI({ apiKey: FAKE_KEYS.gemini, httpOptions: { baseUrl: `${fake().origin}/gemini`, fetch: (input, init) => fetch(input, init) } });

  it("models.generateContent returns an inline image part (text to image)", async () => {
    const response = await ai().models.generateContent({
      model: MODEL,
      contents: "a hot air balloon over a canyon",
      config: { responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "21:9", imageSize: "2K" } },
    });
    const part = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData);
    expect(part?.inlineData?.mimeType).toBe("image/png");
    const bytes = Buffer.from(part!.inlineData!.data!, "base64");
    expect(dimensions(bytes)).toEqual({ width: 3168, height: 1344 });
  });

  it("models.generateContent edits an inline image", async () => {
    const first = await still("a blue bicycle against a wall");
    const response = await ai().models.generateContent({
      model: MODEL,
      contents: [{ role: "user", parts: [{ text: "paint the wall yellow" }, { inlineData: { mimeType: "image/png", data: Buffer.from(first).toString("base64") } }] }],
      config: { responseModalities: ["TEXT", "IMAGE"], imageConfig: { aspectRatio: "16:9" } },
    });
    const data = response.candidates![0]!.content!.parts!.find((p) => p.inlineData)!.inlineData!.data!;
    const unrelated = await still("something else entirely");
    const edited = Buffer.from(data, "base64");
    expect(similarity(edited, first)).toBeGreaterThan(0.6);
    expect(similarity(edited, first) - similarity(unrelated, first)).toBeGreaterThan(0.3);
  });

  it("gets a lowercase imageSize refused with the field named", async () => {
    const error = await ai()
      .models.generateContent({ model: MODEL, contents: "x", config: { imageConfig: { imageSize: "2k" } } })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/image_size/);
    expect((error as { status?: number }).status).toBe(400);
  });
});
