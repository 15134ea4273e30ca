/**
 * The Generate tab: the draft (prompt, model, options, images), and Generate itself, which
 * validates, prices, records and sends every take of the draft. Refusals are shown under the
 * button and record nothing.
 */
import { describeError } from "../../core/errors";
import { planJob } from "../../core/plan";
import { formatUsd, roundUsd } from "../../core/pricing";
import type { ProviderId } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import { allModels, findModel } from "../../providers/catalog";
import { describeProvider } from "../../providers/providerDescriptions";
import { pickImage, type PickedImage } from "../platform/filePicking";
import { draftForModel, requestsForDraft, type GenerateDraft } from "../runtime/generateDraft";
import { extraJson, type PanelGoal, type PanelJobExtra } from "../runtime/jobExtras";
import { dailyCapProblem } from "../runtime/spending";
import { binPathFor } from "../settings/panelSettings";
import type { UxpModule } from "../uxp/uxpModule";
import type { PanelStore } from "../state/panelStore";
import type { FrameSlots, HostAccess, JobRuns, LedgerAccess, Notifier, SettingsWriter } from "./panelServices";

export interface GenerateControllerDeps {
  store: PanelStore;
  clock: Clock;
  uxp: UxpModule;
  settings: SettingsWriter;
  ledger: LedgerAccess;
  host: HostAccess;
  runs: JobRuns;
  notices: Notifier;
}

export class GenerateController implements FrameSlots {
  constructor(private readonly deps: GenerateControllerDeps) {}

  private get draft(): GenerateDraft {
    return this.deps.store.getState().draft;
  }

  /** At start: the default model from Settings when its provider is usable, else the simulator. */
  selectInitialModel(): void {
    const state = this.deps.store.getState();
    const preferred = state.settings.defaultModel && findModel(state.settings.defaultModel.provider, state.settings.defaultModel.model);
    const spec = preferred && state.usable.includes(preferred.provider) ? preferred : findModel("simulator", "shotbin-sim")!;
    this.setDraft(draftForModel(this.draft, spec));
  }

  setDraft(draft: GenerateDraft): void {
    this.deps.store.setState({ draft, generateProblem: undefined });
  }

  updateDraft(patch: Partial<GenerateDraft>): void {
    this.setDraft({ ...this.draft, ...patch });
  }

  chooseModel(provider: ProviderId, model: string): void {
    const spec = findModel(provider, model);
    if (spec) this.setDraft(draftForModel(this.draft, spec));
  }

  /** Saves the default model and selects it now; it is selected again each time the panel opens. */
  setDefaultModel(provider: ProviderId, model: string): string | undefined {
    if (!findModel(provider, model)) return `Shotbin does not know the model ${model}.`;
    const problem = this.deps.settings.update({ defaultModel: { provider, model } });
    if (!problem) this.chooseModel(provider, model);
    return problem;
  }

  async chooseImage(slot: "firstFrame" | "lastFrame" | "reference"): Promise<void> {
    let picked: PickedImage | undefined;
    try {
      picked = await pickImage(this.deps.uxp);
    } catch (error) {
      this.deps.notices.notify("error", `The image could not be read: ${describeError(error)}`);
      return;
    }
    if (!picked) return;
    const draft = this.draft;
    if (slot === "reference") this.setDraft({ ...draft, referenceImages: [...draft.referenceImages, picked] });
    else this.setDraft({ ...draft, [slot]: picked });
  }

  /**
   * Animate: `image` (a concept frame, with its lineage) becomes the draft's first or last frame.
   * When the chosen model cannot take that frame, the first model with a key that can (on the same
   * provider first) is chosen instead, and the note says so.
   */
  useFrame(slot: "firstFrame" | "lastFrame", image: PickedImage): { used: boolean; note?: string } {
    const state = this.deps.store.getState();
    const draft = state.draft;
    const takes = (spec: { capabilities: { firstFrame: string; lastFrame: string } }) => spec.capabilities[slot] !== "none";
    const current = findModel(draft.provider, draft.model);
    if (current && takes(current)) {
      this.setDraft({ ...draft, [slot]: image });
      return { used: true };
    }
    const candidates = allModels().filter((spec) => state.usable.includes(spec.provider) && takes(spec));
    const next = candidates.find((spec) => spec.provider === draft.provider) ?? candidates[0];
    const what = slot === "firstFrame" ? "a first frame" : "a last frame";
    if (!next) return { used: false, note: `No video model you have a key for takes ${what}; add a key in Settings.` };
    this.setDraft({ ...draftForModel(draft, next), [slot]: image });
    return { used: true, note: `${current?.displayName ?? draft.model} takes no ${what.slice(2)}, so Generate now uses ${next.displayName}.` };
  }

  /** Validates, prices, records and sends every take of the draft. */
  async generate(): Promise<boolean> {
    const { store, clock } = this.deps;
    if (store.getState().generating) return false;
    store.setState({ generating: true, generateProblem: undefined });
    try {
      const state = store.getState();
      const draft = state.draft;
      const spec = findModel(draft.provider, draft.model);
      if (!spec) throw new Error(`Not sent: the model ${draft.model} is unknown.`);
      if (!state.usable.includes(spec.provider)) throw new Error(`Not sent: no ${describeProvider(spec.provider).displayName} key is set. Add it in Settings.`);
      const takes = requestsForDraft(spec, draft);
      if (!state.mediaFolder) throw new Error("Not sent: choose a folder for the clips first (Choose media folder), so paid clips are never left in a temporary folder.");
      const total = roundUsd(takes.reduce((sum, take) => sum + (Number.isFinite(take.estimate.usd) ? take.estimate.usd : 0), 0));
      const ledger = this.deps.ledger.requireLedger();
      const overBudget = dailyCapProblem(ledger, state.settings.dailyBudgetUsd, clock.now(), total);
      if (overBudget) throw new Error(`Not sent: ${overBudget}`);

      const settings = state.settings;
      const context = await this.deps.host.refreshContext();
      const autoImport = settings.autoImport;
      const place = settings.placeOnTimeline;
      if ((autoImport || place) && !context?.project) throw new Error("Not sent: no project is open in Premiere. Open one, or turn off auto-import in Settings.");
      if (place && !context?.sequence) throw new Error("Not sent: there is no active sequence to place on. Open one, or untick Place on timeline.");

      const now = clock.now();
      const shotId = nextShotId(ledger.jobs());
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
      await ledger.add(jobs);
      store.setState({ lastGenerated: { shotId, jobIds: jobs.map((job) => job.id) } });
      this.deps.runs.run(
        jobs.map((job) => job.id),
        { goal, approvedUsd: total },
      );
      this.deps.notices.notify("info", `Sent ${shotId} (${jobs.length} take${jobs.length === 1 ? "" : "s"}, ${formatUsd(total)}) to ${describeProvider(spec.provider).displayName}. Its progress is under the Generate button and in Jobs.`);
      return true;
    } catch (error) {
      store.setState({ generateProblem: describeError(error) });
      return false;
    } finally {
      store.setState({ generating: false });
    }
  }
}

/** G1, G2, …: one more than the highest Generate shot in the ledger. */
function nextShotId(jobs: readonly { shot: { shotId: string } }[]): string {
  let highest = 0;
  for (const job of jobs) {
    const match = /^G(\d+)$/.exec(job.shot.shotId);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `G${highest + 1}`;
}
