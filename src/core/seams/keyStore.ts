/**
 * Where API keys come from: UXP secureStorage in the panel, environment variables and config
 * files in the CLI and the relay. Keys never pass through logs, metadata or the ledger.
 */
export interface KeyStore {
  /** The secret stored under `name`, or undefined when none is set. */
  get(name: string): Promise<string | undefined>;
}

export interface WritableKeyStore extends KeyStore {
  set(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
}

/** A key store over a plain map: tests, and environments resolved up front. */
export function staticKeyStore(values: Record<string, string | undefined>): KeyStore {
  return { get: async (name) => values[name] || undefined };
}
