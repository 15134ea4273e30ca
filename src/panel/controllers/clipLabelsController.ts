/**
 * Labels each clip Shotbin imports by its state (generated, chosen take, failed QA), with the colour
 * Settings gives that state, whenever the job's state changes it. Follows the ledger, so it covers
 * every way a clip arrives: Generate, the From timeline actions, shot lists and their takes.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import { labelStateOf, type LabelState } from "../runtime/clipLabels";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, LedgerAccess, Notifier } from "./panelServices";

export class ClipLabelsController {
  /** The state each clip was last labelled for, this session. */
  private readonly applied = new Map<string, LabelState>();
  private queue: Promise<void> = Promise.resolve();
  private detach: (() => void) | undefined;
  private warned = false;

  constructor(private readonly deps: { store: PanelStore; ledger: LedgerAccess; host: HostAccess; notices: Notifier }) {}

  start(): void {
    this.detach?.();
    this.detach = this.deps.ledger.requireLedger().subscribe((job) => this.jobChanged(job));
  }

  stop(): void {
    this.detach?.();
    this.detach = undefined;
  }

  /** Resolves when every label asked for so far is set (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private jobChanged(job: JobRecord): void {
    const settings = this.deps.store.getState().settings;
    const state = labelStateOf(job);
    if (!settings.labelClips || !state || !job.clipId || this.applied.get(job.clipId) === state) return;
    const clip = { id: job.clipId, name: job.file?.split(/[\\/]/).pop() ?? job.shot.shotId };
    this.applied.set(job.clipId, state);
    const colour = settings.labelColours[state];
    this.queue = this.queue.then(async () => {
      try {
        await this.deps.host.requireHost().setColourLabel(clip, colour);
      } catch (error) {
        this.applied.delete(clip.id);
        if (this.warned) return;
        this.warned = true;
        this.deps.notices.notify("warning", `Shotbin could not label ${clip.name} (${describeError(error)}); clips keep their labels until this works.`);
      }
    });
  }
}
