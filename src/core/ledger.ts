import type { ImageJobRecord } from "./imageJobRecord";
import { canTransition, isCommitted, type JobRecord, type JobState } from "./jobRecord";
import { ledgerFileSchema, LEDGER_VERSION, type LedgerFile } from "./ledgerSchema";
import { roundUsd } from "./pricing";
import type { Clock } from "./seams/clock";
import type { LedgerStore } from "./seams/ledgerStore";

export class LedgerError extends Error {
  override readonly name = "LedgerError";
}

export type LedgerListener = (job: JobRecord) => void;
export type ImageLedgerListener = (job: ImageJobRecord) => void;

/**
 * The persistent record of every job. Each state change is saved before the caller goes on to
 * the side effect it announces, so after a crash the ledger says exactly which paid steps were
 * done. Saves are serialised: one write at a time, in order.
 */
export class Ledger {
  private readonly records = new Map<string, JobRecord>();
  private readonly listeners = new Set<LedgerListener>();
  /** Image jobs, kept apart so that everything reading video jobs never meets a still. */
  private readonly imageRecords = new Map<string, ImageJobRecord>();
  private readonly imageListeners = new Set<ImageLedgerListener>();
  private writing: Promise<void> = Promise.resolve();
  private pendingWrite: Promise<void> | undefined;
  private cursor: number | undefined;

  private constructor(
    private readonly store: LedgerStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Loads the ledger. An unreadable or invalid one is kept aside (never overwritten) and an empty
   * ledger starts, with a message saying where the old one went.
   */
  static async open(store: LedgerStore, clock: Clock): Promise<{ ledger: Ledger; warning?: string }> {
    const ledger = new Ledger(store, clock);
    const text = await store.load();
    if (text === undefined || text.trim() === "") return { ledger };
    let parsed: LedgerFile;
    try {
      const result = ledgerFileSchema.safeParse(JSON.parse(text));
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new Error(`${issue?.path.join(".") || "file"}: ${issue?.message ?? "invalid"}`);
      }
      parsed = result.data;
    } catch (error) {
      const where = await store.quarantine(text);
      return {
        ledger,
        warning: `The job ledger could not be read (${error instanceof Error ? error.message : String(error)}). It was kept aside as ${where}; Shotbin started a new one. Paid jobs in the old file can be recovered from there.`,
      };
    }
    for (const job of parsed.jobs) ledger.records.set(job.id, job as JobRecord);
    for (const job of parsed.imageJobs ?? []) ledger.imageRecords.set(job.id, job as ImageJobRecord);
    ledger.cursor = parsed.relayCursor;
    return { ledger };
  }

  jobs(): JobRecord[] {
    return [...this.records.values()];
  }

  get(id: string): JobRecord | undefined {
    return this.records.get(id);
  }

  require(id: string): JobRecord {
    const job = this.records.get(id);
    if (!job) throw new LedgerError(`No job ${id} in the ledger.`);
    return job;
  }

  subscribe(listener: LedgerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds new jobs (state `planned` or later) and saves them. */
  async add(jobs: JobRecord[]): Promise<void> {
    for (const job of jobs) {
      if (this.records.has(job.id) || this.imageRecords.has(job.id)) throw new LedgerError(`Job ${job.id} is already in the ledger.`);
    }
    for (const job of jobs) this.records.set(job.id, job);
    await this.save();
    jobs.forEach((job) => this.emit(job));
  }

  /** Moves a job to a new state, merging `patch`, and saves before returning. */
  async transition(id: string, to: JobState, patch: Partial<JobRecord> = {}): Promise<JobRecord> {
    const job = this.require(id);
    if (!canTransition(job.state, to)) throw new LedgerError(`Job ${id} cannot go from ${job.state} to ${to}.`);
    const at = new Date(this.clock.now()).toISOString();
    const next: JobRecord = { ...job, ...patch, state: to, updatedAt: at, history: [...job.history, { state: to, at }] };
    if (to !== "failed") delete next.failure;
    this.records.set(id, next);
    await this.save();
    this.emit(next);
    return next;
  }

  /**
   * Changes fields that are not a state change. With `persist: false` (progress ticks) the change
   * is kept in memory and shown, and saved with the next state change.
   */
  async update(id: string, patch: Partial<Omit<JobRecord, "state" | "history">>, options: { persist?: boolean } = {}): Promise<JobRecord> {
    const job = this.require(id);
    const next: JobRecord = { ...job, ...patch, state: job.state, history: job.history, updatedAt: new Date(this.clock.now()).toISOString() };
    this.records.set(id, next);
    if (options.persist !== false) await this.save();
    this.emit(next);
    return next;
  }

  imageJobs(): ImageJobRecord[] {
    return [...this.imageRecords.values()];
  }

  getImage(id: string): ImageJobRecord | undefined {
    return this.imageRecords.get(id);
  }

  requireImage(id: string): ImageJobRecord {
    const job = this.imageRecords.get(id);
    if (!job) throw new LedgerError(`No image job ${id} in the ledger.`);
    return job;
  }

  subscribeImages(listener: ImageLedgerListener): () => void {
    this.imageListeners.add(listener);
    return () => this.imageListeners.delete(listener);
  }

  /** Adds new image jobs and saves them; ids are unique across video and image jobs. */
  async addImages(jobs: ImageJobRecord[]): Promise<void> {
    for (const job of jobs) {
      if (this.records.has(job.id) || this.imageRecords.has(job.id)) throw new LedgerError(`Job ${job.id} is already in the ledger.`);
    }
    for (const job of jobs) this.imageRecords.set(job.id, job);
    await this.save();
    jobs.forEach((job) => this.emitImage(job));
  }

  /** Moves an image job to a new state, merging `patch`, and saves before returning. */
  async transitionImage(id: string, to: JobState, patch: Partial<ImageJobRecord> = {}): Promise<ImageJobRecord> {
    const job = this.requireImage(id);
    if (!canTransition(job.state, to)) throw new LedgerError(`Image job ${id} cannot go from ${job.state} to ${to}.`);
    const at = new Date(this.clock.now()).toISOString();
    const next: ImageJobRecord = { ...job, ...patch, kind: "image", state: to, updatedAt: at, history: [...job.history, { state: to, at }] };
    if (to !== "failed") delete next.failure;
    this.imageRecords.set(id, next);
    await this.save();
    this.emitImage(next);
    return next;
  }

  /** Changes fields of an image job that are not a state change (see `update`). */
  async updateImage(id: string, patch: Partial<Omit<ImageJobRecord, "state" | "history" | "kind">>, options: { persist?: boolean } = {}): Promise<ImageJobRecord> {
    const job = this.requireImage(id);
    const next: ImageJobRecord = { ...job, ...patch, kind: "image", state: job.state, history: job.history, updatedAt: new Date(this.clock.now()).toISOString() };
    this.imageRecords.set(id, next);
    if (options.persist !== false) await this.save();
    this.emitImage(next);
    return next;
  }

  relayCursor(): number | undefined {
    return this.cursor;
  }

  async setRelayCursor(sequence: number): Promise<void> {
    this.cursor = sequence;
    await this.save();
  }

  /** Money committed since `since` (every job, when absent): estimates of video and image jobs that were or may have been charged. */
  spentUsd(since?: number): number {
    let total = 0;
    for (const job of [...this.records.values(), ...this.imageRecords.values()]) {
      if (!isCommitted(job) || !Number.isFinite(job.estimate.usd)) continue;
      const submittedAt = Date.parse(job.handle?.submittedAt ?? job.createdAt);
      if (since === undefined || submittedAt >= since) total += job.estimate.usd;
    }
    return roundUsd(total);
  }

  /** Resolves once everything written so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  /**
   * Group commit: changes made while a write is running share the next write, which serialises
   * the ledger when it starts. Each caller still waits for a write that contains its change.
   */
  private save(): Promise<void> {
    if (this.pendingWrite) return this.pendingWrite;
    const write = this.writing.then(() => {
      this.pendingWrite = undefined;
      const file: LedgerFile = {
        version: LEDGER_VERSION,
        jobs: [...this.records.values()],
        // Written only once there are stills, so a video-only ledger is the same file as before.
        ...(this.imageRecords.size > 0 ? { imageJobs: [...this.imageRecords.values()] } : {}),
        ...(this.cursor === undefined ? {} : { relayCursor: this.cursor }),
      };
      return this.store.save(JSON.stringify(file));
    });
    this.pendingWrite = write;
    // A failed save must surface to its callers, but not poison the saves after it.
    this.writing = write.catch(() => undefined);
    return write;
  }

  private emitImage(job: ImageJobRecord): void {
    for (const listener of this.imageListeners) {
      try {
        listener(job);
      } catch {
        // A listener's fault must never stop the ledger.
      }
    }
  }

  private emit(job: JobRecord): void {
    for (const listener of this.listeners) {
      try {
        listener(job);
      } catch {
        // A listener's fault must never stop the ledger.
      }
    }
  }
}
