import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { LedgerStore } from "../core/seams/ledgerStore";

/**
 * The CLI's ledger: one JSON file in the run's output folder. Each save writes a temporary file
 * next to it, flushes it to disk and renames it over the ledger, so a crash or a kill at any
 * moment leaves either the old ledger or the new one, never half of one. An unreadable ledger is
 * kept aside under a new name, never overwritten.
 */
export function nodeLedgerStore(file: string, options: { durable?: boolean } = {}): LedgerStore {
  const durable = options.durable ?? true;
  let counter = 0;
  return {
    async load() {
      try {
        return await fs.readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async save(text) {
      const temp = `${file}.${process.pid}.${++counter}.tmp`;
      const handle = await fs.open(temp, "w");
      try {
        await handle.writeFile(text, "utf8");
        if (durable) await handle.datasync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    },
    async quarantine(text) {
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const parsed = path.parse(file);
      for (let n = 0; ; n++) {
        const aside = path.join(parsed.dir, `${parsed.name}.unreadable-${stamp}${n ? `-${n}` : ""}${parsed.ext}`);
        try {
          await fs.writeFile(aside, text, { flag: "wx" });
          return aside;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
    },
  };
}
