/**
 * The Shot list tab before a run: read a CSV, JSON or Fountain list, find the images it names
 * next to it, and plan it (cost, wall time, every problem at its row and column) with today's
 * keys, settings and spending. Nothing here spends anything.
 */
import { describeError } from "../../core/errors";
import type { FileSystem } from "../../core/seams/fileSystem";
import { describeProvider } from "../../providers/providerDescriptions";
import { TICKS_PER_SECOND } from "../../core/ticks";
import { budgetRefusal } from "../../shotlist/budget";
import type { MarkerShotList, MarkerShotRow } from "../../timeline/markerShotList";
import { parseShotList } from "../../shotlist/parseShotList";
import type { ShotList } from "../../shotlist/shotListTypes";
import { buildShotPlan, type ImageRef, type PlanWording, type ShotPlan } from "../../shotlist/shotPlan";
import { checkShotListSize, pickShotList, shotListText } from "../platform/filePicking";
import type { PanelPlatform } from "../platform/panelPlatform";
import { planView, type ShotListOptions, type ShotListState } from "../runtime/shotListView";
import { startOfDay } from "../runtime/spending";
import type { PanelStore } from "../state/panelStore";
import type { LedgerAccess, ProviderAccess } from "./panelServices";

const MAX_LIST_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" } as const;

export interface LoadedList {
  list: ShotList;
  file: { name: string; path: string };
  /** Image references in the list, resolved against its folder, and whether each file is there. */
  images: Map<string, { path: string; exists: boolean }>;
  /** A list made from sequence markers: each shot's fixed start and slot on the timeline. */
  markers?: { rows: MarkerShotRow[]; ticksPerFrame: string };
}

export interface ShotListPlannerDeps {
  store: PanelStore;
  platform: Pick<PanelPlatform, "uxp" | "clock">;
  files: FileSystem;
  ledger: LedgerAccess;
  providers: ProviderAccess;
}

/** A run budget as typed: undefined when empty, "invalid" when it is not a positive amount. */
export function parseUsd(text: string): number | undefined | "invalid" {
  const trimmed = text.trim().replace(/^\$/, "");
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : "invalid";
}

function folderOf(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, "");
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(path);
}

const PANEL_WORDING: PlanWording = {
  noModelFix: "choose a model on the Generate tab (shots without a Model column use it), or add a Model column to the list",
  rehearse: "tick Rehearse on the simulator",
};

export class ShotListPlanner {
  private loaded: LoadedList | undefined;

  constructor(private readonly deps: ShotListPlannerDeps) {}

  get state(): ShotListState {
    return this.deps.store.getState().shotList;
  }

  private set(patch: Partial<ShotListState>): void {
    this.deps.store.setState({ shotList: { ...this.state, ...patch } });
  }

  /** The list that was planned, if any. */
  get list(): LoadedList | undefined {
    return this.loaded;
  }

  /** A started run spends its plan: running the list again is a new run, from "Plan again". */
  forget(): void {
    this.loaded = undefined;
    this.set({ plan: undefined });
  }

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

  /**
   * Sequence markers as the list (From timeline): planned like a file, each shot fixed at its
   * marker and as long as its marker's span, to the frame.
   */
  loadMarkerList(planned: MarkerShotList, sequence: { ticksPerFrame: string; sequenceName: string }): void {
    const name = `Markers of ${sequence.sequenceName}`;
    this.loaded = { list: planned.list, file: { name, path: `the sequence markers of "${sequence.sequenceName}"` }, images: new Map(), markers: { rows: planned.rows, ticksPerFrame: sequence.ticksPerFrame } };
    this.set({ file: this.loaded.file, loadProblem: undefined, runProblem: undefined });
    this.replan();
  }

  /** Reads the same file again (after the editor fixed it in a spreadsheet, say). */
  async reload(): Promise<void> {
    if (this.loaded?.markers) {
      this.set({ loadProblem: "This list comes from the sequence's markers: plan them again from the Generate tab (From timeline → Markers as a shot list)." });
      return;
    }
    const file = this.loaded?.file ?? this.state.file;
    if (!file) return;
    this.set({ loading: true, loadProblem: undefined });
    try {
      await this.load(file.name, file.path, shotListText(file.name, await this.readBytes(file.name, file.path), MAX_LIST_BYTES));
    } catch (error) {
      this.set({ loadProblem: `${file.name} could not be read again: ${describeError(error)}` });
    } finally {
      this.set({ loading: false });
    }
  }

  /** The file's bytes (not text: a binary file must be seen as one before it is decoded). */
  private async readBytes(name: string, path: string): Promise<Uint8Array> {
    const handle = await this.deps.files.open(path, "read");
    try {
      const size = await handle.size();
      checkShotListSize(name, size, MAX_LIST_BYTES);
      return await handle.read(0, size);
    } finally {
      await handle.close();
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
    const { usable, draft } = this.deps.store.getState();
    const now = this.deps.platform.clock.now();
    const plan = buildShotPlan(loaded.list, {
      // Shots that name no model take the one chosen on Generate, unless the list has its own default.
      ...(loaded.list.defaults.model || loaded.list.defaults.provider ? {} : { defaults: { model: draft.model } }),
      wording: PANEL_WORDING,
      check: (request) => this.deps.providers.registry().check(request),
      checkImage: (request) => this.deps.providers.imageRegistry().check(request),
      imageUsable: this.deps.store.getState().imageUsable,
      usable,
      ...(this.state.options.rehearse ? { override: { provider: "simulator" as const } } : {}),
      jobSeconds: { simulator: this.deps.providers.simulatorJobSeconds() },
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
    if (loaded.markers) fixMarkerSlots(plan, loaded.markers);
    const refusal = this.budgetRefusal(plan);
    this.set({ plan: planView(plan, { fileName: loaded.file.name, ...(refusal ? { refusal } : {}) }) });
    return plan;
  }

  /** The plan's own refusal (errors, no shots), else the run budget and the daily cap, with the numbers. */
  private budgetRefusal(plan: ShotPlan): string | undefined {
    if (plan.refusal) return plan.refusal;
    const budget = parseUsd(this.state.options.budget);
    if (budget === "invalid") return `the run budget '${this.state.options.budget}' is not an amount in dollars; write one such as 25, or leave it empty`;
    const dailyUsd = this.deps.store.getState().settings.dailyBudgetUsd;
    const spentTodayUsd = this.deps.ledger.requireLedger().spentUsd(startOfDay(this.deps.platform.clock.now()));
    return budgetRefusal(
      plan.total,
      { ...(budget !== undefined ? { runUsd: budget } : {}), ...(dailyUsd !== undefined ? { dailyUsd, spentTodayUsd } : {}) },
      { run: "the run budget", daily: "your daily cap (Settings)" },
    );
  }
}

/** Each marker shot's start and slot, exact in ticks, where the fill and the exports read them. */
function fixMarkerSlots(plan: ShotPlan, markers: NonNullable<LoadedList["markers"]>): void {
  const perFrame = BigInt(markers.ticksPerFrame);
  for (const job of plan.jobs) {
    const row = markers.rows.find((candidate) => candidate.shotId === job.shot.shotId);
    if (!row) continue;
    const shotlist = (job.extra?.shotlist ?? {}) as Record<string, unknown>;
    const slotTicks = BigInt(row.slotFrames) * perFrame;
    job.extra = {
      ...job.extra,
      shotlist: { ...(shotlist as object), startTicks: (BigInt(row.startFrame) * perFrame).toString(), slotSeconds: Number(slotTicks) / Number(TICKS_PER_SECOND) } as never,
    };
  }
}
