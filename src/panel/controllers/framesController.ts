/**
 * The Frames tab: concept frames from one prompt on one or more image models (priced per still
 * and in total before anything is sent), the pick, refinements of it with an edit model (variants
 * beside it, as often as wanted, each recording the still it came from), and Animate, which makes
 * the pick the Generate tab's first (or last) frame. Refusals are shown under their button and
 * record nothing; what is sent is in the ledger first and runs through StillsRunner.
 */
import { describeError } from "../../core/errors";
import { planImageJob, type ImageJobRecord } from "../../core/imageJobRecord";
import { splitImageRequest } from "../../core/imageValidation";
import { roundUsd } from "../../core/pricing";
import { createIdempotencyKey, type ImageInput } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { StillLineage } from "../../core/stillLineage";
import { imageMediaType, type PickedImage } from "../platform/filePicking";
import type { KeyValueStorage } from "../platform/panelPlatform";
import { findTile, framesExtraJson, nextBoardId, nextStillNumber, type FramePick, type FramesState, type FrameTile } from "../runtime/framesBoard";
import { checkRefine, formatStillUsd, framesCalls, framesText, imageModelsFor, sameChoice, type FramesDraft, type ImageModelChoice, type RefineDraft } from "../runtime/framesDraft";
import { extraJson, type PanelJobExtra } from "../runtime/jobExtras";
import { dailyCapProblem } from "../runtime/spending";
import { FRAMES_BIN } from "../runtime/stillImport";
import type { PanelStore } from "../state/panelStore";
import type { FramePicks, FrameSlots, HostAccess, LedgerAccess, Notifier, StillRuns } from "./panelServices";

export const PICK_KEY = "shotbin.frames.pick.v1";

export interface FramesControllerDeps {
  store: PanelStore;
  clock: Clock;
  files: FileSystem;
  storage: KeyValueStorage;
  ledger: LedgerAccess;
  host: HostAccess;
  stills: StillRuns;
  frameSlots: FrameSlots;
  notices: Notifier;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export class FramesController implements FramePicks {
  constructor(private readonly deps: FramesControllerDeps) {}

  private get state(): FramesState {
    return this.deps.store.getState().frames;
  }

  private set(patch: Partial<FramesState>): void {
    this.deps.store.setState({ frames: { ...this.state, ...patch } });
  }

  /** At start (once the usable image routes are known): the pick of the last session, if its still is still in the ledger. */
  restorePick(): void {
    try {
      const saved = JSON.parse(this.deps.storage.getItem(PICK_KEY) ?? "null") as FramePick | null;
      if (!saved || typeof saved.jobId !== "string" || !Number.isInteger(saved.index) || !this.deps.store.getState().stills[saved.jobId]) return;
      this.set({ pick: saved });
      this.pickFrame(saved);
    } catch {
      this.deps.storage.removeItem(PICK_KEY);
    }
  }

  updateDraft(patch: Partial<FramesDraft>): void {
    this.set({ draft: { ...this.state.draft, ...patch }, problem: undefined });
  }

  /** Adds an image model to the draft, or takes it out (one always stays). */
  toggleModel(choice: ImageModelChoice): void {
    const models = this.state.draft.models;
    const has = models.some((model) => sameChoice(model, choice));
    if (has && models.length === 1) return;
    this.updateDraft({ models: has ? models.filter((model) => !sameChoice(model, choice)) : [...models, choice] });
  }

  updateRefine(patch: Partial<RefineDraft>): void {
    this.set({ refine: { ...this.state.refine, ...patch }, refineProblem: undefined });
  }

  /** Validates, prices and records every call of the draft, then sends them; refusals record nothing. */
  async generate(): Promise<boolean> {
    if (this.state.sending) return false;
    this.set({ sending: true, problem: undefined });
    try {
      const state = this.deps.store.getState();
      const draft = state.frames.draft;
      const calls = framesCalls(draft, state.imageUsable);
      const total = roundUsd(calls.reduce((sum, call) => sum + (Number.isFinite(call.estimate.usd) ? call.estimate.usd : 0), 0));
      const board = nextBoardId(this.deps.ledger.requireLedger().imageJobs());
      const jobs = await this.record(
        calls.map((call) => ({ call, take: call.firstNumber, inputPaths: [] as string[] })),
        { board },
        total,
        draft.prompt,
      );
      const models = [...new Set(calls.map((call) => call.spec.displayName))].join(", ");
      this.deps.notices.notify("info", `Sent ${board} (${framesText(jobs.reduce((sum, job) => sum + job.request.count, 0))}, ${formatStillUsd(total)}) to ${models}. The frames appear below as they arrive.`);
      return true;
    } catch (error) {
      this.set({ problem: describeError(error) });
      return false;
    } finally {
      this.set({ sending: false });
    }
  }

  /** Chooses the frame to refine or animate; the refine form gets an edit model if it has none. */
  pickFrame(pick: FramePick): void {
    const state = this.deps.store.getState();
    const tile = findTile(state.stills, pick);
    if (!tile?.ready) return;
    const edits = imageModelsFor(state.imageUsable, "edit");
    const job = state.stills[pick.jobId]!;
    const own = edits.find((model) => model.provider === job.request.provider && model.id === job.request.model);
    const current = this.state.refine.model;
    const keep = current && edits.some((model) => sameChoice({ provider: model.provider, model: model.id }, current));
    const model = keep ? current : own ? { provider: own.provider, model: own.id } : edits[0] ? { provider: edits[0].provider, model: edits[0].id } : undefined;
    this.set({ pick, refine: { ...this.state.refine, ...(model ? { model } : {}) }, refineProblem: undefined, animateNote: undefined });
    this.deps.storage.setItem(PICK_KEY, JSON.stringify(pick));
  }

  /** The picked still as the image an edit starts from (bytes are read from its file when sent). */
  private pickSource(): { tile: FrameTile; input: ImageInput } | undefined {
    const state = this.deps.store.getState();
    const tile = findTile(state.stills, this.state.pick);
    if (!tile?.ready || !tile.path) return undefined;
    const mediaType = imageMediaType(tile.path) ?? "image/png";
    return { tile, input: { kind: "bytes", bytes: new Uint8Array(0), mediaType, name: baseName(tile.path), lineage: this.lineageOf(tile) } };
  }

  private lineageOf(tile: FrameTile): StillLineage {
    const job = this.deps.store.getState().stills[tile.jobId];
    return { file: baseName(tile.path!), ...(tile.sha256 ? { sha256: tile.sha256 } : {}), jobId: tile.jobId, ...(job?.handle ? { providerJobId: job.handle.id } : {}) };
  }

  /** Sends the refine form for the pick: new variants beside it, recording the still they came from. */
  async refine(): Promise<boolean> {
    if (this.state.sending) return false;
    this.set({ sending: true, refineProblem: undefined });
    try {
      const state = this.deps.store.getState();
      const source = this.pickSource();
      const check = checkRefine(state.frames.refine, source?.input, state.imageUsable, createIdempotencyKey());
      if (!check.ok || !check.request || !check.spec || !source) throw new Error(`Not sent: ${check.problem ?? "the edit is not valid"}.`);
      const ledgerJobs = this.deps.ledger.requireLedger().imageJobs();
      const board = source.tile.board;
      let take = nextStillNumber(ledgerJobs, board);
      const parts = splitImageRequest(check.spec, check.request).map((part) => {
        const entry = { call: { spec: check.spec!, request: part.request, estimate: part.cost, firstNumber: take }, take, inputPaths: [source.tile.path!] };
        take += part.request.count;
        return entry;
      });
      const total = roundUsd(parts.reduce((sum, part) => sum + (Number.isFinite(part.call.estimate.usd) ? part.call.estimate.usd : 0), 0));
      await this.record(parts, { board, source: { jobId: source.tile.jobId, index: source.tile.index } }, total, state.frames.refine.prompt);
      this.deps.notices.notify("info", `Refining ${board} frame ${source.tile.number} (${check.costText ?? formatStillUsd(total)}) on ${check.spec.displayName}.`);
      return true;
    } catch (error) {
      this.set({ refineProblem: describeError(error) });
      return false;
    } finally {
      this.set({ sending: false });
    }
  }

  /** Records the calls in the ledger (after the checks every send shares), then starts them. */
  private async record(
    parts: { call: ReturnType<typeof framesCalls>[number]; take: number; inputPaths: string[] }[],
    frames: { board: string; source?: FramePick },
    total: number,
    prompt: string,
  ): Promise<ImageJobRecord[]> {
    const state = this.deps.store.getState();
    if (!state.mediaFolder) throw new Error("Not sent: choose a folder for the stills first (Choose media folder), so paid stills are never left in a temporary folder.");
    const ledger = this.deps.ledger.requireLedger();
    const now = this.deps.clock.now();
    const overBudget = dailyCapProblem(ledger, state.settings.dailyBudgetUsd, now, total);
    if (overBudget) throw new Error(`Not sent: ${overBudget}`);
    const context = await this.deps.host.refreshContext();
    // Stills go into a Frames sub-bin of the target bin when a project is open; otherwise they stay on disk.
    const extra: PanelJobExtra = {
      goal: context?.project ? "imported" : "ready",
      binPath: [FRAMES_BIN],
      ...(context?.targetBin ? { bin: context.targetBin.bin } : {}),
      ...(context?.project ? { projectPath: context.project.path } : {}),
    };
    const jobs = parts.map(({ call, take, inputPaths }) =>
      planImageJob(
        {
          request: call.request,
          estimate: call.estimate,
          shot: { shotId: frames.board, shotName: prompt.trim().slice(0, 80), order: now, take },
          ...(inputPaths.length ? { inputImagePaths: inputPaths } : {}),
          extra: extraJson(extra, { frames: framesExtraJson(frames) }),
        },
        now,
      ),
    );
    await ledger.addImages(jobs);
    void this.deps.stills.run(jobs.map((job) => job.id));
    return jobs;
  }

  /** Runs again a step of a still that failed after it was paid for (download, metadata, import). */
  async resume(jobId: string): Promise<void> {
    try {
      await this.deps.stills.resumeStep(jobId);
    } catch (error) {
      this.deps.notices.notify("error", describeError(error));
    }
  }

  /** The pick with its bytes and lineage, read from its file now (FramePicks). */
  async pickedFrame(): Promise<PickedImage | undefined> {
    const source = this.pickSource();
    if (!source) return undefined;
    const path = source.tile.path!;
    const file = await this.deps.files.open(path, "read");
    let bytes: Uint8Array;
    try {
      bytes = await file.read(0, await file.size());
    } finally {
      await file.close();
    }
    return { name: baseName(path), path, mediaType: imageMediaType(path) ?? "image/png", bytes: bytes as Uint8Array<ArrayBuffer>, lineage: this.lineageOf(source.tile) };
  }

  /** Animate: the pick becomes Generate's first (or last) frame, and the panel shows Generate. */
  async animate(slot: "firstFrame" | "lastFrame" = "firstFrame"): Promise<boolean> {
    let image: PickedImage | undefined;
    try {
      image = await this.pickedFrame();
    } catch (error) {
      this.set({ animateNote: `The picked frame could not be read: ${describeError(error)}` });
      return false;
    }
    if (!image) {
      this.set({ animateNote: "Pick a finished frame first." });
      return false;
    }
    const { used, note } = this.deps.frameSlots.useFrame(slot, image);
    this.set({ animateNote: note });
    if (!used) return false;
    this.deps.store.setState({ activeTab: "generate" });
    if (note) this.deps.notices.notify("info", note);
    return true;
  }
}
