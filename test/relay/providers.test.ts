import type { ProviderId } from "../../src/core/request";
import type { VideoProvider } from "../../src/core/videoProvider";
import { createFalProvider } from "../../src/providers/fal";
import { createFalImagesProvider } from "../../src/providers/falImages";
import { createReplicateImagesProvider } from "../../src/providers/replicateImages";
import { createGeminiProvider } from "../../src/providers/gemini";
import { createKlingProvider } from "../../src/providers/kling";
import { createOpenaiProvider } from "../../src/providers/openai";
import { createReplicateProvider } from "../../src/providers/replicate";
import type { RelayConfigInput } from "../../src/relay/config";
import { DEFAULT_CONFIG } from "../../src/fakes/fakeWorld";
import { testContext, useFakeProviders } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";
import { imageRequest } from "../support/stills";
import { collectingClient, getJson, registerJob, SECRETS, startTestRelay, TOKENS, waitUntil, type TestRelay } from "./support/relayHarness";
import { replicatePrediction, sendWebhook, standardWebhook } from "./support/signedWebhooks";

/**
 * Callbacks from the fake provider servers, sent the way each provider sends them (per-job URL,
 * shared URL or account webhook), reach the panel that registered the job. The relay parses them
 * with the adapters from the provider registry and verifies them through the provider layer.
 */

const fake = useFakeProviders();
let harness: TestRelay | undefined;
let panel: ReturnType<typeof collectingClient>;

const adapters = {
  fal: () => createFalProvider({ ...testContext(), queueBaseUrl: `${fake().origin}/fal/queue` }),
  replicate: () => createReplicateProvider({ ...testContext(), baseUrl: `${fake().origin}/replicate` }),
  openai: () => createOpenaiProvider({ ...testContext(), baseUrl: `${fake().origin}/openai` }),
  gemini: () => createGeminiProvider({ ...testContext(), baseUrl: `${fake().origin}/gemini` }),
  kling: () => createKlingProvider({ ...testContext(), baseUrl: `${fake().origin}/kling` }),
};

async function startRelayAndPanel(overrides: Partial<RelayConfigInput> = {}) {
  harness = await startTestRelay({
    falJwksUrl: `${fake().origin}/fal/rest/.well-known/jwks.json`,
    secrets: { openai: SECRETS.openai, gemini: SECRETS.gemini, kling: SECRETS.kling, replicate: DEFAULT_CONFIG.replicateWebhookSecret },
    ...overrides,
  });
  panel = collectingClient(harness.relay.url, TOKENS.ana);
  await panel.client.start();
  await panel.waitForState("live");
  return harness.relay;
}

afterEach(async () => {
  await panel?.client.stop();
  await harness?.close();
  harness = undefined;
});

const sawEvent = (provider: ProviderId, jobId: string, claimedState?: string) =>
  waitUntil(
    () => panel.events.some((e) => e.provider === provider && e.jobId === jobId && (claimedState === undefined || e.claimedState === claimedState)),
    10_000,
    () => `no ${provider} event for ${jobId} (${claimedState ?? "any"}); saw ${JSON.stringify(panel.events)}`,
  );

/** The callback URL a panel would hand the provider, pointed at this test's relay. */
async function callbackUrl(provider: ProviderId, providerJobId?: string): Promise<string> {
  const grant = await panel.client.createCallback(provider, providerJobId);
  return grant.url.replace("https://relay.example.test", harness!.relay.url);
}

async function submit(adapter: VideoProvider, model: string, webhookUrl?: string) {
  const { handle } = await adapter.submit(resolvedRequest(adapter.id, model), webhookUrl ? { webhookUrl } : {});
  return handle.id;
}

describe("callbacks from the fake provider servers reach the subscribed panel", () => {
  it("fal: signed fal_webhook on the shared URL, job registered after submit", async () => {
    const relay = await startRelayAndPanel();
    const jobId = await submit(adapters.fal(), "fal-ai/veo3.1", `${relay.url}/hooks/fal`);
    await panel.client.registerJob("fal", jobId);
    await sawEvent("fal", jobId, "succeeded");
  });

  it("fal: per-job callback URL, routed by its token", async () => {
    await startRelayAndPanel();
    const jobId = await submit(adapters.fal(), "fal-ai/veo3.1", await callbackUrl("fal"));
    await sawEvent("fal", jobId, "succeeded");
  });

  it("Replicate: start and completed on the shared URL, verified with the account's signing secret", async () => {
    const relay = await startRelayAndPanel();
    const jobId = await submit(adapters.replicate(), "google/veo-3.1", `${relay.url}/hooks/replicate`);
    await panel.client.registerJob("replicate", jobId);
    await sawEvent("replicate", jobId, "succeeded");
    expect(panel.events.filter((e) => e.jobId === jobId).length).toBeGreaterThanOrEqual(2);
  });

  it("OpenAI: project webhook video.completed, routed by the video id", async () => {
    const relay = await startRelayAndPanel();
    fake().world.config = { ...fake().world.config, accountWebhooks: { openai: { url: `${relay.url}/hooks/openai`, secrets: [SECRETS.openai] } } };
    const jobId = await submit(adapters.openai(), "sora-2");
    await panel.client.registerJob("openai", jobId);
    await sawEvent("openai", jobId, "succeeded");
  });

  it("Gemini: static webhook video.generated, routed by the operation name", async () => {
    const relay = await startRelayAndPanel();
    fake().world.config = { ...fake().world.config, accountWebhooks: { gemini: { url: `${relay.url}/hooks/gemini`, secrets: [SECRETS.gemini] } } };
    const jobId = await submit(adapters.gemini(), "veo-3.1-generate-preview");
    await panel.client.registerJob("gemini", jobId);
    await sawEvent("gemini", jobId);
  });

  it("Kling: signed callbacks on the per-job URL, the first one arriving before submit returns", async () => {
    await startRelayAndPanel();
    fake().world.config = { ...fake().world.config, klingWebhookSecrets: [SECRETS.kling] };
    const jobId = await submit(adapters.kling(), "kling-2.6", await callbackUrl("kling"));
    await sawEvent("kling", jobId, "queued");
    await sawEvent("kling", jobId, "succeeded");
  });

  it("Kling: unsigned callbacks (no secret in Kling's console) are accepted on the token alone", async () => {
    await startRelayAndPanel({ secrets: {} });
    const jobId = await submit(adapters.kling(), "kling-2.6", await callbackUrl("kling"));
    await sawEvent("kling", jobId, "succeeded");
    // Without its token, a Kling callback is refused whatever it carries.
    const forged = await sendWebhook(`${harness!.relay.url}/hooks/kling`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ id: jobId, status: "succeed" }) });
    expect(forged.status).toBe(401);
  });

  it("DashScope sends no webhooks, so the relay has no endpoint for it", async () => {
    const relay = await startRelayAndPanel();
    expect((await sendWebhook(`${relay.url}/hooks/dashscope`, standardWebhook(SECRETS.openai, "m", {}))).status).toBe(404);
  });
});

describe("image jobs' callbacks are told from video jobs' on the same provider URL", () => {
  const images = {
    fal: () => createFalImagesProvider({ ...testContext(), queueBaseUrl: `${fake().origin}/fal/queue` }),
    replicate: () => createReplicateImagesProvider({ ...testContext(), baseUrl: `${fake().origin}/replicate` }),
  };

  it("fal: a still's result is parsed as a still (claims succeeded; the video parser would claim failed)", async () => {
    await startRelayAndPanel();
    const { handle } = await images.fal().submit(imageRequest("fal", "fal-ai/flux-2-pro"), { webhookUrl: await callbackUrl("fal") });
    await sawEvent("fal", handle.id, "succeeded");
    expect(panel.events.filter((e) => e.jobId === handle.id).map((e) => e.claimedState)).toEqual(["succeeded"]);
    // The body as fal sent it: the video route's parser alone reads no video in it and claims a failure.
    const delivery = fake().world.webhooks.deliveries.find((candidate) => candidate.jobId === handle.id)!;
    const body = JSON.parse(delivery.body) as unknown;
    expect(adapters.fal().webhook!.parse(body, {}).status?.state).toBe("failed");
    expect(images.fal().webhook!.claims!(body)).toBe(true);
    // And a clip's body is still the video route's.
    const clip = await submit(adapters.fal(), "fal-ai/veo3.1", await callbackUrl("fal"));
    await sawEvent("fal", clip, "succeeded");
  });

  it("fal: a refused still claims failed", async () => {
    await startRelayAndPanel();
    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "content-policy", message: "NSFW content detected" } });
    const { handle } = await images.fal().submit(imageRequest("fal", "fal-ai/flux-2-pro"), { webhookUrl: await callbackUrl("fal") });
    await sawEvent("fal", handle.id, "failed");
  });

  it("Replicate: a still's prediction is parsed by the image route (its model is an image model)", async () => {
    await startRelayAndPanel();
    const { handle } = await images.replicate().submit(imageRequest("replicate", "black-forest-labs/flux-2-pro"), { webhookUrl: await callbackUrl("replicate") });
    await sawEvent("replicate", handle.id, "succeeded");
    const delivery = fake().world.webhooks.deliveries.filter((candidate) => candidate.jobId === handle.id).at(-1)!;
    const body = JSON.parse(delivery.body) as unknown;
    expect(images.replicate().webhook!.claims!(body)).toBe(true);
    expect(adapters.replicate().webhook!.parse(body, {}).status).toBeDefined();
    const video = JSON.parse(JSON.stringify(body)) as { model: string };
    video.model = "google/veo-3.1";
    expect(images.replicate().webhook!.claims!(video)).toBe(false);
  });
});

describe("Standard Webhooks signed with the standardwebhooks package", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const bodies = {
    openai: (id: string) => ({ id: `evt_${id}`, object: "event", created_at: now(), type: "video.completed", data: { id } }),
    gemini: (id: string) => ({ type: "video.generated", data: { operation: id } }),
    replicate: (id: string) => replicatePrediction(id),
  };

  it.each(["openai", "gemini", "replicate"] as const)("%s: a signed delivery on the shared URL reaches the panel", async (provider) => {
    const relay = await startRelayAndPanel({ secrets: { [provider]: SECRETS[provider] } });
    await registerJob(relay, TOKENS.ana, provider, `${provider}-job-1`);
    const answer = await sendWebhook(`${relay.url}/hooks/${provider}`, standardWebhook(SECRETS[provider], `msg_${provider}_1`, bodies[provider](`${provider}-job-1`)));
    expect(answer).toEqual({ status: 200, body: { stored: true, duplicate: false } });
    await sawEvent(provider, `${provider}-job-1`);
    expect(panel.events[0]!.deliveryId).toBe(`msg_${provider}_1`);
  });

  it("Kling: a signed callback on its per-job URL, with the regression vector's body shape", async () => {
    await startRelayAndPanel({ secrets: { kling: SECRETS.kling } });
    const url = await callbackUrl("kling", "1234567890");
    const body = { id: "1234567890", status: "succeeded", message: "", create_time: 1781080778802, update_time: 1781080794151 };
    expect((await sendWebhook(url, standardWebhook(SECRETS.kling, "9876543210", body))).status).toBe(200);
    await sawEvent("kling", "1234567890");
    // The same token cannot speak for another task.
    const other = await sendWebhook(url, standardWebhook(SECRETS.kling, "9876543211", { ...body, id: "999" }));
    expect(other).toMatchObject({ status: 401, body: { error: "token-mismatch" } });
    // With a secret configured, the token alone is not enough.
    const unsigned = await sendWebhook(url, { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(unsigned).toMatchObject({ status: 401, body: { error: "missing-headers" } });
  });

  it("refuses a provider's webhooks while no secret is configured for it, and a verified body that is not a job event", async () => {
    const relay = await startRelayAndPanel({ secrets: { openai: SECRETS.openai } });
    const unconfigured = await sendWebhook(`${relay.url}/hooks/replicate`, standardWebhook(SECRETS.replicate, "msg_1", replicatePrediction("p-1")));
    expect(unconfigured).toMatchObject({ status: 401, body: { error: "unknown-key" } });
    const batchEvent = { id: "evt_1", object: "event", created_at: now(), type: "batch.completed", data: { id: "batch_1" } };
    const notOurs = await sendWebhook(`${relay.url}/hooks/openai`, standardWebhook(SECRETS.openai, "msg_2", batchEvent));
    expect(notOurs).toMatchObject({ status: 400, body: { error: "malformed" } });
  });

  it("refuses a wrong secret, a tampered body and a stale timestamp; accepts either key during a rotation", async () => {
    const newSecret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    const relay = await startRelayAndPanel({ secrets: { replicate: [SECRETS.replicate, newSecret] } });
    await registerJob(relay, TOKENS.ana, "replicate", "rot-1");
    const hooks = `${relay.url}/hooks/replicate`;
    const body = replicatePrediction("rot-1");
    const good = standardWebhook(newSecret, "msg_rot_1", body);

    expect(await sendWebhook(hooks, standardWebhook(SECRETS.openai, "msg_rot_1", body))).toMatchObject({ status: 401, body: { error: "bad-signature" } });
    expect(await sendWebhook(hooks, { ...good, body: good.body.replace('"succeeded"', '"failed"') })).toMatchObject({ status: 401, body: { error: "bad-signature" } });
    expect(await sendWebhook(hooks, standardWebhook(newSecret, "msg_rot_1", body, now() - 301))).toMatchObject({ status: 401, body: { error: "stale-timestamp" } });
    expect(await sendWebhook(hooks, standardWebhook(newSecret, "msg_rot_1", body, now() + 301))).toMatchObject({ status: 401, body: { error: "stale-timestamp" } });
    expect(await sendWebhook(hooks, { ...good, headers: { ...good.headers, "webhook-id": "msg_other" } })).toMatchObject({ status: 401 });

    // During the provider's rotation the header carries two signatures; ours may hold two secrets.
    const unknownOld = standardWebhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, "msg_rot_1", body);
    const both = { ...good, headers: { ...good.headers, "webhook-signature": `${unknownOld.headers["webhook-signature"]} ${good.headers["webhook-signature"]}` } };
    expect((await sendWebhook(hooks, both)).status).toBe(200);
    expect((await sendWebhook(hooks, standardWebhook(SECRETS.replicate, "msg_rot_2", replicatePrediction("rot-1", "processing")))).status).toBe(200);
    await waitUntil(() => panel.events.length === 2, 5000, () => `events: ${panel.events.length}`);
    expect((await getJson(`${relay.url}/v1/events?after=0`, TOKENS.ana)).body.events.map((e: { deliveryId: string }) => e.deliveryId)).toEqual(["msg_rot_1", "msg_rot_2"]);
  });
});
