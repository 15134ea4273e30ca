import type { KeyStore } from "../core/seams/keyStore";
import type { ProviderId } from "../core/request";
import { KEY_NAMES } from "../providers/adapterContext";
import type { ProviderSettings } from "../providers/registry";

/**
 * The CLI reads provider keys from environment variables, named as `shotbin providers` and the
 * README document them (providerDescriptions.ts). The names on the left are the key store names
 * the adapters ask for (adapterContext.ts KEY_NAMES), the same the panel keeps in secureStorage.
 */
export const KEY_ENV: Record<(typeof KEY_NAMES)[keyof typeof KEY_NAMES], string> = {
  [KEY_NAMES.openai]: "SHOTBIN_OPENAI_KEY",
  [KEY_NAMES.gemini]: "SHOTBIN_GEMINI_KEY",
  [KEY_NAMES.kling]: "SHOTBIN_KLING_KEY",
  [KEY_NAMES.klingAccessKey]: "SHOTBIN_KLING_ACCESS_KEY",
  [KEY_NAMES.klingSecretKey]: "SHOTBIN_KLING_SECRET_KEY",
  [KEY_NAMES.dashscope]: "SHOTBIN_DASHSCOPE_KEY",
  [KEY_NAMES.fal]: "SHOTBIN_FAL_KEY",
  [KEY_NAMES.replicate]: "SHOTBIN_REPLICATE_KEY",
};

/** Keys from the environment; empty variables count as unset. */
export function envKeyStore(env: NodeJS.ProcessEnv = process.env, fallback: Record<string, string> = {}): KeyStore {
  return {
    async get(name) {
      const variable = KEY_ENV[name as keyof typeof KEY_ENV];
      const value = variable ? env[variable]?.trim() : undefined;
      return value || fallback[name] || undefined;
    },
  };
}

const BASE_URL_PROVIDERS: readonly ProviderId[] = ["openai", "gemini", "kling", "dashscope", "fal", "replicate"];

/** `SHOTBIN_<PROVIDER>_BASE_URL` (a region, a gateway); setting OpenAI's switches it on. */
export function envProviderSettings(env: NodeJS.ProcessEnv = process.env): Partial<Record<ProviderId, ProviderSettings>> {
  const settings: Partial<Record<ProviderId, ProviderSettings>> = {};
  for (const provider of BASE_URL_PROVIDERS) {
    const url = env[`SHOTBIN_${provider.toUpperCase()}_BASE_URL`]?.trim();
    if (url) settings[provider] = { baseUrl: url, ...(provider === "openai" ? { enabled: true } : {}) };
  }
  return settings;
}

const OFF = /^(0|off|false|no)$/i;
const ON = /^(1|on|true|yes)$/i;

/**
 * Image routes switched apart from the video ones: `SHOTBIN_OPENAI_IMAGES=off` switches the OpenAI
 * Images API (GPT Image 1.5) off. It is on by default, while OpenAI's retired Videos API is off.
 * Throws a message naming the variable for any other value.
 */
export function envImageSettings(env: NodeJS.ProcessEnv = process.env): Partial<Record<ProviderId, ProviderSettings>> {
  const raw = env.SHOTBIN_OPENAI_IMAGES?.trim();
  if (!raw) return {};
  if (OFF.test(raw)) return { openai: { enabled: false } };
  if (ON.test(raw)) return { openai: { enabled: true } };
  throw new Error(`SHOTBIN_OPENAI_IMAGES must be on or off, not '${raw}'`);
}
