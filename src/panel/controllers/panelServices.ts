/**
 * The narrow interfaces the panel's controllers lend each other. A controller never reaches into
 * another one: it reads and writes the zustand store, and calls what its constructor was given
 * through one of these. panelRuntime.ts wires them; a test can hand any of them a stub.
 */
import type { JobRecord } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";
import type { RunSummary, Scheduler, SchedulerEvent } from "../../core/scheduler";
import type { HostContext, PremiereHost } from "../../host/premiereHost";
import type { ImageProviderRegistry } from "../../providers/imageRegistry";
import type { ProviderRegistry } from "../../providers/registry";
import type { PickedImage } from "../platform/filePicking";
import type { PanelGoal } from "../runtime/jobExtras";
import type { PanelSettings } from "../settings/panelSettings";
import type { NoticeTone } from "../state/panelStore";

/** Messages in the notice bar (NoticesController). */
export interface Notifier {
  notify(tone: NoticeTone, text: string, jobId?: string): void;
}

/** Validated, saved changes to the panel's settings (SettingsController). Returns a problem, or undefined when saved. */
export interface SettingsWriter {
  update(patch: Partial<PanelSettings>): string | undefined;
}

/** The provider registry as it is now, rebuilt when provider settings change (ProvidersController). */
export interface ProviderAccess {
  registry(): ProviderRegistry;
  /** The image routes (Frames, a shot list's image step), rebuilt with the same settings. */
  imageRegistry(): ImageProviderRegistry;
  /** Seconds a simulator job takes with the configured timings, for wall-time estimates. */
  simulatorJobSeconds(): number;
  /** Called after each rebuild; returns the unsubscribe. */
  onRebuilt(listener: () => void): () => void;
}

/** secureStorage by name (KeysController). Values never reach the store. */
export interface Secrets {
  get(name: string): Promise<string | undefined>;
  /** Returns a problem, or undefined when saved. */
  save(name: string, value: string): Promise<string | undefined>;
}

/** Premiere through PremiereHost (PremiereController). */
export interface HostAccess {
  requireHost(): PremiereHost;
  /** Re-reads the project, target bin and active sequence into the store; concurrent calls share one read. */
  refreshContext(): Promise<HostContext | null>;
}

/** The job ledger once it is open (JobsController). */
export interface LedgerAccess {
  requireLedger(): Ledger;
}

export interface ScheduleOptions {
  goal: PanelGoal;
  approvedUsd?: number;
  /** New submits after a provider-side failure that may pass next time (within the approved money). */
  maxRetries?: number;
  onEvent?(event: SchedulerEvent): void;
  onFinished?(summary: RunSummary | undefined): void;
}

/** Runs jobs through the shared pipeline under one scheduler (JobRunner). */
export interface JobRuns {
  run(ids: string[], options: ScheduleOptions): Scheduler | undefined;
  isBusy(id: string): boolean;
  /** Asks the pipeline to re-run a failed job's step (nothing new is bought). */
  resumeStep(id: string): Promise<void>;
}

/** The pipeline's import and place steps for one kind of job (the shot-list fills own theirs). */
export interface EndSteps {
  importClip(job: JobRecord): Promise<string>;
  place(job: JobRecord): Promise<void>;
}

/** Runs stills through the image pipeline (StillsRunner). */
export interface StillRuns {
  /** Drives each image job to its goal; resolves when all have stopped. */
  run(ids: string[]): Promise<void>;
  isBusy(id: string): boolean;
  /** Runs again a step that failed after the stills were paid for. */
  resumeStep(id: string): Promise<void>;
  /**
   * A shot list's image steps: each still (and edit) to its goal, then each waiting take's first
   * frame set to its still (shotImageSteps.ts). Resolves when every still has stopped.
   */
  runImageSteps(imageJobIds: string[], takeIds: string[]): Promise<void>;
}

/** Puts an image into the Generate draft's first or last frame (GenerateController). */
export interface FrameSlots {
  /** Whether the draft took it, and a note for the editor (a model switched so it takes the frame; why not). */
  useFrame(slot: "firstFrame" | "lastFrame", image: PickedImage): { used: boolean; note?: string };
}

/**
 * The Frames pick as an input image (FramesController): for Generate's Animate and for the timeline
 * actions, which may send it as the first (or last) frame of their request. Its lineage rides along.
 */
export interface FramePicks {
  /** The picked still's bytes, path and lineage; undefined when nothing usable is picked. */
  pickedFrame(): Promise<PickedImage | undefined>;
}

/** Cancelling a job at its provider (JobActions). */
export interface JobCancelling {
  canCancel(job: JobRecord): boolean;
  cancel(id: string): Promise<void>;
}
