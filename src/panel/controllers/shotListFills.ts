/**
 * The timeline side of shot-list runs: each run's TimelineFill (the slots and markers it reserved),
 * this session's or rebuilt from the slots its jobs recorded in the ledger. The shared pipeline's
 * import and place steps come here for a run's takes, so each lands in `<target bin>/<list name>`
 * and the slot's take in its slot.
 */
import { HostError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { FileSystem } from "../../core/seams/fileSystem";
import { TimelineFill } from "../../shotlist/timelineFill";
import { requireProjectOf } from "../runtime/hostPipelineHooks";
import { jobExtra } from "../runtime/jobExtras";
import { isShotListJob, shotRunOf } from "../runtime/shotRunViews";
import type { EndSteps, HostAccess, LedgerAccess } from "./panelServices";

export class ShotListFills implements EndSteps {
  private readonly fills = new Map<string, TimelineFill>();
  private readonly detach: (() => void)[] = [];

  constructor(private readonly deps: { ledger: LedgerAccess; host: HostAccess; files: FileSystem }) {}

  stop(): void {
    this.detach.splice(0).forEach((off) => off());
  }

  /** Keeps a run's fill and lets it follow its jobs' changes. */
  attach(runId: string, fill: TimelineFill): void {
    this.fills.set(runId, fill);
    this.detach.push(this.deps.ledger.requireLedger().subscribe(fill.jobChanged));
  }

  readonly importClip = async (job: JobRecord): Promise<string> => {
    await requireProjectOf(this.deps.host.requireHost(), job);
    return this.requireFill(job).importClip(job);
  };

  readonly place = async (job: JobRecord): Promise<void> => {
    await requireProjectOf(this.deps.host.requireHost(), job);
    await this.requireFill(job).place(job);
  };

  private requireFill(job: JobRecord): TimelineFill {
    const fill = job.runId ? this.fillFor(job.runId) : undefined;
    if (!fill) throw new HostError("not-found", `Shot ${job.shot.shotId} has no reserved slot on the timeline; its clip is kept in the media folder.`);
    return fill;
  }

  /** The run's fill: this session's, or picked up from the slots its jobs recorded. */
  fillFor(runId: string): TimelineFill | undefined {
    const existing = this.fills.get(runId);
    if (existing) return existing;
    const first = this.runJobs(runId)[0];
    if (!first) return undefined;
    const extra = jobExtra(first);
    const fill = TimelineFill.resume(this.deps.ledger.requireLedger(), runId, {
      host: this.deps.host.requireHost(),
      files: this.deps.files,
      ...(extra.bin ? { targetBin: extra.bin } : {}),
      shotListName: first.shot.shotList ?? extra.binPath[0] ?? "Shot list",
    });
    if (fill) this.attach(runId, fill);
    return fill;
  }

  runJobs(runId: string): JobRecord[] {
    return this.deps.ledger
      .requireLedger()
      .jobs()
      .filter((job) => job.runId === runId && isShotListJob(job));
  }

  /** The money approved for a run so far: the plan's, plus what the editor approved during pauses. */
  approvedUsd(runId: string): number {
    return Math.max(0, ...this.runJobs(runId).map((job) => shotRunOf(job)?.approvedUsd ?? 0));
  }

  runName(runId: string): string {
    return this.runJobs(runId)[0]?.shot.shotList ?? "The shot list";
  }
}
