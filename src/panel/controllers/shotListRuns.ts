/**
 * The Shot list tab's controller: the planner (read and plan a list), then the run into the
 * active sequence. A run is the plan's jobs in the ledger (each marked with `extra.shotRun` and
 * the goal "placed"), a TimelineFill that reserved one slot and one marker per shot (ShotListFills),
 * and one Scheduler with the approved money. After a reload, unfinished runs resume from the
 * ledger: the fill from the slots its jobs recorded, the scheduler over the run's jobs; nothing
 * already sent is sent again.
 */
import { describeError } from "../../core/errors";
import { isCommitted, type JobRecord } from "../../core/jobRecord";
import { formatUsd, roundUsd } from "../../core/pricing";
import type { RunSummary, Scheduler, SchedulerEvent } from "../../core/scheduler";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { SlotStart } from "../../host/placementSlots";
import type { SequenceInfo } from "../../host/premiereHost";
import { timecodeFrames } from "../../shotlist/timecode";
import { TimelineFill } from "../../shotlist/timelineFill";
import { requireProjectOf } from "../runtime/hostPipelineHooks";
import { extraJson, isUnfinished } from "../runtime/jobExtras";
import { isShotListJob, shotRunOf } from "../runtime/shotRunViews";
import type { ShotListOptions, ShotListState } from "../runtime/shotListView";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, JobCancelling, JobRuns, LedgerAccess, Notifier, StillRuns } from "./panelServices";
import { awaitsStill, imageStepRole } from "../../runtime/shotImageSteps";
import { isUnfinishedStill } from "./stillsRunner";
import { parseUsd, ShotListPlanner, type ShotListPlannerDeps } from "./shotListPlanner";
import { ShotListFills } from "./shotListFills";

/** Retries of a provider-side failure per take, within the approved money (the scheduler's default). */
const RUN_RETRIES = 2;

export interface ShotListRunsDeps extends ShotListPlannerDeps {
  store: PanelStore;
  files: FileSystem;
  ledger: LedgerAccess;
  host: HostAccess;
  fills: ShotListFills;
  runs: JobRuns;
  /** The image steps' stills, run before the takes that animate them. */
  stills: StillRuns;
  jobs: JobCancelling;
  notices: Notifier;
}

export class ShotListRuns {
  readonly planner: ShotListPlanner;
  private readonly schedulers = new Map<string, Scheduler>();

  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ShotListRunsDeps) {
    this.planner = new ShotListPlanner(deps);
    // The plan follows Generate's model (the default for shots that name none) and today's keys.
    this.unsubscribe = deps.store.subscribe((state, previous) => {
      const modelChanged = state.draft.model !== previous.draft.model || state.draft.provider !== previous.draft.provider;
      if ((modelChanged || state.usable !== previous.usable) && state.shotList.plan && this.schedulers.size === 0) this.planner.replan();
    });
  }

  get state(): ShotListState {
    return this.deps.store.getState().shotList;
  }

  private set(patch: Partial<ShotListState>): void {
    this.deps.store.setState({ shotList: { ...this.state, ...patch } });
  }

  private get fills(): ShotListFills {
    return this.deps.fills;
  }

  stop(): void {
    this.unsubscribe();
    this.schedulers.forEach((scheduler) => scheduler.stop());
    this.fills.stop();
  }

  // ---------------------------------------------------------------- the planner's part

  chooseFile(): Promise<void> {
    return this.planner.chooseFile();
  }

  reload(): Promise<void> {
    return this.planner.reload();
  }

  updateOptions(patch: Partial<ShotListOptions>): void {
    this.planner.updateOptions(patch);
  }

  replan() {
    return this.planner.replan();
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
      if (!this.planner.list || !shown) throw new Error("Choose a shot list first.");
      if (!this.deps.store.getState().mediaFolder) throw new Error("Not started: choose a folder for the clips first (Generate tab or Settings), so paid clips are never left in a temporary folder.");
      const context = await this.deps.host.refreshContext();
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
      const plan = this.planner.replan()!;
      const view = this.state.plan!;
      if (view.refusal) throw new Error(`Not started: ${view.refusal}.`);
      if (view.totalUsd !== shown.totalUsd || view.jobs !== shown.jobs) {
        throw new Error(`Not started: the estimate is now ${view.totalText} (it was ${shown.totalText}). Check the plan, then choose Run again.`);
      }

      const budget = parseUsd(options.budget);
      const approvedUsd = roundUsd(typeof budget === "number" ? budget : plan.total.usd);
      const ledger = this.deps.ledger.requireLedger();
      const host = this.deps.host.requireHost();
      const targetBin = context.targetBin?.bin;
      const jobs = plan.jobs.map((job) => ({
        ...job,
        extra: extraJson(
          { goal: "placed", binPath: [plan.name], ...(targetBin ? { bin: targetBin } : {}), projectPath: context.project!.path },
          { ...(job.extra ?? {}), shotRun: { approvedUsd } },
        ),
      }));
      await ledger.add(jobs);
      // The image steps' stills go into a Frames sub-bin of the list's bin.
      const stills = plan.imageJobs.map((job) => ({
        ...job,
        extra: extraJson({ goal: "imported", binPath: [plan.name, "Frames"], ...(targetBin ? { bin: targetBin } : {}), projectPath: context.project!.path }, { ...(job.extra ?? {}), shotRun: { approvedUsd } }),
      }));
      if (stills.length > 0) await ledger.addImages(stills);
      let fill: TimelineFill;
      try {
        fill = await TimelineFill.reserve(jobs, { host, ledger, files: this.deps.files, track: options.track, start, gapFrames, ...(targetBin ? { targetBin } : {}), shotListName: plan.name });
      } catch (error) {
        await this.cancelPlanned(jobs.map((job) => job.id));
        for (const still of stills) await ledger.transitionImage(still.id, "cancelled").catch(() => undefined);
        throw new Error(`Not started: the slots could not be reserved (${describeError(error)}). Nothing was sent.`);
      }
      this.fills.attach(plan.runId, fill);
      fill.warnings.forEach((warning) => this.deps.notices.notify("warning", warning));
      void this.launchAfterStills(plan.runId, jobs.map((job) => job.id), stills.map((still) => still.id), approvedUsd);
      const takes = `${jobs.length} take${jobs.length === 1 ? "" : "s"} of ${fill.slots.length} shot${fill.slots.length === 1 ? "" : "s"}`;
      this.deps.notices.notify("info", `Started ${plan.name}: ${takes}, ${formatUsd(plan.total.usd)}, on V${options.track + 1} of ${sequence.name} from frame ${fill.slots[0]?.slot.startFrame ?? 0}.`);
      // This plan is spent: running the list again is a new run, from "Plan again", never a second click here.
      this.planner.forget();
      return true;
    } catch (error) {
      this.set({ runProblem: describeError(error) });
      return false;
    } finally {
      this.set({ starting: false });
    }
  }

  /** The run's stills first (each take then animates its own), then its takes under one scheduler. */
  private async launchAfterStills(runId: string, ids: string[], stillIds: string[], approvedUsd: number): Promise<void> {
    if (stillIds.length > 0) {
      this.set({ activeRuns: [...this.state.activeRuns.filter((id) => id !== runId), runId] });
      this.deps.notices.notify("info", `${this.fills.runName(runId)}: making ${stillIds.length} still${stillIds.length === 1 ? "" : "s"} first (image steps); the takes start once they are made.`);
      try {
        await this.deps.stills.runImageSteps(stillIds, ids);
      } catch (error) {
        this.deps.notices.notify("error", `${this.fills.runName(runId)}: its stills stopped unexpectedly (${describeError(error)}). They are kept; reopen the panel to resume.`);
        return;
      }
    }
    const ledger = this.deps.ledger.requireLedger();
    const stillsSpent = roundUsd(stillIds.map((id) => ledger.getImage(id)).reduce((sum, job) => sum + (job && isCommitted(job) && Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0), 0));
    // The approval covers the stills too: the takes' retries get what the stills left.
    this.launch(runId, ids, roundUsd(Math.max(0, approvedUsd - stillsSpent)));
  }

  private launch(runId: string, ids: string[], approvedUsd: number): void {
    const scheduler = this.deps.runs.run(ids, {
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
    const name = this.fills.runName(runId);
    const ledger = this.deps.ledger.requireLedger();
    if (event.type === "budget-paused") {
      const job = ledger.get(event.jobId);
      this.set({ pauses: { ...this.state.pauses, [runId]: { jobId: event.jobId, neededUsd: event.neededUsd, approvedUsd: event.approvedUsd, reservedUsd: event.reservedUsd } } });
      this.deps.notices.notify(
        "warning",
        `${name} is paused: retrying shot ${job?.shot.shotId ?? "?"} would need ${formatUsd(event.neededUsd)} more than the ${formatUsd(event.approvedUsd)} you approved. Approve it or stop the run in the Shot list tab.`,
      );
    } else if (event.type === "retrying") {
      const job = ledger.get(event.jobId);
      if (job) this.deps.notices.notify("info", `${name}: shot ${job.shot.shotId} take ${job.shot.take} failed (${event.reason}); trying again as a new job.`, event.newJobId);
      // The scheduler copies the failed job's extras, from before any approval made while it waited.
      const retry = ledger.get(event.newJobId);
      const approved = this.fills.approvedUsd(runId);
      if (retry && (shotRunOf(retry)?.approvedUsd ?? 0) < approved) void ledger.update(retry.id, { extra: { ...(retry.extra ?? {}), shotRun: { approvedUsd: approved } } }).catch(() => undefined);
    }
  }

  private finished(runId: string, summary: RunSummary | undefined): void {
    this.schedulers.delete(runId);
    const { [runId]: _paused, ...pauses } = this.state.pauses;
    this.set({ activeRuns: this.state.activeRuns.filter((id) => id !== runId), pauses });
    if (!summary) return;
    const jobs = this.fills.runJobs(runId);
    const done = jobs.filter((job) => job.state === "placed").length;
    const unfinished = jobs.filter(isUnfinished).length;
    const parts = [`${done} take${done === 1 ? "" : "s"} done`];
    if (summary.failed.length) parts.push(`${summary.failed.length} failed`);
    if (summary.cancelled.length) parts.push(`${summary.cancelled.length} cancelled`);
    if (unfinished) parts.push(`${unfinished} not finished`);
    this.deps.notices.notify(summary.failed.length ? "warning" : "success", `${this.fills.runName(runId)} finished: ${parts.join(", ")}.`);
    const gaps = this.fills.fillFor(runId)?.gaps() ?? [];
    if (gaps.length > 0) {
      const count = gaps.length === 1 ? "a gap" : `${gaps.length} gaps`;
      this.deps.notices.notify("warning", `${this.fills.runName(runId)} left ${count} on the timeline: ${gaps.map((gap) => gap.message).join(" ")}`);
    }
  }

  /** The editor approves the extra money a paused retry needs. */
  async approveMore(runId: string): Promise<void> {
    const pause = this.state.pauses[runId];
    const scheduler = this.schedulers.get(runId);
    if (!pause || !scheduler) return;
    const approvedUsd = roundUsd(pause.approvedUsd + pause.neededUsd);
    const ledger = this.deps.ledger.requireLedger();
    for (const job of this.fills.runJobs(runId)) {
      const current = ledger.get(job.id)!;
      await ledger.update(job.id, { extra: { ...(current.extra ?? {}), shotRun: { approvedUsd } } });
    }
    const { [runId]: _done, ...pauses } = this.state.pauses;
    this.set({ pauses });
    scheduler.approveMore(pause.neededUsd);
    this.deps.notices.notify("info", `${this.fills.runName(runId)} goes on with ${formatUsd(approvedUsd)} approved.`);
  }

  /** Stops sending, cancels every take not yet sent, and asks the provider to cancel those it holds. */
  async cancelRun(runId: string): Promise<void> {
    this.schedulers.get(runId)?.stop();
    const { [runId]: _paused, ...pauses } = this.state.pauses;
    this.set({ pauses });
    await this.cancelJobs(this.fills.runJobs(runId));
    this.deps.notices.notify("info", `${this.fills.runName(runId)} is cancelled: nothing more is sent. Takes already generating finish only if the provider cannot cancel them.`);
  }

  async cancelShot(runId: string, shotId: string): Promise<void> {
    await this.cancelJobs(this.fills.runJobs(runId).filter((job) => job.shot.shotId === shotId));
  }

  private async cancelJobs(jobs: JobRecord[]): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    for (const job of jobs) {
      const current = ledger.get(job.id);
      if (!current) continue;
      if (current.state === "planned") await ledger.transition(current.id, "cancelled").catch(() => undefined);
      else if ((current.state === "queued" || current.state === "running") && this.deps.jobs.canCancel(current)) await this.deps.jobs.cancel(current.id);
    }
  }

  private async cancelPlanned(ids: string[]): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    for (const id of ids) {
      if (ledger.get(id)?.state === "planned") await ledger.transition(id, "cancelled").catch(() => undefined);
    }
  }

  /** "Replace with take N": take N's clip goes into the shot's slot and stays there. */
  async replaceWithTake(runId: string, shotId: string, take: number): Promise<void> {
    try {
      const fill = this.fills.fillFor(runId);
      if (!fill) throw new Error("its timeline slots are not recorded");
      const first = this.fills.runJobs(runId).find((job) => job.shot.shotId === shotId);
      if (first) await requireProjectOf(this.deps.host.requireHost(), first);
      await fill.replaceWithTake(shotId, take);
      this.deps.notices.notify("success", `Shot ${shotId} now shows take ${take} on the timeline.`);
    } catch (error) {
      this.deps.notices.notify("error", `Shot ${shotId} was not replaced with take ${take}: ${describeError(error)}`);
    }
  }

  /**
   * At start: every run with unfinished takes goes on, its fill rebuilt from the ledger and its
   * scheduler over all its jobs (finished ones are skipped; ones at a provider are followed, never
   * sent again). A run that stopped before its slots were reserved sent nothing; its takes are
   * cancelled. Returns the ids it took over, for the job runner to leave alone.
   */
  resumeRuns(): Set<string> {
    const taken = new Set<string>();
    const runs = new Map<string, JobRecord[]>();
    for (const job of this.deps.ledger.requireLedger().jobs()) {
      if (!isShotListJob(job)) continue;
      taken.add(job.id);
      runs.set(job.runId!, [...(runs.get(job.runId!) ?? []), job]);
    }
    const stillsByRun = new Map<string, string[]>();
    for (const still of this.deps.ledger.requireLedger().imageJobs()) {
      if (!still.runId || !imageStepRole(still) || !runs.has(still.runId)) continue;
      taken.add(still.id);
      stillsByRun.set(still.runId, [...(stillsByRun.get(still.runId) ?? []), still.id]);
    }
    for (const [runId, jobs] of runs) {
      const unfinished = jobs.filter(isUnfinished);
      if (unfinished.length === 0) continue;
      const fill = this.fills.fillFor(runId);
      if (!fill) {
        void this.cancelPlanned(unfinished.map((job) => job.id));
        this.deps.notices.notify("warning", `${this.fills.runName(runId)} stopped before its timeline slots were reserved; nothing of it was sent. Run the list again.`);
        continue;
      }
      const replaced = new Set(jobs.map((job) => job.retryOf).filter(Boolean));
      const ids = jobs.filter((job) => !replaced.has(job.id)).map((job) => job.id);
      const stills = stillsByRun.get(runId) ?? [];
      const ledger = this.deps.ledger.requireLedger();
      const stillsPending = stills.some((id) => {
        const still = ledger.getImage(id);
        return !!still && isUnfinishedStill(still);
      });
      // Stills still on their way, or takes still waiting for theirs: the image steps go first again (nothing is bought twice).
      if (stillsPending || jobs.some((job) => job.state === "planned" && awaitsStill(job))) void this.launchAfterStills(runId, ids, stills, this.fills.approvedUsd(runId));
      else this.launch(runId, ids, this.fills.approvedUsd(runId));
      this.deps.notices.notify("info", `Resuming ${this.fills.runName(runId)}: ${unfinished.length} unfinished take${unfinished.length === 1 ? "" : "s"}; nothing already sent is sent again.`);
    }
    return taken;
  }
}
