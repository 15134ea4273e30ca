import { systemClock, type Clock } from "../../src/core/seams/clock";
import { delay, getJson, postJson, registerJob, startTestRelay, TOKENS } from "./support/relayHarness";
import { sendWebhook, startFalSigner } from "./support/signedWebhooks";

const HOUR = 60 * 60_000;

it("prunes acknowledged events and stale unmatched webhooks after their retention, keeping unacknowledged events", async () => {
  const fal = await startFalSigner();
  let offsetMs = 0;
  const clock: Clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
  const harness = await startTestRelay(
    { falJwksUrl: fal.jwksUrl, retention: { deliveredHours: 24, unmatchedHours: 48, callbackHours: 720 } },
    { clock, retentionIntervalMs: 50 },
  );
  const { relay } = harness;
  const events = async (token: string) => (await getJson(`${relay.url}/v1/events?after=0`, token)).body.events as { seq: number; jobId: string }[];
  try {
    for (const [token, job] of [[TOKENS.ana, "ana-1"], [TOKENS.ana, "ana-2"], [TOKENS.ben, "ben-1"]] as const) {
      await registerJob(relay, token, "fal", job);
      expect((await sendWebhook(`${relay.url}/hooks/fal`, fal.webhook(job))).status).toBe(200);
    }
    expect((await sendWebhook(`${relay.url}/hooks/fal`, fal.webhook("nobody-registered"))).status).toBe(200);
    const anaEvents = await events(TOKENS.ana);
    // Ana has processed her first event only; Ben acknowledged nothing (his long-poll above used after=0).
    expect((await postJson(`${relay.url}/v1/ack`, { seq: anaEvents[0]!.seq }, TOKENS.ana)).status).toBe(204);
    await delay(1200); // acks are written once a second

    offsetMs = 30 * HOUR;
    await delay(200);
    expect((await events(TOKENS.ana)).map((e) => e.jobId)).toEqual(["ana-2"]);
    expect((await events(TOKENS.ben)).map((e) => e.jobId)).toEqual(["ben-1"]);
    // The unmatched webhook is still kept at 30 hours, and released when its job is registered.
    offsetMs = 47 * HOUR;
    await delay(200);
    expect((await registerJob(relay, TOKENS.ben, "fal", "nobody-registered")).body).toEqual({ registered: true, released: 1 });

    // After 48 hours, unmatched webhooks and the delivery ids kept for deduplication go too.
    offsetMs = 0;
    expect((await sendWebhook(`${relay.url}/hooks/fal`, fal.webhook("never-registered"))).status).toBe(200);
    offsetMs = 49 * HOUR;
    await delay(200);
    expect(Number((await relay.metrics.registry.getSingleMetricAsString("shotbin_relay_unmatched_webhooks")).split(" ").pop())).toBe(0);
    expect((await events(TOKENS.ben)).map((e) => e.jobId)).toEqual(["ben-1", "nobody-registered"]);
  } finally {
    await harness.close();
    await fal.close();
  }
});
