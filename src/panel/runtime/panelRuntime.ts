/**
 * The panel's composition root. It builds the zustand store and one controller per concern
 * (src/panel/controllers), hands each the narrow interfaces it needs, starts them in order and
 * stops them. The controllers share nothing but the store; the UI reads the store and calls the
 * controllers (`usePanel().generator.generate()`). Everything outside comes in through the
 * PanelPlatform, so the same code runs in Premiere and in the browser harness.
 *
 * Adding a controller: write it in src/panel/controllers with its deps as a narrow interface,
 * construct it below, add it to `start`/`stop` if it has a lifecycle, and read it from a tab with
 * `usePanel().<name>`. docs/panel.md has the map.
 *
 * The methods at the end are the runtime's own API for tests and benchmarks: each is one
 * controller's method, kept here so a script can drive the panel without knowing its layout.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { ProviderId } from "../../core/request";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { PollPolicy } from "../../core/videoProvider";
import type { HostContext } from "../../host/premiereHost";
import { uxpFileSystem } from "../../media/uxpFileSystem";
import { findModel } from "../../providers/catalog";
import { JobWakeups } from "../../providers/jobWakeups";
import type { SimulatorOptions } from "../../providers/simulator";
import { CompareController } from "../controllers/compareController";
import { FramesController } from "../controllers/framesController";
import { GenerateController } from "../controllers/generateController";
import { JobActions } from "../controllers/jobActions";
import { JobRunner } from "../controllers/jobRunner";
import { JobsController } from "../controllers/jobsController";
import { KeysController } from "../controllers/keysController";
import { LinksController } from "../controllers/linksController";
import { MediaFolderController } from "../controllers/mediaFolderController";
import { NoticesController } from "../controllers/noticesController";
import { PremiereController } from "../controllers/premiereController";
import { ProvidersController } from "../controllers/providersController";
import { RelayController } from "../controllers/relayController";
import { SelfCheckSession } from "../controllers/selfCheckSession";
import { SettingsController } from "../controllers/settingsController";
import { ShotListFills } from "../controllers/shotListFills";
import { ShotListRuns } from "../controllers/shotListRuns";
import { StillsRunner } from "../controllers/stillsRunner";
import { ThemeController } from "../controllers/themeController";
import { ClipLabelsController } from "../controllers/clipLabelsController";
import { QaController } from "../controllers/qaController";
import { TimelineActionLauncher } from "../controllers/timelineActionLauncher";
import { TimelineActionSteps } from "../controllers/timelineActionSteps";
import { TimelineController } from "../controllers/timelineController";
import type { PanelPlatform } from "../platform/panelPlatform";
import { pluginAssetSource } from "../platform/pluginAssetSource";
import { SecureKeyStore } from "../platform/secureKeyStore";
import type { PanelSettings } from "../settings/panelSettings";
import { createPanelStore, type NoticeTone, type PanelState, type PanelStore } from "../state/panelStore";
import { emptyDraft, type GenerateDraft } from "./generateDraft";

export interface PanelRuntimeOptions {
  /** The simulator's timings (tests and benchmarks run it faster than an editor would want). */
  simulator?: Omit<SimulatorOptions, "clock">;
  /** Status polling pace for every provider (tests against the fake providers poll faster). */
  pollPolicy?: Partial<PollPolicy>;
}

export class PanelRuntime {
  readonly store: PanelStore;
  readonly files: FileSystem;

  // The controllers, one per concern. Tabs reach them through usePanel().
  readonly notices: NoticesController;
  readonly theme: ThemeController;
  readonly settings: SettingsController;
  readonly providers: ProvidersController;
  readonly keys: KeysController;
  /** Provider web pages, opened in the browser (Settings). */
  readonly links: LinksController;
  readonly mediaFolder: MediaFolderController;
  readonly premiere: PremiereController;
  readonly jobs: JobsController;
  readonly runner: JobRunner;
  readonly jobActions: JobActions;
  readonly generator: GenerateController;
  /** Stills through the image pipeline (Frames, resumed at start). */
  readonly stills: StillsRunner;
  /** The Frames tab: concept frames, the pick, refinements, Animate. */
  readonly frames: FramesController;
  readonly relay: RelayController;
  /** The Shot list tab: plan, run into the timeline, resume. */
  readonly shotLists: ShotListRuns;
  /** The Diagnostics tab: the self-check and its report. */
  readonly selfCheck: SelfCheckSession;
  /** The Generate tab's From timeline section: follow the Timeline, plan and send its actions. */
  readonly timeline: TimelineController;
  /** Label colours of the clips Shotbin makes, by state. */
  readonly clipLabels: ClipLabelsController;
  /** Generate's Compare mode: one draft to 2 to 4 models, the takes side by side, the choice. */
  readonly compare: CompareController;
  /** Take QA through the relay (Review's badges, strips and defects; the QA column). */
  readonly qa: QaController;

  private stopped = false;

  constructor(
    readonly platform: PanelPlatform,
    options: PanelRuntimeOptions = {},
  ) {
    const store = createPanelStore(emptyDraft(findModel("simulator", "shotbin-sim")!));
    const files = uxpFileSystem(platform.fs);
    const secureKeys = new SecureKeyStore(platform.uxp.storage.secureStorage);
    const wakeups = new JobWakeups();
    this.store = store;
    this.files = files;

    const notices = (this.notices = new NoticesController(store));
    this.theme = new ThemeController(store, platform.theme);
    const settings = (this.settings = new SettingsController(store, platform.storage));
    const providers = (this.providers = new ProvidersController({ store, fetch: platform.fetch, clock: platform.clock, keys: secureKeys, ...(options.simulator ? { simulator: options.simulator } : {}) }));
    const keys = (this.keys = new KeysController(store, secureKeys, providers));
    this.links = new LinksController(platform.uxp, notices);
    const mediaFolder = (this.mediaFolder = new MediaFolderController(store, platform.uxp, settings));
    const host = (this.premiere = new PremiereController(store, platform.ppro, { files, clock: platform.clock }));
    const ledger = (this.jobs = new JobsController(store, { fs: platform.fs, clock: platform.clock }, notices));
    const relay = (this.relay = new RelayController({ store, platform, wakeups, secrets: keys, settings, ledger, notices }));
    const fills = new ShotListFills({ ledger, host, files });
    const timelineSteps = new TimelineActionSteps({ host, notices });
    const runs = (this.runner = new JobRunner({
      store,
      seams: { clock: platform.clock, fetch: platform.fetch, files, assets: pluginAssetSource(platform.fs) },
      ledger,
      providers,
      host,
      mediaFolder: () => mediaFolder.require(),
      wakeups,
      relay,
      shotListSteps: fills,
      timelineSteps,
      notices,
      ...(options.pollPolicy ? { pollPolicy: options.pollPolicy } : {}),
    }));
    const jobActions = (this.jobActions = new JobActions({ store, clock: platform.clock, ledger, providers, runs, host, wakeups, notices, uxp: platform.uxp }));
    const generator = (this.generator = new GenerateController({ store, clock: platform.clock, uxp: platform.uxp, settings, ledger, host, runs, notices }));
    const stills = (this.stills = new StillsRunner({
      store,
      seams: { clock: platform.clock, fetch: platform.fetch, files },
      ledger,
      providers,
      host,
      mediaFolder: () => mediaFolder.require(),
      wakeups,
      relay,
      notices,
      ...(options.pollPolicy ? { pollPolicy: options.pollPolicy } : {}),
    }));
    this.frames = new FramesController({ store, clock: platform.clock, files, storage: platform.storage, ledger, host, stills, frameSlots: generator, notices });
    this.shotLists = new ShotListRuns({ store, platform, files, ledger, providers, host, fills, runs, stills, jobs: jobActions, notices });
    this.selfCheck = new SelfCheckSession({ platform, files, store, host, secrets: keys, notices });
    const launcher = new TimelineActionLauncher({ clock: platform.clock, files, ledger, host, providers, runs });
    this.timeline = new TimelineController({ store, host, ledger, runs, launcher, shotLists: this.shotLists.planner, notices });
    this.clipLabels = new ClipLabelsController({ store, ledger, host, notices });
    this.compare = new CompareController({ store, clock: platform.clock, ledger, host, runs, notices });
    this.qa = new QaController({ store, ledger, host, secrets: keys, fetch: platform.fetch });
  }

  get state(): PanelState {
    return this.store.getState();
  }

  /** Loads everything and resumes unfinished jobs. Each part that fails is reported and the rest still starts. */
  async start(): Promise<void> {
    if (this.stopped) return;
    this.store.setState({ phase: "starting" });
    try {
      this.theme.start();
      const warning = this.settings.load();
      if (warning) this.notices.notify("warning", warning);
      this.premiere.connect();
      const ledger = await this.jobs.open();
      this.runner.attach(ledger);
      this.stills.attach(ledger);
      this.clipLabels.start();
      this.qa.start();
      await this.keys.refresh();
      this.frames.restorePick();
      this.generator.selectInitialModel();
      await this.mediaFolder.restore();
      await this.premiere.refreshContext();
      this.timeline.start();
      this.store.setState({ phase: "ready" });
      markFirstReady();
      const taken = this.shotLists.resumeRuns();
      this.runner.resumeUnfinished(taken);
      this.stills.resumeUnfinished(taken);
      void this.relay.connectFromSettings();
    } catch (error) {
      this.store.setState({ phase: "failed", startupError: `Shotbin could not start: ${describeError(error)}. Check that Premiere allows the plugin to use its data folder, then choose Try again.` });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.shotLists.stop();
    this.timeline.stop();
    this.clipLabels.stop();
    this.qa.stop();
    this.runner.stop();
    this.stills.stop();
    this.premiere.stop();
    this.jobs.stop();
    this.keys.stop();
    this.providers.stop();
    this.theme.stop();
    this.notices.stop();
    await this.relay.disconnect();
  }

  // ---------------------------------------------------------------- the runtime's API for tests and scripts

  notify(tone: NoticeTone, text: string, jobId?: string): void {
    this.notices.notify(tone, text, jobId);
  }
  dismiss(id: number): void {
    this.notices.dismiss(id);
  }
  updateSettings(patch: Partial<PanelSettings>): string | undefined {
    return this.settings.update(patch);
  }
  refreshKeys(): Promise<void> {
    return this.keys.refresh();
  }
  saveKey(name: string, value: string): Promise<string | undefined> {
    return this.keys.save(name, value);
  }
  removeKey(name: string): Promise<void> {
    return this.keys.remove(name);
  }
  testKey(provider: ProviderId): Promise<void> {
    return this.keys.test(provider);
  }
  chooseMediaFolder(): Promise<void> {
    return this.mediaFolder.choose();
  }
  refreshContext(): Promise<HostContext | null> {
    return this.premiere.refreshContext();
  }
  refreshSpending(): void {
    this.jobs.refreshSpending();
  }
  jobById(id: string): JobRecord | undefined {
    return this.jobs.jobById(id);
  }
  setDraft(draft: GenerateDraft): void {
    this.generator.setDraft(draft);
  }
  updateDraft(patch: Partial<GenerateDraft>): void {
    this.generator.updateDraft(patch);
  }
  chooseModel(provider: ProviderId, model: string): void {
    this.generator.chooseModel(provider, model);
  }
  setDefaultModel(provider: ProviderId, model: string): string | undefined {
    return this.generator.setDefaultModel(provider, model);
  }
  chooseImage(slot: "firstFrame" | "lastFrame" | "reference"): Promise<void> {
    return this.generator.chooseImage(slot);
  }
  generate(): Promise<boolean> {
    return this.generator.generate();
  }
  canCancel(job: JobRecord): boolean {
    return this.jobActions.canCancel(job);
  }
  cancel(id: string): Promise<void> {
    return this.jobActions.cancel(id);
  }
  retryEstimate(job: JobRecord): number {
    return this.jobActions.retryEstimate(job);
  }
  retryAsNewJob(id: string): Promise<void> {
    return this.jobActions.retryAsNewJob(id);
  }
  canResume(job: JobRecord): boolean {
    return this.jobActions.canResume(job);
  }
  resume(id: string): Promise<void> {
    return this.jobActions.resume(id);
  }
  importTake(id: string): Promise<void> {
    return this.jobActions.importTake(id);
  }
  discardTake(id: string): Promise<void> {
    return this.jobActions.discardTake(id);
  }
  reimport(id: string): Promise<void> {
    return this.jobActions.reimport(id);
  }
  reveal(id: string): Promise<void> {
    return this.jobActions.reveal(id);
  }
  isBusy(id: string): boolean {
    return this.runner.isBusy(id);
  }
  saveRelay(url: string, token: string | undefined): Promise<string | undefined> {
    return this.relay.save(url, token);
  }
  disconnectRelay(): Promise<void> {
    return this.relay.disconnect();
  }
}

/** A performance mark the harness and bench:panel read; harmless where `performance` lacks marks. */
function markFirstReady(): void {
  const perf = (globalThis as { performance?: { mark?: (name: string) => void } }).performance;
  try {
    perf?.mark?.("shotbin:ready");
  } catch {
    // Not every runtime has user timing.
  }
}
