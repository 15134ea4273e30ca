/**
 * `shotbin run --pick best`: QA of each take as it lands. A take whose clip is on disk and
 * embedded is measured (src/quality, one ffmpeg pass), a few at a time so the run's submits and
 * polls go on meanwhile; its verdict, score and defect kinds are written into the clip's XMP and
 * recorded in the ledger (`extra.qa`), so a resumed run never measures it again. A take that
 * cannot be measured (no ffmpeg, a bad file) is recorded as such (`extra.qaError`) and ranks last.
 */
import { hasReached, shotTakes } from "../../core/deferredInputs";
import type { JobRecord } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import type { Ledger } from "../../core/ledger";
import { findFfmpegProgram } from "../../media/ffmpegBinary";
import { nodeFileSystem } from "../../media/nodeFileSystem";
import { embedQualityFields } from "../../media/qualityMetadata";
import type { FfmpegPrograms } from "../../quality/measureClip";
import { measureTake } from "../../runtime/measureTake";
import { qaSummaryOf, readQaSummary, type QaSummary } from "../../quality/takeRank";

/** What `extra.qaError` holds for a take QA could not measure. */
export interface QaError {
  message: string;
  at: string;
}

export function qaOf(job: JobRecord): QaSummary | undefined {
  return readQaSummary(job.extra?.qa);
}

export function qaErrorOf(job: JobRecord): QaError | undefined {
  const error = job.extra?.qaError as Partial<QaError> | undefined;
  return error && typeof error.message === "string" ? (error as QaError) : undefined;
}

/** Measured, or known not to be measurable. */
export function qaSettled(job: JobRecord): boolean {
  return !!qaOf(job) || !!qaErrorOf(job);
}

/** A shot with more than one take: its takes are measured and the best is chosen. */
export function hasSeveralTakes(jobs: readonly JobRecord[], job: JobRecord): boolean {
  return shotTakes(jobs, job.runId, job.shot.shotId).length > 1;
}

/** "fail, score 22 (flicker)". */
export function describeQa(qa: QaSummary | undefined): string {
  if (!qa) return "not measured";
  return `${qa.verdict}, score ${qa.score}${qa.defectKinds.length > 0 ? ` (${qa.defectKinds.join(", ")})` : ""}`;
}

/** "fail, score 22, flicker": for inside parentheses. */
export function briefQa(qa: QaSummary | undefined): string {
  if (!qa) return "not measured";
  return [qa.verdict, `score ${qa.score}`, ...qa.defectKinds].join(", ");
}

export interface TakeQaOptions {
  ledger: Ledger;
  env: NodeJS.ProcessEnv;
  /** Progress lines (one per take measured). */
  message(line: string): void;
  /** Called after each take's QA is recorded (a continuity shot may be waiting for the choice). */
  onSettled?(job: JobRecord): void;
  /** ffmpeg processes at once (default 2). */
  concurrency?: number;
  signal?: AbortSignal;
  now?(): number;
}

export class TakeQa {
  private readonly queue: string[] = [];
  private readonly seen = new Set<string>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private programs: FfmpegPrograms | Error | undefined;

  constructor(private readonly options: TakeQaOptions) {}

  /** Queues the take when it is finished, one of several and not yet measured. */
  consider(job: JobRecord): void {
    if (this.seen.has(job.id) || !job.file || !hasReached(job, "ready") || qaSettled(job)) return;
    if (!hasSeveralTakes(this.options.ledger.jobs(), job)) return;
    this.seen.add(job.id);
    this.queue.push(job.id);
    this.pump();
  }

  /** Resolves when nothing is queued or being measured. */
  idle(): Promise<void> {
    if (this.running === 0 && (this.queue.length === 0 || this.options.signal?.aborted)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private findPrograms(): FfmpegPrograms | Error {
    if (!this.programs) {
      try {
        this.programs = { ffmpeg: findFfmpegProgram("ffmpeg", this.options.env), ffprobe: findFfmpegProgram("ffprobe", this.options.env) };
      } catch (error) {
        this.programs = error instanceof Error ? error : new Error(String(error));
      }
    }
    return this.programs;
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.running < limit && this.queue.length > 0 && !this.options.signal?.aborted) {
      const id = this.queue.shift()!;
      this.running++;
      void this.measure(id)
        .catch((error: unknown) => this.options.message(`QA: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && (this.queue.length === 0 || this.options.signal?.aborted)) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const wake of waiters) wake();
          }
        });
    }
    if (this.running === 0 && this.options.signal?.aborted) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async measure(id: string): Promise<void> {
    const job = this.options.ledger.require(id);
    const label = `shot ${job.shot.shotId} take ${job.shot.take} (${job.request.model})`;
    const at = () => new Date(this.options.now?.() ?? Date.now()).toISOString();
    const programs = this.findPrograms();
    let extra: JsonObject;
    let settled: JobRecord;
    try {
      if (programs instanceof Error) throw programs;
      const report = await measureTake(job.file!, { programs, ...(this.options.signal ? { signal: this.options.signal } : {}) });
      const qa = qaSummaryOf(report, at());
      let note = "";
      try {
        await embedQualityFields(nodeFileSystem, job.file!, { qaVerdict: qa.verdict, qaScore: qa.score, qaDefects: qa.defectKinds });
      } catch (error) {
        note = `; its XMP was not updated: ${error instanceof Error ? error.message : String(error)}`;
      }
      extra = { ...(this.options.ledger.require(id).extra ?? {}), qa: { ...qa } };
      settled = await this.options.ledger.update(id, { extra });
      this.options.message(`QA ${label}: ${describeQa(qa)}${note}`);
    } catch (error) {
      if (this.options.signal?.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      extra = { ...(this.options.ledger.require(id).extra ?? {}), qaError: { message, at: at() } };
      settled = await this.options.ledger.update(id, { extra });
      this.options.message(`QA ${label}: could not be measured (${message}); it ranks last`);
    }
    this.options.onSettled?.(settled);
  }
}
