/**
 * API keys and the relay token in secureStorage. The store learns only which names hold a value
 * (never the values), which providers are usable, and the result of "Test key". The set of usable
 * providers is read again whenever a key changes or the provider registry is rebuilt.
 */
import { describeError } from "../../core/errors";
import type { ProviderId } from "../../core/request";
import type { SecureKeyStore } from "../platform/secureKeyStore";
import { allKeyNames, providerOfKey } from "../settings/keyNames";
import type { KeyTest, PanelStore } from "../state/panelStore";
import type { ProviderAccess, Secrets } from "./panelServices";

export class KeysController implements Secrets {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: PanelStore,
    private readonly keys: SecureKeyStore,
    private readonly providers: ProviderAccess,
  ) {
    this.unsubscribe = providers.onRebuilt(() => void this.refresh());
  }

  stop(): void {
    this.unsubscribe();
  }

  get(name: string): Promise<string | undefined> {
    return this.keys.get(name);
  }

  /** Which names hold a value, and which providers can be used now. */
  async refresh(): Promise<void> {
    const names = allKeyNames();
    const values = await Promise.all(names.map((name) => this.keys.has(name)));
    const usable = await this.providers.registry().usable();
    const imageUsable = await this.providers.imageRegistry().usable();
    this.store.setState({ keysSet: Object.fromEntries(names.map((name, i) => [name, values[i] ?? false])), usable, imageUsable });
  }

  async save(name: string, value: string): Promise<string | undefined> {
    try {
      await this.keys.set(name, value);
      this.forgetTest(name);
      await this.refresh();
      return undefined;
    } catch (error) {
      return `The key was not saved: ${describeError(error)}`;
    }
  }

  async remove(name: string): Promise<void> {
    await this.keys.remove(name).catch(() => undefined);
    this.forgetTest(name);
    await this.refresh();
  }

  /** Asks the provider whether the key works, with a request that costs nothing. */
  async test(provider: ProviderId): Promise<void> {
    const adapter = this.providers.registry().get(provider);
    if (!adapter) return;
    this.setTest(provider, { state: "testing", message: "Testing…" });
    try {
      await adapter.testCredentials();
      this.setTest(provider, { state: "ok", message: "The key works." });
    } catch (error) {
      this.setTest(provider, { state: "failed", message: describeError(error) });
    }
  }

  private setTest(provider: ProviderId, test: KeyTest): void {
    this.store.setState({ keyTests: { ...this.store.getState().keyTests, [provider]: test } });
  }

  /** A "the key works" (or not) about a key that has just changed would be about the old key. */
  private forgetTest(name: string): void {
    const provider = providerOfKey(name);
    const keyTests = this.store.getState().keyTests;
    if (!provider || !keyTests[provider]) return;
    const next = { ...keyTests };
    delete next[provider];
    this.store.setState({ keyTests: next });
  }
}
