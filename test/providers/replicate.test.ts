import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Replicate, { validateWebhook } from "replicate";
import { Webhook } from "standardwebhooks";
import { ProviderError } from "../../src/core/errors";
import { systemClock } from "../../src/core/seams/clock";
import type { JobHandle, VideoProvider } from "../../src/core/videoProvider";
import { validateRequest } from "../../src/core/validation";
import { findModel } from "../../src/providers/catalog";
import { pollUntilTerminal } from "../../src/providers/polling";
import { createReplicateProvider, fetchReplicateWebhookSecret } from "../../src/providers/replicate";
import { verifyStandardWebhook } from "../../src/providers/standardWebhooks";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { FAST_POLL, distinctInOrder, fakeJobReaches, lockstepJobs, testContext, useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { pngImage, resolvedRequest } from "../support/requests";
import { startWebhookReceiver, type ReceivedWebhook } from "../support/webhookReceiver";

const fake = useFakeProviders();
const baseUrl = () => `${fake().origin}/replicate`;
const provider = (keys?: Record<string, string | undefined>) => createReplicateProvider({ ...testContext(keys), baseUrl: baseUrl() });
const run = (adapter: VideoProvider, handle: JobHandle) => pollUntilTerminal(adapter, handle, { clock: systemClock, policy: FAST_POLL });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function clipBytes(name: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", "clips", name));
}

/** Runs `body` with part of the fake's config changed, and puts it back afterwards. */
async function withConfig(change: Partial<ReturnType<typeof fake>["world"]["config"]>, body: () => Promise<void>) {
  const world = fake().world;
  const saved = world.config;
  world.config = { ...saved, ...change };
  try {
    await body();
  } finally {
    world.config = saved;
  }
}

const DATA_PNG = expect.stringMatching(/^data:image\/png;base64,/);

describe("Replicate adapter against the fake API", () => {
  it("runs Veo 3.1 text to video: model-path create without Prefer, poll, download from replicate.delivery", async () => {
    const replicate = provider();
    const request = resolvedRequest("replicate", "google/veo-3.1", { durationSeconds: 6, aspectRatio: "9:16", resolution: "1080p", negativePrompt: "text overlays", seed: 11 });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await replicate.submit(request);
    const job = fake().world.job("replicate", handle.id)!;
    expect(job.endpoint).toBe("models/google/veo-3.1/predictions");
    expect(job.input).toEqual({
      prompt: request.prompt,
      duration: 6,
      generate_audio: true,
      aspect_ratio: "9:16",
      negative_prompt: "text overlays",
      resolution: "1080p",
      seed: 11,
    });
    expect(job.extra.prefer).toBeUndefined();
    expect(job.webhookUrl).toBeUndefined();
    expect(handle.data.getUrl).toBe(`${baseUrl()}/v1/predictions/${handle.id}`);

    const seen: string[] = [];
    const progress: number[] = [];
    const final = await pollUntilTerminal(replicate, handle, {
      clock: systemClock,
      policy: FAST_POLL,
      onStatus: (status) => {
        seen.push(status.state);
        if (status.state === "running" && status.progress !== undefined) progress.push(status.progress);
        lockstep.seen(job, status.state);
      },
    });
    expect(distinctInOrder(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(progress.length).toBeGreaterThan(0);
    expect(final.state).toBe("succeeded");

    const descriptor = await replicate.download(handle);
    expect(descriptor.url.startsWith(`${fake().origin}/cdn/replicate-delivery/`)).toBe(true);
    expect(descriptor.headers).toEqual({});
    expect(descriptor.expires).toBe(true);
    expect(descriptor.expiresAt).toBe(new Date(job.finishedAt! + 3600_000).toISOString());
    const response = await fetch(descriptor.url);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await response.arrayBuffer()).equals(clipBytes(job.clip))).toBe(true);
    expect(job.clip).toMatch(/^sim_9x16_/);
  });

  it("sends first and last frames as image and last_frame, reference images as reference_images", async () => {
    const replicate = provider();
    const framed = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1-fast", { firstFrame: pngImage(), lastFrame: pngImage(), audio: false }));
    const referenced = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1", { referenceImages: [pngImage(), pngImage()] }));
    const world = fake().world;
    expect(world.job("replicate", framed.handle.id)!.input).toEqual({
      prompt: expect.any(String),
      duration: 8,
      generate_audio: false,
      aspect_ratio: "16:9",
      resolution: "720p",
      image: DATA_PNG,
      last_frame: DATA_PNG,
    });
    expect(world.job("replicate", referenced.handle.id)!.input).toMatchObject({ duration: 8, aspect_ratio: "16:9", reference_images: [DATA_PNG, DATA_PNG] });
    expect((await run(replicate, referenced.handle)).state).toBe("succeeded");
  });

  it("sends Kling 2.6 image to video with start_image, an integer duration and no seed or aspect ratio", async () => {
    const replicate = provider();
    const request = resolvedRequest("replicate", "kwaivgi/kling-v2.6", { firstFrame: pngImage(), durationSeconds: 10, seed: 3, negativePrompt: "blur" });
    const { handle } = await replicate.submit(request);
    expect(fake().world.job("replicate", handle.id)!.input).toEqual({
      prompt: request.prompt,
      duration: 10,
      generate_audio: true,
      negative_prompt: "blur",
      start_image: DATA_PNG,
    });
    expect((await run(replicate, handle)).state).toBe("succeeded");
  });

  it("refuses a last frame for Kling 2.6 before sending: Replicate's schema has no end frame", () => {
    const spec = findModel("replicate", "kwaivgi/kling-v2.6")!;
    const result = validateRequest(spec, {
      provider: "replicate",
      model: spec.id,
      prompt: "a kite",
      firstFrame: pngImage(),
      lastFrame: pngImage(),
      idempotencyKey: "shotbin-test-0001",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.field)).toEqual(["lastFrame"]);
  });

  it("turns the fake's 422 into invalid-request naming Replicate's field", async () => {
    const replicate = provider();
    const error = await replicate.submit({ ...resolvedRequest("replicate", "google/veo-3.1"), durationSeconds: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 422, code: "input_validation_failed" });
    expect((error as Error).message).toContain("input.duration: duration must be one of the following: 4, 6, 8");
    expect(fake().world.creates.replicate).toBe(0);
  });

  it("reports a moderation refusal (E005) as content-policy, not retryable", async () => {
    fake().world.faults.add({ provider: "replicate", fault: { type: "content-policy" } });
    const replicate = provider();
    const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    const final = await run(replicate, handle);
    expect(final).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "content-policy", code: "E005", retryable: false }) });
  });

  it("reports a failed prediction as a retryable server failure, and a success without output as no_output", async () => {
    const replicate = provider();
    fake().world.faults.add({ provider: "replicate", fault: { type: "job-failure", message: "CUDA out of memory" } });
    const failed = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    fake().world.faults.add({ provider: "replicate", fault: { type: "no-videos" } });
    const empty = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    const failedFinal = await run(replicate, failed.handle);
    expect(failedFinal).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "server", retryable: true }) });
    expect(failedFinal.state === "failed" && failedFinal.failure.message).toContain("CUDA out of memory");
    expect(await run(replicate, empty.handle)).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "server", code: "no_output" }) });
  });

  it("refuses a wrong token as auth, and sends nothing without a token", async () => {
    const wrong = provider({ "replicate.apiToken": "r8_wrong" });
    const error = await wrong.submit(resolvedRequest("replicate", "google/veo-3.1")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect((error as Error).message).toContain("You did not pass a valid authentication token");
    const none = provider({});
    await expect(none.submit(resolvedRequest("replicate", "google/veo-3.1"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    expect(fake().world.creates.replicate).toBe(0);
  });

  it("reports insufficient credit (402) as quota that waiting cannot fix, without retrying", async () => {
    const rule = fake().world.faults.add({ provider: "replicate", operation: "create", fault: { type: "server-error", status: 402 }, times: 0 });
    const replicate = provider();
    const error = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "quota", status: 402, retryable: false });
    expect((error as Error).message).toContain("insufficient credit");
    expect(fake().world.faults.list().find((r) => r.id === rule)!.fired).toBe(1);
  });

  it("waits out the 'resets in ~Ns' of a 429 body when no Retry-After is sent, without buying twice", async () => {
    fake().world.faults.add({
      provider: "replicate",
      operation: "create",
      fault: { type: "rate-limit", message: "Request was throttled. Your rate limit resets in ~1s." },
    });
    const replicate = provider();
    const started = Date.now();
    const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(handle.id).toMatch(/^[0-9a-z]{26}$/);
    expect(fake().world.creates.replicate).toBe(1);
  });

  it("retries a 429 with Retry-After, and gives up with quota when throttling persists", async () => {
    fake().world.faults.add({ provider: "replicate", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 2 });
    const replicate = provider();
    await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    expect(fake().world.creates.replicate).toBe(1);

    fake().world.faults.add({ provider: "replicate", operation: "status", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 0 });
    const error = await replicate.status({ provider: "replicate", model: "google/veo-3.1", id: "x", idempotencyKey: "k", submittedAt: "", data: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "quota", status: 429, retryAfterMs: 0 });
    expect((error as Error).message).toContain("Request was throttled. Your rate limit resets in ~0s.");
  });

  it("never retries a submit that may have been received (5xx, timeout)", async () => {
    fake().world.faults.add({ provider: "replicate", operation: "create", fault: { type: "server-error", status: 503 } });
    const replicate = provider();
    await expect(replicate.submit(resolvedRequest("replicate", "google/veo-3.1"))).rejects.toMatchObject({ kind: "server", status: 503 });
    expect(fake().world.creates.replicate).toBe(0);

    fake().world.faults.add({ provider: "replicate", operation: "create", fault: { type: "timeout", delayMs: 400 } });
    const impatient = createReplicateProvider({ ...testContext(), timeoutMs: 150, baseUrl: baseUrl() });
    await expect(impatient.submit(resolvedRequest("replicate", "google/veo-3.1"))).rejects.toMatchObject({ kind: "network", code: "timeout" });
    // The fake did create the prediction: a blind retry would have bought it twice.
    await waitUntil(() => fake().world.creates.replicate === 1, 10_000, () => "the fake creates the prediction it timed out on");
  });

  it("reports a refused connection as network, retried because nothing was sent", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const context = testContext();
    let attempts = 0;
    const counting: typeof context.fetch = (url, init) => {
      attempts++;
      return context.fetch(url, init);
    };
    const closed = createReplicateProvider({ ...context, fetch: counting, baseUrl: `http://127.0.0.1:${port}` });
    await expect(closed.submit(resolvedRequest("replicate", "google/veo-3.1"))).rejects.toMatchObject({ kind: "network", code: "ECONNREFUSED", notReceived: true });
    expect(attempts).toBe(4);
  });

  it("retries status reads through 5xx bursts, malformed JSON and dropped connections", async () => {
    const replicate = provider();
    const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    const world = fake().world;
    world.faults.add({ provider: "replicate", operation: "status", fault: { type: "server-error" }, times: 2 });
    world.faults.add({ provider: "replicate", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "replicate", operation: "status", fault: { type: "reset-connection" } });
    expect((await run(replicate, handle)).state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("reports an unknown prediction as not-found, and the fake answers 404 for an unknown model", async () => {
    const replicate = provider();
    const handle: JobHandle = { provider: "replicate", model: "google/veo-3.1", id: "doesnotexist0000000000000a", idempotencyKey: "k", submittedAt: "", data: {} };
    await expect(replicate.status(handle)).rejects.toMatchObject({ kind: "not-found", status: 404 });
    await expect(replicate.submit({ ...resolvedRequest("replicate", "google/veo-3.1"), model: "google/veo-9" })).rejects.toMatchObject({
      kind: "invalid-request",
      notReceived: true,
    });
    const response = await fetch(`${baseUrl()}/v1/models/google/veo-9/predictions`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_KEYS.replicate}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "x" } }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: "The requested resource could not be found.", status: 404 });
  });

  it("reports an output past Replicate's one-hour lifetime as not-found data_removed, and the CDN refuses it", async () => {
    const replicate = provider();
    const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1-fast"));
    expect((await run(replicate, handle)).state).toBe("succeeded");
    const descriptor = await replicate.download(handle);
    expect((await fetch(descriptor.url)).status).toBe(200);
    fake().world.advanceClock(3_600_000 + 1000);
    expect((await fetch(descriptor.url)).status).toBe(403);
    const later = await replicate.status(handle);
    expect(later).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "not-found", code: "data_removed", charged: true }) });
    const error = await replicate.download(handle).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "not-found", code: "data_removed" });
    expect((error as Error).message).toContain("kept for one hour");
  });

  it("cancels a prediction while it runs; cancelling a finished one changes nothing", async () => {
    await withConfig({ runMs: 2000 }, async () => {
      const replicate = provider();
      const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
      await fakeJobReaches(fake().world, "replicate", handle.id, "running");
      expect((await replicate.status(handle)).state).toBe("running");
      await replicate.cancel(handle);
      expect(await replicate.status(handle)).toEqual({ state: "cancelled" });
      expect(fake().world.requests.some((r) => r.operation === "cancel" && r.path === `/v1/predictions/${handle.id}/cancel`)).toBe(true);
    });
    const replicate = provider();
    const done = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
    await run(replicate, done.handle);
    await replicate.cancel(done.handle);
    expect((await replicate.status(done.handle)).state).toBe("succeeded");
  });

  it("keeps predictions starting past the account's concurrency", async () => {
    // Jobs run until released, so the second is held by the limit however slow the machine.
    await withConfig({ limits: { replicate: { maxRunning: 1 } }, runMs: Number.POSITIVE_INFINITY }, async () => {
      const world = fake().world;
      const replicate = provider();
      const first = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
      const second = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"));
      const firstJob = await fakeJobReaches(world, "replicate", first.handle.id, "running");
      expect((await replicate.status(first.handle)).state).toBe("running");
      expect(await replicate.status(second.handle)).toEqual({ state: "queued" });
      const secondJob = world.job("replicate", second.handle.id)!;
      expect(secondJob.state).toBe("queued");
      firstJob.runMs = 0;
      secondJob.runMs = 0;
      expect((await run(replicate, second.handle)).state).toBe("succeeded");
    });
  });

  it("checks a token with GET /v1/account, and cannot look up a submit by idempotency key", async () => {
    const replicate = provider();
    await expect(replicate.testCredentials()).resolves.toBeUndefined();
    await expect(provider({ "replicate.apiToken": "r8_wrong" }).testCredentials()).rejects.toMatchObject({ kind: "auth" });
    expect(replicate.idempotentSubmit).toBe(false);
    await expect(replicate.findByIdempotencyKey(resolvedRequest("replicate", "google/veo-3.1"))).resolves.toBeNull();
  });

  it("lists every origin it can contact with default settings", () => {
    const replicate = createReplicateProvider(testContext());
    expect(replicate.networkOrigins).toEqual(["https://api.replicate.com", "https://replicate.delivery", "https://*.replicate.delivery"]);
  });
});

describe("Replicate webhooks from the fake", () => {
  const parse = (adapter: VideoProvider, delivery: ReceivedWebhook) => adapter.webhook!.parse(JSON.parse(delivery.rawBody.toString("utf8")), delivery.headers);

  it("asks for start and completed, signs both with the account secret, and parses them", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const replicate = provider();
      const secret = await fetchReplicateWebhookSecret(testContext(), baseUrl());
      expect(secret).toBe(fake().world.config.replicateWebhookSecret);
      await expect(fetchReplicateWebhookSecret(testContext({ "replicate.apiToken": "r8_wrong" }), baseUrl())).rejects.toMatchObject({ kind: "auth" });
      const { handle } = await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"), { webhookUrl: `${receiver.url}/hooks/replicate?job=1` });
      const job = fake().world.job("replicate", handle.id)!;
      expect(job.webhookUrl).toBe(`${receiver.url}/hooks/replicate?job=1`);
      expect(job.webhookEvents).toEqual(["start", "completed"]);
      const [start, completed] = await receiver.waitFor(2);
      expect(receiver.received).toHaveLength(2);

      for (const delivery of [start!, completed!]) {
        expect(verifyStandardWebhook(delivery.rawBody, delivery.headers, [secret], Date.now())).toMatchObject({ id: delivery.headers["webhook-id"] });
      }
      expect(parse(replicate, start!)).toMatchObject({ provider: "replicate", jobId: handle.id, status: { state: "running" } });
      const event = parse(replicate, completed!);
      expect(event).toMatchObject({ jobId: handle.id, deliveryId: completed!.headers["webhook-id"], status: { state: "succeeded" } });
      expect(event.status?.state === "succeeded" && event.status.videos[0]!.url).toContain("/cdn/replicate-delivery/");

      const body = completed!.rawBody;
      const tampered = Buffer.from(body.toString("utf8").replace('"succeeded"', '"failed"'));
      expect(() => verifyStandardWebhook(tampered, completed!.headers, [secret], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
      const otherSecret = `whsec_${Buffer.from("another-account-secret-32-bytes!").toString("base64")}`;
      expect(() => verifyStandardWebhook(body, completed!.headers, [otherSecret], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
      expect(() => verifyStandardWebhook(body, completed!.headers, [secret], Date.now() + 10 * 60_000)).toThrow(expect.objectContaining({ reason: "stale-timestamp" }));

      // Rotation: the relay holds the old and the new secret; the header may carry two tokens.
      expect(verifyStandardWebhook(body, completed!.headers, [otherSecret, secret], Date.now()).id).toBe(completed!.headers["webhook-id"]);
      const id = completed!.headers["webhook-id"]!;
      const timestamp = completed!.headers["webhook-timestamp"]!;
      const foreign = new Webhook(otherSecret).sign(id, new Date(Number(timestamp) * 1000), body.toString("utf8"));
      const both = { ...completed!.headers, "webhook-signature": `${foreign} ${completed!.headers["webhook-signature"]}` };
      expect(verifyStandardWebhook(body, both, [secret], Date.now()).id).toBe(id);
      const foreignOnly = { ...completed!.headers, "webhook-signature": foreign };
      expect(() => verifyStandardWebhook(body, foreignOnly, [secret], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
    } finally {
      await receiver.close();
    }
  });

  it("adds output and logs events only when the filter asks for them; an output event is not yet success", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const replicate = provider();
      const response = await fetch(`${baseUrl()}/v1/models/google/veo-3.1-fast/predictions`, {
        method: "POST",
        headers: { authorization: `Bearer ${FAKE_KEYS.replicate}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { prompt: "waves at night" }, webhook: receiver.url, webhook_events_filter: ["output", "logs", "completed"] }),
      });
      expect(response.status).toBe(201);
      const deliveries = await receiver.waitFor(4);
      await fake().world.webhooks.idle();
      const statuses = deliveries.map((d) => JSON.parse(d.rawBody.toString("utf8")).status);
      expect(statuses).toEqual(["processing", "processing", "processing", "succeeded"]);
      const events = deliveries.map((d) => parse(replicate, d).status?.state);
      expect(events).toEqual(["running", "running", "running", "succeeded"]);
      const output = JSON.parse(deliveries[2]!.rawBody.toString("utf8"));
      expect(typeof output.output).toBe("string");
    } finally {
      await receiver.close();
    }
  });

  it("repeats deliveries with the same webhook-id, and can deliver completed before start", async () => {
    const receiver = await startWebhookReceiver();
    try {
      fake().world.faults.add({ provider: "replicate", fault: { type: "webhook-duplicates", copies: 2 } });
      const replicate = provider();
      await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"), { webhookUrl: receiver.url });
      const deliveries = await receiver.waitFor(4);
      const ids = deliveries.map((d) => parse(replicate, d).deliveryId);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).toBe(ids[3]);
      expect(new Set(ids).size).toBe(2);

      receiver.received.length = 0;
      fake().world.faults.add({ provider: "replicate", fault: { type: "webhook-out-of-order" } });
      await replicate.submit(resolvedRequest("replicate", "google/veo-3.1"), { webhookUrl: receiver.url });
      const reordered = await receiver.waitFor(2);
      expect(reordered.map((d) => parse(replicate, d).status?.state)).toEqual(["succeeded", "running"]);
    } finally {
      await receiver.close();
    }
  });
});

describe("the official replicate SDK against the fake", () => {
  const client = () => new Replicate({ auth: FAKE_KEYS.replicate, baseUrl: `${baseUrl()}/v1` });

  it("creates on the model path, polls predictions.get and downloads the output", async () => {
    const replicate = client();
    const created = await replicate.predictions.create({ model: "google/veo-3.1", input: { prompt: "a lighthouse in a storm", duration: 4 } });
    expect(created.status).toBe("starting");
    expect(fake().world.job("replicate", created.id)!.endpoint).toBe("models/google/veo-3.1/predictions");
    let prediction = await replicate.predictions.get(created.id);
    for (let i = 0; i < 100 && !["succeeded", "failed", "canceled"].includes(prediction.status); i++) {
      await sleep(30);
      prediction = await replicate.predictions.get(created.id);
    }
    expect(prediction.status).toBe("succeeded");
    const bytes = Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer());
    expect(bytes.equals(clipBytes(fake().world.job("replicate", created.id)!.clip))).toBe(true);
    await expect(replicate.accounts.current()).resolves.toMatchObject({ type: "user" });
  });

  it("run() holds the create with Prefer: wait until the prediction ends", async () => {
    const replicate = client();
    const output = await replicate.run("kwaivgi/kling-v2.6", { input: { prompt: "a kite over dunes", duration: 5 } });
    expect(typeof output).toBe("string");
    const [job] = [...fake().world.jobs.values()];
    expect(job!.extra.prefer).toBe("wait");
    expect(job!.state).toBe("succeeded");
  });

  it("surfaces the fake's validation error as the SDK's ApiError", async () => {
    const error = await client()
      .predictions.create({ model: "kwaivgi/kling-v2.6", input: { prompt: "x", end_image: "https://example.com/a.png" } })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain("422");
    expect((error as Error).message).toContain("Additional property end_image is not allowed");
  });

  it("validateWebhook accepts the fake's signature with the secret from webhooks.default.secret.get", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const replicate = client();
      const { key } = await replicate.webhooks.default.secret.get();
      await replicate.predictions.create({ model: "google/veo-3.1-fast", input: { prompt: "rain" }, webhook: receiver.url, webhook_events_filter: ["completed"] });
      const deliveries = await receiver.waitFor(2);
      const completed = deliveries[deliveries.length - 1]!;
      const body = completed.rawBody.toString("utf8");
      const request = new Request(`${receiver.url}/`, { method: "POST", headers: completed.headers, body });
      await expect(validateWebhook(request, key)).resolves.toBe(true);
      const parts = {
        id: completed.headers["webhook-id"]!,
        timestamp: completed.headers["webhook-timestamp"]!,
        signature: completed.headers["webhook-signature"]!,
        secret: key,
      };
      await expect(validateWebhook({ ...parts, body })).resolves.toBe(true);
      await expect(validateWebhook({ ...parts, body: body.replace("succeeded", "failed") })).resolves.toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
