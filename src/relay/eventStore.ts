import type Database from "better-sqlite3";
import type { ProviderId } from "../core/request";
import type { JobState } from "../core/videoProvider";
import type { RelayEvent } from "./client/protocol";

/** A verified webhook, reduced to what the relay keeps: ids and the claimed state, never URLs. */
export interface VerifiedWebhook {
  provider: ProviderId;
  deliveryId: string;
  jobId: string;
  claimedState?: JobState;
  receivedAtMs: number;
  /** Set when the webhook came to a per-job URL: its token names the user. */
  tokenUser?: string;
  /** The per-job token's hash, so its first job binds to it. */
  callbackTokenHash?: string;
  /** A succeeded webhook's result URL: kept for take QA only, never sent to panels. */
  resultUrl?: string;
}

export interface StoredEvent extends RelayEvent {
  user: string;
  receivedAtMs: number;
}

export type WebhookOutcome =
  | { kind: "duplicate" }
  /** Stored and routed to a user. */
  | { kind: "routed"; event: StoredEvent }
  /** Stored; delivered once a panel registers the job. */
  | { kind: "unmatched" };

export type RegistrationOutcome = { kind: "registered"; released: StoredEvent[] } | { kind: "conflict" };

export interface CallbackRecord {
  user: string;
  provider: ProviderId;
  jobId?: string;
}

interface EventRow {
  seq: number;
  user: string;
  provider: string;
  job_id: string;
  delivery_id: string;
  claimed_state: string | null;
  received_at: number;
}

function toEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    user: row.user,
    provider: row.provider as ProviderId,
    jobId: row.job_id,
    deliveryId: row.delivery_id,
    ...(row.claimed_state ? { claimedState: row.claimed_state as JobState } : {}),
    receivedAt: new Date(row.received_at).toISOString(),
    receivedAtMs: row.received_at,
  };
}

/** Public view of an event: the owner stays on the server. */
export function publicEvent(event: StoredEvent): RelayEvent {
  const { user: _user, receivedAtMs: _ms, ...rest } = event;
  return rest;
}

export interface RetentionCutoffs {
  deliveredBeforeMs: number;
  unmatchedBeforeMs: number;
  callbacksBeforeMs: number;
}

/** Every read and write of the relay's tables, as prepared statements. */
/**
 * A job's webhooks that arrived before it was registered. Without statistics SQLite picks the
 * primary key (provider) and reads every webhook of that provider, so each registration slowed
 * down as the table grew; the partial index finds exactly the job's unrouted rows.
 */
export const UNROUTED_WEBHOOKS_SQL =
  "SELECT delivery_id, claimed_state, received_at FROM webhooks INDEXED BY webhooks_unrouted WHERE provider = ? AND job_id = ? AND routed = 0 ORDER BY received_at, delivery_id";

export class EventStore {
  private readonly insertWebhook;
  private readonly findJobOwner;
  private readonly insertJob;
  private readonly insertEvent;
  private readonly selectUnrouted;
  private readonly markRouted;
  private readonly selectAfter;
  private readonly insertCallback;
  private readonly selectCallback;
  private readonly bindCallback;
  private readonly selectCursor;
  private readonly upsertCursor;
  private readonly countUnmatched;
  private readonly upsertResult;
  private readonly recordBatch: (items: VerifiedWebhook[]) => WebhookOutcome[];
  private readonly register: (user: string, provider: ProviderId, jobId: string, nowMs: number) => RegistrationOutcome;

  constructor(private readonly db: Database.Database) {
    this.insertWebhook = db.prepare(
      "INSERT OR IGNORE INTO webhooks (provider, delivery_id, job_id, claimed_state, received_at, routed) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.findJobOwner = db.prepare("SELECT user FROM jobs WHERE provider = ? AND job_id = ?").pluck();
    this.insertJob = db.prepare("INSERT OR IGNORE INTO jobs (provider, job_id, user, registered_at) VALUES (?, ?, ?, ?)");
    this.insertEvent = db.prepare(
      "INSERT INTO events (user, provider, job_id, delivery_id, claimed_state, received_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
    );
    this.selectUnrouted = db.prepare(UNROUTED_WEBHOOKS_SQL);
    this.markRouted = db.prepare("UPDATE webhooks SET routed = 1 WHERE provider = ? AND delivery_id = ?");
    this.selectAfter = db.prepare("SELECT * FROM events WHERE user = ? AND seq > ? ORDER BY seq LIMIT ?");
    this.insertCallback = db.prepare("INSERT INTO callbacks (token_hash, user, provider, job_id, created_at) VALUES (?, ?, ?, ?, ?)");
    this.selectCallback = db.prepare("SELECT user, provider, job_id FROM callbacks WHERE token_hash = ?");
    // A per-job token is tied to the first job it reports on, so a leaked token cannot speak for other jobs.
    this.bindCallback = db.prepare("UPDATE callbacks SET job_id = ? WHERE token_hash = ? AND job_id IS NULL");
    this.selectCursor = db.prepare("SELECT acked_seq FROM cursors WHERE user = ?").pluck();
    this.upsertCursor = db.prepare(
      "INSERT INTO cursors (user, acked_seq, acked_at) VALUES (?, ?, ?) ON CONFLICT (user) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq), acked_at = excluded.acked_at",
    );
    this.countUnmatched = db.prepare("SELECT count(*) FROM webhooks WHERE routed = 0").pluck();
    this.upsertResult = db.prepare(
      "INSERT INTO job_results (provider, job_id, url, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (provider, job_id) DO UPDATE SET url = excluded.url, received_at = excluded.received_at",
    );

    this.recordBatch = db.transaction((items: VerifiedWebhook[]) => items.map((item) => this.recordOne(item)));
    this.register = db.transaction((user: string, provider: ProviderId, jobId: string, nowMs: number): RegistrationOutcome => {
      this.insertJob.run(provider, jobId, user, nowMs);
      if (this.findJobOwner.get(provider, jobId) !== user) return { kind: "conflict" };
      return { kind: "registered", released: this.releaseUnrouted(user, provider, jobId) };
    });
  }

  /** Stores a batch of verified webhooks in one transaction (one fsync), deduplicating on provider + delivery id. */
  recordWebhooks(items: VerifiedWebhook[]): WebhookOutcome[] {
    return this.recordBatch(items);
  }

  /** Routes a job's webhooks to `user`, including any that arrived before this call. */
  registerJob(user: string, provider: ProviderId, jobId: string, nowMs: number): RegistrationOutcome {
    return this.register(user, provider, jobId, nowMs);
  }

  createCallback(tokenHash: string, record: CallbackRecord, nowMs: number): void {
    this.insertCallback.run(tokenHash, record.user, record.provider, record.jobId ?? null, nowMs);
  }

  findCallback(tokenHash: string): CallbackRecord | undefined {
    const row = this.selectCallback.get(tokenHash) as { user: string; provider: string; job_id: string | null } | undefined;
    if (!row) return undefined;
    return { user: row.user, provider: row.provider as ProviderId, ...(row.job_id ? { jobId: row.job_id } : {}) };
  }

  eventsAfter(user: string, after: number, limit: number): StoredEvent[] {
    return (this.selectAfter.all(user, after, limit) as EventRow[]).map(toEvent);
  }

  ackedSeq(user: string): number {
    return (this.selectCursor.get(user) as number | undefined) ?? 0;
  }

  saveAcks(acks: ReadonlyMap<string, number>, nowMs: number): void {
    if (acks.size === 0) return;
    this.db.transaction(() => {
      for (const [user, seq] of acks) this.upsertCursor.run(user, seq, nowMs);
    })();
  }

  unmatchedCount(): number {
    return this.countUnmatched.get() as number;
  }

  /** Deletes acknowledged events, stale unmatched webhooks and dedupe ids, and old callback tokens. */
  prune(cutoffs: RetentionCutoffs): { events: number; webhooks: number; callbacks: number; jobs: number; results: number; qaReports: number } {
    return this.db.transaction(() => ({
      events: this.db
        .prepare("DELETE FROM events WHERE received_at < ? AND seq <= coalesce((SELECT acked_seq FROM cursors WHERE cursors.user = events.user), 0)")
        .run(cutoffs.deliveredBeforeMs).changes,
      webhooks: this.db.prepare("DELETE FROM webhooks WHERE received_at < ?").run(cutoffs.unmatchedBeforeMs).changes,
      callbacks: this.db.prepare("DELETE FROM callbacks WHERE created_at < ?").run(cutoffs.callbacksBeforeMs).changes,
      jobs: this.db.prepare("DELETE FROM jobs WHERE registered_at < ?").run(cutoffs.callbacksBeforeMs).changes,
      results: this.db.prepare("DELETE FROM job_results WHERE received_at < ?").run(cutoffs.callbacksBeforeMs).changes,
      qaReports: this.db.prepare("DELETE FROM qa_reports WHERE measured_at < ?").run(cutoffs.callbacksBeforeMs).changes,
    }))();
  }

  private recordOne(item: VerifiedWebhook): WebhookOutcome {
    if (item.tokenUser) this.insertJob.run(item.provider, item.jobId, item.tokenUser, item.receivedAtMs);
    if (item.callbackTokenHash) this.bindCallback.run(item.jobId, item.callbackTokenHash);
    const user = item.tokenUser ?? (this.findJobOwner.get(item.provider, item.jobId) as string | undefined);
    const inserted = this.insertWebhook.run(item.provider, item.deliveryId, item.jobId, item.claimedState ?? null, item.receivedAtMs, user ? 1 : 0);
    if (inserted.changes === 0) return { kind: "duplicate" };
    if (item.resultUrl) this.upsertResult.run(item.provider, item.jobId, item.resultUrl, item.receivedAtMs);
    if (!user) return { kind: "unmatched" };
    return { kind: "routed", event: this.appendEvent(user, item.provider, item.jobId, item.deliveryId, item.claimedState ?? null, item.receivedAtMs) };
  }

  private releaseUnrouted(user: string, provider: ProviderId, jobId: string): StoredEvent[] {
    const rows = this.selectUnrouted.all(provider, jobId) as { delivery_id: string; claimed_state: string | null; received_at: number }[];
    return rows.map((row) => {
      this.markRouted.run(provider, row.delivery_id);
      return this.appendEvent(user, provider, jobId, row.delivery_id, row.claimed_state, row.received_at);
    });
  }

  private appendEvent(user: string, provider: ProviderId, jobId: string, deliveryId: string, claimedState: string | null, receivedAtMs: number): StoredEvent {
    return toEvent(this.insertEvent.get(user, provider, jobId, deliveryId, claimedState, receivedAtMs) as EventRow);
  }
}
