/**
 * Where the job ledger lives: a JSON file in the plugin data folder (panel), in the run's output
 * folder (CLI), or browser storage (harness). `save` must be atomic (temp file, then rename).
 */
export interface LedgerStore {
  /** The stored text, or undefined when there is none yet. */
  load(): Promise<string | undefined>;
  save(text: string): Promise<void>;
  /** Keeps an unreadable ledger aside under a new name and says where, so nothing is overwritten. */
  quarantine(text: string): Promise<string>;
}

/** A ledger kept in memory, for tests and for runs that must not persist. */
export function memoryLedgerStore(initial?: string): LedgerStore & { text: string | undefined; quarantined: string[] } {
  const store = {
    text: initial,
    quarantined: [] as string[],
    load: async () => store.text,
    save: async (text: string) => {
      store.text = text;
    },
    quarantine: async (text: string) => {
      store.quarantined.push(text);
      return `memory#${store.quarantined.length}`;
    },
  };
  return store;
}
