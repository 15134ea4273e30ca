/**
 * The job ledger and its mirror in the store. Job changes arrive from the ledger in bursts (a
 * download reports progress many times a second), so they are batched: one store update, and one
 * render, per 80 ms. Each job's arrival at its goal, a wait for review, a failure or a cancel is
 * told in the notice bar; a shot list's takes are told as a run by the Shot list tab instead.
 */
import type { JobRecord } from "../../core/jobRecord";
import { Ledger } from "../../core/ledger";
import type { Clock } from "../../core/seams/clock";
import { uxpLedgerStore } from "../platform/uxpLedgerStore";
import { compareExtra, isOnItsWay } from "../runtime/compareView";
import { jobExtra } from "../runtime/jobExtras";
import { cancelledText, failureText, jobTitle } from "../runtime/jobMessages";
import { isShotListJob } from "../runtime/shotRunViews";
import { spendingFrom } from "../runtime/spending";
import type { UxpPanelFs } from "../uxp/uxpModule";
import type { PanelStore } from "../state/panelStore";
import type { LedgerAccess, Notifier } from "./panelServices";

const FLUSH_MS = 80;

export class JobsController implements LedgerAccess {
  private ledger: Ledger | undefined;
  private readonly pending = new Map<string, JobRecord>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private detach: (() => void) | undefined;
  private detachStills: (() => void) | undefined;
  private spendingStale = false;
  private readonly announcedComparisons = new Set<string>();

  constructor(
    private readonly store: PanelStore,
    private readonly seams: { fs: UxpPanelFs; clock: Clock },
    private readonly notices: Notifier,
  ) {}

  /** Opens the ledger in the plugin's data folder and shows its jobs. */
  async open(): Promise<Ledger> {
    const opened = await Ledger.open(uxpLedgerStore(this.seams.fs), this.seams.clock);
    this.ledger = opened.ledger;
    this.detach?.();
    if (opened.warning) this.notices.notify("error", opened.warning);
    this.detach = opened.ledger.subscribe((job) => this.queue(job));
    // Stills cost money too: today's and this month's totals follow them (the Frames tab shows the jobs).
    this.detachStills?.();
    this.detachStills = opened.ledger.subscribeImages(() => {
      this.spendingStale = true;
      if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
    });
    const jobs = opened.ledger.jobs();
    this.store.setState({
      jobs: Object.fromEntries(jobs.map((job) => [job.id, job])),
      order: sortNewestFirst(jobs),
      spending: spendingFrom(opened.ledger, this.seams.clock.now()),
    });
    return opened.ledger;
  }

  stop(): void {
    this.detach?.();
    this.detach = undefined;
    this.detachStills?.();
    this.detachStills = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  requireLedger(): Ledger {
    if (!this.ledger) throw new Error("The job ledger is not open.");
    return this.ledger;
  }

  jobById(id: string): JobRecord | undefined {
    return this.ledger?.get(id);
  }

  /** Today's and this month's totals again (the Jobs tab asks when the date changes under it). */
  refreshSpending(): void {
    if (this.ledger) this.store.setState({ spending: spendingFrom(this.ledger, this.seams.clock.now()) });
  }

  private queue(job: JobRecord): void {
    this.pending.set(job.id, job);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.pending.size === 0) {
      if (this.spendingStale) this.refreshSpending();
      this.spendingStale = false;
      return;
    }
    this.spendingStale = false;
    const before = this.store.getState().jobs;
    const jobs = { ...before };
    let added = false;
    for (const [id, job] of this.pending) {
      if (!before[id]) added = true;
      jobs[id] = job;
    }
    const changed = [...this.pending.values()];
    this.pending.clear();
    this.store.setState({
      jobs,
      ...(added ? { order: sortNewestFirst(Object.values(jobs)) } : {}),
      spending: spendingFrom(this.requireLedger(), this.seams.clock.now()),
    });
    for (const job of changed) this.announce(before[job.id], job);
  }

  /** Compare takes get one notice per comparison (once a session), when its last take is in. */
  private announceComparison(groupId: string, job: JobRecord): void {
    const members = this.requireLedger().jobs().filter((member) => compareExtra(member)?.groupId === groupId);
    if (members.some(isOnItsWay)) return;
    if (this.announcedComparisons.has(groupId)) return;
    this.announcedComparisons.add(groupId);
    this.notices.notify("info", `${job.shot.shotId}: every take is in. Compare them under Generate → Compare models, and choose one.`, job.id);
  }

  private announce(previous: JobRecord | undefined, job: JobRecord): void {
    if (previous && previous.state === job.state) return;
    if (isShotListJob(job) && job.state !== "failed") return;
    const extra = jobExtra(job);
    if (job.state === "failed") {
      this.notices.notify("error", failureText(job), job.id);
    } else if (job.state === "cancelled") {
      this.notices.notify("info", cancelledText(job), job.id);
    } else if (job.state === "ready" && extra.goal === "ready" && !extra.discarded && compareExtra(job)) {
      this.announceComparison(compareExtra(job)!.groupId, job);
    } else if (job.state === "ready" && extra.goal === "ready" && !extra.discarded) {
      this.notices.notify("info", `${jobTitle(job)} is ready: watch it in Review, then import or discard it.`, job.id);
    } else if ((job.state === "imported" && extra.goal === "imported") || job.state === "placed") {
      const where = [...(extra.bin?.path ?? []), ...extra.binPath].join(" / ") || "the project root";
      const placed = job.state === "placed" && extra.placement ? ` and placed on V${extra.placement.track + 1} of ${extra.placement.sequenceName}` : "";
      this.notices.notify("success", `${jobTitle(job)} is in ${where}${placed}.`, job.id);
    }
  }
}

function sortNewestFirst(jobs: JobRecord[]): string[] {
  return [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.shot.take - a.shot.take).map((job) => job.id);
}
