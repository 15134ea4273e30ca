import { collectingClient, delay, getJson, metricValue, postJson, registerJob, startTestRelay, TOKENS, type TestRelay } from "./support/relayHarness";
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

const hooks = (path = "fal") => `${harness.relay.url}/hooks/${path}`;
const eventsOf = async (token: string) => (await getJson(`${harness.relay.url}/v1/events?after=0`, token)).body.events as { jobId: string; deliveryId: string }[];

describe("webhook intake", () => {
  it("stores a verified fal webhook and streams it to the panel that registered the job", async () => {
    const panel = collectingClient(harness.relay.url, TOKENS.ana);
    await panel.client.start();
    await panel.waitForState("live");
    expect((await registerJob(harness.relay, TOKENS.ana, "fal", "req-1")).status).toBe(200);

    const answer = await sendWebhook(hooks(), fal.webhook("req-1"));
    expect(answer).toEqual({ status: 200, body: { stored: true, duplicate: false } });
    await panel.waitForEvents(1);
    expect(panel.events[0]).toEqual({
      seq: expect.any(Number),
      provider: "fal",
      jobId: "req-1",
      deliveryId: "req-1:OK",
      claimedState: "succeeded",
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The relay forwards ids and the claimed state, never the body's URLs.
    expect(JSON.stringify(panel.events[0])).not.toContain("fal.media");
    await panel.client.stop();
    expect(panel.cursor.value).toBe(panel.events[0]!.seq);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_received_total", { provider: "fal" })).toBe(1);
  });

  it("refuses bad signatures, tampered bodies, stale timestamps, unknown tokens, oversize bodies and wrong content types", async () => {
    await registerJob(harness.relay, TOKENS.ana, "fal", "req-2");
    const good = fal.webhook("req-2");
    const { generateKeyPairSync } = await import("node:crypto");
    const strangerKey = generateKeyPairSync("ed25519").privateKey;

    const refusals: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
      ["bad signature", () => sendWebhook(hooks(), fal.webhook("req-2", "OK", undefined, strangerKey)), 401, "bad-signature"],
      ["tampered body", () => sendWebhook(hooks(), { ...good, body: good.body.replace('"OK"', '"ERROR"') }), 401, "bad-signature"],
      ["stale timestamp", () => sendWebhook(hooks(), fal.webhook("req-2", "OK", Math.floor(Date.now() / 1000) - 6 * 60)), 401, "stale-timestamp"],
      ["future timestamp", () => sendWebhook(hooks(), fal.webhook("req-2", "OK", Math.floor(Date.now() / 1000) + 6 * 60)), 401, "stale-timestamp"],
      ["no signature headers", () => sendWebhook(hooks(), { headers: { "content-type": "application/json" }, body: good.body }), 401, "missing-headers"],
      ["unknown token", () => sendWebhook(hooks("fal/not-a-token-we-issued"), good), 401, "unknown-token"],
      ["unknown kling token", () => sendWebhook(hooks("kling/not-a-token-we-issued"), good), 401, "unknown-token"],
      ["oversize body", () => sendWebhook(hooks(), { ...good, body: `${good.body}${" ".repeat(1024 * 1024)}` }), 413, "oversize"],
      ["text/plain", () => sendWebhook(hooks(), { ...good, headers: { ...good.headers, "content-type": "text/plain" } }), 415, "content-type"],
      ["form", () => sendWebhook(hooks(), { ...good, headers: { ...good.headers, "content-type": "application/x-www-form-urlencoded" } }), 415, "content-type"],
      ["unknown provider", () => sendWebhook(hooks("stripe"), good), 404, "unknown-provider"],
      ["provider without webhooks", () => sendWebhook(hooks("simulator"), good), 404, "unknown-provider"],
    ];
    for (const [label, answer, status, reason] of refusals) {
      const { status: got, body } = await answer().catch((error: Error & { cause?: Error }) => ({ status: -1, body: { error: String(error.cause ?? error) } }));
      expect({ label, status: got, reason: body.error }).toEqual({ label, status, reason });
    }
    expect(await eventsOf(TOKENS.ana)).toEqual([]);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_rejected_total", { provider: "fal", reason: "bad-signature" })).toBe(2);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_rejected_total", { provider: "fal", reason: "stale-timestamp" })).toBe(2);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_rejected_total", { provider: "fal", reason: "oversize" })).toBe(1);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_received_total", { provider: "fal" })).toBe(0);

    // A body of exactly 1 MiB is still accepted (the limit is "over 1 MiB").
    const padded = fal.webhook("req-2");
    expect((await sendWebhook(hooks(), padded)).status).toBe(200);
    expect(await eventsOf(TOKENS.ana)).toHaveLength(1);
  });

  it("stores a retried delivery once: same delivery id, three posts, one event", async () => {
    const panel = collectingClient(harness.relay.url, TOKENS.ana);
    await panel.client.start();
    await registerJob(harness.relay, TOKENS.ana, "fal", "req-3");
    const webhook = fal.webhook("req-3");
    const answers = [await sendWebhook(hooks(), webhook), await sendWebhook(hooks(), webhook)];
    // A retry is signed again with a later timestamp, as providers do; the delivery id is unchanged.
    await delay(1100);
    answers.push(await sendWebhook(hooks(), fal.webhook("req-3")));
    expect(answers.map((a) => a.body)).toEqual([
      { stored: true, duplicate: false },
      { stored: true, duplicate: true },
      { stored: true, duplicate: true },
    ]);
    // Concurrent copies, as a provider's parallel retries would arrive.
    const concurrent = await Promise.all([1, 2, 3, 4].map(() => sendWebhook(hooks(), fal.webhook("req-3", "ERROR"))));
    expect(concurrent.filter((a) => a.body.duplicate === false)).toHaveLength(1);

    await panel.waitForEvents(2);
    await delay(100);
    expect(panel.events.map((e) => e.deliveryId)).toEqual(["req-3:OK", "req-3:ERROR"]);
    expect(await eventsOf(TOKENS.ana)).toHaveLength(2);
    expect(await metricValue(harness.relay, "shotbin_relay_webhooks_duplicate_total", { provider: "fal" })).toBe(5);
    await panel.client.stop();
  });

  it("routes a per-job callback URL by its token, and ties the token to its first job", async () => {
    const grant = await postJson(`${harness.relay.url}/v1/callbacks`, { provider: "fal" }, TOKENS.ben);
    expect(grant.status).toBe(201);
    expect(grant.body.url).toBe(`https://relay.example.test/hooks/fal/${grant.body.token}`);
    expect(grant.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const path = new URL(grant.body.url).pathname;

    expect((await sendWebhook(`${harness.relay.url}${path}`, fal.webhook("req-4"))).status).toBe(200);
    expect((await eventsOf(TOKENS.ben)).map((e) => e.jobId)).toEqual(["req-4"]);
    expect(await eventsOf(TOKENS.ana)).toEqual([]);
    // Later webhooks about the same job on the shared URL also go to ben.
    expect((await sendWebhook(hooks(), fal.webhook("req-4", "ERROR"))).status).toBe(200);
    expect((await eventsOf(TOKENS.ben)).map((e) => e.deliveryId)).toEqual(["req-4:OK", "req-4:ERROR"]);

    const other = await sendWebhook(`${harness.relay.url}${path}`, fal.webhook("req-5"));
    expect(other).toMatchObject({ status: 401, body: { error: "token-mismatch" } });
    // A token works only under its own provider.
    expect((await sendWebhook(`${harness.relay.url}/hooks/replicate/${grant.body.token}`, fal.webhook("req-4"))).status).toBeGreaterThanOrEqual(401);

    const refused = await postJson(`${harness.relay.url}/v1/callbacks`, { provider: "simulator" }, TOKENS.ben);
    expect(refused).toMatchObject({ status: 400, body: { message: "provider: simulator does not send webhooks" } });
    expect((await postJson(`${harness.relay.url}/v1/callbacks`, { provider: "fal" })).status).toBe(401);
  });

  it("answers 503 when fal's keys cannot be read, so fal retries later, and stores nothing", async () => {
    await harness.close();
    harness = await startTestRelay({ falJwksUrl: "http://127.0.0.1:9/.well-known/jwks.json" });
    await registerJob(harness.relay, TOKENS.ana, "fal", "req-7");
    expect((await sendWebhook(hooks(), fal.webhook("req-7"))).status).toBe(503);
    expect(await eventsOf(TOKENS.ana)).toEqual([]);
  });

  it("answers only after the webhook is stored", async () => {
    await registerJob(harness.relay, TOKENS.ana, "fal", "req-6");
    const answer = await sendWebhook(hooks(), fal.webhook("req-6"));
    expect(answer.status).toBe(200);
    // Stored before answering: readable at once, without waiting for anything.
    expect((await eventsOf(TOKENS.ana)).map((e) => e.jobId)).toEqual(["req-6"]);
  });
});
