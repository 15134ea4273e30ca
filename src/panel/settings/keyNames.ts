/**
 * What the Settings tab asks for per provider, and the secureStorage names it stores them under
 * (the same names the adapters read through the KeyStore).
 */
import type { ProviderId } from "../../core/request";
import { KEY_NAMES } from "../../providers/adapterContext";

export interface KeyField {
  name: string;
  label: string;
}

export const PROVIDER_KEY_FIELDS: Record<Exclude<ProviderId, "simulator">, readonly KeyField[]> = {
  gemini: [{ name: KEY_NAMES.gemini, label: "API key" }],
  kling: [
    { name: KEY_NAMES.kling, label: "API key" },
    { name: KEY_NAMES.klingAccessKey, label: "Access key (legacy)" },
    { name: KEY_NAMES.klingSecretKey, label: "Secret key (legacy)" },
  ],
  dashscope: [{ name: KEY_NAMES.dashscope, label: "API key" }],
  fal: [{ name: KEY_NAMES.fal, label: "API key" }],
  replicate: [{ name: KEY_NAMES.replicate, label: "API token" }],
  openai: [{ name: KEY_NAMES.openai, label: "API key" }],
};

/** The relay token is a secret too: it lets anyone read this editor's job events. */
export const RELAY_TOKEN_KEY = "relay.token";

export function allKeyNames(): string[] {
  return [...Object.values(PROVIDER_KEY_FIELDS).flatMap((fields) => fields.map((field) => field.name)), RELAY_TOKEN_KEY];
}

/** The provider a secureStorage name belongs to (undefined for the relay token). */
export function providerOfKey(name: string): Exclude<ProviderId, "simulator"> | undefined {
  const providers = Object.keys(PROVIDER_KEY_FIELDS) as Exclude<ProviderId, "simulator">[];
  return providers.find((provider) => PROVIDER_KEY_FIELDS[provider].some((field) => field.name === name));
}
