import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import type { RelayEvent } from "../../src/relay/client/protocol";
import { collectingClient, delay, getJson, memoryCursor, metricValue, postJson, registerJob, startTestRelay, TOKENS, waitForMetric, waitUntil, type TestRelay } from "./support/relayHarness";
import { sendWebhook, startFalSigner } from "./support/signedWebhooks";

let fal: Awaited<ReturnType<typeof startFalSigner>>;
let harness: TestRelay;

beforeAll(async () => {
  fal = await startFalSigner();
});
afterAll(async () => {
  await fal.close();
});
beforeEach(async () => {
  harness = await startTestRelay({ falJwksUrl: fal.jwksUrl });
});
afterEach(async () => {
  await harness.close();
});

const url = () => harness.relay.url;
const send = async (jobId: string, status: "OK" | "ERROR" = "OK") => {
  const answer = await sendWebhook(`${url()}/hooks/fal`, fal.webhook(jobId, status));
  expect(answer.status).toBe(200);
};
const longPoll = async (token: string, after = 0, wait = 0) => {
  const answer = await getJson(`${url()}/v1/events?after=${after}&wait=${wait}`, token);
  expect(answer.status).toBe(200);
  return answer.body.events as RelayEvent[];
};

describe("routing", () => {
  it("keeps a webhook that beats its job's registration, and delivers it once the job is registered", async () => {
    const panel = collectingClient(url(), TOKENS.ana);
    await panel.client.start();
    await panel.waitForState("live");
    await send("early-job");
    expect(await metricValue(harness.relay, "shotbin_relay_unmatched_webhooks")).toBe(1);
    await delay(150);
    expect(panel.events).toEqual([]);

    const registered = await registerJob(harness.relay, TOKENS.ana, "fal", "early-job");
    expect(registered.body).toEqual({ registered: true, released: 1 });
    await panel.waitForEvents(1);
    expect(panel.events.map((e) => [e.jobId, e.claimedState])).toEqual([["early-job", "succeeded"]]);
    expect(await metricValue(harness.relay, "shotbin_relay_unmatched_webhooks")).toBe(0);
    // Registering again changes nothing and releases nothing twice.
    expect((await registerJob(harness.relay, TOKENS.ana, "fal", "early-job")).body).toEqual({ registered: true, released: 0 });
    await delay(100);
    expect(panel.events).toHaveLength(1);
    await panel.client.stop();
  });

  it("never shows one user's events to another", async () => {
    const ana = collectingClient(url(), TOKENS.ana);
    const ben = collectingClient(url(), TOKENS.ben);
    await Promise.all([ana.client.start(), ben.client.start()]);
    for (let i = 0; i < 5; i++) {
      await registerJob(harness.relay, TOKENS.ana, "fal", `ana-${i}`);
      await registerJob(harness.relay, TOKENS.ben, "fal", `ben-${i}`);
    }
    // A user cannot take over another user's job.
    expect((await registerJob(harness.relay, TOKENS.ben, "fal", "ana-0")).status).toBe(409);
    for (let i = 0; i < 5; i++) {
      await send(`ana-${i}`);
      await send(`ben-${i}`);
    }
    await Promise.all([ana.waitForEvents(5), ben.waitForEvents(5)]);
    await delay(100);
    expect(ana.events.map((e) => e.jobId)).toEqual(["ana-0", "ana-1", "ana-2", "ana-3", "ana-4"]);
    expect(ben.events.map((e) => e.jobId)).toEqual(["ben-0", "ben-1", "ben-2", "ben-3", "ben-4"]);
    expect((await longPoll(TOKENS.ben)).map((e) => e.jobId)).toEqual(ben.events.map((e) => e.jobId));
    expect((await getJson(`${url()}/v1/events?after=0`, "not-a-valid-token-at-all-000000")).status).toBe(401);
    expect((await getJson(`${url()}/v1/events?after=0`)).status).toBe(401);
    await Promise.all([ana.client.stop(), ben.client.stop()]);
  });

  it("answers bad API requests with the field at fault", async () => {
    const missing = await postJson(`${url()}/v1/jobs`, { provider: "fal" }, TOKENS.ana);
    expect(missing).toMatchObject({ status: 400, body: { error: "invalid-request" } });
    expect(missing.body.message).toContain("providerJobId");
    const wrongProvider = await postJson(`${url()}/v1/jobs`, { provider: "runway", providerJobId: "x" }, TOKENS.ana);
    expect(wrongProvider.body.message).toMatch(/^provider: must be one of openai/);
    const badWait = await getJson(`${url()}/v1/events?after=0&wait=600`, TOKENS.ana);
    expect(badWait).toMatchObject({ status: 400, body: { message: "wait: must be at most 60" } });
  });
});

describe("delivery to panels", () => {
  it("gives a panel that was offline during 50 events all 50, in order, once, when it reconnects", async () => {
    const cursor = memoryCursor();
    const first = collectingClient(url(), TOKENS.ana, { cursor });
    await first.client.start();
    await registerJob(harness.relay, TOKENS.ana, "fal", "before");
    await send("before");
    await first.waitForEvents(1);
    await first.client.stop();
    expect(cursor.value).toBe(first.events[0]!.seq);

    const jobIds = Array.from({ length: 50 }, (_, i) => `offline-${String(i).padStart(2, "0")}`);
    for (const id of jobIds) await registerJob(harness.relay, TOKENS.ana, "fal", id);
    for (const id of jobIds) await send(id);

    const second = collectingClient(url(), TOKENS.ana, { cursor });
    await second.client.start();
    await second.waitForEvents(50);
    await delay(200);
    expect(second.events.map((e) => e.jobId)).toEqual(jobIds);
    const seqs = second.events.map((e) => e.seq);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(seqs[0]).toBeGreaterThan(first.events[0]!.seq);
    expect(cursor.value).toBe(seqs[49]);
    await second.client.stop();

    // Nothing more comes on a third connection: the cursor was saved and acknowledged.
    const third = collectingClient(url(), TOKENS.ana, { cursor });
    await third.client.start();
    await third.waitForState("live");
    await delay(200);
    expect(third.events).toEqual([]);
    await third.client.stop();
  });

  it("resumes from the relay's record of acknowledgements when the panel lost its cursor", async () => {
    const first = collectingClient(url(), TOKENS.ana);
    await first.client.start();
    for (const id of ["a", "b"]) {
      await registerJob(harness.relay, TOKENS.ana, "fal", id);
      await send(id);
    }
    await first.waitForEvents(2);
    await delay(100);
    await first.client.stop();
    await send("a", "ERROR");

    const fresh = collectingClient(url(), TOKENS.ana, { cursor: memoryCursor(undefined) });
    await fresh.client.start();
    await fresh.waitForEvents(1);
    await delay(100);
    expect(fresh.events.map((e) => e.deliveryId)).toEqual(["a:ERROR"]);
    await fresh.client.stop();
  });

  it("long-polling returns the same events as the stream, and wakes as soon as one arrives", async () => {
    const streamed = collectingClient(url(), TOKENS.ana);
    const polled = collectingClient(url(), TOKENS.ana, { webSocket: undefined });
    await Promise.all([streamed.client.start(), polled.client.start()]);
    await polled.waitForState("long-polling");
    for (let i = 0; i < 8; i++) {
      await registerJob(harness.relay, TOKENS.ana, "fal", `lp-${i}`);
      await send(`lp-${i}`, i % 2 ? "ERROR" : "OK");
    }
    await Promise.all([streamed.waitForEvents(8), polled.waitForEvents(8)]);
    expect(polled.events).toEqual(streamed.events);
    expect(await longPoll(TOKENS.ana)).toEqual(streamed.events);
    expect(await longPoll(TOKENS.ana, streamed.events[3]!.seq)).toEqual(streamed.events.slice(4));
    await Promise.all([streamed.client.stop(), polled.client.stop()]);

    const waiting = longPoll(TOKENS.ana, streamed.events[7]!.seq, 20);
    await delay(100);
    const started = Date.now();
    await registerJob(harness.relay, TOKENS.ana, "fal", "lp-late");
    await send("lp-late");
    expect((await waiting).map((e) => e.jobId)).toEqual(["lp-late"]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await metricValue(harness.relay, "shotbin_relay_events_delivered_total", { transport: "long-poll" })).toBeGreaterThanOrEqual(8);
  });

  it("falls back to long-polling when WebSockets cannot get through, and still receives everything", async () => {
    // A proxy that does not pass upgrades: every WebSocket attempt fails at the handshake.
    const panel = collectingClient(url(), TOKENS.ana, {
      webSocket: (target) => new WebSocket(target.replace("/v1/stream", "/v1/no-stream")) as never,
      longPollAfterFailures: 2,
    });
    await panel.client.start();
    await panel.waitForState("long-polling");
    expect(panel.states.filter((s) => s === "connecting")).toHaveLength(2);
    await registerJob(harness.relay, TOKENS.ana, "fal", "fallback");
    await send("fallback");
    await panel.waitForEvents(1);
    expect(panel.events[0]!.jobId).toBe("fallback");
    await panel.client.stop();
  });

  it("tries the WebSocket again after a spell of long-polling, and goes live once it gets through", async () => {
    let attempts = 0;
    const panel = collectingClient(url(), TOKENS.ana, {
      // The first two attempts hit a proxy that refuses upgrades; later ones get through.
      webSocket: (target) => new WebSocket(++attempts <= 2 ? target.replace("/v1/stream", "/v1/no-stream") : target) as never,
      longPollAfterFailures: 2,
      retryWebSocketAfterMs: 300,
      longPollWaitSeconds: 1,
    });
    await panel.client.start();
    await panel.waitForState("long-polling");
    await panel.waitForState("live", 5000);
    expect(panel.states).toEqual(expect.arrayContaining(["connecting", "waiting", "long-polling", "live"]));
    await registerJob(harness.relay, TOKENS.ana, "fal", "back-live");
    await send("back-live");
    await panel.waitForEvents(1);
    expect(await metricValue(harness.relay, "shotbin_relay_connected_panels")).toBe(1);
    await panel.client.stop();
  });

  it("stops and reports an unknown token instead of retrying it", async () => {
    const panel = collectingClient(url(), "wrong-token-0000000000000000000");
    await panel.client.start();
    await panel.waitForState("unauthorized");
    expect(panel.errors.map((e) => e.message)).toEqual(["the relay refused this token"]);
    await delay(200);
    expect(panel.states.filter((s) => s === "connecting")).toHaveLength(1);
    await panel.client.stop();

    const polling = collectingClient(url(), "wrong-token-0000000000000000000", { webSocket: undefined });
    await polling.client.start();
    await polling.waitForState("unauthorized");
    await polling.client.stop();
  });
});

describe("connection health", () => {
  it("closes a panel that authenticates and then never answers heartbeats", async () => {
    await harness.close();
    harness = await startTestRelay({ falJwksUrl: fal.jwksUrl, heartbeatSeconds: 0.2 });
    const socket = new WebSocket(`${url().replace("http", "ws")}/v1/stream`);
    const frames: string[] = [];
    socket.on("message", (data) => frames.push(data.toString()));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "auth", token: TOKENS.ana, after: 0 }));
    await waitUntil(() => frames.length > 0, 2000, () => "no ready frame");
    expect(JSON.parse(frames[0]!)).toEqual({ type: "ready", user: "ana", after: 0, heartbeatMs: 200 });
    expect(await metricValue(harness.relay, "shotbin_relay_connected_panels")).toBe(1);
    // ws answers protocol pings by itself but not our application pings; stay silent.
    const closed = await new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    expect(closed).toBe(1006);
    // The close follows unanswered pings; how many went out depends on the sweep's pace.
    expect(frames.filter((f) => f === '{"type":"ping"}').length).toBeGreaterThanOrEqual(1);
    await waitForMetric(harness.relay, "shotbin_relay_connected_panels", {}, 0);
  });

  it("refuses a socket that does not authenticate first", async () => {
    const socket = new WebSocket(`${url().replace("http", "ws")}/v1/stream`);
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "ack", seq: 1 }));
    const [code, reason] = await new Promise<[number, string]>((resolve) => socket.once("close", (c, r) => resolve([c, r.toString()])));
    expect([code, reason]).toEqual([4400, "the first message must be auth"]);
  });

  it("notices a relay that went quiet and reconnects", async () => {
    // A stand-in relay that accepts, says ready, then never speaks again.
    const server = createServer();
    const wss = new WebSocketServer({ server });
    let connections = 0;
    wss.on("connection", (socket) => {
      connections++;
      socket.on("message", () => socket.send(JSON.stringify({ type: "ready", user: "ana", after: 0, heartbeatMs: 100 })));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const panel = collectingClient(base, TOKENS.ana, { longPollAfterFailures: 99 });
    try {
      await panel.client.start();
      await waitUntil(() => connections >= 2, 5000, () => `connections: ${connections}`);
      expect(panel.states.slice(0, 3)).toEqual(["connecting", "live", "waiting"]);
    } finally {
      await panel.client.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("shuts down gracefully: sockets close with a reason, waiting long-polls answer, in-flight webhooks finish", async () => {
    const socket = new WebSocket(`${url().replace("http", "ws")}/v1/stream`);
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "auth", token: TOKENS.ana }));
    await new Promise((resolve) => socket.once("message", resolve));
    const closed = new Promise<[number, string]>((resolve) => socket.once("close", (c, r) => resolve([c, r.toString()])));
    await registerJob(harness.relay, TOKENS.ana, "fal", "last");
    const waiting = longPoll(TOKENS.ana, 10_000, 30);
    await delay(100);
    // A webhook whose headers and half its body have arrived when shutdown begins.
    const webhook = fal.webhook("last");
    const port = Number(new URL(url()).port);
    const request = httpRequest({ host: "127.0.0.1", port, path: "/hooks/fal", method: "POST", headers: { ...webhook.headers, "content-length": Buffer.byteLength(webhook.body) } });
    const inFlight = new Promise<number>((resolve, reject) => {
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
    });
    request.write(webhook.body.slice(0, 20));
    await delay(100);
    const closing = harness.relay.close();
    await delay(100);
    request.end(webhook.body.slice(20));
    expect(await closed).toEqual([1001, "relay shutting down"]);
    expect(await waiting).toEqual([]);
    expect(await inFlight).toBe(200);
    await closing;
    await expect(fetch(`${url()}/healthz`)).rejects.toThrow();
  });
});
