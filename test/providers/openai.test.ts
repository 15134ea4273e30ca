import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import busboy from "busboy";
import OpenAI, { toFile } from "openai";
import { ProviderError } from "../../src/core/errors";
import type { ImageInput } from "../../src/core/request";
import { systemClock } from "../../src/core/seams/clock";
import type { HttpFetch } from "../../src/core/seams/http";
import type { JobHandle } from "../../src/core/videoProvider";
import { buildMultipartBody } from "../../src/providers/multipartBody";
import { createOpenaiProvider } from "../../src/providers/openai";
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

const baseUrl = () => `${fake().origin}/openai`;
const provider = (keys?: Record<string, string | undefined>) => createOpenaiProvider({ ...testContext(keys), baseUrl: baseUrl() });
const run = (handle: JobHandle) => pollUntilTerminal(provider(), handle, { clock: systemClock, policy: FAST_POLL });

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function clipBytes(name: string): Buffer {
  return readFileSync(join(__dirname, "..", "..", "assets", "clips", name));
}

/** A real PNG of the given size (Sora wants the first frame at exactly the output size). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "latin1"), data])));
    return Buffer.concat([length, Buffer.from(type, "latin1"), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x40);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

function pngFrame(width: number, height: number): ImageInput {
  return { kind: "bytes", bytes: Uint8Array.from(png(width, height)), mediaType: "image/png", name: "frame.png" };
}

describe("hand-built multipart bodies", () => {
  it("parse back, byte for byte, with a standard multipart parser", async () => {
    const binary = Uint8Array.from([0, 13, 10, 45, 45, 255, 13, 10, 13, 10, 1, 2, 3]);
    const { body, contentType } = buildMultipartBody([
      { name: "prompt", value: 'A "quoted" café\r\nsecond line' },
      { name: 'odd"name', value: "x" },
      { name: "input_reference", fileName: "frame.png", contentType: "image/png", bytes: binary },
    ]);
    const fields: [string, string][] = [];
    const files: { name: string; filename: string; mimeType: string; bytes: Buffer }[] = [];
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: { "content-type": contentType } });
      parser.on("field", (name, value) => fields.push([name, value]));
      parser.on("file", (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c)).on("end", () => files.push({ name, filename: info.filename ?? "", mimeType: info.mimeType, bytes: Buffer.concat(chunks) }));
      });
      parser.on("close", resolve).on("error", reject);
      parser.end(Buffer.from(body));
    });
    expect(fields).toEqual([
      ["prompt", 'A "quoted" café\r\nsecond line'],
      ["odd%22name", "x"],
    ]);
    expect(files).toEqual([{ name: "input_reference", filename: "frame.png", mimeType: "image/png", bytes: Buffer.from(binary) }]);
  });

  it("refuses a boundary that occurs inside a part", () => {
    expect(() => buildMultipartBody([{ name: "a", value: "x--abc y" }], "abc")).toThrow(/boundary/);
  });
});

describe("OpenAI adapter against the fake Videos API", () => {
  it("describes itself as retired upstream, off by default, on api.openai.com", () => {
    const defaults = createOpenaiProvider(testContext());
    expect(defaults.enabledByDefault).toBe(false);
    expect(defaults.displayName).toMatch(/2026-09-24/);
    expect(defaults.models.every((model) => model.notes?.some((note) => note.includes("2026-09-24")))).toBe(true);
    expect(defaults.networkOrigins).toEqual(["https://api.openai.com"]);
    expect(defaults.supportsCancel).toBe(false);
    expect(defaults.webhook).toMatchObject({ delivery: "account", scheme: "standard-webhooks" });
  });

  it("runs text to video: multipart create, progress, completion, authenticated /content download", async () => {
    const openai = provider();
    const request = resolvedRequest("openai", "sora-2-pro", { durationSeconds: 12, aspectRatio: "9:16", resolution: "1080p", seed: 9, negativePrompt: "blur" });
    const lockstep = lockstepJobs(fake().world);
    const { handle } = await openai.submit(request);
    expect(handle.id).toMatch(/^video_/);
    const job = fake().world.job("openai", handle.id)!;
    // Seconds go as a string; no seed or negative prompt exists on this API.
    expect(job.input).toEqual({ encoding: "multipart", model: "sora-2-pro", prompt: request.prompt, seconds: "12", size: "1080x1920" });
    expect(job.clip).toMatch(/^sim_9x16_/);

    const seen: string[] = [];
    let sawProgress = false;
    const final = await pollUntilTerminal(openai, handle, {
      clock: systemClock,
      policy: FAST_POLL,
      onStatus: (status) => {
        seen.push(status.state);
        if (status.state === "running" && status.progress !== undefined && status.progress > 0 && status.progress < 1) sawProgress = true;
        lockstep.seen(job, status.state);
      },
    });
    expect(distinctInOrder(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(sawProgress).toBe(true);
    expect(final.state).toBe("succeeded");
    if (final.state !== "succeeded") return;
    const [video] = final.videos;
    expect(video!.url).toBe(`${baseUrl()}/v1/videos/${handle.id}/content`);
    const lifetime = Date.parse(video!.expiresAt!) - job.finishedAt!;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);

    const descriptor = await openai.download(handle);
    expect(descriptor).toMatchObject({ headers: { authorization: `Bearer ${FAKE_KEYS.openai}` }, followRedirects: false, mediaType: "video/mp4", expires: false });
    const response = await fetch(descriptor.url, { headers: descriptor.headers, redirect: "manual" });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(clipBytes(job.clip))).toBe(true);
    const anonymous = await fetch(descriptor.url);
    expect(anonymous.status).toBe(401);
  });

  it("sends a first frame as the input_reference file part, or as image_url for a URL", async () => {
    const openai = provider();
    const frame = pngFrame(1280, 720);
    const { handle } = await openai.submit(resolvedRequest("openai", "sora-2", { firstFrame: frame, durationSeconds: 4 }));
    const job = fake().world.job("openai", handle.id)!;
    expect(job.input).toMatchObject({ seconds: "4", size: "1280x720", input_reference: { fileName: "frame.png", mimeType: "image/png" } });
    expect((job.input.input_reference as { bytes: string }).bytes).toBe(Buffer.from((frame as { bytes: Uint8Array }).bytes).toString("base64"));
    expect((await run(handle)).state).toBe("succeeded");

    const byUrl = await openai.submit(resolvedRequest("openai", "sora-2", { firstFrame: { kind: "url", url: "https://example.com/frame.png" } }));
    expect(fake().world.job("openai", byUrl.handle.id)!.input["input_reference[image_url]"]).toBe("https://example.com/frame.png");
  });

  it("passes on the provider's refusal of a first frame that is not the output size, naming the field", async () => {
    const error = await provider()
      .submit(resolvedRequest("openai", "sora-2", { firstFrame: pngImage() }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-request", status: 400, code: "invalid_value" });
    expect((error as Error).message).toContain("input_reference");
    expect((error as Error).message).toContain("1280x720");
    expect(fake().world.creates.openai).toBe(0);
  });

  it("maps invalid settings to invalid-request with the parameter named", async () => {
    const openai = provider();
    const error = await openai.submit({ ...resolvedRequest("openai", "sora-2"), durationSeconds: 7 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-request", status: 400, retryable: false, charged: false });
    expect((error as Error).message).toMatch(/^openai: seconds: Invalid value: '7'/);
    const size = await openai.submit({ ...resolvedRequest("openai", "sora-2"), resolution: "1024p" }).catch((e: unknown) => e);
    expect((size as Error).message).toMatch(/^openai: size: Invalid value: '1792x1024'/);
    expect(fake().world.creates.openai).toBe(0);
  });

  it("refuses a wrong key as auth, and sends nothing without a key", async () => {
    await expect(provider({ "openai.apiKey": "sk-wrong-key-1234" }).submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({
      kind: "auth",
      status: 401,
      code: "invalid_api_key",
    });
    await expect(provider({}).submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({ kind: "auth", code: "missing_key" });
    expect(fake().world.creates.openai).toBe(0);
    expect(fake().world.requests.filter((r) => r.provider === "openai")).toHaveLength(0);
  });

  it("retries a 429 submit after Retry-After without buying twice, and hands back a long wait", async () => {
    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 2 });
    const { handle } = await provider().submit(resolvedRequest("openai", "sora-2"));
    expect(handle.id).toMatch(/^video_/);
    expect(fake().world.creates.openai).toBe(1);

    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 120 } });
    await expect(provider().submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({
      kind: "quota",
      status: 429,
      code: "rate_limit_exceeded",
      retryAfterMs: 120_000,
      retryable: true,
    });
    expect(fake().world.creates.openai).toBe(1);
  });

  it("treats insufficient_quota as an empty balance, not a rate to wait out", async () => {
    let calls = 0;
    const exhausted: HttpFetch = async () => {
      calls++;
      return new Response(JSON.stringify({ error: { message: "You exceeded your current quota.", type: "insufficient_quota", param: null, code: "insufficient_quota" } }), {
        status: 429,
      });
    };
    const openai = createOpenaiProvider({ ...testContext(), fetch: exhausted, baseUrl: baseUrl() });
    await expect(openai.status({ provider: "openai", model: "sora-2", id: "video_x", idempotencyKey: "k", submittedAt: "", data: {} })).rejects.toMatchObject({
      kind: "quota",
      code: "insufficient_quota",
      retryable: false,
    });
    expect(calls).toBe(1);
  });

  it("refuses creates past the concurrency limit as quota", async () => {
    fake().world.config = { ...fake().world.config, limits: { openai: { maxActive: 1 } }, queueMs: 2000 };
    await provider().submit(resolvedRequest("openai", "sora-2"));
    await expect(provider().submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({ kind: "quota", status: 429 });
    expect(fake().world.creates.openai).toBe(1);
  });

  it("never retries a submit that may have been received (5xx, timeout)", async () => {
    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "server-error", status: 503 } });
    await expect(provider().submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({ kind: "server", status: 503, retryable: true });
    expect(fake().world.requests.filter((r) => r.provider === "openai" && r.operation === "create")).toHaveLength(0);

    fake().world.faults.add({ provider: "openai", operation: "create", fault: { type: "timeout", delayMs: 400 } });
    const impatient = createOpenaiProvider({ ...testContext(), timeoutMs: 150, baseUrl: baseUrl() });
    await expect(impatient.submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({ kind: "network", code: "timeout" });
    await waitUntil(() => fake().world.creates.openai === 1, 10_000, () => "the fake creates the video it timed out on");
  });

  it("reports an unreachable host as a network error", async () => {
    const nowhere = createOpenaiProvider({ ...testContext(), baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(nowhere.submit(resolvedRequest("openai", "sora-2"))).rejects.toMatchObject({ kind: "network", notReceived: true });
  });

  it("retries status reads through 5xx bursts, malformed JSON and dropped connections", async () => {
    const openai = provider();
    const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
    const world = fake().world;
    world.faults.add({ provider: "openai", operation: "status", fault: { type: "server-error" }, times: 2 });
    world.faults.add({ provider: "openai", operation: "status", fault: { type: "malformed-json" } });
    world.faults.add({ provider: "openai", operation: "status", fault: { type: "reset-connection" } });
    expect((await run(handle)).state).toBe("succeeded");
    expect(world.faults.list().every((rule) => rule.fired === (rule.times ?? 1))).toBe(true);
  });

  it("reports a moderation block as a content-policy failure, not charged", async () => {
    fake().world.faults.add({ provider: "openai", fault: { type: "content-policy", message: "Your request was blocked by our moderation system." } });
    const { handle } = await provider().submit(resolvedRequest("openai", "sora-2"));
    expect(await run(handle)).toEqual({
      state: "failed",
      failure: {
        kind: "content-policy",
        code: "moderation_blocked",
        message: expect.stringContaining("blocked by our moderation system"),
        charged: false,
        retryable: false,
      },
    });
  });

  it("reports a generation failure as a retryable server failure", async () => {
    fake().world.faults.add({ provider: "openai", fault: { type: "job-failure", message: "The render crashed." } });
    const { handle } = await provider().submit(resolvedRequest("openai", "sora-2"));
    const final = await run(handle);
    expect(final).toEqual({
      state: "failed",
      failure: { kind: "server", code: "internal_error", message: "openai: The render crashed.", charged: "unknown", retryable: true },
    });
  });

  it("answers not-found for an unknown video and for content that is not ready", async () => {
    const openai = provider();
    const ghost: JobHandle = { provider: "openai", model: "sora-2", id: "video_doesnotexist", idempotencyKey: "k", submittedAt: "", data: {} };
    await expect(openai.status(ghost)).rejects.toMatchObject({ kind: "not-found", status: 404, code: "video_not_found" });

    fake().world.config = { ...fake().world.config, queueMs: 2000 };
    const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
    await expect(openai.download(handle)).rejects.toMatchObject({ kind: "not-found" });
    const early = await fetch(`${baseUrl()}/v1/videos/${handle.id}/content`, { headers: { authorization: `Bearer ${FAKE_KEYS.openai}` } });
    expect(early.status).toBe(404);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("video_not_ready");
  });

  it("refuses to hand out a download for an expired video, and the provider refuses its bytes", async () => {
    fake().world.config = { ...fake().world.config, urlLifetimeSeconds: { ...DEFAULT_CONFIG.urlLifetimeSeconds, openai: 0 } };
    const openai = provider();
    const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
    expect((await run(handle)).state).toBe("succeeded");
    await expect(openai.download(handle)).rejects.toMatchObject({ kind: "not-found", code: "expired" });
    const late = await fetch(`${baseUrl()}/v1/videos/${handle.id}/content`, { headers: { authorization: `Bearer ${FAKE_KEYS.openai}` } });
    expect(late.status).toBe(404);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("video_expired");
  });

  it("has no cancel, and says so without calling the provider", async () => {
    const openai = provider();
    const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
    const before = fake().world.requests.length;
    await expect(openai.cancel(handle)).rejects.toMatchObject({ kind: "invalid-request", code: "cancel_unsupported" });
    expect(fake().world.requests.length).toBe(before);
  });

  it("checks a key with one cheap authenticated call", async () => {
    await expect(provider().testCredentials()).resolves.toBeUndefined();
    await expect(provider({ "openai.apiKey": "sk-nope-nope" }).testCredentials()).rejects.toMatchObject({ kind: "auth" });
  });
});

describe("OpenAI project webhooks from the fake", () => {
  const SECRET = "whsec_b3BlbmFpcHJvamVjdHdlYmhvb2tzZWNyZXQwMDE=";
  const NEXT_SECRET = "whsec_b3BlbmFpcm90YXRlZHdlYmhvb2tzZWNyZXQwMDI=";

  async function withReceiver(secrets: string[], body: (receiver: Awaited<ReturnType<typeof startWebhookReceiver>>) => Promise<void>) {
    const receiver = await startWebhookReceiver();
    fake().world.config = { ...fake().world.config, accountWebhooks: { openai: { url: `${receiver.url}/hooks/openai`, secrets } } };
    try {
      await body(receiver);
    } finally {
      await receiver.close();
    }
  }

  it("posts video.completed with a thin payload that verifies and parses to the job", async () => {
    await withReceiver([SECRET], async (receiver) => {
      const openai = provider();
      const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
      const [delivery] = await receiver.waitFor(1);
      expect(delivery!.path).toBe("/hooks/openai");
      const text = delivery!.rawBody.toString("utf8");
      const verified = verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], Date.now());
      expect(verified.id).toMatch(/^wh_/);
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(body).toEqual({ id: expect.stringMatching(/^evt_/), object: "event", created_at: expect.any(Number), type: "video.completed", data: { id: handle.id } });
      expect(openai.webhook!.parse(body, delivery!.headers)).toEqual({
        provider: "openai",
        jobId: handle.id,
        deliveryId: verified.id,
        status: { state: "succeeded", videos: [{ url: `${baseUrl()}/v1/videos/${handle.id}/content`, mediaType: "video/mp4" }] },
      });

      const reason = (run: () => unknown) => {
        try {
          run();
          return "accepted";
        } catch (error) {
          return (error as { reason: string }).reason;
        }
      };
      expect(reason(() => verifyStandardWebhook(text.replace("video.completed", "video.failed"), delivery!.headers, [SECRET], Date.now()))).toBe("bad-signature");
      expect(reason(() => verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [NEXT_SECRET], Date.now()))).toBe("bad-signature");
      expect(reason(() => verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], Date.now() + 10 * 60_000))).toBe("stale-timestamp");
    });
  });

  it("signs with both secrets during a rotation, and reports failures as video.failed", async () => {
    await withReceiver([SECRET, NEXT_SECRET], async (receiver) => {
      fake().world.faults.add({ provider: "openai", fault: { type: "content-policy" } });
      const openai = provider();
      const { handle } = await openai.submit(resolvedRequest("openai", "sora-2"));
      const [delivery] = await receiver.waitFor(1);
      expect(delivery!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      expect(verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [SECRET], Date.now()).id).toBeTruthy();
      expect(verifyStandardWebhook(delivery!.rawBody, delivery!.headers, [NEXT_SECRET], Date.now()).id).toBeTruthy();
      const event = openai.webhook!.parse(JSON.parse(delivery!.rawBody.toString("utf8")), delivery!.headers);
      // A failure's reason is only in the video object: the event is a signal to re-read it.
      expect(event).toEqual({ provider: "openai", jobId: handle.id, deliveryId: delivery!.headers["webhook-id"] });
      expect(await openai.status(handle)).toMatchObject({ state: "failed", failure: { kind: "content-policy" } });
    });
  });

  it("repeats a delivery with the same webhook-id when the scenario says so", async () => {
    await withReceiver([SECRET], async (receiver) => {
      fake().world.faults.add({ provider: "openai", fault: { type: "webhook-duplicates", copies: 3 } });
      const openai = provider();
      await openai.submit(resolvedRequest("openai", "sora-2"));
      const deliveries = await receiver.waitFor(3);
      const ids = deliveries.map((d) => openai.webhook!.parse(JSON.parse(d.rawBody.toString("utf8")), d.headers).deliveryId);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(1);
    });
  });

  it("refuses to parse events that are not about videos", () => {
    expect(() => provider().webhook!.parse({ id: "evt_1", object: "event", type: "batch.completed", data: { id: "batch_1" } }, {})).toThrow(/not an OpenAI video event/);
  });
});

describe("the official openai SDK against the fake", () => {
  it("creates with an input_reference, polls, and downloads the content end to end", async () => {
    const client = new OpenAI({ apiKey: FAKE_KEYS.openai, baseURL: `${fake().origin}/openai/v1`, maxRetries: 0 });
    const frame = await toFile(png(720, 1280), "first.png", { type: "image/png" });
    let video = await client.videos.create({ model: "sora-2", prompt: "a paper boat on a rainy street", seconds: "4", size: "720x1280", input_reference: frame });
    expect(video).toMatchObject({ object: "video", status: "queued", seconds: "4", size: "720x1280" });
    for (let i = 0; i < 100 && video.status !== "completed" && video.status !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      video = await client.videos.retrieve(video.id);
    }
    expect(video.status).toBe("completed");
    expect(video.progress).toBe(100);
    const content = await client.videos.downloadContent(video.id);
    const bytes = Buffer.from(await content.arrayBuffer());
    const job = fake().world.job("openai", video.id)!;
    expect(job.input.input_reference).toMatchObject({ fileName: "first.png", mimeType: "image/png" });
    // A request with a first frame gets a clip made from it (src/fakes/clipFromFrames.ts).
    expect(bytes.equals(readFileSync(clipFile(fake().world, job)))).toBe(true);
  });

  it("gets the fake's errors in OpenAI's envelope", async () => {
    const client = new OpenAI({ apiKey: FAKE_KEYS.openai, baseURL: `${fake().origin}/openai/v1`, maxRetries: 0 });
    const error = await client.videos.create({ model: "sora-2", prompt: "x", seconds: "7" as "4" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "seconds", code: "invalid_value", type: "invalid_request_error" });
    const wrongKey = new OpenAI({ apiKey: "sk-wrong", baseURL: `${fake().origin}/openai/v1`, maxRetries: 0 });
    await expect(wrongKey.videos.retrieve("video_x")).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
