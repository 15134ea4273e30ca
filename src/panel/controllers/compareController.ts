/**
 * Compare mode on the Generate tab: the Generate draft sent to 2 to 4 models at once (the same
 * checks, daily cap and approved money as Generate, through ShotSender), the takes followed side
 * by side, and the editor's choice: the chosen take is imported into the shot's bin (and placed at
 * the playhead only when asked), the others are imported into a `Takes` sub-bin or left out of the
 * project (their files stay in the media folder; paid media is never deleted).
 *
 * Every compare take is recorded with `extra.compare = { groupId, model }` and the goal `ready`,
 * so the groups are rebuilt from the ledger after a reload (compareView.ts) and nothing reaches
 * the project before the editor chooses.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import { formatUsd } from "../../core/pricing";
import { createIdempotencyKey } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import { compareExtra, compareJson, isChoosable, isOnItsWay, MAX_COMPARE_MODELS, planCompare, TAKES_BIN, type CompareRole, type CompareState } from "../runtime/compareView";
import { requestsForDraft } from "../runtime/generateDraft";
import { binForJob } from "../runtime/hostPipelineHooks";
import { extraJson, jobExtra, type PanelGoal, type PanelJobExtra } from "../runtime/jobExtras";
import { jobTitle } from "../runtime/jobMessages";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, JobRuns, LedgerAccess, Notifier } from "./panelServices";
import { ShotSender, type TakeToSend } from "./shotSender";

export interface CompareControllerDeps {
  store: PanelStore;
  clock: Clock;
  ledger: LedgerAccess;
  host: HostAccess;
  runs: JobRuns;
  notices: Notifier;
}

/** What happens to the takes not chosen. */
export type OthersFate = "keep" | "discard";

export interface ChooseOptions {
  others: OthersFate;
  /** Lay the chosen take on the active sequence at the playhead (Settings' track). */
  place: boolean;
}

export class CompareController {
  private readonly sender: ShotSender;

  constructor(private readonly deps: CompareControllerDeps) {
    this.sender = new ShotSender(deps);
  }

  private get slice(): CompareState {
    return this.deps.store.getState().compare;
  }

  private patch(patch: Partial<CompareState>): void {
    this.deps.store.setState({ compare: { ...this.slice, ...patch } });
  }

  /** Compare mode on or off; turning it on starts from the model Generate has selected. */
  setOn(on: boolean): void {
    const { draft } = this.deps.store.getState();
    const models = on && this.slice.models.length === 0 ? [`${draft.provider}|${draft.model}`] : this.slice.models;
    this.deps.store.setState({ compare: { ...this.slice, on, models, problem: undefined } });
  }

  /** Ticks or unticks a model (`provider|model`); at most four are ticked. */
  toggleModel(key: string): void {
    const models = this.slice.models;
    if (models.includes(key)) this.patch({ models: models.filter((model) => model !== key), problem: undefined });
    else if (models.length < MAX_COMPARE_MODELS) this.patch({ models: [...models, key], problem: undefined });
  }

  /**
   * Sends the draft to every ticked model, its takes each, after the same checks as Generate and
   * with the total as the approved money. One call sends once: a second call while sending is refused.
   */
  async send(): Promise<boolean> {
    const { store, notices } = this.deps;
    if (store.getState().generating) return false;
    store.setState({ generating: true });
    this.patch({ problem: undefined });
    try {
      const state = store.getState();
      const draft = state.draft;
      const plan = planCompare(draft, this.slice.models, state.usable);
      if (!plan.ok) {
        const model = plan.models.find((candidate) => candidate.problems.length > 0 || !candidate.check.ok);
        const first = plan.problems[0] ?? (model ? `${model.displayName}: ${model.problems[0] ?? Object.values(model.check.issues)[0]?.[0] ?? "not valid"}` : "the request is not valid");
        throw new Error(`Not sent: ${first}.`);
      }
      const groupId = `compare-${createIdempotencyKey().replace(/^shotbin-/, "")}`;
      const takes: TakeToSend[] = [];
      for (const model of plan.models) {
        for (const take of requestsForDraft(model.spec!, model.draft)) {
          takes.push({ ...take, take: takes.length + 1, extra: { compare: compareJson({ groupId, model: model.key }) } });
        }
      }
      const sent = await this.sender.send({
        draft,
        takes,
        goal: "ready",
        place: false,
        projectNeeded: "Not sent: no project is open in Premiere. Compare imports the take you choose into it; open one first.",
      });
      notices.notify("info", `Sent ${sent.shotId} to ${plan.models.length} models (${takes.length} takes, ${formatUsd(sent.totalUsd)}). The takes appear side by side under Compare.`);
      return true;
    } catch (error) {
      this.patch({ problem: describeError(error) });
      return false;
    } finally {
      store.setState({ generating: false });
    }
  }

  /**
   * The editor's choice: `jobId` goes into the shot's bin (and on the timeline when asked); every
   * other take that reached its file is kept in the `Takes` sub-bin or left out of the project.
   * Nothing is bought: every take is already paid for and on disk. Returns a problem, or undefined.
   */
  async choose(groupId: string, jobId: string, options: ChooseOptions): Promise<string | undefined> {
    if (this.slice.choosing) return "A choice is already being carried out.";
    this.patch({ choosing: groupId });
    try {
      const ledger = this.deps.ledger.requireLedger();
      const members = ledger.jobs().filter((job) => compareExtra(job)?.groupId === groupId);
      const chosen = members.find((job) => job.id === jobId);
      if (!chosen) throw new Error("that take is not in this comparison");
      if (members.some((job) => compareExtra(job)?.role === "chosen")) throw new Error("a take of this comparison is already chosen");
      const waiting = members.filter(isOnItsWay).length;
      if (waiting > 0) throw new Error(`wait until every take is in (${waiting} still on the way)`);
      if (!isChoosable(chosen)) throw new Error(`${jobTitle(chosen)} has no clip to keep`);

      const context = await this.deps.host.refreshContext();
      if (!context?.project) throw new Error("no project is open in Premiere");
      const sequence = context.sequence;
      if (options.place && !sequence) throw new Error("there is no active sequence to place on; open one, or untick Place on timeline");

      const chosenExtra = jobExtra(chosen);
      const goal: PanelGoal = options.place ? "placed" : "imported";
      const settings = this.deps.store.getState().settings;
      const placement = options.place && sequence ? { sequenceId: sequence.id, sequenceName: sequence.name, frame: sequence.playheadFrame, track: settings.placeTrack } : undefined;
      await this.record(chosen, { ...chosenExtra, goal, discarded: false, ...(placement ? { placement } : {}) }, "chosen");

      const kept: string[] = [];
      let left = 0;
      for (const job of members) {
        if (job.id === chosen.id || !isChoosable(job)) continue;
        const extra = jobExtra(job);
        // A take already in the project (imported from Review) stays where it is: Shotbin never deletes paid media.
        if (job.state !== "ready") await this.record(job, extra, "kept");
        else if (options.others === "keep") {
          await this.record(job, { ...extra, goal: "imported", binPath: [...extra.binPath, TAKES_BIN] }, "kept");
          kept.push(job.id);
        } else {
          await this.record(job, { ...extra, discarded: true }, "discarded");
          left++;
        }
      }
      // The chosen take first, then the rest: both bins hang under the same shot bin, made once.
      this.deps.runs.run([chosen.id], {
        goal,
        onFinished: () => {
          if (kept.length > 0) void this.importKept(kept);
        },
      });
      const rest = kept.length > 0 ? ` ${kept.length} other take${kept.length === 1 ? "" : "s"} go${kept.length === 1 ? "es" : ""} to the ${TAKES_BIN} sub-bin.` : "";
      const out = left > 0 ? ` ${left} take${left === 1 ? " is" : "s are"} left out of the project; the file${left === 1 ? " stays" : "s stay"} in the media folder.` : "";
      this.deps.notices.notify("info", `Chose ${jobTitle(chosen)}: it goes into the shot's bin${options.place ? " and onto the timeline at the playhead" : ""}.${rest}${out}`, chosen.id);
      return undefined;
    } catch (error) {
      const problem = `Not chosen: ${describeError(error)}.`.replace(/\.\.$/, ".");
      this.deps.notices.notify("error", problem);
      return problem;
    } finally {
      this.patch({ choosing: undefined });
    }
  }

  /**
   * The Takes sub-bin is made once before the kept takes are imported together: their imports run
   * side by side, and two of them finding no bin at the same moment would each make one.
   */
  private async importKept(ids: string[]): Promise<void> {
    const first = this.deps.ledger.requireLedger().get(ids[0]!);
    try {
      if (first) await binForJob(this.deps.host.requireHost(), first);
    } catch {
      // The import step reports what is wrong with the project or the bin, on each take, resumable in Jobs.
    }
    this.deps.runs.run(ids, { goal: "imported" });
  }

  private async record(job: JobRecord, extra: PanelJobExtra, role: CompareRole): Promise<void> {
    const compare = compareExtra(job)!;
    const base = { ...(job.extra ?? {}), compare: compareJson({ ...compare, role }) };
    await this.deps.ledger.requireLedger().update(job.id, { extra: extraJson(extra, base) });
  }
}
