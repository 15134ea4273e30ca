import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { pollUntilTerminal } from "../../src/providers/polling";
import { createProviderRegistry, fakeProviderSettings } from "../../src/providers/registry";
import { FAST_POLL, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";

const fake = useFakeProviders();

function registry(keys: Record<string, string> = VALID_KEYS, enableOpenai = true) {
  const settings = fakeProviderSettings(fake().origin);
  return createProviderRegistry({
    context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore(keys), retry: { baseDelayMs: 5 } },
    settings: { ...settings, openai: { ...settings.openai, enabled: enableOpenai } },
  });
}

describe("the provider registry", () => {
  it.each([
    ["gemini", "veo-3.1-fast-generate-preview"],
    ["kling", "kling-2.6"],
    ["kling", "kling-v2-6"],
    ["dashscope", "wan2.6-t2v"],
    ["fal", "fal-ai/veo3.1/fast"],
    ["replicate", "google/veo-3.1-fast"],
    ["openai", "sora-2"],
  ] as const)("routes %s/%s to the fake servers and completes a job", async (providerId, model) => {
    const provider = registry().get(providerId)!;
    const { handle } = await provider.submit(resolvedRequest(providerId, model));
    const final = await pollUntilTerminal(provider, handle, { clock: systemClock, policy: FAST_POLL });
    expect(final.state).toBe("succeeded");
    expect(fake().world.creates[providerId]).toBe(1);
  });

  it("offers only enabled providers with keys, plus the simulator", async () => {
    expect(await registry({}).usable()).toEqual(["simulator"]);
    expect((await registry(VALID_KEYS, false).usable()).sort()).toEqual(["dashscope", "fal", "gemini", "kling", "replicate", "simulator"]);
    expect((await registry({ "kling.accessKey": "a", "kling.secretKey": "b" }).usable()).sort()).toEqual(["kling", "simulator"]);
    expect(await registry({ "kling.accessKey": "a" }).usable()).toEqual(["simulator"]);
  });

  it("keeps OpenAI off unless switched on, because its public endpoint is retired", () => {
    const defaults = createProviderRegistry({ context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore({}) } });
    expect(defaults.isEnabled("openai")).toBe(false);
    expect(defaults.isEnabled("fal")).toBe(true);
  });

  it("checks and prices a request before anything is sent, and names unknown models", () => {
    const checked = registry().check({ provider: "gemini", model: "veo-3.1-generate-preview", prompt: "x", durationSeconds: 8, idempotencyKey: "shotbin-k-123" });
    expect(checked.ok && checked.cost.usd).toBe(3.2);
    const unknown = registry().check({ provider: "fal", model: "nope", prompt: "x", idempotencyKey: "shotbin-k-123" });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.issues[0]!.message).toBe("unknown model fal/nope; choose one Shotbin lists (panel model picker, or `shotbin providers`)");
  });
});
