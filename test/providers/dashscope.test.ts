import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ProviderError } from "../../src/core/errors";
import type { ResolvedRequest } from "../../src/core/request";
import { systemClock, type Clock } from "../../src/core/seams/clock";
import type { JobHandle, JobStatus } from "../../src/core/videoProvider";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { createDashscopeProvider, dashscopeBody, type DashscopeOptions } from "../../src/providers/dashscope";
import { dashscopeErrorFromResponse } from "../../src/providers/dashscopeErrors";
import { parseChinaTime, statusFromDashscopeTask } from "../../src/providers/dashscopeTask";
import type { HttpResponse } from "../../src/core/seams/http";
import { pollUntilTerminal } from "../../src/providers/polling";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { FAST_POLL, distinctInOrder, lockstepJobs, testContext, useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { pngImage, resolvedRequest } from "../support/requests";

const fake = useFakeProviders();

afterEach(() => {
  const world = fake().world;
  world.config = { ...world.config, limits: {} };
});

function dashscope(extra: Partial<DashscopeOptions> = {}, keys?: Record<string, string>) {
  return createDashscopeProvider({ ...testContext(keys), baseUrl: `${fake().origin}/dashscope`, ...extra });
}

function run(provider: ReturnType<typeof dashscope>, handle: JobHandle, seen?: string[]): Promise<JobStatus> {
  return pollUntilTerminal(provider, handle, { clock: systemClock, policy: FAST_POLL, onStatus: (s) => seen?.push(s.state) });
}

function clipBytes(clip: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", "clips", clip));
}

function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(Math.min(ms, 20), signal)) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real `GET /api/v1/tasks/{id}` answer (providers.md §5.3, from a Go test fixture of
 * 2026-08-27), byte for byte as published: floats written `10.0`, China-time strings, elided ids.
 */
const REAL_SUCCEEDED_TASK = `{"request_id":"…","output":{"task_id":"fdd50dcc-…","task_status":"SUCCEEDED",
  "submit_time":"2026-08-27 15:59:59.299","scheduled_time":"2026-08-27 15:59:59.335","end_time":"2026-08-27 16:02:09.980",
  "orig_prompt":"…","video_url":"https://dashscope-a717.oss-accelerate.aliyuncs.com/…mp4?Expires=1787904126&OSSAccessKeyId=…&Signature=…"},
 "usage":{"duration":10.0,"input_video_duration":0,"output_video_duration":10.0,"fps":30,"video_count":1,"SR":1080,"ratio":"3368:3409"}}`;

describe("DashScope adapter against the fake (Wan 2.6)", () => {
  it("runs text to video: async header, W*H size, integer duration, then a signed OSS URL valid 24 h", async () => {
    const provider = dashscope();
    const request = resolvedRequest("dashscope", "wan2.6-t2v", { durationSeconds: 8, aspectRatio: "9:16", resolution: "1080p", negativePrompt: "blur", seed: 1234 });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await provider.submit(request);
    const world = fake().world;
    const job = world.job("dashscope", handle.id)!;
    expect(job.input).toEqual({
      model: "wan2.6-t2v",
      input: { prompt: request.prompt, negative_prompt: "blur" },
      parameters: { size: "1080*1920", duration: 8, prompt_extend: true, watermark: false, seed: 1234 },
    });
    expect(world.requests.find((r) => r.operation === "create")?.path).toBe("/api/v1/services/aigc/video-generation/video-synthesis");

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
    expect(final.state).toBe("succeeded");
    expect(world.requests.filter((r) => r.operation === "status").every((r) => r.path === `/api/v1/tasks/${handle.id}`)).toBe(true);

    const descriptor = await provider.download(handle);
    expect(descriptor.url.startsWith(`${fake().origin}/cdn/dashscope-oss/`)).toBe(true);
    expect(descriptor).toMatchObject({ expires: true, mediaType: "video/mp4", headers: {} });
    const expires = Number(new URL(descriptor.url).searchParams.get("Expires"));
    expect(Date.parse(descriptor.expiresAt!)).toBe(expires * 1000);
    expect(expires - Math.floor(job.finishedAt! / 1000)).toBe(86_400);
    const bytes = Buffer.from(await (await fetch(descriptor.url)).arrayBuffer());
    expect(bytes.equals(clipBytes(job.clip))).toBe(true);
    expect(job.clip).toMatch(/^sim_9x16_/);
  });

  it("runs image to video: img_url as a data URL, resolution tier in capitals, no size", async () => {
    const provider = dashscope({ promptExtend: false });
    const request = resolvedRequest("dashscope", "wan2.6-i2v", { firstFrame: pngImage(), resolution: "720p", durationSeconds: 5 });
    const { handle } = await provider.submit(request);
    const job = fake().world.job("dashscope", handle.id)!;
    expect(job.input).toEqual({
      model: "wan2.6-i2v",
      input: { prompt: request.prompt, img_url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) },
      parameters: { resolution: "720P", duration: 5, prompt_extend: false, watermark: false },
    });
    expect((await run(provider, handle)).state).toBe("succeeded");
  });

  it("switches audio off on the flash model only, and passes an image URL through", async () => {
    const provider = dashscope();
    const request = resolvedRequest("dashscope", "wan2.6-i2v-flash", { firstFrame: { kind: "url", url: "https://example.com/first.jpg" }, audio: false, resolution: "1080p" });
    const { handle } = await provider.submit(request);
    expect(fake().world.job("dashscope", handle.id)!.input).toEqual({
      model: "wan2.6-i2v-flash",
      input: { prompt: request.prompt, img_url: "https://example.com/first.jpg" },
      parameters: { resolution: "1080P", duration: 5, prompt_extend: true, watermark: false, audio: false },
    });
  });

  it("sends the float usage numbers of the real API, and the fake's answer parses", async () => {
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v", { durationSeconds: 10 }));
    await run(provider, handle);
    const text = await (await fetch(`${fake().origin}/dashscope/api/v1/tasks/${handle.id}`, { headers: { authorization: `Bearer ${FAKE_KEYS.dashscope}` } })).text();
    expect(text).toContain('"duration":10.0');
    expect(text).toContain('"output_video_duration":10.0');
    expect(text).toMatch(/"end_time":"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}"/);
  });

  it("refuses a wrong key as auth (401 InvalidApiKey) and sends nothing without one", async () => {
    await expect(dashscope({}, { [KEY_NAMES.dashscope]: "sk-wrong" }).submit(resolvedRequest("dashscope", "wan2.6-t2v"))).rejects.toMatchObject({
      kind: "auth",
      status: 401,
      code: "InvalidApiKey",
      retryable: false,
    });
    await expect(dashscope({}, {}).submit(resolvedRequest("dashscope", "wan2.6-t2v"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    expect(fake().world.creates.dashscope).toBe(0);
  });

  it("the fake refuses a synchronous call (no X-DashScope-Async) the way DashScope does", async () => {
    const response = await fetch(`${fake().origin}/dashscope/api/v1/services/aigc/video-generation/video-synthesis`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_KEYS.dashscope}`, "content-type": "application/json" },
      body: JSON.stringify(dashscopeBody(resolvedRequest("dashscope", "wan2.6-t2v"), "singapore", true)),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "AccessDenied", message: "current user api does not support synchronous calls", request_id: expect.any(String) });
    expect(fake().world.creates.dashscope).toBe(0);
  });

  it("names the parameter DashScope refused (400 InvalidParameter)", async () => {
    const tooLong: ResolvedRequest = { ...resolvedRequest("dashscope", "wan2.6-t2v"), durationSeconds: 20 };
    const error = await dashscope().submit(tooLong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 400, code: "InvalidParameter", retryable: false });
    expect((error as Error).message).toContain("parameters.duration must be between 2 and 15");

    const bigSeed = resolvedRequest("dashscope", "wan2.6-t2v", { seed: 3_000_000_000 });
    await expect(dashscope().submit(bigSeed)).rejects.toThrow(/parameters\.seed/);
  });

  it("retries a throttled create (429 Throttling with Retry-After) without buying twice", async () => {
    const world = fake().world;
    world.faults.add({ provider: "dashscope", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 2 }, times: 2 });
    const clock = recordingClock();
    const { handle } = await dashscope({ clock }).submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    expect(handle.id).toBeTruthy();
    expect(world.creates.dashscope).toBe(1);
    expect(clock.sleeps.filter((ms) => ms >= 2000)).toHaveLength(2);

    world.faults.add({ provider: "dashscope", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 9 } });
    const error = await dashscope({ retry: { maxAttempts: 1 } }).submit(resolvedRequest("dashscope", "wan2.6-t2v")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "quota", status: 429, code: "Throttling.RateQuota", retryAfterMs: 9000, retryable: true });
  });

  it("never resends a create the provider may have received (5xx, timeout): it has no idempotency key", async () => {
    const world = fake().world;
    world.faults.add({ provider: "dashscope", operation: "create", fault: { type: "server-error", status: 500 } });
    await expect(dashscope().submit(resolvedRequest("dashscope", "wan2.6-t2v"))).rejects.toMatchObject({ kind: "server", status: 500, code: "InternalError" });
    expect(world.creates.dashscope).toBe(0);

    world.faults.add({ provider: "dashscope", operation: "create", fault: { type: "timeout", delayMs: 300 } });
    const impatient = dashscope({ timeoutMs: 100 });
    await expect(impatient.submit(resolvedRequest("dashscope", "wan2.6-t2v"))).rejects.toMatchObject({ kind: "network", code: "timeout" });
    // DashScope did create the task: a blind retry would have bought it twice.
    await waitUntil(() => world.creates.dashscope === 1, 10_000, () => "the fake creates the task it timed out on");
    expect(impatient.idempotentSubmit).toBe(false);
    expect(await impatient.findByIdempotencyKey(resolvedRequest("dashscope", "wan2.6-t2v"))).toBeNull();
  });

  it("reports a DataInspectionFailed task as content policy, not charged", async () => {
    fake().world.faults.add({ provider: "dashscope", fault: { type: "content-policy" } });
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    expect(await run(provider, handle)).toEqual({
      state: "failed",
      failure: expect.objectContaining({ kind: "content-policy", code: "DataInspectionFailed", charged: false, retryable: false }),
    });
  });

  it("reports an InternalError task as a retryable server failure", async () => {
    fake().world.faults.add({ provider: "dashscope", fault: { type: "job-failure" } });
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    expect(await run(provider, handle)).toEqual({
      state: "failed",
      failure: expect.objectContaining({ kind: "server", code: "InternalError", retryable: true }),
    });
  });

  it("reads an unknown id, and a task older than 24 h, as UNKNOWN: not found", async () => {
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    await expect(provider.status({ ...handle, id: "0385dc79-0000-0000-0000-000000000000" })).rejects.toMatchObject({ kind: "not-found", code: "UNKNOWN" });
    await run(provider, handle);
    const job = fake().world.job("dashscope", handle.id)!;
    job.createdAt -= 25 * 3_600_000;
    await expect(provider.status(handle)).rejects.toMatchObject({ kind: "not-found", code: "UNKNOWN", retryable: false });
    await expect(provider.download(handle)).rejects.toMatchObject({ kind: "not-found" });
  });

  it("refuses a download once the signed URL's 24 h are over, and the OSS host refuses it too", async () => {
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    await run(provider, handle);
    const fresh = await provider.download(handle);
    const later: Clock = { now: () => Date.now() + 25 * 3_600_000, sleep: systemClock.sleep };
    await expect(dashscope({ clock: later }).download(handle)).rejects.toMatchObject({ kind: "not-found", code: "url_expired" });
    fake().world.faults.add({ provider: "dashscope", operation: "download", fault: { type: "expired-url" } });
    expect((await fetch(fresh.url)).status).toBe(403);
  });

  it("reads status through 5xx bursts, malformed JSON and dropped connections", async () => {
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    const world = fake().world;
    world.faults.add({ provider: "dashscope", operation: "status", fault: { type: "server-error", status: 503 }, times: 2 });
    world.faults.add({ provider: "dashscope", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "dashscope", operation: "status", fault: { type: "reset-connection" } });
    expect((await run(provider, handle)).state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("cancels a PENDING task, and refuses once it runs", async () => {
    fake().world.config = { ...fake().world.config, queueMs: 2000 };
    const provider = dashscope();
    const { handle } = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    await provider.cancel(handle);
    expect(await provider.status(handle)).toEqual({ state: "cancelled" });

    fake().world.config = { ...fake().world.config, queueMs: 0, runMs: 2000 };
    const second = await provider.submit(resolvedRequest("dashscope", "wan2.6-t2v"));
    await pause(80);
    expect((await provider.status(second.handle)).state).toBe("running");
    await expect(provider.cancel(second.handle)).rejects.toMatchObject({ kind: "invalid-request", status: 400, code: "UnsupportedOperation" });
  });

  it("checks a key with one cheap call", async () => {
    await expect(dashscope().testCredentials()).resolves.toBeUndefined();
    await expect(dashscope({}, { [KEY_NAMES.dashscope]: "sk-nope" }).testCredentials()).rejects.toMatchObject({ kind: "auth" });
    expect(fake().world.creates.dashscope).toBe(0);
  });

  it("uses the region's host and model ids, and lists the OSS result hosts", () => {
    const singapore = createDashscopeProvider(testContext());
    expect(singapore.networkOrigins).toEqual(["https://dashscope-intl.aliyuncs.com", "https://*.aliyuncs.com"]);
    expect(singapore.webhook).toBeUndefined();
    expect(createDashscopeProvider({ ...testContext(), region: "beijing" }).networkOrigins[0]).toBe("https://dashscope.aliyuncs.com");
    expect(createDashscopeProvider({ ...testContext(), region: "virginia" }).networkOrigins[0]).toBe("https://dashscope-us.aliyuncs.com");
    expect(dashscopeBody(resolvedRequest("dashscope", "wan2.6-t2v"), "virginia", true).model).toBe("wan2.6-t2v-us");
  });
});

describe("DashScope task parser on the real response", () => {
  it("accepts float usage and China-time strings, and dates the URL by its Expires", () => {
    const status = statusFromDashscopeTask(JSON.parse(REAL_SUCCEEDED_TASK));
    expect(status).toEqual({
      state: "succeeded",
      videos: [
        {
          url: "https://dashscope-a717.oss-accelerate.aliyuncs.com/…mp4?Expires=1787904126&OSSAccessKeyId=…&Signature=…",
          mediaType: "video/mp4",
          expiresAt: "2026-08-28T08:02:06.000Z",
        },
      ],
    });
    // end_time is China time: 16:02:09.980 at UTC+8 is 08:02:09.980 UTC, 24 h before Expires.
    const ended = parseChinaTime("2026-08-27 16:02:09.980")!;
    expect(new Date(ended).toISOString()).toBe("2026-08-27T08:02:09.980Z");
    expect(Math.abs(1787904126 * 1000 - ended - 86_400_000)).toBeLessThan(5000);
  });

  it("falls back to end_time + 24 h when the URL carries no Expires", () => {
    const body = JSON.parse(REAL_SUCCEEDED_TASK) as { output: Record<string, unknown> };
    body.output.video_url = "https://dashscope-a717.oss-accelerate.aliyuncs.com/result.mp4";
    const status = statusFromDashscopeTask(body);
    expect(status.state === "succeeded" && status.videos[0]!.expiresAt).toBe("2026-08-28T08:02:09.980Z");
  });

  it("maps the other task states", () => {
    const task = (output: Record<string, unknown>) => statusFromDashscopeTask({ request_id: "r", output: { task_id: "t", ...output } });
    expect(task({ task_status: "PENDING" })).toEqual({ state: "queued" });
    expect(task({ task_status: "RUNNING" })).toEqual({ state: "running" });
    expect(task({ task_status: "CANCELED" })).toEqual({ state: "cancelled" });
    expect(task({ task_status: "FAILED", code: "InvalidParameter", message: "bad size" })).toEqual({
      state: "failed",
      failure: expect.objectContaining({ kind: "invalid-request", code: "InvalidParameter", retryable: false }),
    });
    expect(() => task({ task_status: "UNKNOWN" })).toThrow(expect.objectContaining({ kind: "not-found" }));
    expect(() => task({ task_status: "SOMETHING_NEW" })).toThrow(expect.objectContaining({ code: "unknown_status" }));
  });
});

describe("DashScope error envelopes", () => {
  function answer(status: number, body: object, headers: Record<string, string> = {}): [HttpResponse, string] {
    const response: HttpResponse = {
      status,
      url: "https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/video-generation/video-synthesis",
      headers: { get: (name) => headers[name.toLowerCase()] ?? null },
      body: null,
      text: async () => JSON.stringify(body),
      arrayBuffer: async () => new ArrayBuffer(0),
    };
    return [response, JSON.stringify(body)];
  }

  it.each([
    [400, "DataInspectionFailed", "content-policy", false],
    [400, "Arrearage", "quota", false],
    [429, "Throttling.AllocationQuota", "quota", true],
    [403, "AccessDenied.Unpurchased", "auth", false],
    [500, "InternalError.Algo", "server", true],
    [400, "InvalidParameter", "invalid-request", false],
  ])("maps HTTP %i %s to %s (retryable %s)", (status, code, kind, retryable) => {
    const [response, text] = answer(status, { code, message: `scripted ${code}`, request_id: "req-1" });
    const error = dashscopeErrorFromResponse(response, text, Date.now());
    expect(error).toMatchObject({ kind, retryable, code, status, requestId: "req-1", notReceived: status === 429 });
    expect(error.message).toContain(`scripted ${code}`);
  });
});
