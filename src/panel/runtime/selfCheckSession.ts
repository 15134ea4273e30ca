/**
 * The Diagnostics tab's engine: runs the self-check (src/diagnostics) over the panel's own
 * platform and Premiere host, keeps its progress and results in the store, and copies, saves and
 * shows the report. The checks themselves live in src/diagnostics; nothing here judges them.
 */
import { describeError } from "../../core/errors";
import type { FileSystem } from "../../core/seams/fileSystem";
import { reportClipboardText } from "../../diagnostics/reportText";
import type { SelfCheckReport } from "../../diagnostics/reportSchema";
import { runSelfCheck } from "../../diagnostics/runSelfCheck";
import { saveReport } from "../../diagnostics/saveReport";
import type { SelfCheckDeps, SelfCheckProgress } from "../../diagnostics/selfCheckDeps";
import type { PanelPlatform } from "../platform/panelPlatform";
import type { NoticeTone, PanelStore } from "../state/panelStore";
import type { SelfCheckState } from "../state/selfCheckState";

export interface SelfCheckSessionDeps {
  platform: PanelPlatform;
  files: FileSystem;
  store: PanelStore;
  /** Everything the self-check needs, from the panel's platform, host and Settings. */
  selfCheckDeps(): Promise<SelfCheckDeps>;
  mediaFolder(): string | undefined;
  notify(tone: NoticeTone, text: string): void;
}

export class SelfCheckSession {
  constructor(private readonly deps: SelfCheckSessionDeps) {}

  get state(): SelfCheckState {
    return this.deps.store.getState().diagnostics;
  }

  private set(patch: Partial<SelfCheckState>): void {
    this.deps.store.setState({ diagnostics: { ...this.state, ...patch } });
  }

  setKeepScratch(keepScratch: boolean): void {
    this.set({ keepScratch });
  }

  async run(): Promise<SelfCheckReport | undefined> {
    if (this.state.running) return undefined;
    this.set({ running: true, entries: [], total: 0, current: undefined, waiting: undefined, report: undefined, problem: undefined, saved: undefined, savedText: undefined });
    try {
      const deps = await this.deps.selfCheckDeps();
      const report = await runSelfCheck(deps, { keepScratch: this.state.keepScratch, onProgress: (progress) => this.progress(progress) });
      this.set({ report, current: undefined, waiting: undefined });
      return report;
    } catch (error) {
      this.set({ problem: `The self-check stopped: ${describeError(error)}`, current: undefined, waiting: undefined });
      return undefined;
    } finally {
      this.set({ running: false });
    }
  }

  private progress(progress: SelfCheckProgress): void {
    switch (progress.type) {
      case "started":
        this.set({ total: progress.total });
        break;
      case "check-started":
        this.set({ current: { index: progress.index, title: progress.title } });
        break;
      case "waiting-for-user":
        this.set({ waiting: { instruction: progress.instruction, timeoutMs: progress.timeoutMs } });
        break;
      case "check-finished":
        this.set({ entries: [...this.state.entries, progress.entry], waiting: undefined });
        break;
      case "finished":
        break;
    }
  }

  /** Puts the report (text, then the JSON) on the clipboard. */
  async copy(): Promise<void> {
    const report = this.state.report;
    if (!report) return;
    const clipboard = this.deps.platform.clipboard;
    try {
      if (!clipboard) throw new Error("this Premiere gives the panel no clipboard; use Save report and attach the file");
      await clipboard.setText(reportClipboardText(report));
      this.deps.notify("success", "The self-check report is on the clipboard: paste it into your bug report or email.");
    } catch (error) {
      this.set({ problem: `The report was not copied: ${describeError(error)}` });
    }
  }

  /** Saves the report as JSON into the media folder, never overwriting. */
  async save(): Promise<void> {
    const report = this.state.report;
    if (!report) return;
    const folder = this.deps.mediaFolder();
    if (!folder) {
      this.set({ problem: "Choose a media folder first (Generate tab or Settings); the report is saved there." });
      return;
    }
    try {
      const saved = await saveReport(report, { files: this.deps.files, folder });
      this.set({ saved, problem: undefined });
      this.deps.notify("success", `Saved ${saved.name} in the media folder.`);
    } catch (error) {
      this.set({ problem: `The report was not saved: ${describeError(error)}` });
    }
  }

  /** Reads the saved report back from disk, so the editor sees exactly what the file holds. */
  async viewSaved(): Promise<void> {
    const saved = this.state.saved;
    if (!saved) return;
    try {
      this.set({ savedText: await this.deps.platform.fs.readFile(saved.path, { encoding: "utf-8" }) });
    } catch (error) {
      this.set({ problem: `${saved.name} could not be read back: ${describeError(error)}` });
    }
  }

  hideSaved(): void {
    this.set({ savedText: undefined });
  }
}
