import type { ModelSpec } from "../core/modelSpec";
import { PROVIDER_IDS, type ProviderId } from "../core/request";
import type { VideoProvider } from "../core/videoProvider";
import { validateRequest, type ValidationResult } from "../core/validation";
import { KEY_NAMES, type AdapterContext } from "./adapterContext";
import { findModel } from "./catalog";
import { createDashscopeProvider } from "./dashscope";
import { createFalProvider } from "./fal";
import { createGeminiProvider } from "./gemini";
import { createKlingProvider } from "./kling";
import { createOpenaiProvider } from "./openai";
import { createReplicateProvider } from "./replicate";
import { describeProvider } from "./providerDescriptions";
import { createSimulatorProvider, type SimulatorOptions } from "./simulator";

export interface ProviderSettings {
  /** Overrides the provider's default (OpenAI is off unless switched on). */
  enabled?: boolean;
  /** The API's base URL: a region, a gateway, or the fake servers. */
  baseUrl?: string;
}

export interface RegistryOptions {
  context: AdapterContext;
  settings?: Partial<Record<ProviderId, ProviderSettings>>;
  simulator?: Omit<SimulatorOptions, "clock">;
}

export interface ProviderRegistry {
  get(id: ProviderId): VideoProvider | undefined;
  all(): readonly VideoProvider[];
  isEnabled(id: ProviderId): boolean;
  /** Enabled providers whose key is set, and the simulator, which needs none. */
  usable(): Promise<ProviderId[]>;
  /** Validates a request against its model and prices it: the cost shown before anything is spent. */
  check(request: unknown): ValidationResult;
  model(provider: ProviderId, modelId: string): ModelSpec | undefined;
}

/** The key names that must all be set for a provider to be usable. Kling takes either form. */
const REQUIRED_KEYS: Record<ProviderId, readonly (readonly string[])[]> = {
  simulator: [],
  openai: [[KEY_NAMES.openai]],
  gemini: [[KEY_NAMES.gemini]],
  kling: [[KEY_NAMES.kling], [KEY_NAMES.klingAccessKey, KEY_NAMES.klingSecretKey]],
  dashscope: [[KEY_NAMES.dashscope]],
  fal: [[KEY_NAMES.fal]],
  replicate: [[KEY_NAMES.replicate]],
};

type Factory = (context: AdapterContext, settings: ProviderSettings, options: RegistryOptions) => VideoProvider;

const withBase = (settings: ProviderSettings) => (settings.baseUrl ? { baseUrl: settings.baseUrl } : {});

const FACTORIES: Record<ProviderId, Factory> = {
  simulator: (context, _settings, options) => createSimulatorProvider({ clock: context.clock, ...options.simulator }),
  gemini: (context, settings) => createGeminiProvider({ ...context, ...withBase(settings) }),
  kling: (context, settings) => createKlingProvider({ ...context, ...withBase(settings) }),
  dashscope: (context, settings) => createDashscopeProvider({ ...context, ...withBase(settings) }),
  fal: (context, settings) => createFalProvider({ ...context, ...(settings.baseUrl ? { queueBaseUrl: settings.baseUrl } : {}) }),
  replicate: (context, settings) => createReplicateProvider({ ...context, ...withBase(settings) }),
  openai: (context, settings) => createOpenaiProvider({ ...context, ...withBase(settings) }),
};

/** Base URLs that point every adapter at the fake provider servers at `origin` (`shotbin fake-providers`). */
export function fakeProviderSettings(origin: string): Partial<Record<ProviderId, ProviderSettings>> {
  return {
    openai: { baseUrl: `${origin}/openai` },
    gemini: { baseUrl: `${origin}/gemini` },
    kling: { baseUrl: `${origin}/kling` },
    dashscope: { baseUrl: `${origin}/dashscope` },
    fal: { baseUrl: `${origin}/fal/queue` },
    replicate: { baseUrl: `${origin}/replicate` },
  };
}

/** Builds each adapter once, from the injected seams and the user's settings. */
export function createProviderRegistry(options: RegistryOptions): ProviderRegistry {
  const providers = new Map<ProviderId, VideoProvider>();
  for (const id of PROVIDER_IDS) {
    providers.set(id, FACTORIES[id](options.context, options.settings?.[id] ?? {}, options));
  }
  const isEnabled = (id: ProviderId) => providers.has(id) && (options.settings?.[id]?.enabled ?? describeProvider(id).enabledByDefault);

  return {
    get: (id) => providers.get(id),
    all: () => [...providers.values()],
    isEnabled,
    async usable() {
      const result: ProviderId[] = [];
      for (const id of providers.keys()) {
        if (!isEnabled(id)) continue;
        const alternatives = REQUIRED_KEYS[id];
        if (alternatives.length === 0) {
          result.push(id);
          continue;
        }
        for (const names of alternatives) {
          const values = await Promise.all(names.map((name) => options.context.keys.get(name)));
          if (values.every(Boolean)) {
            result.push(id);
            break;
          }
        }
      }
      return result;
    },
    check(request) {
      const record = (request ?? {}) as { provider?: ProviderId; model?: string };
      const spec = record.provider && record.model ? findModel(record.provider, record.model) : undefined;
      if (!spec) {
        return {
          ok: false,
          issues: [{ field: "model", value: `${record.provider}/${record.model}`, message: `unknown model ${record.provider}/${record.model}; choose one Shotbin lists (panel model picker, or \`shotbin providers\`)` }],
          warnings: [],
        };
      }
      return validateRequest(spec, request);
    },
    model: (provider, modelId) => findModel(provider, modelId),
  };
}
