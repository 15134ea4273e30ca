import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { ProviderError } from "../../src/core/errors";
import type { ResolvedRequest } from "../../src/core/request";
import { systemClock, type Clock } from "../../src/core/seams/clock";
import type { JobHandle, JobStatus } from "../../src/core/videoProvider";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { createKlingProvider, type KlingOptions } from "../../src/providers/kling";
import { klingError } from "../../src/providers/klingErrors";
import { mintKlingJwt } from "../../src/providers/klingJwt";
import { pollUntilTerminal } from "../../src/providers/polling";
import { signStandardWebhook, verifyStandardWebhook } from "../../src/providers/standardWebhooks";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { FAST_POLL, distinctInOrder, lockstepJobs, testContext, useFakeProviders } from "../support/fakeProviders";
import { pngImage, resolvedRequest } from "../support/requests";
import { startWebhookReceiver, type ReceivedWebhook } from "../support/webhookReceiver";

const fake = useFakeProviders();

const API_KEY_ONLY = { [KEY_NAMES.kling]: FAKE_KEYS.kling };
const ACCESS_KEYS_ONLY = { [KEY_NAMES.klingAccessKey]: FAKE_KEYS.klingAccessKey, [KEY_NAMES.klingSecretKey]: FAKE_KEYS.klingSecretKey };

const SECRET_A = "whsec_c2hvdGJpbmtsaW5nZmFrZXNlY3JldG51bWJlcm9uZQ==";
const SECRET_B = "whsec_c2hvdGJpbmtsaW5nZmFrZXNlY3JldG51bWJlcnR3bw==";
const SECRET_C = "whsec_c2hvdGJpbmtsaW5nZmFrZXNlY3JldG51bWJlcnRocmU=";

afterEach(() => {
  const world = fake().world;
  world.config = { ...world.config, limits: {}, klingWebhookSecrets: [] };
});

function kling(keys: Record<string, string> = API_KEY_ONLY, extra: Partial<KlingOptions> = {}) {
  return createKlingProvider({ ...testContext(keys), baseUrl: `${fake().origin}/kling`, ...extra });
}

function run(provider: ReturnType<typeof kling>, handle: JobHandle, seen?: string[]): Promise<JobStatus> {
  return pollUntilTerminal(provider, handle, { clock: systemClock, policy: FAST_POLL, onStatus: (s) => seen?.push(s.state) });
}

function clipBytes(clip: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", "clips", clip));
}

async function downloadBytes(provider: ReturnType<typeof kling>, handle: JobHandle): Promise<Buffer> {
  const descriptor = await provider.download(handle);
  const response = await fetch(descriptor.url, { headers: descriptor.headers });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** The real clock, but every sleep is recorded and cut short, so waits can be asserted quickly. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(Math.min(ms, 20), signal)) };
}

/** A loopback port nothing listens on, so connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bodyOf(delivery: ReceivedWebhook): unknown {
  return JSON.parse(delivery.rawBody.toString("utf8"));
}

describe("Kling model-in-path API (kling-2.6, API key)", () => {
  it("runs text to video: body as documented, query by task_ids, billing, download of the served clip", async () => {
    const provider = kling();
    const request = resolvedRequest("kling", "kling-2.6", { durationSeconds: 10, aspectRatio: "9:16", resolution: "1080p", audio: true });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await provider.submit(request);
    const world = fake().world;
    const job = world.job("kling", handle.id)!;
    expect(job.endpoint).toBe("text-to-video/kling-2.6");
    expect(job.input).toEqual({
      prompt: request.prompt,
      settings: { audio: "native", resolution: "1080p", duration: 10, aspect_ratio: "9:16" },
      options: { external_task_id: request.idempotencyKey, watermark_info: { enabled: false } },
    });
    expect(handle).toMatchObject({ provider: "kling", model: "kling-2.6", idempotencyKey: request.idempotencyKey, data: { api: "new" } });

    const seen: string[] = [];
    const final = await pollUntilTerminal(provider, handle, {
      clock: systemClock,
      policy: FAST_POLL,
      onStatus: (status) => {
        seen.push(status.state);
        lockstep.seen(job, status.state);
      },
    });
    expect(distinctInOrder(seen)).toEqual(["queued", "running", "succeeded"]);
    // 10 s at 1080p with native audio: 1.0 unit/s at $0.14 a unit, as the fake bills it.
    expect(final).toMatchObject({ state: "succeeded", chargedUsd: 1.4 });
    expect(world.requests.filter((r) => r.provider === "kling" && r.operation === "status").every((r) => r.path === "/tasks")).toBe(true);

    const descriptor = await provider.download(handle);
    expect(descriptor.url.startsWith(`${fake().origin}/cdn/kling-cdn/`)).toBe(true);
    // Kling clears results after 30 days.
    expect(Date.parse(descriptor.expiresAt!) - job.finishedAt!).toBe(30 * 86_400_000);
    expect((await downloadBytes(provider, handle)).equals(clipBytes(job.clip))).toBe(true);
    expect(job.clip).toMatch(/^sim_9x16_/);
  });

  it("runs image to video: contents[] with prompt, first and last frame, and no aspect ratio", async () => {
    const provider = kling();
    const request = resolvedRequest("kling", "kling-2.6", {
      firstFrame: pngImage(),
      lastFrame: { kind: "url", url: "https://example.com/end.png" },
      resolution: "1080p",
    });
    const { handle } = await provider.submit(request);
    const job = fake().world.job("kling", handle.id)!;
    expect(job.endpoint).toBe("image-to-video/kling-2.6");
    expect(job.input).toEqual({
      contents: [
        { type: "prompt", text: request.prompt },
        { type: "first_frame", url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) },
        { type: "last_frame", url: "https://example.com/end.png" },
      ],
      settings: { audio: "off", resolution: "1080p", duration: 5 },
      options: { external_task_id: request.idempotencyKey, watermark_info: { enabled: false } },
    });
    expect((await run(provider, handle)).state).toBe("succeeded");
  });

  it("never buys twice when a create answer is lost: the retry reuses external_task_id (retry lands first)", async () => {
    const world = fake().world;
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "timeout", delayMs: 400 } });
    const provider = kling(API_KEY_ONLY, { timeoutMs: 150 });
    const request = resolvedRequest("kling", "kling-2.6");
    const { handle } = await provider.submit(request);
    await pause(450);
    // The delayed original reached the fake after the retry and was refused as a duplicate.
    expect(world.creates.kling).toBe(1);
    expect([...world.jobs.values()].map((job) => job.id)).toEqual([handle.id]);
    expect(world.job("kling", handle.id)!.externalId).toBe(request.idempotencyKey);
  });

  it("never buys twice when a create answer is lost: a refused duplicate adopts the task the original created", async () => {
    const world = fake().world;
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "timeout", delayMs: 250 } });
    const provider = kling(API_KEY_ONLY, { timeoutMs: 100, retry: { baseDelayMs: 600, maxDelayMs: 600 }, random: () => 1 });
    const request = resolvedRequest("kling", "kling-2.6");
    const { handle } = await provider.submit(request);
    expect(world.creates.kling).toBe(1);
    const [job] = [...world.jobs.values()];
    expect(handle.id).toBe(job!.id);
    // The adapter found it with GET /tasks?external_task_ids=...
    expect(world.requests.some((r) => r.provider === "kling" && r.operation === "status" && r.path === "/tasks")).toBe(true);
    expect((await run(provider, handle)).state).toBe("succeeded");
  });

  it("retries a create through a 503 because external_task_id makes it safe", async () => {
    fake().world.faults.add({ provider: "kling", operation: "create", fault: { type: "server-error", status: 503 } });
    const { handle } = await kling().submit(resolvedRequest("kling", "kling-2.6"));
    expect(fake().world.creates.kling).toBe(1);
    expect(fake().world.job("kling", handle.id)).toBeDefined();
  });

  it("finds a job by its idempotency key, and reports none for a key never used", async () => {
    const provider = kling();
    const request = resolvedRequest("kling", "kling-2.6");
    const { handle } = await provider.submit(request);
    expect(await provider.findByIdempotencyKey(request)).toMatchObject({ id: handle.id, idempotencyKey: request.idempotencyKey, data: { api: "new" } });
    expect(await provider.findByIdempotencyKey(resolvedRequest("kling", "kling-2.6"))).toBeUndefined();
  });

  it("sends nothing without an API key; an AccessKey/SecretKey pair does not open the model-in-path API", async () => {
    await expect(kling({}).submit(resolvedRequest("kling", "kling-2.6"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    const error = await kling(ACCESS_KEYS_ONLY).submit(resolvedRequest("kling", "kling-2.6")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", code: "missing_key" });
    expect((error as Error).message).toContain("kling-v2-6");
    expect(fake().world.requests.filter((r) => r.provider === "kling")).toHaveLength(0);
  });

  it("maps a wrong API key to auth (401, code 1000), not retried", async () => {
    const error = await kling({ [KEY_NAMES.kling]: "not-a-key" }).submit(resolvedRequest("kling", "kling-2.6")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", status: 401, code: "1000", retryable: false });
    expect(fake().world.creates.kling).toBe(0);
  });

  it("names the field Kling refused (400, code 1201)", async () => {
    const request: ResolvedRequest = { ...resolvedRequest("kling", "kling-2.6"), durationSeconds: 7 };
    const error = await kling().submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 400, code: "1201", charged: false });
    expect((error as Error).message).toContain("settings.duration must be 5 or 10");
  });

  it("reads business errors inside HTTP 200 by their code", async () => {
    const cases: [number, string, boolean][] = [
      [1101, "quota", false],
      [1102, "quota", false],
      [1103, "auth", false],
      [1301, "content-policy", false],
      [1201, "invalid-request", false],
    ];
    for (const [code, kind, retryable] of cases) {
      fake().world.faults.add({ provider: "kling", operation: "create", fault: { type: "business-error", code, message: `scripted ${code}` } });
      const error = await kling().submit(resolvedRequest("kling", "kling-2.6")).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind, retryable, status: 200, code: String(code) });
      expect((error as Error).message).toContain(`scripted ${code}`);
    }
    expect(fake().world.creates.kling).toBe(0);
  });

  it("retries a rate-limit refusal (1302 in a 200, and 429 with Retry-After) and buys once", async () => {
    const world = fake().world;
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "business-error", code: 1302, message: "rate limit" } });
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 3 } });
    const clock = recordingClock();
    const { handle } = await kling(API_KEY_ONLY, { clock }).submit(resolvedRequest("kling", "kling-2.6"));
    expect(handle.id).toBeTruthy();
    expect(world.creates.kling).toBe(1);
    expect(clock.sleeps.some((ms) => ms >= 3000)).toBe(true);

    world.faults.add({ provider: "kling", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 7 } });
    const error = await kling(API_KEY_ONLY, { retry: { maxAttempts: 1 } }).submit(resolvedRequest("kling", "kling-2.6")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "quota", status: 429, code: "1302", retryAfterMs: 7000, retryable: true, notReceived: true });
  });

  it("refuses a create over the resource pack's concurrency with 1303, and gets the slot once a task ends", async () => {
    const world = fake().world;
    // The first task runs until released, so the slot stays taken however slow the machine.
    world.config = { ...world.config, limits: { kling: { maxActive: 1 } }, runMs: Number.POSITIVE_INFINITY };
    const provider = kling();
    const first = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    const refused = await kling(API_KEY_ONLY, { retry: { maxAttempts: 1 } }).submit(resolvedRequest("kling", "kling-2.6")).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "quota", status: 429, code: "1303", retryable: true, retryAfterMs: 1000 });
    // With retries the adapter is refused again, backs off at least 1 s, and gets the slot the first
    // task left. Its back-off waits on the test, which ends the first task meanwhile.
    let backoffAsked: (ms: number) => void = () => undefined;
    const backoff = new Promise<number>((resolve) => (backoffAsked = resolve));
    let endBackoff: () => void = () => undefined;
    const gatedClock: Clock = { now: () => Date.now(), sleep: (ms) => (backoffAsked(ms), new Promise<void>((resolve) => (endBackoff = resolve))) };
    const retried = kling(API_KEY_ONLY, { clock: gatedClock }).submit(resolvedRequest("kling", "kling-2.6"));
    expect(await backoff).toBeGreaterThanOrEqual(1000);
    expect(world.creates.kling).toBe(1);
    const firstJob = world.job("kling", first.handle.id)!;
    firstJob.queueMs = 0;
    firstJob.runMs = 0;
    world.tick(); // queued → running, if it had not started yet
    world.tick(); // running → succeeded
    expect(firstJob.state).toBe("succeeded");
    endBackoff();
    const second = await retried;
    expect(second.handle.id).not.toBe(first.handle.id);
    expect(world.creates.kling).toBe(2);
  });

  it("reports a content-safety failure as the job's content-policy failure, not charged", async () => {
    fake().world.faults.add({ provider: "kling", fault: { type: "content-policy" } });
    const provider = kling();
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    const final = await run(provider, handle);
    expect(final).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "content-policy", charged: false, retryable: false }) });
    expect(final.state === "failed" && final.failure.message).toContain("risk control");
  });

  it("reports a generation failure as a retryable server failure", async () => {
    fake().world.faults.add({ provider: "kling", fault: { type: "job-failure", message: "GPU fell over" } });
    const provider = kling();
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    const final = await run(provider, handle);
    expect(final).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "server", retryable: true, charged: false }) });
  });

  it("reports an unknown task as not found", async () => {
    const provider = kling();
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    await expect(provider.status({ ...handle, id: "800000000000000000" })).rejects.toMatchObject({ kind: "not-found" });
  });

  it("reads status through 5xx bursts, a 200 with code 5000, malformed JSON and a dropped connection", async () => {
    const provider = kling();
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    const world = fake().world;
    world.faults.add({ provider: "kling", operation: "status", fault: { type: "server-error", status: 504 }, times: 2 });
    world.faults.add({ provider: "kling", operation: "status", fault: { type: "business-error", code: 5000, message: "internal" } });
    world.faults.add({ provider: "kling", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "kling", operation: "status", fault: { type: "reset-connection" } });
    expect((await run(provider, handle)).state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("maps a 5xx that outlasts the retries to a server error with Kling's code", async () => {
    fake().world.faults.add({ provider: "kling", operation: "status", fault: { type: "server-error", status: 503 }, times: 0 });
    const provider = kling();
    const handle: JobHandle = { provider: "kling", model: "kling-2.6", id: "1", idempotencyKey: "k".repeat(8), submittedAt: "", data: { api: "new" } };
    await expect(provider.status(handle)).rejects.toMatchObject({ kind: "server", status: 503, code: "5001", retryable: true });
  });

  it("reports an unreachable host as a network error", async () => {
    const provider = createKlingProvider({ ...testContext(API_KEY_ONLY), baseUrl: `http://127.0.0.1:${await closedPort()}`, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await expect(provider.submit(resolvedRequest("kling", "kling-2.6"))).rejects.toMatchObject({ kind: "network", notReceived: true });
  });

  it("has no cancel", async () => {
    const provider = kling();
    expect(provider.supportsCancel).toBe(false);
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"));
    await expect(provider.cancel(handle)).rejects.toMatchObject({ kind: "invalid-request", code: "cancel_unsupported" });
  });

  it("checks credentials with one cheap call, for either kind of key", async () => {
    await expect(kling().testCredentials()).resolves.toBeUndefined();
    await expect(kling(ACCESS_KEYS_ONLY).testCredentials()).resolves.toBeUndefined();
    await expect(kling({ [KEY_NAMES.kling]: "nope" }).testCredentials()).rejects.toMatchObject({ kind: "auth" });
    expect(fake().world.creates.kling).toBe(0);
  });

  it("lists the real hosts it contacts by default", () => {
    const provider = createKlingProvider(testContext());
    expect(provider.networkOrigins).toEqual(["https://api-singapore.klingai.com", "https://*.klingai.com"]);
    expect(provider.idempotentSubmit).toBe(true);
  });
});

describe("Kling legacy model_name API (kling-v2-6)", () => {
  it("runs text to video with an API key: string duration, std mode, negative prompt", async () => {
    const provider = kling();
    const request = resolvedRequest("kling", "kling-v2-6", { aspectRatio: "1:1", negativePrompt: "blur, text" });
    const { handle } = await provider.submit(request);
    const world = fake().world;
    const job = world.job("kling", handle.id)!;
    expect(job.endpoint).toBe("v1/videos/text2video");
    expect(job.input).toEqual({
      model_name: "kling-v2-6",
      prompt: request.prompt,
      negative_prompt: "blur, text",
      mode: "std",
      sound: "off",
      duration: "5",
      aspect_ratio: "1:1",
      external_task_id: request.idempotencyKey,
      watermark_info: { enabled: false },
    });
    expect((await run(provider, handle)).state).toBe("succeeded");
    expect(world.requests.filter((r) => r.operation === "status").every((r) => r.path === `/v1/videos/text2video/${handle.id}`)).toBe(true);
    expect((await downloadBytes(provider, handle)).equals(clipBytes(job.clip))).toBe(true);
  });

  it("runs image to video with only an AccessKey/SecretKey: a minted JWT, raw base64 images, pro mode with sound", async () => {
    const provider = kling(ACCESS_KEYS_ONLY);
    const request = resolvedRequest("kling", "kling-v2-6", { firstFrame: pngImage(), lastFrame: pngImage("end.png"), resolution: "1080p", audio: true, durationSeconds: 10 });
    const { handle } = await provider.submit(request);
    const job = fake().world.job("kling", handle.id)!;
    expect(job.endpoint).toBe("v1/videos/image2video");
    const base64 = Buffer.from((pngImage() as { bytes: Uint8Array }).bytes).toString("base64");
    expect(job.input).toEqual({
      model_name: "kling-v2-6",
      prompt: request.prompt,
      mode: "pro",
      sound: "on",
      duration: "10",
      image: base64,
      image_tail: base64,
      external_task_id: request.idempotencyKey,
      watermark_info: { enabled: false },
    });
    expect((await run(provider, handle)).state).toBe("succeeded");
    expect(await provider.findByIdempotencyKey(request)).toMatchObject({ id: handle.id, data: { api: "legacy", endpoint: "image2video" } });
  });

  it("mints the documented HS256 token", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    const token = mintKlingJwt("ak-123", "sk-456", now);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toEqual({ iss: "ak-123", exp: now / 1000 + 1800, nbf: now / 1000 - 5 });
    expect(signature).toBe(createHmac("sha256", "sk-456").update(`${header}.${payload}`).digest("base64url"));
  });

  it("surfaces Kling's token refusals: expired 1004, not yet valid 1003, bad signature 1002", async () => {
    const shifted = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs, sleep: systemClock.sleep });
    const request = () => resolvedRequest("kling", "kling-v2-6");
    await expect(kling(ACCESS_KEYS_ONLY, { clock: shifted(-3_600_000) }).submit(request())).rejects.toMatchObject({ kind: "auth", status: 401, code: "1004" });
    await expect(kling(ACCESS_KEYS_ONLY, { clock: shifted(3_600_000) }).submit(request())).rejects.toMatchObject({ kind: "auth", status: 401, code: "1003" });
    const wrongSecret = { ...ACCESS_KEYS_ONLY, [KEY_NAMES.klingSecretKey]: "not-the-secret" };
    await expect(kling(wrongSecret).submit(request())).rejects.toMatchObject({ kind: "auth", status: 401, code: "1002" });
    expect(fake().world.creates.kling).toBe(0);
  });

  it("adopts the original task when a retried create is refused as a duplicate", async () => {
    const world = fake().world;
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "timeout", delayMs: 250 } });
    const provider = kling(ACCESS_KEYS_ONLY, { timeoutMs: 100, retry: { baseDelayMs: 600, maxDelayMs: 600 }, random: () => 1 });
    const request = resolvedRequest("kling", "kling-v2-6");
    const { handle } = await provider.submit(request);
    expect(world.creates.kling).toBe(1);
    expect(handle.id).toBe([...world.jobs.values()][0]!.id);
    // Found through the query path, which takes the external_task_id in place of the task id.
    expect(world.requests.some((r) => r.operation === "status" && r.path === `/v1/videos/text2video/${request.idempotencyKey}`)).toBe(true);
  });

  it("reports an unknown task (404, code 1203) as not found, and an unused key as no job", async () => {
    const provider = kling();
    const handle: JobHandle = { provider: "kling", model: "kling-v2-6", id: "812345", idempotencyKey: "k".repeat(8), submittedAt: "", data: { api: "legacy", endpoint: "text2video" } };
    await expect(provider.status(handle)).rejects.toMatchObject({ kind: "not-found", status: 404, code: "1203" });
    expect(await provider.findByIdempotencyKey(resolvedRequest("kling", "kling-v2-6"))).toBeUndefined();
  });

  it("reports task_status_msg of a moderated task as content policy", async () => {
    fake().world.faults.add({ provider: "kling", fault: { type: "content-policy", message: "sensitive content" } });
    const provider = kling();
    const { handle } = await provider.submit(resolvedRequest("kling", "kling-v2-6"));
    const final = await run(provider, handle);
    expect(final).toEqual({ state: "failed", failure: expect.objectContaining({ kind: "content-policy", retryable: false }) });
  });

  it("the fake refuses a base64 image with a data: prefix, as Kling documents", async () => {
    const response = await fetch(`${fake().origin}/kling/v1/videos/image2video`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_KEYS.kling}`, "content-type": "application/json" },
      body: JSON.stringify({ model_name: "kling-v2-6", prompt: "x", image: "data:image/png;base64,iVBORw0KGgo=" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 1201, message: expect.stringContaining("without a data: prefix") });
  });
});

describe("Kling callbacks (callback_url)", () => {
  it("posts the task object on every status change, unsigned while no secret exists", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const provider = kling();
      const { handle } = await provider.submit(resolvedRequest("kling", "kling-2.6"), { webhookUrl: `${receiver.url}/hooks/kling/tok_8f2c1a` });
      expect(fake().world.job("kling", handle.id)!.input).toMatchObject({ options: { callback_url: `${receiver.url}/hooks/kling/tok_8f2c1a` } });
      const deliveries = await receiver.waitFor(3);
      expect(deliveries.every((d) => d.path === "/hooks/kling/tok_8f2c1a")).toBe(true);
      expect(deliveries.every((d) => d.headers["webhook-signature"] === undefined)).toBe(true);
      const events = deliveries.map((d) => provider.webhook!.parse(bodyOf(d), d.headers));
      expect(events.map((e) => e.status?.state)).toEqual(["queued", "running", "succeeded"]);
      expect(events.every((e) => e.jobId === handle.id && e.provider === "kling")).toBe(true);
      expect(new Set(events.map((e) => e.deliveryId)).size).toBe(3);
      expect(provider.webhook).toMatchObject({ delivery: "per-job", scheme: "path-token" });
    } finally {
      await receiver.close();
    }
  });

  it("posts the legacy body for model_name tasks", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const provider = kling();
      const { handle } = await provider.submit(resolvedRequest("kling", "kling-v2-6"), { webhookUrl: receiver.url });
      expect(fake().world.job("kling", handle.id)!.input).toMatchObject({ callback_url: receiver.url });
      const deliveries = await receiver.waitFor(3);
      const last = bodyOf(deliveries[2]!) as Record<string, unknown>;
      expect(last).toMatchObject({ task_id: handle.id, task_status: "succeed", task_result: { videos: [expect.objectContaining({ url: expect.any(String) })] } });
      expect(provider.webhook!.parse(last, deliveries[2]!.headers)).toMatchObject({ jobId: handle.id, status: { state: "succeeded" } });
    } finally {
      await receiver.close();
    }
  });

  it("signs with Standard Webhooks once a secret exists: valid, tampered, wrong secret, stale", async () => {
    fake().world.config = { ...fake().world.config, klingWebhookSecrets: [SECRET_A] };
    const receiver = await startWebhookReceiver();
    try {
      const provider = kling();
      await provider.submit(resolvedRequest("kling", "kling-2.6"), { webhookUrl: receiver.url });
      const [delivery] = await receiver.waitFor(1);
      const { rawBody, headers } = delivery!;
      expect(verifyStandardWebhook(rawBody, headers, [SECRET_A], Date.now())).toMatchObject({ id: headers["webhook-id"] });
      expect(new Webhook(SECRET_A).verify(rawBody.toString("utf8"), headers)).toEqual(bodyOf(delivery!));
      const tampered = Buffer.from(rawBody.toString("utf8").replace('"submitted"', '"succeeded"'));
      expect(() => verifyStandardWebhook(tampered, headers, [SECRET_A], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
      expect(() => verifyStandardWebhook(rawBody, headers, [SECRET_C], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
      expect(() => verifyStandardWebhook(rawBody, headers, [SECRET_A], Date.now() + 10 * 60_000)).toThrow(expect.objectContaining({ reason: "stale-timestamp" }));
      expect(provider.webhook!.parse(bodyOf(delivery!), headers).deliveryId).toBe(headers["webhook-id"]);
    } finally {
      await receiver.close();
    }
  });

  it("carries two signatures during a secret rotation; either secret verifies", async () => {
    fake().world.config = { ...fake().world.config, klingWebhookSecrets: [SECRET_A, SECRET_B] };
    const receiver = await startWebhookReceiver();
    try {
      await kling().submit(resolvedRequest("kling", "kling-2.6"), { webhookUrl: receiver.url });
      const [delivery] = await receiver.waitFor(1);
      const { rawBody, headers } = delivery!;
      expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      expect(() => verifyStandardWebhook(rawBody, headers, [SECRET_A], Date.now())).not.toThrow();
      expect(() => verifyStandardWebhook(rawBody, headers, [SECRET_B], Date.now())).not.toThrow();
      expect(() => verifyStandardWebhook(rawBody, headers, [SECRET_C], Date.now())).toThrow(expect.objectContaining({ reason: "bad-signature" }));
    } finally {
      await receiver.close();
    }
  });

  it("repeats deliveries with the same webhook-id when the scenario says so", async () => {
    fake().world.config = { ...fake().world.config, klingWebhookSecrets: [SECRET_A] };
    fake().world.faults.add({ provider: "kling", fault: { type: "webhook-duplicates", copies: 2 } });
    const receiver = await startWebhookReceiver();
    try {
      const provider = kling();
      await provider.submit(resolvedRequest("kling", "kling-2.6"), { webhookUrl: receiver.url });
      const deliveries = await receiver.waitFor(6);
      const ids = deliveries.map((d) => provider.webhook!.parse(bodyOf(d), d.headers).deliveryId);
      expect(new Set(ids).size).toBe(3);
      for (const id of new Set(ids)) expect(ids.filter((candidate) => candidate === id)).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it("delivers out of order when the scenario says so: the final status can arrive first", async () => {
    fake().world.faults.add({ provider: "kling", fault: { type: "webhook-out-of-order" } });
    const receiver = await startWebhookReceiver();
    try {
      const provider = kling();
      await provider.submit(resolvedRequest("kling", "kling-2.6"), { webhookUrl: receiver.url });
      const deliveries = await receiver.waitFor(3);
      expect(deliveries.map((d) => provider.webhook!.parse(bodyOf(d), d.headers).status?.state)).toEqual(["succeeded", "running", "queued"]);
    } finally {
      await receiver.close();
    }
  });

  it("matches the Kling callback test vector (providers.md §1)", () => {
    const secret = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=";
    const body = '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
    const expected = "v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=";
    expect(signStandardWebhook(secret, "9876543210", 1781080794, body)).toBe(expected);
    expect(new Webhook(secret).sign("9876543210", new Date(1781080794 * 1000), body)).toBe(expected);
    const headers = { "webhook-id": "9876543210", "webhook-timestamp": "1781080794", "webhook-signature": expected };
    expect(verifyStandardWebhook(body, headers, [secret], 1781080794 * 1000)).toEqual({ id: "9876543210", timestamp: 1781080794 });
    expect(() => verifyStandardWebhook(body, headers, [secret], (1781080794 + 301) * 1000)).toThrow(expect.objectContaining({ reason: "stale-timestamp" }));
    const event = createKlingProvider(testContext()).webhook!.parse(JSON.parse(body), headers);
    // The vector's body has no outputs: a "succeeded" task without a video is reported as a failure.
    expect(event).toMatchObject({ jobId: "1234567890", deliveryId: "9876543210", status: { state: "failed", failure: { code: "no_video" } } });
  });
});

describe("Kling error codes", () => {
  it.each([
    [401, 1001, "auth", false],
    [429, 1100, "quota", false],
    [403, 1103, "auth", false],
    [404, 1202, "invalid-request", false],
    [400, 1300, "content-policy", false],
    [429, 1304, "auth", false],
    [500, 5000, "server", true],
    [503, 5001, "server", true],
    [504, 5002, "server", true],
  ])("maps HTTP %i code %i to %s (retryable %s)", (status, code, kind, retryable) => {
    expect(klingError({ status, code, message: "scripted" })).toMatchObject({ kind, retryable, code: String(code), status, charged: false });
  });
});
