import type Database from "better-sqlite3";
import type { ProviderId } from "../../core/request";
import type { RelayQaReport } from "../client/qaProtocol";

/** The relay's QA tables: each job's result URL (written by EventStore from verified webhooks) and the reports. */
export class QaStore {
  private readonly selectOwner;
  private readonly selectResult;
  private readonly selectReport;
  private readonly upsertReport;

  constructor(db: Database.Database) {
    this.selectOwner = db.prepare("SELECT user FROM jobs WHERE provider = ? AND job_id = ?").pluck();
    this.selectResult = db.prepare("SELECT url FROM job_results WHERE provider = ? AND job_id = ?").pluck();
    this.selectReport = db.prepare("SELECT owner, report FROM qa_reports WHERE key = ?");
    this.upsertReport = db.prepare(
      "INSERT INTO qa_reports (key, owner, report, measured_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, report = excluded.report, measured_at = excluded.measured_at",
    );
  }

  /** The user the job's webhooks are routed to, if anyone registered it. */
  jobOwner(provider: ProviderId, jobId: string): string | undefined {
    return this.selectOwner.get(provider, jobId) as string | undefined;
  }

  /** The result URL from the job's verified succeeded webhook, if one came. */
  resultUrl(provider: ProviderId, jobId: string): string | undefined {
    return this.selectResult.get(provider, jobId) as string | undefined;
  }

  report(key: string): { owner: string | undefined; report: RelayQaReport } | undefined {
    const row = this.selectReport.get(key) as { owner: string | null; report: string } | undefined;
    if (!row) return undefined;
    try {
      return { owner: row.owner ?? undefined, report: JSON.parse(row.report) as RelayQaReport };
    } catch {
      return undefined;
    }
  }

  saveReport(key: string, owner: string | undefined, report: RelayQaReport, nowMs: number): void {
    this.upsertReport.run(key, owner ?? null, JSON.stringify(report), nowMs);
  }
}
