import type { LedgerStore } from "../../core/seams/ledgerStore";
import type { UxpPanelFs } from "../uxp/uxpModule";

/** The ledger's home: the plugin data folder, which survives Premiere restarts and plugin updates. */
export const LEDGER_PATH = "plugin-data:/shotbin-ledger.json";

/**
 * The job ledger as a JSON file, written atomically: the new text goes to a temporary file that
 * is then renamed over the old one (UXP's rename replaces), so a crash mid-write leaves either the
 * old ledger or the new one, never half of each.
 */
export function uxpLedgerStore(fs: UxpPanelFs, path = LEDGER_PATH): LedgerStore {
  const exists = async (target: string) => {
    try {
      await fs.lstat(target);
      return true;
    } catch {
      return false;
    }
  };
  return {
    async load() {
      if (!(await exists(path))) return undefined;
      return fs.readFile(path, { encoding: "utf-8" });
    },
    async save(text) {
      const temporary = `${path}.writing`;
      await fs.writeFile(temporary, text, { encoding: "utf-8" });
      await fs.rename(temporary, path);
    },
    async quarantine(text) {
      const aside = `${path.replace(/\.json$/, "")}.unreadable-${Date.now()}.json`;
      await fs.writeFile(aside, text, { encoding: "utf-8" });
      return aside;
    },
  };
}
