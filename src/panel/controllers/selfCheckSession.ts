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
import { PLUGIN_SELF_CHECK_CLIPS } from "../../diagnostics/testClips";
import type { PanelPlatform } from "../platform/panelPlatform";
import { RELAY_TOKEN_KEY } from "../settings/keyNames";
import { SHOTBIN_VERSION } from "../shotbinVersion";
import type { PanelStore } from "../state/panelStore";
import type { SelfCheckState } from "../state/selfCheckState";
import type { HostAccess, Notifier, Secrets } from "./panelServices";

export interface SelfCheckSessionDeps {
  platform: PanelPlatform;
  files: FileSystem;
  store: PanelStore;
  host: HostAccess;
  secrets: Pick<Secrets, "get">;
  notices: Notifier;
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
      const deps = await this.selfCheckDeps();
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

  /**
   * What the self-check needs, from the panel's own platform: the same `premierepro`, PremiereHost,
   * `uxp` and `fs` the panel works with, the relay from Settings (its token from secureStorage), and
   * the test clips the build copies into the plugin folder.
   */
  async selfCheckDeps(): Promise<SelfCheckDeps> {
    const platform = this.deps.platform;
    const url = this.deps.store.getState().settings.relayUrl;
    const token = url ? await this.deps.secrets.get(RELAY_TOKEN_KEY) : undefined;
    return {
      ppro: platform.ppro,
      host: this.deps.host.requireHost(),
      uxp: platform.uxp,
      fs: platform.fs,
      fetch: platform.fetch,
      webSocket: platform.webSocket,
      relay: url ? { url, ...(token ? { token } : {}) } : null,
      clock: platform.clock,
      shotbinVersion: SHOTBIN_VERSION,
      os: platform.os?.() ?? null,
      testClips: PLUGIN_SELF_CHECK_CLIPS,
    };
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
      this.deps.notices.notify("success", "The self-check report is on the clipboard: paste it into your bug report or email.");
    } catch (error) {
      this.set({ problem: `The report was not copied: ${describeError(error)}` });
    }
  }

  /** Saves the report as JSON into the media folder, never overwriting. */
  async save(): Promise<void> {
    const report = this.state.report;
    if (!report) return;
    const folder = this.deps.store.getState().mediaFolder;
    if (!folder) {
      this.set({ problem: "Choose a media folder first (Generate tab or Settings); the report is saved there." });
      return;
    }
    try {
      const saved = await saveReport(report, { files: this.deps.files, folder });
      this.set({ saved, problem: undefined });
      this.deps.notices.notify("success", `Saved ${saved.name} in the media folder.`);
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
