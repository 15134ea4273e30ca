/**
 * The provider registries: every video adapter and every image route, built from the provider
 * settings (base URLs, switched off or on), the simulator's timings and the keys in secureStorage.
 * They are rebuilt when those settings change in the store; `registry()` and `imageRegistry()`
 * always answer the current ones.
 */
import type { ProviderId } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import type { KeyStore } from "../../core/seams/keyStore";
import { createImageProviderRegistry, type ImageProviderRegistry } from "../../providers/imageRegistry";
import { createProviderRegistry, type ProviderRegistry } from "../../providers/registry";
import type { SimulatorOptions } from "../../providers/simulator";
import type { PanelSettings } from "../settings/panelSettings";
import type { PanelStore } from "../state/panelStore";
import type { ProviderAccess } from "./panelServices";

export interface ProvidersControllerDeps {
  store: PanelStore;
  fetch: HttpFetch;
  clock: Clock;
  keys: KeyStore;
  /** The simulator's timings from the runtime's options; they win over the settings' (tests, benchmarks). */
  simulator?: Omit<SimulatorOptions, "clock">;
}

const SIMULATOR_QUEUE_MS = 1500;
const SIMULATOR_RUN_MS = 4000;

export class ProvidersController implements ProviderAccess {
  private current: ProviderRegistry;
  private currentImages: ImageProviderRegistry;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ProvidersControllerDeps) {
    this.current = this.build(deps.store.getState().settings);
    this.currentImages = this.buildImages(deps.store.getState().settings);
    this.unsubscribe = deps.store.subscribe((state, previous) => {
      if (state.settings === previous.settings || !providersChanged(state.settings, previous.settings)) return;
      this.current = this.build(state.settings);
      this.currentImages = this.buildImages(state.settings);
      this.listeners.forEach((listener) => listener());
    });
  }

  registry(): ProviderRegistry {
    return this.current;
  }

  imageRegistry(): ImageProviderRegistry {
    return this.currentImages;
  }

  simulatorJobSeconds(): number {
    const simulator = this.simulatorOptions(this.deps.store.getState().settings);
    return ((simulator.queueMs ?? SIMULATOR_QUEUE_MS) + (simulator.runMs ?? SIMULATOR_RUN_MS)) / 1000;
  }

  onRebuilt(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private simulatorOptions(settings: PanelSettings): Omit<SimulatorOptions, "clock"> {
    return { ...settings.simulator, ...this.deps.simulator };
  }

  private build(settings: PanelSettings): ProviderRegistry {
    return createProviderRegistry({
      context: { fetch: this.deps.fetch, clock: this.deps.clock, keys: this.deps.keys },
      settings: settings.providers,
      simulator: this.simulatorOptions(settings),
    });
  }

  private buildImages(settings: PanelSettings): ImageProviderRegistry {
    return createImageProviderRegistry({
      context: { fetch: this.deps.fetch, clock: this.deps.clock, keys: this.deps.keys },
      settings: settings.providers,
      imageSettings: imageSwitches(settings),
      simulator: this.simulatorOptions(settings),
    });
  }
}

/**
 * Which image routes are on: OpenAI's has its own switch (its Images API is live while its Videos
 * API is retired); every other provider's image route follows that provider's switch.
 */
export function imageSwitches(settings: PanelSettings): Partial<Record<ProviderId, { enabled?: boolean }>> {
  const switches: Partial<Record<ProviderId, { enabled?: boolean }>> = {};
  for (const [id, override] of Object.entries(settings.providers) as [ProviderId, { enabled?: boolean }][]) {
    if (id !== "openai" && override.enabled !== undefined) switches[id] = { enabled: override.enabled };
  }
  for (const [id, override] of Object.entries(settings.imageProviders) as [ProviderId, { enabled?: boolean }][]) {
    if (override.enabled !== undefined) switches[id] = { enabled: override.enabled };
  }
  return switches;
}

function providersChanged(a: PanelSettings, b: PanelSettings): boolean {
  return (
    JSON.stringify(a.providers) !== JSON.stringify(b.providers) ||
    JSON.stringify(a.imageProviders) !== JSON.stringify(b.imageProviders) ||
    JSON.stringify(a.simulator) !== JSON.stringify(b.simulator)
  );
}
