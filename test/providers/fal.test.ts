import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fal as falClient } from "@fal-ai/client";
import { ProviderError } from "../../src/core/errors";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { createFalProvider } from "../../src/providers/fal";
import { FalJwksCache, verifyFalWebhook } from "../../src/providers/falWebhookSignature";
import type { JobStatus } from "../../src/core/videoProvider";
import { pollUntilTerminal } from "../../src/providers/polling";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { FAST_POLL, distinctInOrder, fakeJobReaches, lockstepJobs, testContext, useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { pngImage, resolvedRequest } from "../support/requests";
import { startWebhookReceiver } from "../support/webhookReceiver";

const fake = useFakeProviders();
const provider = () => createFalProvider({ ...testContext(), queueBaseUrl: `${fake().origin}/fal/queue` });
const run = (handleProvider: ReturnType<typeof provider>, handle: Parameters<ReturnType<typeof provider>["status"]>[0]) =>
  pollUntilTerminal(handleProvider, handle, { clock: systemClock, policy: FAST_POLL });

function clipBytes(name: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", name));
}

describe("fal adapter against the fake queue", () => {
  it("runs text to video: submit, status URL with owner/alias only, result, download", async () => {
    const fal = provider();
    const request = resolvedRequest("fal", "fal-ai/kling-video/v2.6/pro", { durationSeconds: 10, aspectRatio: "9:16", negativePrompt: "blur" });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await fal.submit(request);
    expect(new URL(String(handle.data.statusUrl)).pathname).toBe(`/fal/queue/fal-ai/kling-video/requests/${handle.id}/status`);
    const job = fake().world.job("fal", handle.id)!;
    expect(job.endpoint).toBe("fal-ai/kling-video/v2.6/pro/text-to-video");
    expect(job.input).toEqual({
      prompt: request.prompt,
      duration: "10",
      aspect_ratio: "9:16",
      generate_audio: true,
      negative_prompt: "blur",
    });

    const seen: string[] = [];
    const onStatus = (s: JobStatus) => {
      seen.push(s.state);
      lockstep.seen(job, s.state);
    };
    const final = await pollUntilTerminal(fal, handle, { clock: systemClock, policy: FAST_POLL, onStatus });
    expect(distinctInOrder(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(final.state).toBe("succeeded");

    const descriptor = await fal.download(handle);
    expect(descriptor.url.startsWith(`${fake().origin}/cdn/fal-media/`)).toBe(true);
    const response = await fetch(descriptor.url, { headers: descriptor.headers });
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(clipBytes(`clips/${job.clip}`))).toBe(true);
    expect(job.clip).toMatch(/^sim_9x16_/);
  });

  it("routes image inputs to the image, first-last and reference endpoints", async () => {
    const fal = provider();
    const i2v = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1", { firstFrame: pngImage(), seed: 7 }));
    const firstLast = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1/fast", { firstFrame: pngImage(), lastFrame: pngImage() }));
    const reference = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1", { referenceImages: [pngImage(), pngImage()] }));
    const world = fake().world;
    const i2vJob = world.job("fal", i2v.handle.id)!;
    expect(i2vJob.endpoint).toBe("fal-ai/veo3.1/image-to-video");
    expect(i2vJob.input).toMatchObject({ duration: "8s", resolution: "720p", seed: 7, image_url: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(world.job("fal", firstLast.handle.id)!.endpoint).toBe("fal-ai/veo3.1/fast/first-last-frame-to-video");
    expect(world.job("fal", firstLast.handle.id)!.input).toHaveProperty("last_frame_url");
    expect(world.job("fal", reference.handle.id)!.input.image_urls).toHaveLength(2);
    const final = await run(fal, reference.handle);
    expect(final.state).toBe("succeeded");
  });

  it("reports a content-policy refusal as the job's failure, not retryable", async () => {
    fake().world.faults.add({ provider: "fal", fault: { type: "content-policy", message: "Prompt flagged" } });
    const fal = provider();
    const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    const final = await run(fal, handle);
    expect(final).toEqual({
      state: "failed",
      failure: expect.objectContaining({ kind: "content-policy", retryable: false }),
    });
  });

  it("reports a generation failure as a server failure", async () => {
    fake().world.faults.add({ provider: "fal", fault: { type: "job-failure" } });
    const fal = provider();
    const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    const final = await run(fal, handle);
    expect(final.state === "failed" && final.failure.kind).toBe("server");
  });

  it("refuses a wrong key as auth, and sends nothing without a key", async () => {
    const wrong = createFalProvider({ ...testContext({ "fal.apiKey": "nope" }), queueBaseUrl: `${fake().origin}/fal/queue` });
    await expect(wrong.submit(resolvedRequest("fal", "fal-ai/veo3.1"))).rejects.toMatchObject({ kind: "auth", status: 401 });
    const none = createFalProvider({ ...testContext({}), queueBaseUrl: `${fake().origin}/fal/queue` });
    await expect(none.submit(resolvedRequest("fal", "fal-ai/veo3.1"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    expect(fake().world.creates.fal).toBe(0);
    expect(fake().world.requests.filter((r) => r.provider === "fal")).toHaveLength(0);
  });

  it("turns fal's 422 validation errors into invalid-request naming the field", async () => {
    const fal = provider();
    const request = { ...resolvedRequest("fal", "fal-ai/veo3.1"), durationSeconds: 7 };
    const error = await fal.submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 422 });
    expect((error as Error).message).toContain("duration: Input should be '4s' or '6s' or '8s'");
  });

  it("retries a 429 submit after Retry-After without buying twice", async () => {
    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 2 });
    const fal = provider();
    const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    expect(handle.id).toBeTruthy();
    expect(fake().world.creates.fal).toBe(1);
  });

  it("never retries a submit that may have been received (5xx, timeout)", async () => {
    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "server-error", status: 503 } });
    const fal = provider();
    await expect(fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"))).rejects.toMatchObject({ kind: "server", status: 503 });
    expect(fake().world.requests.filter((r) => r.operation === "create")).toHaveLength(0);

    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "timeout", delayMs: 400 } });
    const impatient = createFalProvider({ ...testContext(), timeoutMs: 150, queueBaseUrl: `${fake().origin}/fal/queue` });
    await expect(impatient.submit(resolvedRequest("fal", "fal-ai/veo3.1"))).rejects.toMatchObject({ kind: "network", code: "timeout" });
    // The provider did create the job: a blind retry would have bought it twice.
    await waitUntil(() => fake().world.creates.fal === 1, 10_000, () => "the fake creates the job it timed out on");
  });

  it("retries status reads through 5xx bursts, malformed JSON and dropped connections", async () => {
    const fal = provider();
    const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    const world = fake().world;
    world.faults.add({ provider: "fal", operation: "status", fault: { type: "server-error" }, times: 2 });
    world.faults.add({ provider: "fal", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "fal", operation: "status", fault: { type: "reset-connection" } });
    const final = await run(fal, handle);
    expect(final.state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("cancels a queued request, and refuses once it has started", async () => {
    fake().world.config = { ...fake().world.config, queueMs: 2000 };
    const fal = provider();
    const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    await fal.cancel(handle);
    expect(await fal.status(handle)).toEqual({ state: "cancelled" });

    fake().world.config = { ...fake().world.config, queueMs: 0 };
    const second = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    await run(fal, second.handle);
    await expect(fal.cancel(second.handle)).rejects.toMatchObject({ kind: "invalid-request", code: "not_cancellable" });
  });

  it("holds jobs in the queue past the account's concurrency limit", async () => {
    const world = fake().world;
    // Jobs run until released, so the second is held by the limit however slow the machine.
    world.config = { ...world.config, limits: { fal: { maxRunning: 1 } }, runMs: Number.POSITIVE_INFINITY };
    const fal = provider();
    const first = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    const second = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"));
    const firstJob = await fakeJobReaches(world, "fal", first.handle.id, "running");
    expect((await fal.status(first.handle)).state).toBe("running");
    expect(await fal.status(second.handle)).toEqual({ state: "queued", queuePosition: 0 });
    const secondJob = world.job("fal", second.handle.id)!;
    expect(secondJob.state).toBe("queued");
    firstJob.runMs = 0;
    secondJob.runMs = 0;
    expect((await run(fal, second.handle)).state).toBe("succeeded");
  });

  it("checks a key with one cheap authenticated call", async () => {
    await expect(provider().testCredentials()).resolves.toBeUndefined();
    const wrong = createFalProvider({ ...testContext({ "fal.apiKey": "nope" }), queueBaseUrl: `${fake().origin}/fal/queue` });
    await expect(wrong.testCredentials()).rejects.toMatchObject({ kind: "auth" });
  });
});

describe("fal webhooks from the fake", () => {
  it("posts a signed fal_webhook that verifies against the JWKS and parses to the final status", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const fal = provider();
      const { handle } = await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"), { webhookUrl: `${receiver.url}/hooks/fal` });
      expect(new URL(fake().world.job("fal", handle.id)!.webhookUrl!).pathname).toBe("/hooks/fal");
      const [delivery] = await receiver.waitFor(1);
      const jwks = new FalJwksCache(globalFetch(), systemClock, `${fake().origin}/fal/rest/.well-known/jwks.json`);
      const verified = await verifyFalWebhook(delivery!.rawBody, delivery!.headers, jwks, Date.now());
      expect(verified.requestId).toBe(handle.id);
      const event = fal.webhook!.parse(JSON.parse(delivery!.rawBody.toString("utf8")), delivery!.headers);
      expect(event).toMatchObject({ provider: "fal", jobId: handle.id, status: { state: "succeeded" } });

      const tampered = Buffer.from(delivery!.rawBody.toString("utf8").replace('"OK"', '"ERROR"'));
      await expect(verifyFalWebhook(tampered, delivery!.headers, jwks, Date.now())).rejects.toMatchObject({ reason: "bad-signature" });
      await expect(verifyFalWebhook(delivery!.rawBody, delivery!.headers, jwks, Date.now() + 10 * 60_000)).rejects.toMatchObject({
        reason: "stale-timestamp",
      });
    } finally {
      await receiver.close();
    }
  });

  it("repeats a delivery when the scenario says so, with the same delivery id each time", async () => {
    const receiver = await startWebhookReceiver();
    try {
      fake().world.faults.add({ provider: "fal", fault: { type: "webhook-duplicates", copies: 3 } });
      const fal = provider();
      await fal.submit(resolvedRequest("fal", "fal-ai/veo3.1"), { webhookUrl: receiver.url });
      const deliveries = await receiver.waitFor(3);
      const ids = deliveries.map((d) => fal.webhook!.parse(JSON.parse(d.rawBody.toString("utf8")), d.headers).deliveryId);
      expect(new Set(ids).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});

describe("the official @fal-ai/client against the fake", () => {
  it("submits, polls and reads a result end to end", async () => {
    const origin = fake().origin;
    falClient.config({
      credentials: FAKE_KEYS.fal,
      requestMiddleware: async (request) => ({ ...request, url: request.url.replace("https://queue.fal.run", `${origin}/fal/queue`) }),
    });
    const endpoint = "fal-ai/veo3.1/fast";
    const submitted = await falClient.queue.submit(endpoint, { input: { prompt: "a lighthouse in a storm", duration: "4s" } });
    let status = await falClient.queue.status(endpoint, { requestId: submitted.request_id });
    for (let i = 0; i < 100 && status.status !== "COMPLETED"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      status = await falClient.queue.status(endpoint, { requestId: submitted.request_id });
    }
    expect(status.status).toBe("COMPLETED");
    const result = await falClient.queue.result(endpoint, { requestId: submitted.request_id });
    const video = (result.data as { video: { url: string; file_size: number } }).video;
    const bytes = Buffer.from(await (await fetch(video.url)).arrayBuffer());
    expect(bytes.length).toBe(video.file_size);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });
});
