import Database from "better-sqlite3";

/**
 * Opens (or creates) the relay's one SQLite file in WAL mode. `full` durability fsyncs every
 * commit, so a webhook answered 2xx survives even a power cut; webhook writes are grouped into one
 * commit per event-loop turn (groupCommit.ts), so the fsync is shared under load.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  provider      TEXT    NOT NULL,
  delivery_id   TEXT    NOT NULL,
  job_id        TEXT    NOT NULL,
  claimed_state TEXT,
  received_at   INTEGER NOT NULL,
  routed        INTEGER NOT NULL,
  PRIMARY KEY (provider, delivery_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS webhooks_unrouted ON webhooks (provider, job_id) WHERE routed = 0;
CREATE INDEX IF NOT EXISTS webhooks_received ON webhooks (received_at);

CREATE TABLE IF NOT EXISTS events (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  user          TEXT    NOT NULL,
  provider      TEXT    NOT NULL,
  job_id        TEXT    NOT NULL,
  delivery_id   TEXT    NOT NULL,
  claimed_state TEXT,
  received_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_user ON events (user, seq);

CREATE TABLE IF NOT EXISTS jobs (
  provider      TEXT    NOT NULL,
  job_id        TEXT    NOT NULL,
  user          TEXT    NOT NULL,
  registered_at INTEGER NOT NULL,
  PRIMARY KEY (provider, job_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS callbacks (
  token_hash    TEXT    PRIMARY KEY,
  user          TEXT    NOT NULL,
  provider      TEXT    NOT NULL,
  job_id        TEXT,
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- The result URL of a job's verified "succeeded" webhook (never sent to panels): what take QA downloads.
CREATE TABLE IF NOT EXISTS job_results (
  provider      TEXT    NOT NULL,
  job_id        TEXT    NOT NULL,
  url           TEXT    NOT NULL,
  received_at   INTEGER NOT NULL,
  PRIMARY KEY (provider, job_id)
) WITHOUT ROWID;

-- Take QA reports, by the relay's QA key (a job, or a file's path, size and time).
CREATE TABLE IF NOT EXISTS qa_reports (
  key           TEXT    PRIMARY KEY,
  owner         TEXT,
  report        TEXT    NOT NULL,
  measured_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS cursors (
  user          TEXT    PRIMARY KEY,
  acked_seq     INTEGER NOT NULL,
  acked_at      INTEGER NOT NULL
) WITHOUT ROWID;
`;

export type Durability = "full" | "normal";

export function openRelayDatabase(path: string, durability: Durability): Database.Database {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${durability === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("busy_timeout = 5000");
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
