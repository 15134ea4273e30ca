/**
 * The scheduler's gate for jobs whose inputs are resolved just before submit (deferredInputs.ts):
 * such a job starts once its source is ready. One whose source failed is failed as blocked, with
 * that reason, and nothing is spent on it; while a job of that source is still running in the
 * scheduler (a retry may come) it only waits. When nothing runs and nothing else can start, jobs
 * still waiting on a source that nothing will run are blocked too, unless they wait on something
 * outside the scheduler (an image job run by its own pipeline).
 */
import type { JobPipeline } from "./jobPipeline";
import type { JobRecord } from "./jobRecord";
import type { Ledger } from "./ledger";

export class InputGate {
  /** Jobs being failed as blocked, so each is failed once. */
  private readonly blocking = new Set<string>();

  constructor(
    private readonly pipeline: JobPipeline,
    private readonly ledger: Ledger,
    private readonly isActive: (id: string) => boolean,
    private readonly wake: () => void,
  ) {}

  /** Whether a planned job may start now (jobs without deferred inputs always may). */
  ready(job: JobRecord): boolean {
    if (!job.deferred?.some((input) => !input.resolvedAt)) return true;
    const readiness = this.pipeline.readiness(job);
    if (readiness.state === "ready") return true;
    if (readiness.state === "blocked" && !readiness.jobs.some((id) => this.isActive(id)) && !this.blocking.has(job.id)) {
      this.blocking.add(job.id);
      void this.pipeline
        .block(job, readiness.reason)
        .catch(() => undefined)
        .finally(() => {
          this.blocking.delete(job.id);
          this.wake();
        });
    }
    return false;
  }

  /** Called when nothing runs: jobs waiting on a source that nothing will run are blocked with the reason. */
  async blockStranded(queue: string[]): Promise<void> {
    const waiting = queue.map((id) => this.ledger.get(id)).filter((job): job is JobRecord => !!job && job.state === "planned" && !this.isActive(job.id));
    const stranded = waiting.filter((job) => {
      if (!job.deferred?.some((input) => !input.resolvedAt)) return false;
      const readiness = this.pipeline.readiness(job);
      return readiness.state === "waiting" && !readiness.external;
    });
    // Another job that could still start (a paused provider, a submit spacing) may be what they wait for.
    if (stranded.length === 0 || stranded.length < waiting.length) return;
    for (const job of stranded) {
      const readiness = this.pipeline.readiness(job);
      const on = readiness.state === "waiting" ? readiness.on : "its source";
      await this.pipeline.block(job, `shot ${job.shot.shotId} waits for ${on}, which did not finish in this run. Nothing was sent for it.`).catch(() => undefined);
    }
  }
}
