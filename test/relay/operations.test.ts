import { networkInterfaces } from "node:os";
import { connect } from "node:net";
import WebSocket from "ws";
import { ManualClock } from "../support/manualClock";
import { getJson, metricValue, postJson, registerJob, SECRETS, startTestRelay, TOKENS, waitUntil, type TestRelay } from "./support/relayHarness";
import { sendWebhook, startFalSigner } from "./support/signedWebhooks";

/**
 * The relay as an operator runs it, over real HTTP: bodies over the limit get a 413 whatever their
 * size (counted and logged), /metrics needs its token, each source address has a rate limit (429
 * with Retry-After, counted), every request leaves one access-log line without any secret in it,
 * it binds to loopback unless told otherwise, and it says which webhooks it refuses.
 */

const METRICS_TOKEN = "metrics-token-7c1e0a9b5d3f2e4a6b8c";
const MiB = 1024 * 1024;

function accessLines(harness: TestRelay): Record<string, unknown>[] {
  return harness.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.access === true);
}

let fal: Awaited<ReturnType<typeof startFalSigner>>;
beforeAll(async () => {
  fal = await startFalSigner();
});
afterAll(async () => {
  await fal.close();
});

describe("a body over the limit", () => {
  let harness: TestRelay;
  beforeEach(async () => {
    harness = await startTestRelay({ falJwksUrl: fal.jwksUrl });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("gets 413 at 20 MiB with a Content-Length, and is counted and logged", async () => {
    const body = Buffer.alloc(20 * MiB, 0x20);
    const response = await fetch(`${harness.relay.url}/hooks/fal`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "oversize", message: `the body is over ${MiB} bytes` });
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_rejected_total", { provider: "fal", reason: "oversize" })).toBe(1);
    expect(await metricValue(harness.relay, "shotbin_relay_oversize_bodies_total", { route: "/hooks/:provider" })).toBe(1);
    await waitUntil(() => harness.logs.text().includes("body over the limit"), 5000, () => harness.logs.text());
    const line = harness.logs.lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === "request refused: body over the limit");
    expect(line).toMatchObject({ route: "/hooks/:provider", status: 413, declaredBytes: 20 * MiB, limitBytes: MiB, provider: "fal" });
    // The relay goes on serving.
    expect((await getJson(`${harness.relay.url}/healthz`)).status).toBe(200);
  });

  it("gets 413 when the 20 MiB come chunked, with no length announced, and on a per-job URL", async () => {
    const chunk = Buffer.alloc(MiB, 0x20);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${harness.relay.url}/hooks/kling/some-token-value`, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(await metricValue(harness.relay, "shotbin_relay_oversize_bodies_total", { route: "/hooks/:provider/:token" })).toBe(1);
    expect(harness.logs.text()).not.toContain("some-token-value");
  });

  it("gets 413 on the panel API too (its limit is 64 KiB)", async () => {
    const response = await fetch(`${harness.relay.url}/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS.ana}` },
      body: JSON.stringify({ provider: "fal", providerJobId: "x".repeat(5 * MiB) }),
    });
    expect(response.status).toBe(413);
    expect(await metricValue(harness.relay, "shotbin_relay_oversize_bodies_total", { route: "/v1/jobs" })).toBe(1);
  });
});

describe("/metrics", () => {
  it("is off without a metricsToken", async () => {
    const harness = await startTestRelay();
    try {
      const answer = await getJson(`${harness.relay.url}/metrics`);
      expect(answer.status).toBe(403);
      expect(answer.body.message).toContain("SHOTBIN_RELAY_METRICS_TOKEN");
    } finally {
      await harness.close();
    }
  });

  it("answers only the metricsToken, with the relay's counters and Node's default process metrics", async () => {
    const harness = await startTestRelay({ metricsToken: METRICS_TOKEN });
    try {
      expect((await getJson(`${harness.relay.url}/metrics`)).status).toBe(401);
      expect((await getJson(`${harness.relay.url}/metrics`, TOKENS.ana)).status).toBe(401);
      const answer = await getJson(`${harness.relay.url}/metrics`, METRICS_TOKEN);
      expect(answer.status).toBe(200);
      const text = answer.body as string;
      for (const name of ["shotbin_relay_webhooks_received_total", "shotbin_relay_rate_limited_total", "process_cpu_user_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
        expect({ name, present: text.includes(`# TYPE ${name}`) }).toEqual({ name, present: true });
      }
      expect(harness.logs.text()).not.toContain(METRICS_TOKEN);
    } finally {
      await harness.close();
    }
  });
});

describe("rate limits per source address", () => {
  it("answers 429 with Retry-After past the burst, counts it, and lets the address in again as the bucket refills", async () => {
    const clock = new ManualClock(Date.now());
    const harness = await startTestRelay({ rateLimit: { perMinute: 60, burst: 3, exempt: [] } }, { clock });
    try {
      const health = () => fetch(`${harness.relay.url}/healthz`);
      for (let i = 0; i < 3; i++) expect((await health()).status).toBe(200);
      const refused = await health();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toMatchObject({ error: "rate-limited" });
      // A WebSocket upgrade from the same address is refused the same way.
      const socket = new WebSocket(`${harness.relay.url.replace("http", "ws")}/v1/stream`);
      const status = await new Promise<number>((resolve, reject) => {
        socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
        socket.once("open", () => reject(new Error("the upgrade was let through")));
        socket.once("error", () => undefined);
      });
      expect(status).toBe(429);
      expect(await metricValue(harness.relay, "shotbin_relay_rate_limited_total", { route: "/healthz" })).toBe(1);
      expect(await metricValue(harness.relay, "shotbin_relay_rate_limited_total", { route: "/v1/stream" })).toBe(1);
      clock.advance(1000);
      expect((await health()).status).toBe(200);
      expect((await health()).status).toBe(429);
    } finally {
      await harness.close();
    }
  });

  it("limits each address on its own; behind a trusted proxy, by X-Forwarded-For", async () => {
    const clock = new ManualClock(Date.now());
    const harness = await startTestRelay({ rateLimit: { perMinute: 60, burst: 2, exempt: [] }, trustProxy: "127.0.0.1" }, { clock });
    try {
      const from = (address: string) => fetch(`${harness.relay.url}/healthz`, { headers: { "x-forwarded-for": address } });
      expect([(await from("203.0.113.7")).status, (await from("203.0.113.7")).status, (await from("203.0.113.7")).status]).toEqual([200, 200, 429]);
      expect([(await from("198.51.100.4")).status, (await from("198.51.100.4")).status]).toEqual([200, 200]);
      await waitUntil(() => accessLines(harness).length >= 5, 5000, () => `${accessLines(harness).length} access lines`);
      expect(accessLines(harness).map((line) => [line.ip, line.status])).toEqual([
        ["203.0.113.7", 200],
        ["203.0.113.7", 200],
        ["203.0.113.7", 429],
        ["198.51.100.4", 200],
        ["198.51.100.4", 200],
      ]);
    } finally {
      await harness.close();
    }
  });

  it("never limits loopback by default, so a proxy on the same machine is not throttled", async () => {
    const harness = await startTestRelay({ rateLimit: { perMinute: 1, burst: 1 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${harness.relay.url}/healthz`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await harness.close();
    }
  });
});

describe("the access log", () => {
  it("writes one line per request with method, route, status, duration and sizes, and never a token, signature or query secret", async () => {
    const harness = await startTestRelay({ falJwksUrl: fal.jwksUrl, logLevel: "info", metricsToken: METRICS_TOKEN });
    try {
      const { relay } = harness;
      const grant = await postJson(`${relay.url}/v1/callbacks`, { provider: "fal" }, TOKENS.ana);
      const path = new URL(grant.body.url as string).pathname;
      const signed = fal.webhook("access-1");
      await sendWebhook(`${relay.url}${path}`, signed);
      await registerJob(relay, TOKENS.ben, "fal", "access-2");
      await getJson(`${relay.url}/v1/events?after=0&wait=0&token=query-secret-4d2c9e`, TOKENS.ben);
      await getJson(`${relay.url}/metrics`, METRICS_TOKEN);
      await getJson(`${relay.url}/healthz`);
      await getJson(`${relay.url}/no/such/path-with-a-secret-9f8e7d`);
      await waitUntil(() => accessLines(harness).length >= 7, 5000, () => `${accessLines(harness).length} access lines`);
      const lines = accessLines(harness);
      expect(lines.map((line) => [line.method, line.route, line.status])).toEqual([
        ["POST", "/v1/callbacks", 201],
        ["POST", "/hooks/:provider/:token", 200],
        ["POST", "/v1/jobs", 200],
        ["GET", "/v1/events", 200],
        ["GET", "/metrics", 200],
        ["GET", "/healthz", 200],
        ["GET", "(no route)", 404],
      ]);
      for (const line of lines) {
        expect(line).toEqual(expect.objectContaining({ durationMs: expect.any(Number), requestBytes: expect.any(Number), responseBytes: expect.any(Number), ip: expect.any(String) }));
      }
      expect(lines[1]!.requestBytes).toBe(Buffer.byteLength(signed.body));
      expect(lines[0]!.responseBytes).toBeGreaterThan(0);
      const text = harness.logs.text();
      for (const secret of [TOKENS.ana, TOKENS.ben, grant.body.token as string, METRICS_TOKEN, "query-secret-4d2c9e", "path-with-a-secret-9f8e7d", signed.headers["x-fal-webhook-signature"]!, ...Object.values(SECRETS)]) {
        expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
      }
    } finally {
      await harness.close();
    }
  });
});

describe("binding and webhook acceptance", () => {
  it("listens on loopback when no host is configured", async () => {
    const harness = await startTestRelay({ host: undefined });
    try {
      expect(harness.relay.url).toBe(`http://127.0.0.1:${harness.relay.port}`);
      // An address of this machine that is not loopback, when it has one, is not served.
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
      if (outside) {
        const refused = await new Promise<string>((resolve) => {
          const socket = connect({ host: outside, port: harness.relay.port });
          socket.once("connect", () => {
            socket.destroy();
            resolve("connected");
          });
          socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
        });
        expect(refused).toBe("ECONNREFUSED");
      }
    } finally {
      await harness.close();
    }
  });

  it("tells an authenticated client which providers' webhooks it refuses, and why", async () => {
    const harness = await startTestRelay({ secrets: { openai: SECRETS.openai } });
    try {
      const answer = await getJson(`${harness.relay.url}/v1/webhooks`, TOKENS.ana);
      expect(answer.status).toBe(200);
      const byProvider = Object.fromEntries((answer.body.providers as { provider: string; accepted: boolean; reason?: string }[]).map((entry) => [entry.provider, entry]));
      expect(byProvider.openai).toEqual({ provider: "openai", accepted: true });
      expect(byProvider.fal).toEqual({ provider: "fal", accepted: true });
      expect(byProvider.kling).toEqual({ provider: "kling", accepted: true });
      expect(byProvider.replicate).toEqual({ provider: "replicate", accepted: false, reason: expect.stringContaining("SHOTBIN_RELAY_REPLICATE_WEBHOOK_SECRET") });
      expect(byProvider.gemini).toMatchObject({ accepted: false });
      expect(byProvider.dashscope).toBeUndefined();
      expect((await getJson(`${harness.relay.url}/v1/webhooks`)).status).toBe(401);
    } finally {
      await harness.close();
    }
  });
});
