/**
 * The provider registry: every provider adapter, built from the provider settings (base URLs,
 * switched off or on), the simulator's timings and the keys in secureStorage. It is rebuilt when
 * those settings change in the store; `registry()` always answers the current one.
 */
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import type { KeyStore } from "../../core/seams/keyStore";
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
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ProvidersControllerDeps) {
    this.current = this.build(deps.store.getState().settings);
    this.unsubscribe = deps.store.subscribe((state, previous) => {
      if (state.settings === previous.settings || !providersChanged(state.settings, previous.settings)) return;
      this.current = this.build(state.settings);
      this.listeners.forEach((listener) => listener());
    });
  }

  registry(): ProviderRegistry {
    return this.current;
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
}

function providersChanged(a: PanelSettings, b: PanelSettings): boolean {
  return JSON.stringify(a.providers) !== JSON.stringify(b.providers) || JSON.stringify(a.simulator) !== JSON.stringify(b.simulator);
}
