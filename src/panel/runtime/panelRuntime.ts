/**
 * The panel's engine: settings, keys, the ledger, the provider registry, the shared pipeline with
 * Premiere import and placement, the relay, and every action a tab can take. It owns the zustand
 * store the UI reads. Everything outside comes in through the PanelPlatform, so the same code runs
 * in Premiere and in the browser harness.
 */
import { describeError, HostError } from "../../core/errors";
import { JobPipeline, type PipelineDeps } from "../../core/jobPipeline";
import type { JobRecord } from "../../core/jobRecord";
import { Ledger } from "../../core/ledger";
import { planJob } from "../../core/plan";
import { estimateFromTable, formatUsd, roundUsd } from "../../core/pricing";
import { createIdempotencyKey, type ProviderId } from "../../core/request";
import { Scheduler, type RunSummary, type SchedulerEvent } from "../../core/scheduler";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { PollPolicy } from "../../core/videoProvider";
import type { SelfCheckDeps } from "../../diagnostics/selfCheckDeps";
import { PLUGIN_SELF_CHECK_CLIPS } from "../../diagnostics/testClips";
import { createPremiereHost } from "../../host/premiere/createPremiereHost";
import type { HostContext, PremiereHost } from "../../host/premiereHost";
import { uxpFileSystem } from "../../media/uxpFileSystem";
import { findModel } from "../../providers/catalog";
import { JobWakeups } from "../../providers/jobWakeups";
import { describeProvider } from "../../providers/providerDescriptions";
import { createProviderRegistry, type ProviderRegistry } from "../../providers/registry";
import type { SimulatorOptions } from "../../providers/simulator";
import { createPipelineDeps } from "../../runtime/pipelineDeps";
import { pickFolder, pickImage, restoreFolder, type PickedImage } from "../platform/filePicking";
import type { PanelPlatform } from "../platform/panelPlatform";
import { pluginAssetSource } from "../platform/pluginAssetSource";
import { SecureKeyStore } from "../platform/secureKeyStore";
import { uxpLedgerStore } from "../platform/uxpLedgerStore";
import { allKeyNames, providerOfKey, RELAY_TOKEN_KEY } from "../settings/keyNames";
import { binPathFor, fileNameTemplateProblem, loadSettings, panelSettingsSchema, saveSettings, type PanelSettings } from "../settings/panelSettings";
import { SHOTBIN_VERSION } from "../shotbinVersion";
import { createPanelStore, type NoticeTone, type PanelState, type PanelStore } from "../state/panelStore";
import { draftForModel, emptyDraft, requestsForDraft, type GenerateDraft } from "./generateDraft";
import { clipOf, importJobClip, placeJobClip } from "./hostPipelineHooks";
import { extraJson, isUnfinished, jobExtra, stateRank, type PanelGoal, type PanelJobExtra } from "./jobExtras";
import { cancelledText, failureText, jobTitle } from "./jobMessages";
import { RelayLink } from "./relayLink";
import { SelfCheckSession } from "./selfCheckSession";
import { ShotListRuns, type ScheduleOptions } from "./shotListRuns";
import { spendingFrom, startOfDay } from "./spending";

const FLUSH_MS = 80;
const MAX_NOTICES = 6;
const NOTICE_LIFETIME_MS = 10_000;

export interface PanelRuntimeOptions {
  /** The simulator's timings (tests and benchmarks run it faster than an editor would want). */
  simulator?: Omit<SimulatorOptions, "clock">;
  /** Status polling pace for every provider (tests against the fake providers poll faster). */
  pollPolicy?: Partial<PollPolicy>;
}

export class PanelRuntime {
  readonly store: PanelStore;
  readonly files: FileSystem;
  /** The Shot list tab: plan, run into the timeline, resume. */
  readonly shotLists: ShotListRuns;
  /** The Diagnostics tab: the self-check and its report. */
  readonly selfCheck: SelfCheckSession;
  private readonly keys: SecureKeyStore;
  private readonly wakeups = new JobWakeups();
  private readonly relay: RelayLink;
  private registry!: ProviderRegistry;
  private ledger: Ledger | undefined;
  private host: PremiereHost | undefined;
  private pipeline: JobPipeline | undefined;
  private readonly pending = new Map<string, JobRecord>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly busy = new Set<string>();
  private readonly schedulers = new Set<Scheduler>();
  private noticeId = 0;
  private contextRefresh: Promise<HostContext | null> | undefined;
  private contextDirty = false;
  private stopped = false;
  private readonly cleanups: (() => void)[] = [];
  private readonly noticeTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly platform: PanelPlatform,
    private readonly options: PanelRuntimeOptions = {},
  ) {
    this.store = createPanelStore(emptyDraft(findModel("simulator", "shotbin-sim")!));
    this.files = uxpFileSystem(platform.fs);
    this.keys = new SecureKeyStore(platform.uxp.storage.secureStorage);
    this.relay = new RelayLink(
      platform,
      this.wakeups,
      (relay) => this.set({ relay }),
      () => void this.registerJobsWithRelay(),
    );
    this.registry = this.buildRegistry(this.store.getState().settings);
    this.shotLists = new ShotListRuns({
      platform,
      files: this.files,
      store: this.store,
      ledger: () => this.requireLedger(),
      host: () => this.requireHost(),
      registry: () => this.registry,
      simulatorJobSeconds: () => {
        const simulator = this.simulatorOptions(this.state.settings);
        return ((simulator.queueMs ?? 1500) + (simulator.runMs ?? 4000)) / 1000;
      },
      refreshContext: () => this.refreshContext(),
      schedule: (ids, options) => this.run(ids, options.goal, options.approvedUsd, options),
      canCancel: (job) => this.canCancel(job),
      cancelJob: (id) => this.cancel(id),
      notify: (tone, text, jobId) => this.notify(tone, text, jobId),
    });
    this.selfCheck = new SelfCheckSession({
      platform,
      files: this.files,
      store: this.store,
      selfCheckDeps: () => this.selfCheckDeps(),
      mediaFolder: () => this.state.mediaFolder,
      notify: (tone, text) => this.notify(tone, text),
    });
  }

  get state(): PanelState {
    return this.store.getState();
  }

  private set(patch: Partial<PanelState>): void {
    this.store.setState(patch);
  }

  /** Loads everything and resumes unfinished jobs. Each part that fails is reported and the rest still starts. */
  async start(): Promise<void> {
    if (this.stopped) return;
    this.set({ phase: "starting" });
    try {
      const loaded = loadSettings(this.platform.storage);
      if (loaded.warning) this.notify("warning", loaded.warning);
      this.set({ settings: loaded.settings });
      this.registry = this.buildRegistry(loaded.settings);
      this.host = createPremiereHost(this.platform.ppro, { fileExists: (path) => this.files.exists(path), clock: this.platform.clock });
      this.cleanups.push(this.host.onContextChanged(() => void this.refreshContext()));

      const opened = await Ledger.open(uxpLedgerStore(this.platform.fs), this.platform.clock);
      this.ledger = opened.ledger;
      if (opened.warning) this.notify("error", opened.warning);
      this.cleanups.push(this.ledger.subscribe((job) => this.queueJob(job)));
      this.pipeline = new JobPipeline(this.pipelineDeps(this.ledger));
      const jobs = this.ledger.jobs();
      this.set({
        jobs: Object.fromEntries(jobs.map((job) => [job.id, job])),
        order: sortNewestFirst(jobs),
        spending: spendingFrom(this.ledger, this.platform.clock.now()),
      });

      await this.refreshKeys();
      this.setDraft(this.initialDraft(loaded.settings));
      await this.restoreMediaFolder(loaded.settings);
      await this.refreshContext();
      this.set({ phase: "ready" });
      markFirstReady();
      this.resumeUnfinished();
      void this.connectRelayFromSettings();
    } catch (error) {
      this.set({ phase: "failed", startupError: `Shotbin could not start: ${describeError(error)}. Check that Premiere allows the plugin to use its data folder, then choose Try again.` });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.shotLists.stop();
    this.schedulers.forEach((scheduler) => scheduler.stop());
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.noticeTimers.forEach((timer) => clearTimeout(timer));
    await this.relay.disconnect();
  }

  // ---------------------------------------------------------------- wiring

  private simulatorOptions(settings: PanelSettings): Omit<SimulatorOptions, "clock"> {
    return { ...settings.simulator, ...this.options.simulator };
  }

  private buildRegistry(settings: PanelSettings): ProviderRegistry {
    return createProviderRegistry({
      context: { fetch: this.platform.fetch, clock: this.platform.clock, keys: this.keys },
      settings: settings.providers,
      simulator: this.simulatorOptions(settings),
    });
  }

  /** The registry as the pipeline sees it: always the current one, rebuilt when provider settings change. */
  private registryView(): ProviderRegistry {
    return {
      get: (id) => this.registry.get(id),
      all: () => this.registry.all(),
      isEnabled: (id) => this.registry.isEnabled(id),
      usable: () => this.registry.usable(),
      check: (request) => this.registry.check(request),
      model: (provider, model) => this.registry.model(provider, model),
    };
  }

  private pipelineDeps(ledger: Ledger): PipelineDeps {
    // The settings getters below read the runtime's live state each time the pipeline asks.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const runtime = this;
    const deps = createPipelineDeps({
      ledger,
      registry: this.registryView(),
      seams: { clock: this.platform.clock, fetch: this.platform.fetch, files: this.files, assets: pluginAssetSource(this.platform.fs) },
      settings: {
        get mediaFolder() {
          const folder = runtime.state.mediaFolder;
          if (!folder) throw new Error("No media folder is chosen. Choose one in Settings, then choose Resume in Jobs.");
          return folder;
        },
        get fileNameTemplate() {
          return runtime.state.settings.fileNameTemplate;
        },
        ...(this.options.pollPolicy ? { pollPolicy: this.options.pollPolicy } : {}),
      },
      wakeups: this.wakeups,
      // A shot-list run's takes go through its timeline fill: their bin, their reserved slot.
      importClip: async (job) => (this.shotLists.owns(job) ? this.shotLists.importClip(job) : (await importJobClip(this.requireHost(), job)).id),
      place: (job) => (this.shotLists.owns(job) ? this.shotLists.place(job) : placeJobClip(this.requireHost(), job)),
    });
    // The relay may come and go while jobs run: ask it at each submit, and poll when it is away.
    deps.webhookUrl = (_job, provider) => this.relay.webhookUrl(provider.id);
    deps.onSubmitted = async (job) => {
      if (job.handle) await this.relay.registerJob(job.request.provider, job.handle.id);
    };
    return deps;
  }

  private requireHost(): PremiereHost {
    if (!this.host) throw new HostError("unexpected", "Shotbin is not connected to Premiere yet.");
    return this.host;
  }

  private requireLedger(): Ledger {
    if (!this.ledger) throw new Error("The job ledger is not open.");
    return this.ledger;
  }

  // ---------------------------------------------------------------- jobs and the store

  private queueJob(job: JobRecord): void {
    this.pending.set(job.id, job);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    const before = this.state.jobs;
    const jobs = { ...before };
    let added = false;
    for (const [id, job] of this.pending) {
      if (!before[id]) added = true;
      jobs[id] = job;
    }
    const changed = [...this.pending.values()];
    this.pending.clear();
    const ledger = this.requireLedger();
    this.set({
      jobs,
      ...(added ? { order: sortNewestFirst(Object.values(jobs)) } : {}),
      spending: spendingFrom(ledger, this.platform.clock.now()),
    });
    for (const job of changed) this.announce(before[job.id], job);
  }

  /** A message when a job reaches its goal, waits for review, fails or is cancelled. */
  private announce(previous: JobRecord | undefined, job: JobRecord): void {
    if (previous && previous.state === job.state) return;
    // A shot list's takes are told about as a run (Shot list tab, one notice at the end); failures still each get one.
    if (this.shotLists.owns(job) && job.state !== "failed") return;
    const extra = jobExtra(job);
    if (job.state === "failed") {
      this.notify("error", failureText(job), job.id);
    } else if (job.state === "cancelled") {
      this.notify("info", cancelledText(job), job.id);
    } else if (job.state === "ready" && extra.goal === "ready" && !extra.discarded) {
      this.notify("info", `${jobTitle(job)} is ready: watch it in Review, then import or discard it.`, job.id);
    } else if ((job.state === "imported" && extra.goal === "imported") || job.state === "placed") {
      const where = [...(extra.bin?.path ?? []), ...extra.binPath].join(" / ") || "the project root";
      const placed = job.state === "placed" && extra.placement ? ` and placed on V${extra.placement.track + 1} of ${extra.placement.sequenceName}` : "";
      this.notify("success", `${jobTitle(job)} is in ${where}${placed}.`, job.id);
    }
  }

  notify(tone: NoticeTone, text: string, jobId?: string): void {
    const id = ++this.noticeId;
    const notices = [...this.state.notices.filter((notice) => !jobId || notice.jobId !== jobId), { id, tone, text, ...(jobId ? { jobId } : {}) }];
    this.set({ notices: notices.slice(-MAX_NOTICES) });
    if (tone === "info" || tone === "success") {
      const timer = setTimeout(() => {
        this.noticeTimers.delete(timer);
        this.dismiss(id);
      }, NOTICE_LIFETIME_MS);
      this.noticeTimers.add(timer);
    }
  }

  dismiss(id: number): void {
    this.set({ notices: this.state.notices.filter((notice) => notice.id !== id) });
  }

  private run(ids: string[], goal: PanelGoal, approvedUsd?: number, options: Pick<ScheduleOptions, "maxRetries" | "onEvent" | "onFinished"> = {}): Scheduler | undefined {
    if (!this.pipeline || ids.length === 0 || this.stopped) return undefined;
    const ledger = this.requireLedger();
    ids.forEach((id) => this.busy.add(id));
    const scheduler = new Scheduler(this.pipeline, ledger, this.platform.clock, {
      goal,
      // A new paid submit is the editor's decision (Retry in Jobs); only free steps are re-run automatically.
      // A shot-list run passes its own limit: the editor approved its money up front, and the scheduler pauses beyond it.
      maxRetries: options.maxRetries ?? 0,
      ...(approvedUsd !== undefined ? { approvedUsd } : {}),
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
      .catch((error: unknown) => this.notify("error", `A run stopped unexpectedly: ${describeError(error)}. Jobs are kept in the ledger; reopen the panel to resume them.`))
      .finally(() => {
        this.schedulers.delete(scheduler);
        ids.forEach((id) => this.busy.delete(id));
        options.onFinished?.(summary);
      });
    return scheduler;
  }

  private onSchedulerEvent(event: SchedulerEvent): void {
    if (event.type === "throttled") {
      this.notify("warning", `${describeProvider(event.provider).displayName} asked Shotbin to slow down (${event.reason}). Waiting jobs are sent when it allows.`);
    }
  }

  /** Resumes every unfinished job in the ledger: re-tracked, downloaded or imported as its state needs, never resubmitted. */
  private resumeUnfinished(): void {
    const shotListJobs = this.shotLists.resumeRuns();
    const byGoal = new Map<PanelGoal, string[]>();
    for (const job of this.requireLedger().jobs()) {
      if (!isUnfinished(job) || this.busy.has(job.id) || shotListJobs.has(job.id)) continue;
      const goal = jobExtra(job).goal;
      byGoal.set(goal, [...(byGoal.get(goal) ?? []), job.id]);
    }
    const count = [...byGoal.values()].reduce((sum, ids) => sum + ids.length, 0);
    if (count > 0) this.notify("info", `Resuming ${count} unfinished job${count === 1 ? "" : "s"} from the last session.`);
    for (const [goal, ids] of byGoal) this.run(ids, goal);
  }

  private async registerJobsWithRelay(): Promise<void> {
    for (const job of this.ledger?.jobs() ?? []) {
      if (job.handle && (job.state === "queued" || job.state === "running")) await this.relay.registerJob(job.request.provider, job.handle.id);
    }
  }

  // ---------------------------------------------------------------- Premiere context

  /** Re-reads the project, target bin and active sequence; concurrent calls share one read. */
  refreshContext(): Promise<HostContext | null> {
    if (this.contextRefresh) {
      this.contextDirty = true;
      return this.contextRefresh;
    }
    const host = this.host;
    if (!host) return Promise.resolve(null);
    this.contextRefresh = (async () => {
      try {
        do {
          this.contextDirty = false;
          const context = await host.getContext();
          if (!sameContext(this.state.context, context) || this.state.contextProblem) this.set({ context, contextProblem: undefined });
        } while (this.contextDirty);
        return this.state.context;
      } catch (error) {
        this.set({ contextProblem: `Premiere's project could not be read: ${describeError(error)}` });
        return null;
      } finally {
        this.contextRefresh = undefined;
      }
    })();
    return this.contextRefresh;
  }

  // ---------------------------------------------------------------- Generate

  private initialDraft(settings: PanelSettings): GenerateDraft {
    const preferred = settings.defaultModel && findModel(settings.defaultModel.provider, settings.defaultModel.model);
    const usable = this.state.usable;
    const spec = preferred && usable.includes(preferred.provider) ? preferred : findModel("simulator", "shotbin-sim")!;
    return draftForModel(this.state.draft, spec);
  }

  setDraft(draft: GenerateDraft): void {
    this.set({ draft, generateProblem: undefined });
  }

  updateDraft(patch: Partial<GenerateDraft>): void {
    this.setDraft({ ...this.state.draft, ...patch });
  }

  chooseModel(provider: ProviderId, model: string): void {
    const spec = findModel(provider, model);
    if (spec) this.setDraft(draftForModel(this.state.draft, spec));
  }

  async chooseImage(slot: "firstFrame" | "lastFrame" | "reference"): Promise<void> {
    let picked: PickedImage | undefined;
    try {
      picked = await pickImage(this.platform.uxp);
    } catch (error) {
      this.notify("error", `The image could not be read: ${describeError(error)}`);
      return;
    }
    if (!picked) return;
    const draft = this.state.draft;
    if (slot === "reference") this.setDraft({ ...draft, referenceImages: [...draft.referenceImages, picked] });
    else this.setDraft({ ...draft, [slot]: picked });
  }

  /** Why spending `usd` more today would break the daily cap, or undefined. */
  budgetProblem(usd: number): string | undefined {
    const cap = this.state.settings.dailyBudgetUsd;
    if (cap === undefined || !Number.isFinite(usd) || usd <= 0) return undefined;
    const today = this.requireLedger().spentUsd(startOfDay(this.platform.clock.now()));
    if (roundUsd(today + usd) <= cap + 1e-9) return undefined;
    return `This would bring today's spending to ${formatUsd(roundUsd(today + usd))}, over your daily cap of ${formatUsd(cap)} (${formatUsd(today)} spent so far). Raise the cap in Settings or try tomorrow.`;
  }

  private nextShotId(): string {
    let highest = 0;
    for (const job of this.requireLedger().jobs()) {
      const match = /^G(\d+)$/.exec(job.shot.shotId);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
    return `G${highest + 1}`;
  }

  /** Validates, prices, records and sends every take of the draft. Refusals are shown under the button. */
  async generate(): Promise<boolean> {
    if (this.state.generating) return false;
    this.set({ generating: true, generateProblem: undefined });
    try {
      const draft = this.state.draft;
      const spec = findModel(draft.provider, draft.model);
      if (!spec) throw new Error(`Not sent: the model ${draft.model} is unknown.`);
      if (!this.state.usable.includes(spec.provider)) throw new Error(`Not sent: no ${describeProvider(spec.provider).displayName} key is set. Add it in Settings.`);
      const takes = requestsForDraft(spec, draft);
      if (!this.state.mediaFolder) throw new Error("Not sent: choose a folder for the clips first (Choose media folder), so paid clips are never left in a temporary folder.");
      const total = roundUsd(takes.reduce((sum, take) => sum + (Number.isFinite(take.estimate.usd) ? take.estimate.usd : 0), 0));
      const overBudget = this.budgetProblem(total);
      if (overBudget) throw new Error(`Not sent: ${overBudget}`);

      const settings = this.state.settings;
      const context = await this.refreshContext();
      const autoImport = settings.autoImport;
      const place = settings.placeOnTimeline;
      if ((autoImport || place) && !context?.project) throw new Error("Not sent: no project is open in Premiere. Open one, or turn off auto-import in Settings.");
      if (place && !context?.sequence) throw new Error("Not sent: there is no active sequence to place on. Open one, or untick Place on timeline.");

      const now = this.platform.clock.now();
      const shotId = this.nextShotId();
      const goal: PanelGoal = autoImport ? (place ? "placed" : "imported") : "ready";
      const jobs = takes.map(({ request, take, estimate }) => {
        const job = planJob(
          {
            request,
            estimate,
            shot: { shotId, shotName: draft.prompt.trim().slice(0, 80), order: now, take },
            imagePaths: {
              ...(draft.firstFrame ? { firstFrame: draft.firstFrame.path } : {}),
              ...(draft.lastFrame ? { lastFrame: draft.lastFrame.path } : {}),
              ...(draft.referenceImages.length ? { referenceImages: draft.referenceImages.map((image) => image.path) } : {}),
            },
          },
          now,
        );
        const sequence = context?.sequence;
        const extra: PanelJobExtra = {
          goal,
          binPath: binPathFor(settings, now),
          ...(context?.targetBin ? { bin: context.targetBin.bin } : {}),
          ...(context?.project ? { projectPath: context.project.path } : {}),
          ...(place && sequence ? { placement: { sequenceId: sequence.id, sequenceName: sequence.name, frame: sequence.playheadFrame, track: settings.placeTrack + take - 1 } } : {}),
        };
        return { ...job, extra: extraJson(extra) };
      });
      await this.requireLedger().add(jobs);
      this.run(
        jobs.map((job) => job.id),
        goal,
        total,
      );
      this.notify("info", `Sent ${shotId} (${jobs.length} take${jobs.length === 1 ? "" : "s"}, ${formatUsd(total)}) to ${describeProvider(spec.provider).displayName}. Follow it in Jobs.`);
      return true;
    } catch (error) {
      this.set({ generateProblem: describeError(error) });
      return false;
    } finally {
      this.set({ generating: false });
    }
  }

  // ---------------------------------------------------------------- job actions

  canCancel(job: JobRecord): boolean {
    if (job.state === "planned") return true;
    if (job.state !== "queued" && job.state !== "running") return false;
    return this.registry.get(job.request.provider)?.supportsCancel ?? false;
  }

  async cancel(id: string): Promise<void> {
    const ledger = this.requireLedger();
    const job = ledger.require(id);
    try {
      if (job.state === "planned") {
        await ledger.transition(id, "cancelled");
        return;
      }
      const provider = this.registry.get(job.request.provider);
      if (!job.handle || !provider || !this.canCancel(job)) throw new Error("this job can no longer be cancelled");
      await provider.cancel(job.handle);
      this.wakeups.checkNow(job.request.provider, job.handle.id);
      this.notify("info", `Cancel requested for ${jobTitle(job)}; ${provider.displayName} decides whether it is charged.`, id);
    } catch (error) {
      this.notify("error", `${jobTitle(job)} could not be cancelled: ${describeError(error)}`, id);
    }
  }

  /** The price of running a failed job's request again, as a new job. */
  retryEstimate(job: JobRecord): number {
    const spec = findModel(job.request.provider, job.request.model);
    return spec ? estimateFromTable(spec.price, job.request).usd : job.estimate.usd;
  }

  /** A new job with the same request and a new idempotency key; the editor has confirmed its cost. */
  async retryAsNewJob(id: string): Promise<void> {
    const ledger = this.requireLedger();
    const job = ledger.require(id);
    try {
      if (job.state !== "failed" && job.state !== "cancelled") throw new Error("only a failed or cancelled job can be retried");
      if (!this.registry.isEnabled(job.request.provider)) throw new Error(`${describeProvider(job.request.provider).displayName} is switched off in Settings`);
      const spec = findModel(job.request.provider, job.request.model);
      const estimate = spec ? estimateFromTable(spec.price, job.request) : job.estimate;
      const overBudget = this.budgetProblem(estimate.usd);
      if (overBudget) throw new Error(overBudget);
      const key = createIdempotencyKey();
      const at = new Date(this.platform.clock.now()).toISOString();
      const extra = { ...jobExtra(job), discarded: false };
      const retry: JobRecord = {
        id: key,
        ...(job.runId ? { runId: job.runId } : {}),
        shot: job.shot,
        request: { ...job.request, idempotencyKey: key },
        estimate,
        state: "planned",
        retryOf: job.id,
        attempt: job.attempt + 1,
        createdAt: at,
        updatedAt: at,
        history: [{ state: "planned", at }],
        extra: extraJson(extra, job.extra),
      };
      await ledger.add([retry]);
      this.run([key], extra.goal, Number.isFinite(estimate.usd) ? estimate.usd : undefined);
      this.notify("info", `Retrying ${jobTitle(job)} as a new job (${formatUsd(estimate.usd)}).`, key);
    } catch (error) {
      this.notify("error", `${jobTitle(job)} was not retried: ${describeError(error)}`, id);
    }
  }

  /**
   * Whether a failed step can run again without buying anything new: a download, embed, import or
   * placement; tracking that broke on our side (network, timeout) while the job may still finish;
   * or a submit the provider never received. A job the provider itself failed needs a new job.
   */
  canResume(job: JobRecord): boolean {
    const failure = job.failure;
    if (job.state !== "failed" || !failure || !failure.retryable) return false;
    if (failure.step === "submit") return !job.handle;
    if (failure.step === "track") return !!job.handle && (failure.kind === "network" || failure.code === "poll_timeout");
    return true;
  }

  async resume(id: string): Promise<void> {
    const job = this.requireLedger().require(id);
    try {
      if (this.busy.has(id)) throw new Error("it is already running");
      await this.pipeline!.resumeStep(id);
      this.run([id], jobExtra(job).goal);
    } catch (error) {
      this.notify("error", `${jobTitle(job)} could not be resumed: ${describeError(error)}`, id);
    }
  }

  /** Review: imports a take that waited for the editor (and places it, when that was asked for). */
  async importTake(id: string): Promise<void> {
    const ledger = this.requireLedger();
    const job = ledger.require(id);
    const extra = jobExtra(job);
    const goal: PanelGoal = extra.placement ? "placed" : "imported";
    await ledger.update(id, { extra: extraJson({ ...extra, goal, discarded: false }, job.extra) });
    this.run([id], goal);
  }

  async discardTake(id: string): Promise<void> {
    const ledger = this.requireLedger();
    const job = ledger.require(id);
    await ledger.update(id, { extra: extraJson({ ...jobExtra(job), discarded: true }, job.extra) });
    this.notify("info", `${jobTitle(job)} discarded. Its file stays in the media folder.`, id);
  }

  /** Imports an already imported take again (after it was deleted from the project, say). */
  async reimport(id: string): Promise<void> {
    const ledger = this.requireLedger();
    const job = ledger.require(id);
    try {
      const clip = await importJobClip(this.requireHost(), job);
      await ledger.update(id, { clipId: clip.id });
      this.notify("success", `${jobTitle(job)} imported again as ${clip.name}.`, id);
    } catch (error) {
      this.notify("error", `${jobTitle(job)} could not be imported: ${describeError(error)}`, id);
    }
  }

  /** Shows the clip's folder in Finder or Explorer. */
  async reveal(id: string): Promise<void> {
    const job = this.requireLedger().require(id);
    if (!job.file) return;
    const folder = job.file.replace(/[\\/][^\\/]*$/, "");
    const answer = await this.platform.uxp.shell?.openPath(folder, "Shows the folder with this generated clip.").catch((error: unknown) => describeError(error));
    if (answer === undefined) this.notify("info", `The clip is at ${job.file}.`, id);
    else if (answer) this.notify("warning", `The folder could not be opened (${answer}). The clip is at ${job.file}.`, id);
    else this.notify("info", `Opened ${folder}.`, id);
  }

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  placedClip(job: JobRecord) {
    return clipOf(job);
  }

  // ---------------------------------------------------------------- settings, keys, folder, relay

  updateSettings(patch: Partial<PanelSettings>): string | undefined {
    const next = { ...this.state.settings, ...patch };
    if (patch.fileNameTemplate !== undefined) {
      const problem = fileNameTemplateProblem(patch.fileNameTemplate);
      if (problem) return problem;
    }
    const parsed = panelSettingsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${issue?.path.join(".") || "setting"}: ${issue?.message ?? "invalid"}`;
    }
    saveSettings(this.platform.storage, parsed.data);
    const providersChanged =
      JSON.stringify(this.state.settings.providers) !== JSON.stringify(parsed.data.providers) || JSON.stringify(this.state.settings.simulator) !== JSON.stringify(parsed.data.simulator);
    this.set({ settings: parsed.data });
    if (providersChanged) {
      this.registry = this.buildRegistry(parsed.data);
      void this.refreshKeys();
    }
    return undefined;
  }

  async refreshKeys(): Promise<void> {
    const names = allKeyNames();
    const values = await Promise.all(names.map((name) => this.keys.has(name)));
    const usable = await this.registry.usable();
    this.set({ keysSet: Object.fromEntries(names.map((name, i) => [name, values[i] ?? false])), usable });
  }

  async saveKey(name: string, value: string): Promise<string | undefined> {
    try {
      await this.keys.set(name, value);
      this.forgetKeyTest(name);
      await this.refreshKeys();
      return undefined;
    } catch (error) {
      return `The key was not saved: ${describeError(error)}`;
    }
  }

  async removeKey(name: string): Promise<void> {
    await this.keys.remove(name).catch(() => undefined);
    this.forgetKeyTest(name);
    await this.refreshKeys();
  }

  /** A "the key works" (or not) about a key that has just changed would be about the old key. */
  private forgetKeyTest(name: string): void {
    const provider = providerOfKey(name);
    if (!provider || !this.state.keyTests[provider]) return;
    const keyTests = { ...this.state.keyTests };
    delete keyTests[provider];
    this.set({ keyTests });
  }

  async testKey(provider: ProviderId): Promise<void> {
    const adapter = this.registry.get(provider);
    if (!adapter) return;
    this.set({ keyTests: { ...this.state.keyTests, [provider]: { state: "testing", message: "Testing…" } } });
    try {
      await adapter.testCredentials();
      this.set({ keyTests: { ...this.state.keyTests, [provider]: { state: "ok", message: "The key works." } } });
    } catch (error) {
      this.set({ keyTests: { ...this.state.keyTests, [provider]: { state: "failed", message: describeError(error) } } });
    }
  }

  private async restoreMediaFolder(settings: PanelSettings): Promise<void> {
    if (!settings.mediaFolderToken) return;
    try {
      this.set({ mediaFolder: await restoreFolder(this.platform.uxp, settings.mediaFolderToken), mediaFolderProblem: undefined });
    } catch (error) {
      this.set({ mediaFolder: undefined, mediaFolderProblem: describeError(error) });
    }
  }

  /** Saves the default model and selects it in Generate now; it is selected again each time the panel opens. */
  setDefaultModel(provider: ProviderId, model: string): string | undefined {
    if (!findModel(provider, model)) return `Shotbin does not know the model ${model}.`;
    const problem = this.updateSettings({ defaultModel: { provider, model } });
    if (!problem) this.chooseModel(provider, model);
    return problem;
  }

  /** Today's and this month's totals again (the Jobs tab asks when the date changes under it). */
  refreshSpending(): void {
    if (this.ledger) this.set({ spending: spendingFrom(this.ledger, this.platform.clock.now()) });
  }

  async chooseMediaFolder(): Promise<void> {
    try {
      const picked = await pickFolder(this.platform.uxp);
      if (!picked) return;
      const problem = this.updateSettings({ mediaFolderPath: picked.path, mediaFolderToken: picked.token });
      if (problem) throw new Error(problem);
      this.set({ mediaFolder: picked.path, mediaFolderProblem: undefined, generateProblem: undefined });
    } catch (error) {
      this.set({ mediaFolderProblem: `The folder was not set: ${describeError(error)}` });
    }
  }

  private async connectRelayFromSettings(): Promise<void> {
    const url = this.state.settings.relayUrl;
    const token = await this.keys.get(RELAY_TOKEN_KEY);
    if (url && token) await this.relay.connect(url, token).catch((error: unknown) => this.notify("warning", `The relay did not start: ${describeError(error)}`));
  }

  /** Saves the relay's URL (and a new token, when given) and reconnects. */
  async saveRelay(url: string, token: string | undefined): Promise<string | undefined> {
    const trimmed = url.trim().replace(/\/+$/, "");
    if (!trimmed) {
      this.updateSettings({ relayUrl: undefined });
      await this.relay.disconnect();
      return undefined;
    }
    const problem = this.updateSettings({ relayUrl: trimmed });
    if (problem) return `The relay URL is not valid: ${problem}`;
    if (token?.trim()) {
      const keyProblem = await this.saveKey(RELAY_TOKEN_KEY, token);
      if (keyProblem) return keyProblem;
    }
    if (!(await this.keys.get(RELAY_TOKEN_KEY))) return "Enter the token the relay's administrator gave you.";
    await this.connectRelayFromSettings();
    return undefined;
  }

  async disconnectRelay(): Promise<void> {
    await this.relay.disconnect();
  }

  /**
   * What the self-check needs, from the panel's own platform: the same `premierepro`, PremiereHost,
   * `uxp` and `fs` the panel works with, the relay from Settings (its token from secureStorage), and
   * the test clips the build copies into the plugin folder.
   */
  async selfCheckDeps(): Promise<SelfCheckDeps> {
    const platform = this.platform;
    const url = this.state.settings.relayUrl;
    const token = url ? await this.keys.get(RELAY_TOKEN_KEY) : undefined;
    return {
      ppro: platform.ppro,
      host: this.requireHost(),
      uxp: platform.uxp,
      fs: platform.fs,
      fetch: platform.fetch,
      webSocket: platform.webSocket,
      relay: url ? { url, ...(token ? { token } : {}) } : null,
      clock: platform.clock,
      shotbinVersion: SHOTBIN_VERSION,
      os: platform.os?.() ?? null,
      testClips: PLUGIN_SELF_CHECK_CLIPS,
    };
  }

  jobById(id: string): JobRecord | undefined {
    return this.ledger?.get(id);
  }

  goalReached(job: JobRecord): boolean {
    return stateRank(job.state) >= stateRank(jobExtra(job).goal);
  }
}

function sortNewestFirst(jobs: JobRecord[]): string[] {
  return [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.shot.take - a.shot.take).map((job) => job.id);
}

function sameContext(a: HostContext | null, b: HostContext): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A performance mark the harness and bench:panel read; harmless where `performance` lacks marks. */
function markFirstReady(): void {
  const perf = (globalThis as { performance?: { mark?: (name: string) => void } }).performance;
  try {
    perf?.mark?.("shotbin:ready");
  } catch {
    // Not every runtime has user timing.
  }
}
