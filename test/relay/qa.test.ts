import { mkdirSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import * as path from "node:path";
import { spoiledClip } from "../../src/fakes/clipFaults";
import { parseQaAnswer } from "../../src/relay/client/qaProtocol";
import { resolveFile } from "../../src/relay/qa/qaSources";
import { startRelay } from "../../src/relay/startRelay";
import { getJson, metricValue, postJson, registerJob, SECRETS, startTestRelay, testConfig, TOKENS, waitUntil, type TestRelay } from "./support/relayHarness";
import { sendWebhook, standardWebhook } from "./support/signedWebhooks";
import { startClipServer } from "./support/clipServer";

jest.setTimeout(120_000);

const CLEAN = path.resolve("assets/clips/sim720p_16x9_4s.mp4");
const FLICKER_SOURCE = path.resolve("assets/clips/sim720p_16x9_5s.mp4");

let cdn: Awaited<ReturnType<typeof startClipServer>>;
let harness: TestRelay;
let flickering: string;

beforeAll(async () => {
  flickering = await spoiledClip(FLICKER_SOURCE, "flickering-clip");
  cdn = await startClipServer({ "clean.mp4": CLEAN, "flicker.mp4": flickering, "a.mp4": CLEAN, "b.mp4": CLEAN, "c.mp4": CLEAN, "d.mp4": CLEAN });
});
afterAll(async () => {
  await cdn.close();
});
beforeEach(() => {
  cdn.requests.length = 0;
});
afterEach(async () => {
  cdn.releaseAll();
  await harness.close();
});

const qa = (body: unknown, token: string = TOKENS.ana) => postJson(`${harness.relay.url}/v1/qa`, body, token);
const qaState = (key: string, token: string = TOKENS.ana, wait = 0) => getJson(`${harness.relay.url}/v1/qa/${key}?wait=${wait}`, token);

/** Replicate's verified "succeeded" webhook for `id`, naming `output` as the result. */
function succeeded(id: string, output: string, attempt = "1") {
  return standardWebhook(SECRETS.replicate, `msg_${id}_${attempt}`, {
    id,
    model: "google/veo-3.1",
    version: "hidden",
    status: "succeeded",
    input: { prompt: "a test" },
    output,
    error: null,
    logs: "",
    metrics: {},
    created_at: "2026-11-24T10:00:00.000Z",
    urls: { get: `https://api.replicate.com/v1/predictions/${id}`, cancel: `https://api.replicate.com/v1/predictions/${id}/cancel` },
  });
}

async function jobWithResult(id: string, clip: string, token: string = TOKENS.ana) {
  expect((await registerJob(harness.relay, token, "replicate", id)).status).toBe(200);
  expect((await sendWebhook(`${harness.relay.url}/hooks/replicate`, succeeded(id, cdn.url(clip)))).status).toBe(200);
}

describe("relay take QA: who may ask, and for what", () => {
  beforeEach(async () => {
    harness = await startTestRelay();
  });

  it("refuses requests without a valid token", async () => {
    expect((await postJson(`${harness.relay.url}/v1/qa`, { provider: "replicate", jobId: "x" })).status).toBe(401);
    expect((await qa({ provider: "replicate", jobId: "x" }, "not-a-token-of-this-relay-at-all")).status).toBe(401);
    expect((await getJson(`${harness.relay.url}/v1/qa/jabc`)).status).toBe(401);
  });

  it("answers 404 for an unknown or another user's job, 409 before a result, 400 for a bad body", async () => {
    expect(await qa({ provider: "replicate", jobId: "nobody" })).toMatchObject({ status: 404, body: { error: "unknown-job" } });
    await registerJob(harness.relay, TOKENS.ben, "replicate", "bens");
    expect(await qa({ provider: "replicate", jobId: "bens" })).toMatchObject({ status: 404, body: { error: "unknown-job" } });
    await registerJob(harness.relay, TOKENS.ana, "replicate", "pending");
    expect(await qa({ provider: "replicate", jobId: "pending" })).toMatchObject({ status: 409, body: { error: "no-result" } });
    expect(await qa({ url: cdn.url("clean.mp4") })).toMatchObject({ status: 400, body: { error: "invalid-request" } });
    expect(await qa({ provider: "replicate", jobId: "pending", url: cdn.url("clean.mp4") })).toMatchObject({ status: 400 });
    expect(cdn.requests).toEqual([]);
  });

  it("measures no file when no QA folder is configured", async () => {
    expect(await qa({ file: CLEAN })).toMatchObject({ status: 403, body: { error: "file-qa-off" } });
  });
});

describe("relay take QA: measuring", () => {
  beforeEach(async () => {
    harness = await startTestRelay();
  });

  it("downloads the job's own result, measures it, and answers a verdict, curves and three thumbnails", async () => {
    await jobWithResult("clean-1", "clean.mp4");
    const first = await qa({ provider: "replicate", jobId: "clean-1" });
    expect(first.status).toBe(202);
    expect(["queued", "measuring"]).toContain(first.body.state);
    const done = await qaState(first.body.key, TOKENS.ana, 60);
    expect(done.status).toBe(200);
    const answer = parseQaAnswer(done.body);
    if (answer?.state !== "done") throw new Error(`expected a report, got ${JSON.stringify(done.body).slice(0, 300)}`);
    const { report } = answer;
    expect(report.subject).toEqual({ kind: "job", provider: "replicate", jobId: "clean-1" });
    expect(report.verdict).toBe("pass");
    expect(report.defects).toEqual([]);
    expect(report.score).toBeGreaterThanOrEqual(90);
    expect(report.analysis.frames).toBeGreaterThan(0);
    expect(report.series.t.length).toBe(Math.min(200, report.analysis.frames));
    expect(report.series.luma.length).toBe(report.series.t.length);
    expect(report.series.cct.length).toBe(report.series.t.length);
    expect(report.thumbnails.map((thumb) => thumb.t)).toEqual([report.series.t[0], expect.any(Number), report.series.t[report.series.t.length - 1]]);
    for (const thumb of report.thumbnails) {
      const jpeg = Buffer.from(thumb.dataUri.slice("data:image/jpeg;base64,".length), "base64");
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      // SOF0's width field: the thumbnail is 160 px wide.
      const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
      expect(jpeg.readUInt16BE(sof + 7)).toBe(160);
    }
    expect(cdn.requests).toEqual(["clean.mp4"]);
    // The URL stays on the relay: the answer names the job, never where its bytes are.
    expect(JSON.stringify(done.body)).not.toContain(cdn.origin);
    expect(await metricValue(harness.relay, "shotbin_relay_qa_measurements_total", { outcome: "pass" })).toBe(1);
    expect(harness.logs.text()).toMatch(/"route":"\/v1\/qa\/:key","status":200/);
    expect(harness.logs.text()).not.toContain(cdn.origin);
  });

  it("finds the flicker in a spoiled take, and answers the cached report again, also after a restart", async () => {
    await jobWithResult("flicker-1", "flicker.mp4");
    const done = await qa({ provider: "replicate", jobId: "flicker-1", wait: 60 });
    expect(done.status).toBe(200);
    expect(done.body.report.verdict).toBe("fail");
    expect(done.body.report.defects.map((defect: { kind: string }) => defect.kind)).toContain("flicker");

    const again = await qa({ provider: "replicate", jobId: "flicker-1" });
    expect(again).toMatchObject({ status: 200, body: { state: "done", key: done.body.key } });
    expect(again.body.report.measuredAt).toBe(done.body.report.measuredAt);
    expect(await metricValue(harness.relay, "shotbin_relay_qa_cache_hits_total")).toBe(1);
    // Another user cannot read it by its key.
    expect((await qaState(done.body.key, TOKENS.ben)).status).toBe(404);

    await harness.relay.close();
    const restarted = await startRelay({ config: testConfig(harness.dir), logDestination: harness.logs.stream });
    try {
      const afterRestart = await postJson(`${restarted.url}/v1/qa`, { provider: "replicate", jobId: "flicker-1" }, TOKENS.ana);
      expect(afterRestart).toMatchObject({ status: 200, body: { state: "done", key: done.body.key } });
      expect(afterRestart.body.report.measuredAt).toBe(done.body.report.measuredAt);
    } finally {
      await restarted.close();
    }
    expect(cdn.requests.filter((name) => name === "flicker.mp4")).toHaveLength(1);
  });

  it("answers 502 when the provider's result cannot be fetched, and tries again on the next request", async () => {
    await jobWithResult("gone-1", "expired.mp4");
    const failed = await qa({ provider: "replicate", jobId: "gone-1", wait: 60 });
    expect(failed).toMatchObject({ status: 502, body: { state: "failed", error: "download-failed" } });
    expect(failed.body.message).toContain("answered 404");
    expect(failed.body.message).not.toContain("?");
    expect(await metricValue(harness.relay, "shotbin_relay_qa_measurements_total", { outcome: "download-failed" })).toBe(1);
    await qa({ provider: "replicate", jobId: "gone-1", wait: 60 });
    expect(cdn.requests).toEqual(["expired.mp4", "expired.mp4"]);
  });

  it("measures 4 takes 2 at a time, in the order asked, while webhooks are still stored and answered", async () => {
    for (const name of ["a", "b", "c", "d"]) await jobWithResult(`job-${name}`, `${name}.mp4`);
    cdn.hold();
    const keys: string[] = [];
    for (const name of ["a", "b", "c", "d"]) {
      const answer = await qa({ provider: "replicate", jobId: `job-${name}` });
      expect(answer.status).toBe(202);
      keys.push(answer.body.key);
    }
    await waitUntil(() => cdn.waiting().length === 2, 10_000, () => `downloads waiting: ${cdn.waiting().join(", ")}`);
    expect(cdn.waiting()).toEqual(["a.mp4", "b.mp4"]);
    expect(harness.relay.qaLoad()).toEqual({ measuring: 2, queued: 2 });
    expect((await Promise.all(keys.map((key) => qaState(key)))).map((answer) => answer.body.state)).toEqual(["measuring", "measuring", "queued", "queued"]);

    // Webhook intake does not wait for QA: each is verified, stored and answered while all four are under way.
    for (let index = 0; index < 5; index += 1) {
      await registerJob(harness.relay, TOKENS.ana, "replicate", `more-${index}`);
      expect(await sendWebhook(`${harness.relay.url}/hooks/replicate`, succeeded(`more-${index}`, cdn.url("clean.mp4")))).toEqual({ status: 200, body: { stored: true, duplicate: false } });
    }
    expect(harness.relay.qaLoad()).toEqual({ measuring: 2, queued: 2 });

    expect(cdn.releaseOne()).toBe("a.mp4");
    await waitUntil(() => cdn.waiting().includes("c.mp4"), 60_000, () => `downloads waiting: ${cdn.waiting().join(", ")}`);
    expect(cdn.requests).toEqual(["a.mp4", "b.mp4", "c.mp4"]);
    cdn.releaseAll();
    const finals = await Promise.all(keys.map((key) => qaState(key, TOKENS.ana, 60)));
    expect(finals.map((answer) => [answer.status, answer.body.state, answer.body.report?.verdict])).toEqual(Array(4).fill([200, "done", "pass"]));
    expect(cdn.requests).toEqual(["a.mp4", "b.mp4", "c.mp4", "d.mp4"]);
  });
});

describe("relay take QA: files under the QA folder", () => {
  let folder: string;
  beforeEach(async () => {
    harness = await startTestRelay();
    await harness.relay.close();
    folder = path.join(harness.dir, "media");
    mkdirSync(path.join(folder, "takes"), { recursive: true });
    copyFileSync(flickering, path.join(folder, "takes", "take 2.mp4"));
    writeFileSync(path.join(harness.dir, "secret.mp4"), "not for you");
    writeFileSync(path.join(folder, "notes.txt"), "hello");
    writeFileSync(path.join(folder, "fake.mp4"), "this is text, not a video");
    symlinkSync(path.join(harness.dir, "secret.mp4"), path.join(folder, "link.mp4"));
    const relay = await startRelay({ config: testConfig(harness.dir, { qaFolder: folder }), logDestination: harness.logs.stream });
    harness = { ...harness, relay, close: async () => relay.close() };
  });

  it("measures a video under the folder, by absolute or relative path", async () => {
    const done = await qa({ file: path.join(folder, "takes", "take 2.mp4"), wait: 60 });
    expect(done.status).toBe(200);
    expect(done.body.report.subject).toEqual({ kind: "file", file: "takes/take 2.mp4" });
    expect(done.body.report.verdict).toBe("fail");
    expect(await qa({ file: "takes/take 2.mp4" })).toMatchObject({ status: 200, body: { key: done.body.key, state: "done" } });
  });

  it("refuses paths that leave the folder, links out of it, missing files and files that are not videos", async () => {
    expect(await qa({ file: "../secret.mp4" })).toMatchObject({ status: 403, body: { error: "outside-folder" } });
    expect(await qa({ file: `${folder}/takes/../../secret.mp4` })).toMatchObject({ status: 403, body: { error: "outside-folder" } });
    expect(await qa({ file: path.join(harness.dir, "secret.mp4") })).toMatchObject({ status: 403, body: { error: "outside-folder" } });
    expect(await qa({ file: "link.mp4" })).toMatchObject({ status: 403, body: { error: "outside-folder" } });
    expect(await qa({ file: "/etc/passwd" })).toMatchObject({ status: 403, body: { error: "outside-folder" } });
    expect(await qa({ file: "missing.mp4" })).toMatchObject({ status: 404, body: { error: "no-such-file" } });
    expect(await qa({ file: "notes.txt" })).toMatchObject({ status: 422, body: { error: "not-a-video" } });
    expect(await qa({ file: "takes" })).toMatchObject({ status: 422, body: { error: "not-a-video" } });
    expect(await qa({ file: "fake.mp4", wait: 60 })).toMatchObject({ status: 422, body: { state: "failed", error: "not-a-video" } });
  });

  it("measures no file on a relay that listens beyond loopback", async () => {
    expect(await resolveFile({ folder, loopback: false }, path.join(folder, "takes", "take 2.mp4"))).toMatchObject({ status: 403, error: "file-qa-off" });
  });
});
