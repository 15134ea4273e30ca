/**
 * What the Jobs and Review tabs do to one job: cancel it at its provider, resume a failed step
 * (nothing new is bought), retry as a new job (a new purchase the editor confirmed), import or
 * discard a take waiting for review, import it again, and show its file.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import { estimateFromTable, formatUsd } from "../../core/pricing";
import { createIdempotencyKey } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import { findModel } from "../../providers/catalog";
import type { JobWakeups } from "../../providers/jobWakeups";
import { describeProvider } from "../../providers/providerDescriptions";
import { clipOf, importJobClip } from "../runtime/hostPipelineHooks";
import { extraJson, jobExtra, stateRank, type PanelGoal } from "../runtime/jobExtras";
import { jobTitle } from "../runtime/jobMessages";
import { dailyCapProblem } from "../runtime/spending";
import type { UxpModule } from "../uxp/uxpModule";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, JobCancelling, JobRuns, LedgerAccess, Notifier, ProviderAccess } from "./panelServices";

export interface JobActionsDeps {
  store: PanelStore;
  clock: Clock;
  ledger: LedgerAccess;
  providers: ProviderAccess;
  runs: JobRuns;
  host: HostAccess;
  wakeups: JobWakeups;
  notices: Notifier;
  /** UXP's module; its `shell` is looked up at each use (a host may lack it). */
  uxp: Pick<UxpModule, "shell">;
}

export class JobActions implements JobCancelling {
  constructor(private readonly deps: JobActionsDeps) {}

  canCancel(job: JobRecord): boolean {
    if (job.state === "planned") return true;
    if (job.state !== "queued" && job.state !== "running") return false;
    return this.deps.providers.registry().get(job.request.provider)?.supportsCancel ?? false;
  }

  async cancel(id: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.require(id);
    try {
      if (job.state === "planned") {
        await ledger.transition(id, "cancelled");
        return;
      }
      const provider = this.deps.providers.registry().get(job.request.provider);
      if (!job.handle || !provider || !this.canCancel(job)) throw new Error("this job can no longer be cancelled");
      await provider.cancel(job.handle);
      this.deps.wakeups.checkNow(job.request.provider, job.handle.id);
      this.deps.notices.notify("info", `Cancel requested for ${jobTitle(job)}; ${provider.displayName} decides whether it is charged.`, id);
    } catch (error) {
      this.deps.notices.notify("error", `${jobTitle(job)} could not be cancelled: ${describeError(error)}`, id);
    }
  }

  /** The price of running a failed job's request again, as a new job. */
  retryEstimate(job: JobRecord): number {
    const spec = findModel(job.request.provider, job.request.model);
    return spec ? estimateFromTable(spec.price, job.request).usd : job.estimate.usd;
  }

  /** A new job with the same request and a new idempotency key; the editor has confirmed its cost. */
  async retryAsNewJob(id: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.require(id);
    try {
      if (job.state !== "failed" && job.state !== "cancelled") throw new Error("only a failed or cancelled job can be retried");
      if (!this.deps.providers.registry().isEnabled(job.request.provider)) throw new Error(`${describeProvider(job.request.provider).displayName} is switched off in Settings`);
      const spec = findModel(job.request.provider, job.request.model);
      const estimate = spec ? estimateFromTable(spec.price, job.request) : job.estimate;
      const overBudget = dailyCapProblem(ledger, this.deps.store.getState().settings.dailyBudgetUsd, this.deps.clock.now(), estimate.usd);
      if (overBudget) throw new Error(overBudget);
      const key = createIdempotencyKey();
      const at = new Date(this.deps.clock.now()).toISOString();
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
        ...(job.deferred ? { deferred: job.deferred } : {}),
        ...(job.frameOrigin ? { frameOrigin: job.frameOrigin } : {}),
      };
      await ledger.add([retry]);
      this.deps.runs.run([key], { goal: extra.goal, ...(Number.isFinite(estimate.usd) ? { approvedUsd: estimate.usd } : {}) });
      this.deps.notices.notify("info", `Retrying ${jobTitle(job)} as a new job (${formatUsd(estimate.usd)}).`, key);
    } catch (error) {
      this.deps.notices.notify("error", `${jobTitle(job)} was not retried: ${describeError(error)}`, id);
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
    const job = this.deps.ledger.requireLedger().require(id);
    try {
      if (this.deps.runs.isBusy(id)) throw new Error("it is already running");
      await this.deps.runs.resumeStep(id);
      this.deps.runs.run([id], { goal: jobExtra(job).goal });
    } catch (error) {
      this.deps.notices.notify("error", `${jobTitle(job)} could not be resumed: ${describeError(error)}`, id);
    }
  }

  /** Review: imports a take that waited for the editor (and places it, when that was asked for). */
  async importTake(id: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.require(id);
    const extra = jobExtra(job);
    const goal: PanelGoal = extra.placement ? "placed" : "imported";
    await ledger.update(id, { extra: extraJson({ ...extra, goal, discarded: false }, job.extra) });
    this.deps.runs.run([id], { goal });
  }

  async discardTake(id: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.require(id);
    await ledger.update(id, { extra: extraJson({ ...jobExtra(job), discarded: true }, job.extra) });
    this.deps.notices.notify("info", `${jobTitle(job)} discarded. Its file stays in the media folder.`, id);
  }

  /** Imports an already imported take again (after it was deleted from the project, say). */
  async reimport(id: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.require(id);
    try {
      const clip = await importJobClip(this.deps.host.requireHost(), job);
      await ledger.update(id, { clipId: clip.id });
      this.deps.notices.notify("success", `${jobTitle(job)} imported again as ${clip.name}.`, id);
    } catch (error) {
      this.deps.notices.notify("error", `${jobTitle(job)} could not be imported: ${describeError(error)}`, id);
    }
  }

  /** Shows the clip's folder in Finder or Explorer. */
  async reveal(id: string): Promise<void> {
    const job = this.deps.ledger.requireLedger().require(id);
    if (!job.file) return;
    const folder = job.file.replace(/[\\/][^\\/]*$/, "");
    const answer = await this.deps.uxp.shell?.openPath(folder, "Shows the folder with this generated clip.").catch((error: unknown) => describeError(error));
    if (answer === undefined) this.deps.notices.notify("info", `The clip is at ${job.file}.`, id);
    else if (answer) this.deps.notices.notify("warning", `The folder could not be opened (${answer}). The clip is at ${job.file}.`, id);
    else this.deps.notices.notify("info", `Opened ${folder}.`, id);
  }

  placedClip(job: JobRecord) {
    return clipOf(job);
  }

  goalReached(job: JobRecord): boolean {
    return stateRank(job.state) >= stateRank(jobExtra(job).goal);
  }
}
