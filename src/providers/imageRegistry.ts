import type { ImageModelSpec } from "../core/imageModelSpec";
import type { ImageProvider } from "../core/imageProvider";
import { validateImageRequest, type ImageValidationResult } from "../core/imageValidation";
import type { ProviderId } from "../core/request";
import { KEY_NAMES, type AdapterContext } from "./adapterContext";
import { createFalImagesProvider } from "./falImages";
import { createGeminiImagesProvider } from "./geminiImages";
import { findImageModel } from "./imageCatalog";
import { createOpenaiImagesProvider } from "./openaiImages";
import type { ProviderSettings } from "./registry";
import { createReplicateImagesProvider } from "./replicateImages";
import { createSimulatorImagesProvider, type SimulatorImagesOptions } from "./simulatorImages";

export type ImageProviderId = "simulator" | "openai" | "gemini" | "fal" | "replicate";
export const IMAGE_PROVIDER_IDS: readonly ImageProviderId[] = ["simulator", "openai", "gemini", "fal", "replicate"];

export interface ImageRegistryOptions {
  context: AdapterContext;
  /** The video settings: image routes share each provider's base URL (the same host). */
  settings?: Partial<Record<ProviderId, ProviderSettings>>;
  /**
   * Image routes switched on or off, apart from the video ones: OpenAI's Videos API is off by
   * default (retired upstream) while its Images API is on.
   */
  imageSettings?: Partial<Record<ProviderId, ProviderSettings>>;
  simulator?: Omit<SimulatorImagesOptions, "clock">;
}

export interface ImageProviderRegistry {
  get(id: ProviderId): ImageProvider | undefined;
  all(): readonly ImageProvider[];
  isEnabled(id: ProviderId): boolean;
  /** Enabled image routes whose key is set, and the simulator. */
  usable(): Promise<ProviderId[]>;
  /** Validates an image request against its model and prices it: the cost shown before anything is spent. */
  check(request: unknown): ImageValidationResult;
  model(provider: ProviderId, modelId: string): ImageModelSpec | undefined;
}

const KEYS: Record<ImageProviderId, string | undefined> = {
  simulator: undefined,
  openai: KEY_NAMES.openai,
  gemini: KEY_NAMES.gemini,
  fal: KEY_NAMES.fal,
  replicate: KEY_NAMES.replicate,
};

/** Builds each image route once, from the injected seams and the user's settings. */
export function createImageProviderRegistry(options: ImageRegistryOptions): ImageProviderRegistry {
  const base = (id: ProviderId) => options.imageSettings?.[id]?.baseUrl ?? options.settings?.[id]?.baseUrl;
  const with_ = (id: ProviderId) => (base(id) ? { baseUrl: base(id)! } : {});
  const providers = new Map<ProviderId, ImageProvider>([
    ["simulator", createSimulatorImagesProvider({ clock: options.context.clock, ...options.simulator })],
    ["openai", createOpenaiImagesProvider({ ...options.context, ...with_("openai") })],
    ["gemini", createGeminiImagesProvider({ ...options.context, ...with_("gemini") })],
    ["fal", createFalImagesProvider({ ...options.context, ...(base("fal") ? { queueBaseUrl: base("fal")! } : {}) })],
    ["replicate", createReplicateImagesProvider({ ...options.context, ...with_("replicate") })],
  ]);
  const isEnabled = (id: ProviderId) => {
    const provider = providers.get(id);
    return !!provider && (options.imageSettings?.[id]?.enabled ?? provider.enabledByDefault);
  };
  return {
    get: (id) => providers.get(id),
    all: () => [...providers.values()],
    isEnabled,
    async usable() {
      const result: ProviderId[] = [];
      for (const id of IMAGE_PROVIDER_IDS) {
        if (!isEnabled(id)) continue;
        const key = KEYS[id];
        if (!key || (await options.context.keys.get(key))) result.push(id);
      }
      return result;
    },
    check(request) {
      const record = (request ?? {}) as { provider?: ProviderId; model?: string };
      const spec = record.provider && record.model ? findImageModel(record.provider, record.model) : undefined;
      if (!spec) {
        return {
          ok: false,
          issues: [{ field: "model", value: `${record.provider}/${record.model}`, message: `unknown image model ${record.provider}/${record.model}; choose one Shotbin lists (shotbin image --help)` }],
          warnings: [],
        };
      }
      return validateImageRequest(spec, request);
    },
    model: (provider, modelId) => findImageModel(provider, modelId),
  };
}
