import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { roundUsd } from "../core/pricing";

/**
 * The CLI's daily cap counts money approved by every run on this machine today, not only the run
 * in one output folder: each run records its approved amount in `$SHOTBIN_HOME/daily-spend.json`
 * (default `~/.shotbin`) when it starts. Approvals count in full, so the cap errs on the safe side.
 */
interface JournalFile {
  version: 1;
  days: Record<string, { runId: string; usd: number; folder: string }[]>;
}

export function shotbinHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHOTBIN_HOME?.trim() || path.join(os.homedir(), ".shotbin");
}

function dayKey(now: number): string {
  const date = new Date(now);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

export class DailySpendJournal {
  constructor(private readonly file: string) {}

  static at(home: string): DailySpendJournal {
    return new DailySpendJournal(path.join(home, "daily-spend.json"));
  }

  private async read(): Promise<JournalFile> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, "utf8")) as JournalFile;
      if (parsed && parsed.version === 1 && parsed.days && typeof parsed.days === "object") return parsed;
    } catch {
      // Missing or unreadable: start again (the ledgers still hold what was spent).
    }
    return { version: 1, days: {} };
  }

  /** Approved today by runs other than `exceptRunId`. */
  async approvedToday(now: number, exceptRunId?: string): Promise<number> {
    const journal = await this.read();
    const entries = journal.days[dayKey(now)] ?? [];
    return roundUsd(entries.filter((entry) => entry.runId !== exceptRunId).reduce((sum, entry) => sum + entry.usd, 0));
  }

  async record(now: number, entry: { runId: string; usd: number; folder: string }): Promise<void> {
    const journal = await this.read();
    const key = dayKey(now);
    const entries = (journal.days[key] ?? []).filter((existing) => existing.runId !== entry.runId);
    entries.push(entry);
    journal.days = { [key]: entries };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temp, JSON.stringify(journal, null, 2));
    await fs.rename(temp, this.file);
  }
}
