/**
 * The Shot list tab's engine: read a CSV, JSON or Fountain list, plan it (cost, wall time, every
 * problem at its row and column) before anything is spent, then run it into the active sequence.
 *
 * A run is the plan's jobs in the ledger (each marked with `extra.shotRun` and the panel's goal
 * "placed"), a TimelineFill that reserved one slot and one marker per shot, and one Scheduler with
 * the approved money. The shared pipeline's import and place steps come here for these jobs (the
 * runtime routes by `runId`), so each take lands in `<target bin>/<list name>` and the slot's take
 * in its slot. After a reload, unfinished runs resume from the ledger: the fill from the slots its
 * jobs recorded, the scheduler over the run's jobs; nothing already sent is sent again.
 */
import { describeError, HostError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";
import { formatUsd, roundUsd } from "../../core/pricing";
import type { ProviderId } from "../../core/request";
import type { RunSummary, Scheduler, SchedulerEvent } from "../../core/scheduler";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { SlotStart } from "../../host/placementSlots";
import type { HostContext, PremiereHost, SequenceInfo } from "../../host/premiereHost";
import { describeProvider } from "../../providers/providerDescriptions";
import type { ProviderRegistry } from "../../providers/registry";
import { budgetRefusal } from "../../shotlist/budget";
import { parseShotList } from "../../shotlist/parseShotList";
import type { ShotList } from "../../shotlist/shotListTypes";
import { buildShotPlan, type ImageRef, type ShotPlan } from "../../shotlist/shotPlan";
import { timecodeFrames } from "../../shotlist/timecode";
import { TimelineFill } from "../../shotlist/timelineFill";
import { pickShotList } from "../platform/filePicking";
import type { PanelPlatform } from "../platform/panelPlatform";
import type { PanelSettings } from "../settings/panelSettings";
import type { NoticeTone, PanelStore } from "../state/panelStore";
import { requireProjectOf } from "./hostPipelineHooks";
import { extraJson, isUnfinished, jobExtra, type PanelGoal } from "./jobExtras";
import { startOfDay } from "./spending";
import { isShotListJob, shotRunOf } from "./shotRunViews";
import { planView, type ShotListOptions, type ShotListState } from "./shotListView";

export interface ScheduleOptions {
  goal: PanelGoal;
  approvedUsd?: number;
  /** New submits after a provider-side failure that may pass next time (within the approved money). */
  maxRetries?: number;
  onEvent?(event: SchedulerEvent): void;
  onFinished?(summary: RunSummary | undefined): void;
}

/** What the runtime lends the shot-list engine. */
export interface ShotListRunsDeps {
  platform: PanelPlatform;
  files: FileSystem;
  store: PanelStore;
  ledger(): Ledger;
  host(): PremiereHost;
  registry(): ProviderRegistry;
  /** Seconds a simulator job takes with the configured timings, for the wall-time estimate. */
  simulatorJobSeconds(): number;
  refreshContext(): Promise<HostContext | null>;
  /** Runs jobs through the shared pipeline under one scheduler; the runtime counts them as busy. */
  schedule(ids: string[], options: ScheduleOptions): Scheduler | undefined;
  canCancel(job: JobRecord): boolean;
  cancelJob(id: string): Promise<void>;
  notify(tone: NoticeTone, text: string, jobId?: string): void;
}

/** Retries of a provider-side failure per take, within the approved money (the scheduler's default). */
const RUN_RETRIES = 2;
const MAX_LIST_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" } as const;

interface LoadedList {
  list: ShotList;
  file: { name: string; path: string };
  /** Image references in the list, resolved against its folder, and whether each file is there. */
  images: Map<string, { path: string; exists: boolean }>;
}

function folderOf(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, "");
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(path);
}

function parseUsd(text: string): number | undefined | "invalid" {
  const trimmed = text.trim().replace(/^\$/, "");
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : "invalid";
}

export class ShotListRuns {
  private loaded: LoadedList | undefined;
  private readonly fills = new Map<string, TimelineFill>();
  private readonly schedulers = new Map<string, Scheduler>();
  private readonly detach: (() => void)[] = [];

  constructor(private readonly deps: ShotListRunsDeps) {}

  get state(): ShotListState {
    return this.deps.store.getState().shotList;
  }

  private set(patch: Partial<ShotListState>): void {
    this.deps.store.setState({ shotList: { ...this.state, ...patch } });
  }

  private get settings(): PanelSettings {
    return this.deps.store.getState().settings;
  }

  stop(): void {
    this.schedulers.forEach((scheduler) => scheduler.stop());
    this.detach.splice(0).forEach((off) => off());
  }

  // ---------------------------------------------------------------- choosing and planning

  /** Opens the file picker and plans the list chosen. */
  async chooseFile(): Promise<void> {
    this.set({ loading: true, loadProblem: undefined });
    try {
      const picked = await pickShotList(this.deps.platform.uxp, MAX_LIST_BYTES);
      if (!picked) return;
      await this.load(picked.name, picked.path, picked.text);
    } catch (error) {
      this.set({ loadProblem: `The shot list could not be read: ${describeError(error)}` });
    } finally {
      this.set({ loading: false });
    }
  }

  /** Reads the same file again (after the editor fixed it in a spreadsheet, say). */
  async reload(): Promise<void> {
    const file = this.loaded?.file ?? this.state.file;
    if (!file) return;
    this.set({ loading: true, loadProblem: undefined });
    try {
      const text = await this.deps.platform.fs.readFile(file.path, { encoding: "utf-8" });
      await this.load(file.name, file.path, text);
    } catch (error) {
      this.set({ loadProblem: `${file.name} could not be read again: ${describeError(error)}` });
    } finally {
      this.set({ loading: false });
    }
  }

  private async load(name: string, path: string, text: string): Promise<void> {
    const list = parseShotList(text, { file: name });
    const folder = folderOf(path);
    const images = new Map<string, { path: string; exists: boolean }>();
    for (const shot of list.shots) {
      for (const reference of [shot.firstFrame, shot.lastFrame, ...(shot.referenceImages ?? [])]) {
        if (!reference || /^https?:\/\//i.test(reference) || images.has(reference)) continue;
        const resolved = isAbsolutePath(reference) ? reference : this.deps.files.join(folder, reference);
        images.set(reference, { path: resolved, exists: await this.deps.files.exists(resolved).catch(() => false) });
      }
    }
    this.loaded = { list, file: { name, path }, images };
    this.set({ file: { name, path }, runProblem: undefined });
    this.replan();
  }

  updateOptions(patch: Partial<ShotListOptions>): void {
    this.set({ options: { ...this.state.options, ...patch }, runProblem: undefined });
    if (patch.budget !== undefined || patch.rehearse !== undefined) this.replan();
  }

  /** Prices the loaded list again with today's keys, settings and spending; shows and returns it. */
  replan(): ShotPlan | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    const state = this.deps.store.getState();
    const usable: ProviderId[] = state.usable;
    const now = this.deps.platform.clock.now();
    const plan = buildShotPlan(loaded.list, {
      check: (request) => this.deps.registry().check(request),
      usable,
      ...(this.state.options.rehearse ? { override: { provider: "simulator" as const } } : {}),
      jobSeconds: { simulator: this.deps.simulatorJobSeconds() },
      now,
      resolveImage: (reference): ImageRef | string => {
        if (/^https?:\/\//i.test(reference)) return { url: reference };
        const image = loaded.images.get(reference);
        if (!image?.exists) return `image '${reference}' was not found next to the list${image ? ` (looked for ${image.path})` : ""}`;
        const mediaType = IMAGE_TYPES[(reference.split(".").pop()?.toLowerCase() ?? "") as keyof typeof IMAGE_TYPES];
        return mediaType ? { path: image.path, mediaType } : `image '${reference}' is not a PNG, JPEG, WebP or BMP file`;
      },
      keyHint: (provider) => `add the ${describeProvider(provider).displayName} key in Settings`,
    });
    const refusal = this.budgetRefusal(plan);
    this.set({ plan: planView(plan, { fileName: loaded.file.name, ...(refusal ? { refusal } : {}) }) });
    return plan;
  }

  /** The plan's own refusal (errors, no shots), else the run budget and the daily cap, with the numbers. */
  private budgetRefusal(plan: ShotPlan): string | undefined {
    if (plan.refusal) return plan.refusal;
    const budget = parseUsd(this.state.options.budget);
    if (budget === "invalid") return `the run budget '${this.state.options.budget}' is not an amount in dollars; write one such as 25, or leave it empty`;
    const dailyUsd = this.settings.dailyBudgetUsd;
    const spentTodayUsd = this.deps.ledger().spentUsd(startOfDay(this.deps.platform.clock.now()));
    return budgetRefusal(
      plan.total,
      { ...(budget !== undefined ? { runUsd: budget } : {}), ...(dailyUsd !== undefined ? { dailyUsd, spentTodayUsd } : {}) },
      { run: "the run budget", daily: "your daily cap (Settings)" },
    );
  }

  // ---------------------------------------------------------------- running

  private slotStart(sequence: SequenceInfo): SlotStart {
    const options = this.state.options;
    if (options.start !== "timecode") return options.start;
    const text = options.timecode.trim();
    if (/^\d+(\.\d+)?s?$/.test(text)) return { seconds: Number(text.replace(/s$/, "")) };
    const fps = sequence.frameRate.fps;
    try {
      return { frames: timecodeFrames(text, { num: Math.round(fps * 1000), den: 1000 }) };
    } catch {
      throw new Error(`the start '${text}' is not a timecode; write HH:MM:SS:FF at ${Math.round(fps)} frames a second (00:00:10:00) or seconds (10)`);
    }
  }

  private gapFrames(): number {
    const options = this.state.options;
    if (!options.gap) return 0;
    const frames = Number(options.gapFrames.trim());
    if (!Number.isInteger(frames) || frames < 0 || frames > 100_000) throw new Error(`the gap '${options.gapFrames}' is not a whole number of frames`);
    return frames;
  }

  /**
   * Run: plans again (the estimate must still be the one shown), records every take in the
   * ledger, reserves the slots and markers, then sends the takes in list order. Refusals are
   * shown under the button and record nothing.
   */
  async start(): Promise<boolean> {
    if (this.state.starting) return false;
    this.set({ starting: true, runProblem: undefined });
    try {
      const shown = this.state.plan;
      if (!this.loaded || !shown) throw new Error("Choose a shot list first.");
      if (!this.deps.store.getState().mediaFolder) throw new Error("Not started: choose a folder for the clips first (Generate tab or Settings), so paid clips are never left in a temporary folder.");
      const context = await this.deps.refreshContext();
      if (!context?.project) throw new Error("Not started: no project is open in Premiere.");
      const sequence = context.sequence;
      if (!sequence) throw new Error("Not started: there is no active sequence. Open the sequence to fill in Premiere; Shotbin fills the active one.");
      const options = this.state.options;
      if (options.track > sequence.videoTrackCount) throw new Error(`Not started: ${sequence.name} has ${sequence.videoTrackCount} video tracks; choose V1 to V${sequence.videoTrackCount + 1}.`);
      let start: SlotStart;
      let gapFrames: number;
      try {
        start = this.slotStart(sequence);
        gapFrames = this.gapFrames();
      } catch (error) {
        throw new Error(`Not started: ${describeError(error)}.`);
      }
      const plan = this.replan()!;
      const view = this.state.plan!;
      if (view.refusal) throw new Error(`Not started: ${view.refusal}.`);
      if (view.totalUsd !== shown.totalUsd || view.jobs !== shown.jobs) {
        throw new Error(`Not started: the estimate is now ${view.totalText} (it was ${shown.totalText}). Check the plan, then choose Run again.`);
      }

      const budget = parseUsd(options.budget);
      const approvedUsd = roundUsd(typeof budget === "number" ? budget : plan.total.usd);
      const ledger = this.deps.ledger();
      const host = this.deps.host();
      const targetBin = context.targetBin?.bin;
      const jobs = plan.jobs.map((job) => ({
        ...job,
        extra: extraJson(
          { goal: "placed", binPath: [plan.name], ...(targetBin ? { bin: targetBin } : {}), projectPath: context.project!.path },
          { ...(job.extra ?? {}), shotRun: { approvedUsd } },
        ),
      }));
      await ledger.add(jobs);
      let fill: TimelineFill;
      try {
        fill = await TimelineFill.reserve(jobs, { host, ledger, files: this.deps.files, track: options.track, start, gapFrames, ...(targetBin ? { targetBin } : {}), shotListName: plan.name });
      } catch (error) {
        await this.cancelPlanned(jobs.map((job) => job.id));
        throw new Error(`Not started: the slots could not be reserved (${describeError(error)}). Nothing was sent.`);
      }
      this.attach(plan.runId, fill);
      fill.warnings.forEach((warning) => this.deps.notify("warning", warning));
      this.launch(plan.runId, jobs.map((job) => job.id), approvedUsd);
      const takes = `${jobs.length} take${jobs.length === 1 ? "" : "s"} of ${fill.slots.length} shot${fill.slots.length === 1 ? "" : "s"}`;
      this.deps.notify("info", `Started ${plan.name}: ${takes}, ${formatUsd(plan.total.usd)}, on V${options.track + 1} of ${sequence.name} from frame ${fill.slots[0]?.slot.startFrame ?? 0}.`);
      // This plan is spent: running the list again is a new run, from "Plan again", never a second click here.
      this.loaded = undefined;
      this.set({ plan: undefined });
      return true;
    } catch (error) {
      this.set({ runProblem: describeError(error) });
      return false;
    } finally {
      this.set({ starting: false });
    }
  }

  private attach(runId: string, fill: TimelineFill): void {
    this.fills.set(runId, fill);
    this.detach.push(this.deps.ledger().subscribe(fill.jobChanged));
  }

  private launch(runId: string, ids: string[], approvedUsd: number): void {
    const scheduler = this.deps.schedule(ids, {
      goal: "placed",
      approvedUsd,
      maxRetries: RUN_RETRIES,
      onEvent: (event) => this.onEvent(runId, event),
      onFinished: (summary) => this.finished(runId, summary),
    });
    if (!scheduler) return;
    this.schedulers.set(runId, scheduler);
    this.set({ activeRuns: [...this.state.activeRuns.filter((id) => id !== runId), runId] });
  }

  private onEvent(runId: string, event: SchedulerEvent): void {
    const name = this.runName(runId);
    if (event.type === "budget-paused") {
      const job = this.deps.ledger().get(event.jobId);
      this.set({ pauses: { ...this.state.pauses, [runId]: { jobId: event.jobId, neededUsd: event.neededUsd, approvedUsd: event.approvedUsd, reservedUsd: event.reservedUsd } } });
      this.deps.notify(
        "warning",
        `${name} is paused: retrying shot ${job?.shot.shotId ?? "?"} would need ${formatUsd(event.neededUsd)} more than the ${formatUsd(event.approvedUsd)} you approved. Approve it or stop the run in the Shot list tab.`,
      );
    } else if (event.type === "retrying") {
      const job = this.deps.ledger().get(event.jobId);
      if (job) this.deps.notify("info", `${name}: shot ${job.shot.shotId} take ${job.shot.take} failed (${event.reason}); trying again as a new job.`, event.newJobId);
      // The scheduler copies the failed job's extras, from before any approval made while it waited.
      const retry = this.deps.ledger().get(event.newJobId);
      const approved = this.approvedUsd(runId);
      if (retry && (shotRunOf(retry)?.approvedUsd ?? 0) < approved) void this.deps.ledger().update(retry.id, { extra: { ...(retry.extra ?? {}), shotRun: { approvedUsd: approved } } }).catch(() => undefined);
    }
  }

  private finished(runId: string, summary: RunSummary | undefined): void {
    this.schedulers.delete(runId);
    const { [runId]: _paused, ...pauses } = this.state.pauses;
    this.set({ activeRuns: this.state.activeRuns.filter((id) => id !== runId), pauses });
    if (!summary) return;
    const jobs = this.runJobs(runId);
    const done = jobs.filter((job) => job.state === "placed").length;
    const unfinished = jobs.filter(isUnfinished).length;
    const parts = [`${done} take${done === 1 ? "" : "s"} done`];
    if (summary.failed.length) parts.push(`${summary.failed.length} failed`);
    if (summary.cancelled.length) parts.push(`${summary.cancelled.length} cancelled`);
    if (unfinished) parts.push(`${unfinished} not finished`);
    this.deps.notify(summary.failed.length ? "warning" : "success", `${this.runName(runId)} finished: ${parts.join(", ")}.`);
    const gaps = this.fills.get(runId)?.gaps() ?? [];
    if (gaps.length > 0) this.deps.notify("warning", `${this.runName(runId)} left ${gaps.length === 1 ? "a gap" : `${gaps.length} gaps`} on the timeline: ${gaps.map((gap) => gap.message).join(" ")}`);
  }

  /** The editor approves the extra money a paused retry needs. */
  async approveMore(runId: string): Promise<void> {
    const pause = this.state.pauses[runId];
    const scheduler = this.schedulers.get(runId);
    if (!pause || !scheduler) return;
    const approvedUsd = roundUsd(pause.approvedUsd + pause.neededUsd);
    const ledger = this.deps.ledger();
    for (const job of this.runJobs(runId)) {
      const current = ledger.get(job.id)!;
      await ledger.update(job.id, { extra: { ...(current.extra ?? {}), shotRun: { approvedUsd } } });
    }
    const { [runId]: _done, ...pauses } = this.state.pauses;
    this.set({ pauses });
    scheduler.approveMore(pause.neededUsd);
    this.deps.notify("info", `${this.runName(runId)} goes on with ${formatUsd(approvedUsd)} approved.`);
  }

  /** Stops sending, cancels every take not yet sent, and asks the provider to cancel those it holds. */
  async cancelRun(runId: string): Promise<void> {
    this.schedulers.get(runId)?.stop();
    const { [runId]: _paused, ...pauses } = this.state.pauses;
    this.set({ pauses });
    await this.cancelJobs(this.runJobs(runId));
    this.deps.notify("info", `${this.runName(runId)} is cancelled: nothing more is sent. Takes already generating finish only if the provider cannot cancel them.`);
  }

  async cancelShot(runId: string, shotId: string): Promise<void> {
    await this.cancelJobs(this.runJobs(runId).filter((job) => job.shot.shotId === shotId));
  }

  private async cancelJobs(jobs: JobRecord[]): Promise<void> {
    const ledger = this.deps.ledger();
    for (const job of jobs) {
      const current = ledger.get(job.id);
      if (!current) continue;
      if (current.state === "planned") await ledger.transition(current.id, "cancelled").catch(() => undefined);
      else if ((current.state === "queued" || current.state === "running") && this.deps.canCancel(current)) await this.deps.cancelJob(current.id);
    }
  }

  private async cancelPlanned(ids: string[]): Promise<void> {
    const ledger = this.deps.ledger();
    for (const id of ids) {
      if (ledger.get(id)?.state === "planned") await ledger.transition(id, "cancelled").catch(() => undefined);
    }
  }

  /** "Replace with take N": take N's clip goes into the shot's slot and stays there. */
  async replaceWithTake(runId: string, shotId: string, take: number): Promise<void> {
    try {
      const fill = this.fillFor(runId);
      if (!fill) throw new Error("its timeline slots are not recorded");
      const first = this.runJobs(runId).find((job) => job.shot.shotId === shotId);
      if (first) await requireProjectOf(this.deps.host(), first);
      await fill.replaceWithTake(shotId, take);
      this.deps.notify("success", `Shot ${shotId} now shows take ${take} on the timeline.`);
    } catch (error) {
      this.deps.notify("error", `Shot ${shotId} was not replaced with take ${take}: ${describeError(error)}`);
    }
  }

  // ---------------------------------------------------------------- the pipeline's end, and resume

  /** Whether the pipeline's import and place steps for this job belong to a shot-list run. */
  owns(job: JobRecord): boolean {
    return isShotListJob(job);
  }

  readonly importClip = async (job: JobRecord): Promise<string> => {
    await requireProjectOf(this.deps.host(), job);
    return this.requireFill(job).importClip(job);
  };

  readonly place = async (job: JobRecord): Promise<void> => {
    await requireProjectOf(this.deps.host(), job);
    await this.requireFill(job).place(job);
  };

  private requireFill(job: JobRecord): TimelineFill {
    const fill = job.runId ? this.fillFor(job.runId) : undefined;
    if (!fill) throw new HostError("not-found", `Shot ${job.shot.shotId} has no reserved slot on the timeline; its clip is kept in the media folder.`);
    return fill;
  }

  /** The run's fill: this session's, or picked up from the slots its jobs recorded. */
  private fillFor(runId: string): TimelineFill | undefined {
    const existing = this.fills.get(runId);
    if (existing) return existing;
    const first = this.runJobs(runId)[0];
    if (!first) return undefined;
    const extra = jobExtra(first);
    const fill = TimelineFill.resume(this.deps.ledger(), runId, {
      host: this.deps.host(),
      files: this.deps.files,
      ...(extra.bin ? { targetBin: extra.bin } : {}),
      shotListName: first.shot.shotList ?? extra.binPath[0] ?? "Shot list",
    });
    if (fill) this.attach(runId, fill);
    return fill;
  }

  /**
   * At start: every run with unfinished takes goes on, its fill rebuilt from the ledger and its
   * scheduler over all its jobs (finished ones are skipped; ones at a provider are followed, never
   * sent again). A run that stopped before its slots were reserved sent nothing; its takes are
   * cancelled. Returns the ids it took over, for the runtime to leave alone.
   */
  resumeRuns(): Set<string> {
    const taken = new Set<string>();
    const ledger = this.deps.ledger();
    const runs = new Map<string, JobRecord[]>();
    for (const job of ledger.jobs()) {
      if (!isShotListJob(job)) continue;
      taken.add(job.id);
      runs.set(job.runId!, [...(runs.get(job.runId!) ?? []), job]);
    }
    for (const [runId, jobs] of runs) {
      const unfinished = jobs.filter(isUnfinished);
      if (unfinished.length === 0) continue;
      const fill = this.fillFor(runId);
      if (!fill) {
        void this.cancelPlanned(unfinished.map((job) => job.id));
        this.deps.notify("warning", `${this.runName(runId)} stopped before its timeline slots were reserved; nothing of it was sent. Run the list again.`);
        continue;
      }
      const replaced = new Set(jobs.map((job) => job.retryOf).filter(Boolean));
      const ids = jobs.filter((job) => !replaced.has(job.id)).map((job) => job.id);
      this.launch(runId, ids, this.approvedUsd(runId));
      this.deps.notify("info", `Resuming ${this.runName(runId)}: ${unfinished.length} unfinished take${unfinished.length === 1 ? "" : "s"}; nothing already sent is sent again.`);
    }
    return taken;
  }

  private runJobs(runId: string): JobRecord[] {
    return this.deps
      .ledger()
      .jobs()
      .filter((job) => job.runId === runId && isShotListJob(job));
  }

  /** The money approved for a run so far: the plan's, plus what the editor approved during pauses. */
  private approvedUsd(runId: string): number {
    return Math.max(0, ...this.runJobs(runId).map((job) => shotRunOf(job)?.approvedUsd ?? 0));
  }

  private runName(runId: string): string {
    return this.runJobs(runId)[0]?.shot.shotList ?? "The shot list";
  }
}
