import type { ProviderId } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import { KEY_NAMES } from "../../providers/adapterContext";
import { createImageProviderRegistry, type ImageProviderRegistry } from "../../providers/imageRegistry";
import { createProviderRegistry, fakeProviderSettings, type ProviderRegistry, type ProviderSettings } from "../../providers/registry";
import { envImageSettings, envKeyStore, envProviderSettings } from "../envKeyStore";

/** The fakes' keys, so `--fake-providers` needs no environment. */
function fakeKeys(): Record<string, string> {
  const { FAKE_KEYS } = require("../../fakes/fakeWorld") as typeof import("../../fakes/fakeWorld");
  return {
    [KEY_NAMES.openai]: FAKE_KEYS.openai,
    [KEY_NAMES.gemini]: FAKE_KEYS.gemini,
    [KEY_NAMES.kling]: FAKE_KEYS.kling,
    [KEY_NAMES.dashscope]: FAKE_KEYS.dashscope,
    [KEY_NAMES.fal]: FAKE_KEYS.fal,
    [KEY_NAMES.replicate]: FAKE_KEYS.replicate,
  };
}

/**
 * The run's providers: every adapter at `shotbin fake-providers` (`--fake-providers URL`), or at
 * the real hosts with base URLs from SHOTBIN_<PROVIDER>_BASE_URL; keys from the environment.
 */
export function createRunRegistry(options: { env: NodeJS.ProcessEnv; fakeOrigin?: string; simulator?: { queueMs: number; runMs: number }; fetch: HttpFetch; clock: Clock }): ProviderRegistry {
  const { env, fakeOrigin } = options;
  const settings: Partial<Record<ProviderId, ProviderSettings>> = fakeOrigin
    ? { ...fakeProviderSettings(fakeOrigin), openai: { baseUrl: `${fakeOrigin}/openai`, enabled: true } }
    : envProviderSettings(env);
  const keys = envKeyStore(env, fakeOrigin ? fakeKeys() : {});
  return createProviderRegistry({ context: { fetch: options.fetch, clock: options.clock, keys }, settings, ...(options.simulator ? { simulator: options.simulator } : {}) });
}

/**
 * The run's image routes for image steps, beside the video ones: the same keys and base URLs, the
 * OpenAI image route on unless SHOTBIN_OPENAI_IMAGES=off, the simulator's timings for its stills.
 * Throws a message naming SHOTBIN_OPENAI_IMAGES when its value is not on or off.
 */
export function createRunImageRegistry(options: { env: NodeJS.ProcessEnv; fakeOrigin?: string; simulator?: { queueMs: number; runMs: number }; fetch: HttpFetch; clock: Clock }): ImageProviderRegistry {
  const { env, fakeOrigin } = options;
  const settings: Partial<Record<ProviderId, ProviderSettings>> = fakeOrigin ? fakeProviderSettings(fakeOrigin) : envProviderSettings(env);
  return createImageProviderRegistry({
    context: { fetch: options.fetch, clock: options.clock, keys: envKeyStore(env, fakeOrigin ? fakeKeys() : {}) },
    settings,
    imageSettings: envImageSettings(env),
    ...(options.simulator ? { simulator: options.simulator } : {}),
  });
}
