import { utf8Decode } from "../../core/text/utf8";
import type { WritableKeyStore } from "../../core/seams/keyStore";
import type { UxpSecureStorage } from "../uxp/uxpModule";

/**
 * API keys in UXP secureStorage. `getItem` answers a Uint8Array (UXP has no TextDecoder, so the
 * bytes are decoded here); a missing key may come back as null, undefined, empty bytes or a
 * rejection, and all of those mean "not set". Values are cached in memory so adapters can read a
 * key on every call without a round trip to the OS keychain.
 */
export class SecureKeyStore implements WritableKeyStore {
  private readonly cache = new Map<string, string | undefined>();

  constructor(private readonly storage: UxpSecureStorage) {}

  async get(name: string): Promise<string | undefined> {
    if (this.cache.has(name)) return this.cache.get(name);
    let value: string | undefined;
    try {
      const raw = await this.storage.getItem(name);
      if (raw !== null && raw !== undefined) {
        const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
        value = utf8Decode(bytes).trim() || undefined;
      }
    } catch {
      value = undefined;
    }
    this.cache.set(name, value);
    return value;
  }

  async set(name: string, value: string): Promise<void> {
    const trimmed = value.trim();
    if (!trimmed) throw new Error("The key is empty.");
    await this.storage.setItem(name, trimmed);
    this.cache.set(name, trimmed);
  }

  async remove(name: string): Promise<void> {
    this.cache.delete(name);
    try {
      await this.storage.removeItem(name);
    } finally {
      this.cache.set(name, undefined);
    }
  }

  /** Whether a value is stored, without handing it out. */
  async has(name: string): Promise<boolean> {
    return (await this.get(name)) !== undefined;
  }
}
