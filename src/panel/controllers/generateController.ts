/**
 * The Generate tab: the draft (prompt, model, options, images), and Generate itself, which
 * validates, prices, records and sends every take of the draft. Refusals are shown under the
 * button and record nothing.
 */
import { describeError } from "../../core/errors";
import { formatUsd } from "../../core/pricing";
import type { ProviderId } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import { allModels, findModel } from "../../providers/catalog";
import { describeProvider } from "../../providers/providerDescriptions";
import { pickImage, type PickedImage } from "../platform/filePicking";
import { draftForModel, requestsForDraft, type GenerateDraft } from "../runtime/generateDraft";
import type { PanelGoal } from "../runtime/jobExtras";
import type { UxpModule } from "../uxp/uxpModule";
import type { PanelStore } from "../state/panelStore";
import type { FrameSlots, HostAccess, JobRuns, LedgerAccess, Notifier, SettingsWriter } from "./panelServices";
import { ShotSender } from "./shotSender";

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
  private readonly sender: ShotSender;

  constructor(private readonly deps: GenerateControllerDeps) {
    this.sender = new ShotSender(deps);
  }

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
    const { store } = this.deps;
    if (store.getState().generating) return false;
    store.setState({ generating: true, generateProblem: undefined });
    try {
      const state = store.getState();
      const draft = state.draft;
      const spec = findModel(draft.provider, draft.model);
      if (!spec) throw new Error(`Not sent: the model ${draft.model} is unknown.`);
      if (!state.usable.includes(spec.provider)) throw new Error(`Not sent: no ${describeProvider(spec.provider).displayName} key is set. Add it in Settings.`);
      const takes = requestsForDraft(spec, draft);
      const settings = state.settings;
      const autoImport = settings.autoImport;
      const place = settings.placeOnTimeline;
      const goal: PanelGoal = autoImport ? (place ? "placed" : "imported") : "ready";
      const { shotId, jobs, totalUsd: total } = await this.sender.send({
        draft,
        takes,
        goal,
        place,
        ...(autoImport || place ? { projectNeeded: "Not sent: no project is open in Premiere. Open one, or turn off auto-import in Settings." } : {}),
      });
      store.setState({ lastGenerated: { shotId, jobIds: jobs.map((job) => job.id) } });
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
