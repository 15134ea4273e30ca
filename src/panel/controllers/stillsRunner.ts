/**
 * Stills through the shared image pipeline (submit, track, download, embed, import into a Frames
 * sub-bin): each job driven to its goal, refusals that created nothing waited out, nothing ever
 * sent twice. Mirrors the ledger's image jobs into the store in batches, resumes unfinished ones at
 * start (a synchronous route found in `submitting` is reported as possibly charged, never resent),
 * and tells a Frames still's failure in the notice bar.
 */
import { describeError } from "../../core/errors";
import { ImageJobPipeline, type ImageGoal } from "../../core/imageJobPipeline";
import type { ImageJobRecord } from "../../core/imageJobRecord";
import { driveImageJob } from "../../core/imageRuns";
import type { Ledger } from "../../core/ledger";
import type { Clock } from "../../core/seams/clock";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { HttpFetch } from "../../core/seams/http";
import type { PollPolicy } from "../../core/videoProvider";
import type { JobWakeups } from "../../providers/jobWakeups";
import { createImagePipelineDeps } from "../../runtime/imagePipelineDeps";
import { runShotImageSteps } from "../../runtime/shotImageSteps";
import { framesExtraOf } from "../runtime/framesBoard";
import { jobExtra, stateRank } from "../runtime/jobExtras";
import { importJobStills } from "../runtime/stillImport";
import type { PanelStore } from "../state/panelStore";
import type { RelayHooks } from "./jobRunner";
import type { HostAccess, LedgerAccess, Notifier, ProviderAccess, StillRuns } from "./panelServices";

const FLUSH_MS = 80;

export interface StillsRunnerDeps {
  store: PanelStore;
  seams: { clock: Clock; fetch: HttpFetch; files: FileSystem };
  ledger: LedgerAccess;
  providers: ProviderAccess;
  host: HostAccess;
  mediaFolder(): string;
  wakeups: JobWakeups;
  relay: RelayHooks;
  notices: Notifier;
  pollPolicy?: Partial<PollPolicy>;
}

/** How far a still goes: into the project when it was ordered with one open, else onto disk. */
export function stillGoal(job: Pick<ImageJobRecord, "extra">): ImageGoal {
  return jobExtra(job).goal === "ready" ? "ready" : "imported";
}

/** On its way: not failed or cancelled, and short of its goal. */
export function isUnfinishedStill(job: ImageJobRecord): boolean {
  if (job.state === "failed" || job.state === "cancelled") return false;
  return stateRank(job.state) < stateRank(stillGoal(job));
}

export class StillsRunner implements StillRuns {
  private pipeline: ImageJobPipeline | undefined;
  private readonly busy = new Set<string>();
  private readonly abort = new AbortController();
  private readonly pending = new Map<string, ImageJobRecord>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private detach: (() => void) | undefined;

  constructor(private readonly deps: StillsRunnerDeps) {}

  /** Builds the pipeline over the open ledger and shows its stills. */
  attach(ledger: Ledger): void {
    const { seams, host } = this.deps;
    const mediaFolder = () => this.deps.mediaFolder();
    const providers = this.deps.providers;
    const deps = createImagePipelineDeps({
      ledger,
      registry: {
        get: (id) => providers.imageRegistry().get(id),
        all: () => providers.imageRegistry().all(),
        isEnabled: (id) => providers.imageRegistry().isEnabled(id),
        usable: () => providers.imageRegistry().usable(),
        check: (request) => providers.imageRegistry().check(request),
        model: (provider, model) => providers.imageRegistry().model(provider, model),
      },
      seams,
      settings: {
        get mediaFolder() {
          return mediaFolder();
        },
        ...(this.deps.pollPolicy ? { pollPolicy: this.deps.pollPolicy } : {}),
      },
      wakeups: this.deps.wakeups,
      importStills: (job) => importJobStills(host.requireHost(), job),
    });
    deps.webhookUrl = (_job, provider) => this.deps.relay.webhookUrl(provider.id);
    deps.onSubmitted = async (job) => {
      if (job.handle) await this.deps.relay.registerJob(job.request.provider, job.handle.id);
    };
    this.pipeline = new ImageJobPipeline(deps);
    this.detach?.();
    this.detach = ledger.subscribeImages((job) => this.queue(job));
    this.deps.store.setState({ stills: Object.fromEntries(ledger.imageJobs().map((job) => [job.id, job])) });
  }

  stop(): void {
    this.abort.abort();
    this.detach?.();
    this.detach = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  /** Drives each job to its goal; resolves when all have stopped (done, failed, or the panel closing). */
  async run(ids: string[]): Promise<void> {
    const pipeline = this.pipeline;
    if (!pipeline || this.abort.signal.aborted) return;
    const ledger = this.deps.ledger.requireLedger();
    const fresh = ids.filter((id) => !this.busy.has(id));
    fresh.forEach((id) => this.busy.add(id));
    await Promise.all(
      fresh.map(async (id) => {
        try {
          await driveImageJob(pipeline, id, stillGoal(ledger.requireImage(id)), { clock: this.deps.seams.clock, signal: this.abort.signal });
        } catch (error) {
          if (!this.abort.signal.aborted) this.deps.notices.notify("error", `A still stopped unexpectedly: ${describeError(error)}. It is kept in the ledger; reopen the panel to resume it.`);
        } finally {
          this.busy.delete(id);
        }
      }),
    );
  }

  async runImageSteps(imageJobIds: string[], takeIds: string[]): Promise<void> {
    const pipeline = this.pipeline;
    if (!pipeline || this.abort.signal.aborted) return;
    // One driver per job: a still already running here is never advanced twice at once.
    const ids = imageJobIds.filter((id) => !this.busy.has(id));
    ids.forEach((id) => this.busy.add(id));
    try {
      await runShotImageSteps({ ledger: this.deps.ledger.requireLedger(), pipeline, clock: this.deps.seams.clock, signal: this.abort.signal, goal: "imported", imageJobIds: ids, takeIds });
    } finally {
      ids.forEach((id) => this.busy.delete(id));
    }
  }

  /** Runs again a step that failed after the stills were paid for (download, metadata, import): nothing new is bought. */
  async resumeStep(id: string): Promise<void> {
    if (!this.pipeline) throw new Error("the image pipeline is not ready");
    await this.pipeline.resumeStep(id);
    void this.run([id]);
  }

  /** At start: every unfinished still not in `taken` (a shot list's, which its run resumes). */
  resumeUnfinished(taken: ReadonlySet<string>): void {
    const ids = this.deps.ledger
      .requireLedger()
      .imageJobs()
      .filter((job) => isUnfinishedStill(job) && !this.busy.has(job.id) && !taken.has(job.id))
      .map((job) => job.id);
    if (ids.length > 0) this.deps.notices.notify("info", `Resuming ${ids.length} unfinished still request${ids.length === 1 ? "" : "s"} from the last session.`);
    void this.run(ids);
  }

  private queue(job: ImageJobRecord): void {
    this.pending.set(job.id, job);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    const before = this.deps.store.getState().stills;
    const stills = { ...before };
    for (const [id, job] of this.pending) stills[id] = job;
    const changed = [...this.pending.values()];
    this.pending.clear();
    this.deps.store.setState({ stills });
    for (const job of changed) {
      if (job.state !== "failed" || before[job.id]?.state === "failed" || !job.failure) continue;
      const board = framesExtraOf(job)?.board;
      if (!board) continue;
      const paidStep = job.failure.step === "download" || job.failure.step === "embed" || job.failure.step === "import";
      const charged = job.failure.charged === true ? " It was charged." : job.failure.charged === false ? " It was not charged." : " It may have been charged.";
      const next = paidStep && job.failure.retryable ? " The stills are paid for and kept: choose Try again on the frame (no new charge)." : "";
      this.deps.notices.notify("error", `${board} (${job.request.count === 1 ? "1 frame" : `${job.request.count} frames`}) failed: ${job.failure.message.replace(/\.?$/, ".")}${charged}${next}`);
    }
  }
}
