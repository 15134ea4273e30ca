/**
 * Runs jobs through the shared pipeline (submit, track, download, embed, import, place), each
 * batch under one Scheduler. Knows which jobs are running now, resumes unfinished ones from the
 * ledger at start (re-tracked, downloaded or imported as their state needs, never resubmitted),
 * and routes a shot-list take's import and placement to its run's timeline fill.
 */
import { describeError } from "../../core/errors";
import { JobPipeline, type PipelineDeps } from "../../core/jobPipeline";
import type { JobRecord } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";
import type { ProviderId } from "../../core/request";
import { Scheduler, type RunSummary, type SchedulerEvent } from "../../core/scheduler";
import type { Clock } from "../../core/seams/clock";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { HttpFetch } from "../../core/seams/http";
import type { PollPolicy } from "../../core/videoProvider";
import type { AssetSource } from "../../media/download";
import type { JobWakeups } from "../../providers/jobWakeups";
import { describeProvider } from "../../providers/providerDescriptions";
import type { ProviderRegistry } from "../../providers/registry";
import { createPipelineDeps } from "../../runtime/pipelineDeps";
import { panelContinuityResolver } from "../runtime/continuityFrames";
import { importJobClip, placeJobClip } from "../runtime/hostPipelineHooks";
import { isUnfinished, jobExtra, type PanelGoal } from "../runtime/jobExtras";
import { isTimelineActionJob } from "../runtime/timelineActionJobs";
import { isShotListJob } from "../runtime/shotRunViews";
import type { PanelStore } from "../state/panelStore";
import type { EndSteps, HostAccess, JobRuns, LedgerAccess, Notifier, ProviderAccess, ScheduleOptions } from "./panelServices";

/** The relay's part in a submit: a callback URL when it is up, and being told the provider's job id. */
export interface RelayHooks {
  webhookUrl(provider: ProviderId): Promise<string | undefined>;
  registerJob(provider: ProviderId, providerJobId: string): Promise<void>;
}

export interface JobRunnerDeps {
  store: PanelStore;
  seams: { clock: Clock; fetch: HttpFetch; files: FileSystem; assets: AssetSource };
  ledger: LedgerAccess;
  providers: ProviderAccess;
  host: HostAccess;
  /** The media folder for downloads; throws a clear error when none is chosen. */
  mediaFolder(): string;
  wakeups: JobWakeups;
  relay: RelayHooks;
  /** Import and placement of a shot-list run's takes (into its bin and its reserved slots). */
  shotListSteps: EndSteps;
  /** Placement of a From timeline action's take, where its plan said. */
  timelineSteps: Pick<EndSteps, "place">;
  notices: Notifier;
  pollPolicy?: Partial<PollPolicy>;
}

export class JobRunner implements JobRuns {
  private pipeline: JobPipeline | undefined;
  private readonly busy = new Set<string>();
  private readonly schedulers = new Set<Scheduler>();
  private stopped = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  /** Builds the pipeline over the open ledger. */
  attach(ledger: Ledger): void {
    this.pipeline = new JobPipeline(this.pipelineDeps(ledger));
  }

  stop(): void {
    this.stopped = true;
    this.schedulers.forEach((scheduler) => scheduler.stop());
  }

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  async resumeStep(id: string): Promise<void> {
    if (!this.pipeline) throw new Error("the job pipeline is not ready");
    await this.pipeline.resumeStep(id);
  }

  run(ids: string[], options: ScheduleOptions): Scheduler | undefined {
    if (!this.pipeline || ids.length === 0 || this.stopped) return undefined;
    const ledger = this.deps.ledger.requireLedger();
    ids.forEach((id) => this.busy.add(id));
    const scheduler = new Scheduler(this.pipeline, ledger, this.deps.seams.clock, {
      goal: options.goal,
      // A new paid submit is the editor's decision (Retry in Jobs); only free steps are re-run automatically.
      // A shot-list run passes its own limit: the editor approved its money up front, and the scheduler pauses beyond it.
      maxRetries: options.maxRetries ?? 0,
      ...(options.approvedUsd !== undefined ? { approvedUsd: options.approvedUsd } : {}),
      onEvent: (event) => {
        this.onSchedulerEvent(event);
        options.onEvent?.(event);
      },
    });
    this.schedulers.add(scheduler);
    let summary: RunSummary | undefined;
    scheduler
      .run(ids)
      .then((result) => {
        summary = result;
      })
      .catch((error: unknown) =>
        this.deps.notices.notify("error", `A run stopped unexpectedly: ${describeError(error)}. Jobs are kept in the ledger; reopen the panel to resume them.`),
      )
      .finally(() => {
        this.schedulers.delete(scheduler);
        ids.forEach((id) => this.busy.delete(id));
        options.onFinished?.(summary);
      });
    return scheduler;
  }

  /** Resumes every unfinished job that is not in `taken` (a shot list's, which its run resumes). */
  resumeUnfinished(taken: ReadonlySet<string>): void {
    const byGoal = new Map<PanelGoal, string[]>();
    for (const job of this.deps.ledger.requireLedger().jobs()) {
      if (!isUnfinished(job) || this.busy.has(job.id) || taken.has(job.id)) continue;
      const goal = jobExtra(job).goal;
      byGoal.set(goal, [...(byGoal.get(goal) ?? []), job.id]);
    }
    const count = [...byGoal.values()].reduce((sum, ids) => sum + ids.length, 0);
    if (count > 0) this.deps.notices.notify("info", `Resuming ${count} unfinished job${count === 1 ? "" : "s"} from the last session.`);
    for (const [goal, ids] of byGoal) this.run(ids, { goal });
  }

  private onSchedulerEvent(event: SchedulerEvent): void {
    if (event.type === "throttled") {
      this.deps.notices.notify("warning", `${describeProvider(event.provider).displayName} asked Shotbin to slow down (${event.reason}). Waiting jobs are sent when it allows.`);
    }
  }

  private pipelineDeps(ledger: Ledger): PipelineDeps {
    const { store, seams, host, shotListSteps, timelineSteps, relay } = this.deps;
    const mediaFolder = () => this.deps.mediaFolder();
    const deps = createPipelineDeps({
      ledger,
      registry: liveRegistry(this.deps.providers),
      seams,
      // Getters: the pipeline reads the live settings each time it asks.
      settings: {
        get mediaFolder() {
          return mediaFolder();
        },
        get fileNameTemplate() {
          return store.getState().settings.fileNameTemplate;
        },
        ...(this.deps.pollPolicy ? { pollPolicy: this.deps.pollPolicy } : {}),
      },
      wakeups: this.deps.wakeups,
      // A shot-list run's takes go through its timeline fill: their bin, their reserved slot.
      importClip: async (job: JobRecord) => (isShotListJob(job) ? shotListSteps.importClip(job) : (await importJobClip(host.requireHost(), job)).id),
      place: (job: JobRecord) => (isShotListJob(job) ? shotListSteps.place(job) : isTimelineActionJob(job) ? timelineSteps.place(job) : placeJobClip(host.requireHost(), job)),
    });
    // Continuity: the previous shot's last frame, exported from the timeline once it is placed.
    deps.inputResolvers = { continuity: panelContinuityResolver({ host: () => host.requireHost(), files: seams.files, mediaFolder }) };
    // The relay may come and go while jobs run: ask it at each submit, and poll when it is away.
    deps.webhookUrl = (_job, provider) => relay.webhookUrl(provider.id);
    deps.onSubmitted = async (job) => {
      if (job.handle) await relay.registerJob(job.request.provider, job.handle.id);
    };
    return deps;
  }
}

/** The registry as the pipeline holds it: every call goes to the one the providers have now. */
function liveRegistry(providers: ProviderAccess): ProviderRegistry {
  return {
    get: (id) => providers.registry().get(id),
    all: () => providers.registry().all(),
    isEnabled: (id) => providers.registry().isEnabled(id),
    usable: () => providers.registry().usable(),
    check: (request) => providers.registry().check(request),
    model: (provider, model) => providers.registry().model(provider, model),
  };
}
