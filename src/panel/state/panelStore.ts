/**
 * The panel's state, one zustand store per panel instance. The runtime writes it; components read
 * slices of it with `usePanelState`. Jobs arrive from the ledger in batches, so a burst of progress
 * updates costs one render.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { ImageJobRecord } from "../../core/imageJobRecord";
import type { JobRecord } from "../../core/jobRecord";
import type { ProviderId } from "../../core/request";
import type { HostContext } from "../../host/premiereHost";
import { emptyCompareState, type CompareState } from "../runtime/compareView";
import type { FramesState } from "../runtime/framesBoard";
import { emptyFramesDraft, emptyRefineDraft } from "../runtime/framesDraft";
import type { GenerateDraft } from "../runtime/generateDraft";
import type { RelayStatus } from "../runtime/relayLink";
import type { TakeQa } from "../runtime/takeQa";
import { emptySelfCheckState, type SelfCheckState } from "./selfCheckState";
import { emptyShotListState, type ShotListState } from "../runtime/shotListView";
import { emptyTimelineSection, type TimelineSectionState } from "../runtime/timelineSectionView";
import type { Spending } from "../runtime/spending";
import { defaultSettings, type PanelSettings } from "../settings/panelSettings";
import type { PanelTheme } from "../theme/hostTheme";

export type NoticeTone = "info" | "success" | "warning" | "error";

export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
  jobId?: string;
}

export interface KeyTest {
  state: "testing" | "ok" | "failed";
  message: string;
}

export interface PanelState {
  phase: "starting" | "ready" | "failed";
  /** Premiere's brightness; selects the panel's colours. */
  theme: PanelTheme;
  startupError?: string;
  settings: PanelSettings;
  /** Which secureStorage names hold a value (never the values). */
  keysSet: Record<string, boolean>;
  keyTests: Partial<Record<ProviderId, KeyTest>>;
  /** Providers with a key (and enabled), plus the simulator. */
  usable: ProviderId[];
  /** Image routes that are on and have a key, plus the simulator (Frames). */
  imageUsable: ProviderId[];
  mediaFolder?: string;
  mediaFolderProblem?: string;
  context: HostContext | null;
  contextProblem?: string;
  jobs: Record<string, JobRecord>;
  /** Job ids, newest first. */
  order: string[];
  spending: Spending;
  relay: RelayStatus;
  notices: Notice[];
  draft: GenerateDraft;
  /** The last refusal of the Generate button, shown under it. */
  generateProblem?: string;
  /** The takes the Generate button sent last in this session, followed under the button. */
  lastGenerated?: { shotId: string; jobIds: string[] };
  generating: boolean;
  activeTab: string;
  /** Image jobs (stills) from the ledger, by id, mirrored in batches like `jobs`. */
  stills: Record<string, ImageJobRecord>;
  /** The Frames tab: its form, the refine form, the pick. */
  frames: FramesState;
  /** The Shot list tab: the list, its plan, the run options, paused runs. */
  shotList: ShotListState;
  /** The Generate tab's From timeline section: the selection, each action's plan or refusal. */
  timeline: TimelineSectionState;
  /** The Diagnostics tab: the self-check's progress, results and report. */
  diagnostics: SelfCheckState;
  /** Generate's Compare mode: on or off, the models ticked, the last refusal. */
  compare: CompareState;
  /** Take QA from the relay, by job id: the full report (the ledger keeps only `extra.qa`'s summary). */
  qa: Record<string, TakeQa>;
}

export type PanelStore = StoreApi<PanelState>;

export function createPanelStore(draft: GenerateDraft): PanelStore {
  return createStore<PanelState>(() => ({
    phase: "starting",
    theme: "dark",
    settings: defaultSettings(),
    keysSet: {},
    keyTests: {},
    usable: ["simulator"],
    imageUsable: ["simulator"],
    context: null,
    jobs: {},
    order: [],
    spending: { today: 0, month: 0 },
    relay: { state: "off", events: 0 },
    notices: [],
    draft,
    generating: false,
    activeTab: "generate",
    stills: {},
    frames: { draft: emptyFramesDraft(), refine: emptyRefineDraft(), sending: false },
    shotList: emptyShotListState(),
    timeline: emptyTimelineSection(),
    diagnostics: emptySelfCheckState(),
    compare: emptyCompareState(),
    qa: {},
  }));
}
