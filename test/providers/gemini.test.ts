import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { GoogleGenAI } from "@google/genai";
import { ProviderError } from "../../src/core/errors";
import { systemClock } from "../../src/core/seams/clock";
import type { JobHandle, JobStatus } from "../../src/core/videoProvider";
import { createGeminiProvider } from "../../src/providers/gemini";
import { pollUntilTerminal } from "../../src/providers/polling";
import { verifyStandardWebhook } from "../../src/providers/standardWebhooks";
import { clipFile } from "../../src/fakes/clipServing";
import { DEFAULT_CONFIG, FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { FAST, FAST_POLL, distinctInOrder, lockstepJobs, testContext, useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { pngImage, resolvedRequest } from "../support/requests";
import { startWebhookReceiver } from "../support/webhookReceiver";

const fake = useFakeProviders();
afterEach(() => {
  fake().world.config = { ...DEFAULT_CONFIG, ...FAST };
});

const baseUrl = () => `${fake().origin}/gemini`;
const provider = (keys?: Record<string, string | undefined>) => createGeminiProvider({ ...testContext(keys), baseUrl: baseUrl() });
const run = (handle: JobHandle) => pollUntilTerminal(provider(), handle, { clock: systemClock, policy: FAST_POLL });
const PNG_BASE64 = Buffer.from((pngImage() as { bytes: Uint8Array }).bytes).toString("base64");

function clipBytes(name: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", "clips", name));
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A raw predictLongRunning call, for what the adapter never sends but the API must accept or refuse. */
async function rawCreate(body: unknown, model = "veo-3.1-generate-preview") {
  const response = await fetch(`${baseUrl()}/v1beta/models/${model}:predictLongRunning`, {
    method: "POST",
    headers: { "x-goog-api-key": FAKE_KEYS.gemini, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { name?: string; error?: { message: string; status: string } } };
}

describe("Gemini adapter against the fake Veo API", () => {
  it("describes itself: no cancel, account webhooks, API and storage hosts", () => {
    const defaults = createGeminiProvider(testContext());
    expect(defaults.networkOrigins).toEqual(["https://generativelanguage.googleapis.com", "https://storage.googleapis.com", "https://*.googleusercontent.com"]);
    expect(defaults.supportsCancel).toBe(false);
    expect(defaults.webhook).toMatchObject({ delivery: "account", scheme: "standard-webhooks" });
  });

  it("runs text to video: predictLongRunning, operation polling, download through a redirect to storage", async () => {
    const gemini = provider();
    const request = resolvedRequest("gemini", "veo-3.1-generate-preview", { resolution: "4k", aspectRatio: "9:16", negativePrompt: "cartoon", seed: 42 });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await gemini.submit(request);
    expect(handle.id).toMatch(/^models\/veo-3\.1-generate-preview\/operations\/[0-9a-f]+$/);
    const job = fake().world.job("gemini", handle.id.split("/").pop()!)!;
    // The seed is recorded by validation but never sent; personGeneration is allow_all for text.
    expect(job.input).toEqual({
      instances: [{ prompt: request.prompt }],
      parameters: { durationSeconds: 8, resolution: "4k", personGeneration: "allow_all", aspectRatio: "9:16", negativePrompt: "cartoon" },
    });

    const seen: string[] = [];
    const onStatus = (s: JobStatus) => {
      seen.push(s.state);
      lockstep.seen(job, s.state);
    };
    const final = await pollUntilTerminal(gemini, handle, { clock: systemClock, policy: FAST_POLL, onStatus });
    // Gemini has no queued state: an operation is either not done or done.
    expect(distinctInOrder(seen)).toEqual(["running", "succeeded"]);
    expect(final.state).toBe("succeeded");
    if (final.state !== "succeeded") return;
    const uri = final.videos[0]!.url;
    expect(uri).toBe(`${baseUrl()}/v1beta/files/${job.id}:download?alt=media`);
    const retention = Date.parse(final.videos[0]!.expiresAt!) - Date.parse(handle.submittedAt);
    expect(retention).toBe(2 * 86_400_000);

    const descriptor = await gemini.download(handle);
    expect(descriptor).toMatchObject({ url: uri, headers: { "x-goog-api-key": FAKE_KEYS.gemini }, followRedirects: true, mediaType: "video/mp4" });
    const hop = await fetch(descriptor.url, { headers: descriptor.headers, redirect: "manual" });
    expect(hop.status).toBe(302);
    expect(hop.headers.get("location")).toMatch(new RegExp(`^${fake().origin}/cdn/google-storage/gemini/${job.id}/`));
    const followed = await fetch(descriptor.url, { headers: descriptor.headers });
    expect(followed.status).toBe(200);
    expect(Buffer.from(await followed.arrayBuffer()).equals(clipBytes(job.clip))).toBe(true);
    expect(job.clip).toMatch(/^sim_9x16_/);
    expect((await fetch(descriptor.url, { redirect: "manual" })).status).toBe(403);
  });

  it("sends first and last frames inline with allow_adult, and reference images as assets", async () => {
    const gemini = provider();
    const interpolation = await gemini.submit(resolvedRequest("gemini", "veo-3.1-fast-generate-preview", { firstFrame: pngImage(), lastFrame: pngImage(), durationSeconds: 6 }));
    const image = { bytesBase64Encoded: PNG_BASE64, mimeType: "image/png" };
    expect(fake().world.job("gemini", interpolation.handle.id.split("/").pop()!)!.input).toEqual({
      instances: [{ prompt: expect.any(String), image, lastFrame: image }],
      parameters: { durationSeconds: 6, resolution: "720p", personGeneration: "allow_adult", aspectRatio: "16:9" },
    });
    expect((await run(interpolation.handle)).state).toBe("succeeded");

    const references = await gemini.submit(resolvedRequest("gemini", "veo-3.1-generate-preview", { referenceImages: [pngImage(), pngImage()] }));
    const input = fake().world.job("gemini", references.handle.id.split("/").pop()!)!.input as { instances: Record<string, unknown>[]; parameters: Record<string, unknown> };
    expect(input.instances[0]!.referenceImages).toEqual([
      { image, referenceType: "asset" },
      { image, referenceType: "asset" },
    ]);
    expect(input.parameters.personGeneration).toBe("allow_adult");
  });

  it("refuses an image URL before sending anything: the Gemini API takes bytes only", async () => {
    const error = await provider()
      .submit(resolvedRequest("gemini", "veo-3.1-generate-preview", { firstFrame: { kind: "url", url: "https://example.com/a.png" } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-request", code: "image_url_unsupported", notReceived: true });
    expect(fake().world.requests.filter((r) => r.provider === "gemini")).toHaveLength(0);
  });

  it("the fake takes both image encodings and durationSeconds as a number or a string", async () => {
    const inline = await rawCreate({
      instances: [{ prompt: "a kite", image: { inlineData: { mimeType: "image/png", data: PNG_BASE64 } } }],
      parameters: { durationSeconds: "6", personGeneration: "allow_adult" },
    });
    expect(inline.status).toBe(200);
    expect(inline.body.name).toMatch(/operations\//);
    const bad = await rawCreate({ instances: [{ prompt: "a kite" }], parameters: { durationSeconds: "5" } });
    expect(bad).toMatchObject({ status: 400, body: { error: { status: "INVALID_ARGUMENT", message: expect.stringContaining("durationSeconds") } } });
    const seeded = await rawCreate({ instances: [{ prompt: "a kite" }], parameters: { seed: 1 } });
    expect(seeded).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("seed") } } });
  });

  it("maps invalid settings to invalid-request with the field named", async () => {
    const error = await provider()
      .submit({ ...resolvedRequest("gemini", "veo-3.1-generate-preview", { resolution: "1080p" }), durationSeconds: 6 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 400, code: "INVALID_ARGUMENT", retryable: false });
    expect((error as Error).message).toContain("parameters.durationSeconds");
    expect((error as Error).message).toContain("must be 8 at 1080p");
    const unknownModel = await provider()
      .submit({ ...resolvedRequest("gemini", "veo-3.1-generate-preview"), model: "veo-9" })
      .catch((e: unknown) => e);
    expect(unknownModel).toMatchObject({ kind: "not-found", status: 404 });
    expect(fake().world.creates.gemini).toBe(0);
  });

  it("recognises a wrong key in Google's 400 API_KEY_INVALID as auth, and sends nothing without a key", async () => {
    const error = await provider({ "gemini.apiKey": "AIza-wrong" }).submit(resolvedRequest("gemini", "veo-3.1-generate-preview")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", status: 400, retryable: false });
    expect((error as Error).message).toContain("API key not valid");
    await expect(provider({}).submit(resolvedRequest("gemini", "veo-3.1-generate-preview"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    const anonymous = await fetch(`${baseUrl()}/v1beta/models/veo-3.1-generate-preview`);
    expect(anonymous.status).toBe(403);
    expect(fake().world.creates.gemini).toBe(0);
  });

  it("waits out RESOURCE_EXHAUSTED for the RetryInfo delay, without buying twice", async () => {
    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 1 } });
    const started = Date.now();
    const { handle } = await provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(handle.id).toMatch(/operations/);
    expect(fake().world.creates.gemini).toBe(1);

    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 120 } });
    await expect(provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"))).rejects.toMatchObject({
      kind: "quota",
      status: 429,
      code: "RESOURCE_EXHAUSTED",
      retryAfterMs: 120_000,
    });
    expect(fake().world.creates.gemini).toBe(1);
  });

  it("never retries a submit that may have been received (5xx, timeout), and names an unreachable host", async () => {
    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "server-error", status: 503 } });
    await expect(provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"))).rejects.toMatchObject({ kind: "server", status: 503, code: "UNAVAILABLE" });
    expect(fake().world.requests.filter((r) => r.provider === "gemini" && r.operation === "create")).toHaveLength(0);

    fake().world.faults.add({ provider: "gemini", operation: "create", fault: { type: "timeout", delayMs: 400 } });
    const impatient = createGeminiProvider({ ...testContext(), timeoutMs: 150, baseUrl: baseUrl() });
    await expect(impatient.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"))).rejects.toMatchObject({ kind: "network", code: "timeout" });
    await waitUntil(() => fake().world.creates.gemini === 1, 10_000, () => "the fake creates the operation it timed out on");

    const nowhere = createGeminiProvider({ ...testContext(), baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(nowhere.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"))).rejects.toMatchObject({ kind: "network", notReceived: true });
  });

  it("retries operation reads through 5xx bursts, malformed JSON and dropped connections", async () => {
    const { handle } = await provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    const world = fake().world;
    world.faults.add({ provider: "gemini", operation: "status", fault: { type: "server-error" }, times: 2 });
    world.faults.add({ provider: "gemini", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "gemini", operation: "status", fault: { type: "reset-connection" } });
    expect((await run(handle)).state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("reports the safety filter's done-with-no-videos as content-policy, not charged, with its reasons", async () => {
    fake().world.faults.add({ provider: "gemini", fault: { type: "content-policy", message: "We encountered an issue with the audio for your prompt." } });
    const filtered = await provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    expect(await run(filtered.handle)).toEqual({
      state: "failed",
      failure: {
        kind: "content-policy",
        code: "rai_media_filtered",
        message: expect.stringContaining("We encountered an issue with the audio for your prompt."),
        charged: false,
        retryable: false,
      },
    });

    fake().world.faults.add({ provider: "gemini", fault: { type: "no-videos" } });
    const empty = await provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    const final = await run(empty.handle);
    expect(final).toMatchObject({ state: "failed", failure: { kind: "content-policy", charged: false, message: expect.stringContaining("gave no reason") } });
    await expect(provider().download(empty.handle)).rejects.toMatchObject({ kind: "not-found" });
  });

  it("reports an operation error as a retryable server failure", async () => {
    fake().world.faults.add({ provider: "gemini", fault: { type: "job-failure", message: "Video generation failed due to an internal error" } });
    const { handle } = await provider().submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    expect(await run(handle)).toEqual({
      state: "failed",
      failure: { kind: "server", code: "13", message: expect.stringContaining("internal error"), charged: "unknown", retryable: true },
    });
  });

  it("answers not-found for an unknown operation, an expired file, and an expired storage URL", async () => {
    const gemini = provider();
    const ghost: JobHandle = { provider: "gemini", model: "veo-3.1-generate-preview", id: "models/veo-3.1-generate-preview/operations/feedface", idempotencyKey: "k", submittedAt: "", data: {} };
    await expect(gemini.status(ghost)).rejects.toMatchObject({ kind: "not-found", status: 404, code: "NOT_FOUND" });
    await expect(gemini.status({ ...ghost, id: "../../etc/passwd" })).rejects.toMatchObject({ kind: "invalid-request", notReceived: true });

    const { handle } = await gemini.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    expect((await run(handle)).state).toBe("succeeded");
    fake().world.faults.add({ provider: "gemini", operation: "download", fault: { type: "expired-url" } });
    const descriptor = await gemini.download(handle);
    expect((await fetch(descriptor.url, { headers: descriptor.headers })).status).toBe(403);
    // Asking again gives a freshly signed redirect.
    expect((await fetch(descriptor.url, { headers: descriptor.headers })).status).toBe(200);

    fake().world.config = { ...fake().world.config, urlLifetimeSeconds: { ...DEFAULT_CONFIG.urlLifetimeSeconds, gemini: 0 } };
    const gone = await fetch(descriptor.url, { headers: descriptor.headers, redirect: "manual" });
    expect(gone.status).toBe(404);
  });

  it("never sends the key to a download host other than the API's", async () => {
    const elsewhere = createGeminiProvider({ ...testContext(), baseUrl: baseUrl().replace("127.0.0.1", "localhost") });
    const { handle } = await elsewhere.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    expect((await pollUntilTerminal(elsewhere, handle, { clock: systemClock, policy: FAST_POLL })).state).toBe("succeeded");
    await expect(elsewhere.download(handle)).rejects.toMatchObject({ kind: "server", code: "unexpected_download_host" });
  });

  it("has no cancel, and says so without calling the provider", async () => {
    const gemini = provider();
    const { handle } = await gemini.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
    const before = fake().world.requests.length;
    await expect(gemini.cancel(handle)).rejects.toMatchObject({ kind: "invalid-request", code: "cancel_unsupported" });
    expect(fake().world.requests.length).toBe(before);
  });

  it("checks a key with one cheap authenticated call", async () => {
    await expect(provider().testCredentials()).resolves.toBeUndefined();
    await expect(provider({ "gemini.apiKey": "nope" }).testCredentials()).rejects.toMatchObject({ kind: "auth" });
  });
});

describe("Gemini static webhooks from the fake", () => {
  const SECRET = "whsec_Z2VtaW5pc3RhdGljd2ViaG9va3NlY3JldDAwMDE=";
  const NEXT_SECRET = "whsec_Z2VtaW5pcm90YXRlZHdlYmhvb2tzZWNyZXQwMDI=";

  it("posts video.generated signed with every active secret; it verifies and names the operation", async () => {
    const receiver = await startWebhookReceiver();
    fake().world.config = { ...fake().world.config, accountWebhooks: { gemini: { url: `${receiver.url}/hooks/gemini`, secrets: [SECRET, NEXT_SECRET] } } };
    try {
      const gemini = provider();
      const { handle } = await gemini.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
      const [delivery] = await receiver.waitFor(1);
      const now = Date.now();
      expect(delivery!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      const verified = verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [NEXT_SECRET], now);
      expect(verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], now).id).toBe(verified.id);
      const body = JSON.parse(delivery!.rawBody.toString("utf8")) as { type: string; data: { operation: string } };
      expect(body).toMatchObject({ type: "video.generated", version: "v1", data: { operation: handle.id } });
      expect(gemini.webhook!.parse(body, delivery!.headers)).toEqual({ provider: "gemini", jobId: handle.id, deliveryId: verified.id });

      const reason = (run: () => unknown) => {
        try {
          run();
          return "accepted";
        } catch (error) {
          return (error as { reason: string }).reason;
        }
      };
      const tampered = delivery!.rawBody.toString("utf8").replace(handle.id, `${handle.id}0`);
      expect(reason(() => verifyStandardWebhook(tampered, delivery!.headers, [SECRET], now))).toBe("bad-signature");
      expect(reason(() => verifyStandardWebhook(delivery!.rawBody, delivery!.headers, ["whsec_d3JvbmdzZWNyZXR3cm9uZ3NlY3JldHdyb25n"], now))).toBe("bad-signature");
      expect(reason(() => verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], now - 10 * 60_000))).toBe("stale-timestamp");
    } finally {
      await receiver.close();
    }
  });

  it("also signals filtered operations, so the receiver re-reads them", async () => {
    const receiver = await startWebhookReceiver();
    fake().world.config = { ...fake().world.config, accountWebhooks: { gemini: { url: receiver.url, secrets: [SECRET] } } };
    try {
      fake().world.faults.add({ provider: "gemini", fault: { type: "no-videos" } });
      const gemini = provider();
      const { handle } = await gemini.submit(resolvedRequest("gemini", "veo-3.1-generate-preview"));
      const [delivery] = await receiver.waitFor(1);
      verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], Date.now());
      const event = gemini.webhook!.parse(JSON.parse(delivery!.rawBody.toString("utf8")), delivery!.headers);
      expect(event.jobId).toBe(handle.id);
      expect(await gemini.status(handle)).toMatchObject({ state: "failed", failure: { kind: "content-policy" } });
      expect(() => gemini.webhook!.parse({ type: "batch.succeeded", data: { name: "batches/1" } }, {})).toThrow(/not a Gemini video event/);
    } finally {
      await receiver.close();
    }
  });
});

describe("the official @google/genai 2.x SDK against the fake", () => {
  it("generates, polls the operation and downloads the video uri end to end", async () => {
    // The SDK's default Node path reaches for Undici's global dispatcher, which jest's sandboxed
    // globals do not carry; its documented `fetch` option hands it the same global fetch instead.
    const ai = new GoogleGenAI({ apiKey: FAKE_KEYS.gemini, httpOptions: { baseUrl: baseUrl(), fetch: (input, init) => fetch(input, init) } });
    let operation = await ai.models.generateVideos({
      model: "veo-3.1-fast-generate-preview",
      source: { prompt: "a hot air balloon over a canyon", image: { imageBytes: PNG_BASE64, mimeType: "image/png" } },
      config: { durationSeconds: 4, aspectRatio: "16:9", personGeneration: "allow_adult", negativePrompt: "fog" },
    });
    expect(operation.name).toMatch(/^models\/veo-3\.1-fast-generate-preview\/operations\//);
    for (let i = 0; i < 100 && !operation.done; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      operation = await ai.operations.getVideosOperation({ operation });
    }
    expect(operation.done).toBe(true);
    const uri = operation.response?.generatedVideos?.[0]?.video?.uri;
    expect(uri).toBeDefined();
    const job = fake().world.job("gemini", operation.name!.split("/").pop()!)!;
    expect(job.input).toMatchObject({
      instances: [{ prompt: "a hot air balloon over a canyon", image: { bytesBase64Encoded: PNG_BASE64, mimeType: "image/png" } }],
      parameters: { durationSeconds: 4, aspectRatio: "16:9", personGeneration: "allow_adult", negativePrompt: "fog" },
    });
    const response = await fetch(uri!, { headers: { "x-goog-api-key": FAKE_KEYS.gemini } });
    // A request with a first frame gets a clip made from it (src/fakes/clipFromFrames.ts).
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(clipFile(fake().world, job)))).toBe(true);
  });
});
