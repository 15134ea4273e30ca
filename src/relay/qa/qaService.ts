import { mkdtempSync, promises as fs, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Logger } from "pino";
import { MediaError } from "../../core/errors";
import type { Clock } from "../../core/seams/clock";
import type { FfmpegPrograms } from "../../quality/measureClip";
import { measureTake } from "../../runtime/measureTake";
import type { QaAnswer, QaErrorCode, RelayQaReport } from "../client/qaProtocol";
import type { RelayMetrics } from "../relayMetrics";
import { downloadResult, QaDownloadError } from "./qaDownload";
import { relayReportOf, thumbnailsOf } from "./qaReportView";
import type { ResolvedSubject } from "./qaSources";
import type { QaStore } from "./qaStore";

export interface QaServiceDeps {
  store: QaStore;
  metrics: RelayMetrics;
  logger: Logger;
  clock: Clock;
  /** ffmpeg and ffprobe; a function so a relay without ffmpeg starts and answers 503 to QA only. */
  programs: () => FfmpegPrograms;
  /** Measurements at once; the rest wait in order. */
  concurrency: number;
  maxDownloadBytes: number;
}

/**
 * ffmpeg's niceness while the relay measures: the decodes yield the CPU to the relay's own process,
 * so webhooks are verified and stored at once however many takes are being measured.
 */
export const QA_PRIORITY = 10;

/** Finished reports kept in memory (about 25 KB each); older ones are read from the database again. */
const MEMORY_REPORTS = 500;

type Entry =
  | { state: "queued" | "measuring"; owner: string | undefined; waiters: Set<() => void> }
  | { state: "done"; owner: string | undefined; report: RelayQaReport }
  | { state: "failed"; owner: string | undefined; error: QaErrorCode; message: string };

/**
 * Take QA on the relay: measures each subject once (memory, then the database, so a restart does
 * not measure again), at most `concurrency` at a time, in the order asked. ffmpeg runs as child
 * processes and the analysis works frame by frame, so webhook intake keeps its turns meanwhile.
 */
export class QaService {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: Array<() => void> = [];
  private running = 0;
  private readonly abort = new AbortController();
  private readonly tempDir = mkdtempSync(path.join(tmpdir(), "shotbin-relay-qa-"));

  constructor(private readonly deps: QaServiceDeps) {}

  /** The report or state for `key`, if the user may see it. */
  answer(key: string, user: string): QaAnswer | undefined {
    const entry = this.entry(key);
    if (!entry || (entry.owner !== undefined && entry.owner !== user)) return undefined;
    return answerOf(key, entry);
  }

  /** Starts measuring unless a report is cached or a measurement is under way; a failed one is tried again. */
  request(subject: ResolvedSubject): QaAnswer {
    const cached = this.entry(subject.key);
    if (cached && cached.state !== "failed") {
      if (cached.state === "done") this.deps.metrics.qaCacheHits.inc();
      return answerOf(subject.key, cached);
    }
    const entry: Entry = { state: "queued", owner: subject.owner, waiters: new Set() };
    this.entries.set(subject.key, entry);
    this.deps.metrics.qaQueued.inc();
    void this.whenSlotFree().then(() => this.measure(subject, entry));
    return answerOf(subject.key, entry);
  }

  /** Resolves when `key` is done or failed, or after `ms`. */
  wait(key: string, ms: number, signal?: AbortSignal): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || (entry.state !== "queued" && entry.state !== "measuring") || ms <= 0) return Promise.resolve();
    const waiters = entry.waiters;
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(finish);
        signal?.removeEventListener("abort", finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      waiters.add(finish);
      signal?.addEventListener("abort", finish);
    });
  }

  /** Measurements under way and waiting (for metrics and tests). */
  load(): { measuring: number; queued: number } {
    return { measuring: this.running, queued: this.queue.length };
  }

  /** Stops every measurement (their ffmpeg children are killed) and removes the temporary downloads. */
  close(): void {
    this.abort.abort();
    for (const entry of this.entries.values()) if (entry.state === "queued" || entry.state === "measuring") for (const waiter of [...entry.waiters]) waiter();
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private entry(key: string): Entry | undefined {
    const inMemory = this.entries.get(key);
    if (inMemory) return inMemory;
    const stored = this.deps.store.report(key);
    if (!stored) return undefined;
    const entry: Entry = { state: "done", owner: stored.owner, report: stored.report };
    this.remember(key, entry);
    return entry;
  }

  /** Keeps `entry`, forgetting the oldest finished ones past MEMORY_REPORTS (the database keeps reports). */
  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= MEMORY_REPORTS) return;
    for (const [old, held] of this.entries) {
      if (this.entries.size <= MEMORY_REPORTS) break;
      if (held.state === "done" || held.state === "failed") this.entries.delete(old);
    }
  }

  private whenSlotFree(): Promise<void> {
    if (this.running < this.deps.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running -= 1;
  }

  private async measure(subject: ResolvedSubject, entry: Entry & { state: "queued" | "measuring" }): Promise<void> {
    const { deps } = this;
    deps.metrics.qaQueued.dec();
    deps.metrics.qaMeasuring.inc();
    entry.state = "measuring";
    const started = deps.clock.now();
    let download: string | undefined;
    let finished: Entry;
    try {
      if (this.abort.signal.aborted) throw new Error("the relay is shutting down");
      const programs = deps.programs();
      let file: string;
      if (subject.source.kind === "url") {
        download = path.join(this.tempDir, `${subject.key}.video`);
        await downloadResult(subject.source.url, download, deps.maxDownloadBytes, this.abort.signal);
        file = download;
      } else {
        file = subject.source.path;
      }
      const report = await measureTake(file, { programs, signal: this.abort.signal, priority: QA_PRIORITY });
      const thumbnails = await thumbnailsOf(programs.ffmpeg, file, report.series.t, this.abort.signal);
      const measuredAt = new Date(deps.clock.now());
      const view = relayReportOf(report, subject.subject, thumbnails, measuredAt);
      deps.store.saveReport(subject.key, subject.owner, view, measuredAt.getTime());
      finished = { state: "done", owner: subject.owner, report: view };
      deps.metrics.qaMeasurements.inc({ outcome: report.verdict });
      deps.logger.info({ qa: subject.key, subject: subject.subject.kind, verdict: report.verdict, score: report.score, seconds: (deps.clock.now() - started) / 1000 }, "take measured");
    } catch (error) {
      const { code, message } = failureOf(error, this.abort.signal.aborted);
      finished = { state: "failed", owner: subject.owner, error: code, message };
      deps.metrics.qaMeasurements.inc({ outcome: code });
      deps.logger.warn({ qa: subject.key, subject: subject.subject.kind, error: code, message }, "take QA failed");
    } finally {
      if (download) await fs.rm(download, { force: true }).catch(() => undefined);
      deps.metrics.qaMeasuring.dec();
      this.releaseSlot();
    }
    this.remember(subject.key, finished);
    for (const waiter of [...entry.waiters]) waiter();
  }
}

function answerOf(key: string, entry: Entry): QaAnswer {
  switch (entry.state) {
    case "done":
      return { key, state: "done", report: entry.report };
    case "failed":
      return { key, state: "failed", error: entry.error, message: entry.message };
    default:
      return { key, state: entry.state };
  }
}

function failureOf(error: unknown, shuttingDown: boolean): { code: QaErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (shuttingDown) return { code: "cancelled", message: "the relay shut down during the measurement; ask again" };
  if (error instanceof QaDownloadError) return { code: error.tooLarge ? "too-large" : "download-failed", message };
  if (error instanceof MediaError) {
    if (error.kind === "not-media") return { code: "not-a-video", message };
    if (error.kind === "truncated" || error.kind === "corrupt") return { code: "unreadable-video", message };
  }
  return { code: "measure-failed", message };
}
