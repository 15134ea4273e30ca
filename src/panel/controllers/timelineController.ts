/**
 * The Generate tab's "From timeline" section: follows Premiere's Timeline (the selection, In/Out,
 * playhead, markers) live while the section is on screen, plans Extend, Bridge, Fill and Replace
 * for it with the model and prompt of the Generate form, and sends an action when the editor
 * chooses it. Markers go to the Shot list tab as a list. A take sent with Preview on opens in the
 * Source Monitor once it is in the bin and waits for Place.
 *
 * Following is cheap: Premiere's selection and sequence events refresh at once; while the section
 * is shown, a read every POLL_MS catches what has no event (In/Out, the playhead, markers), never
 * two reads at a time.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import { findModel } from "../../providers/catalog";
import type { TimelineState } from "../../host/timelineHost";
import { planMarkerShotList } from "../../timeline/markerShotList";
import { planAllTimelineActions, planTimelineAction } from "../../timeline/planTimelineAction";
import type { ActionSettings, TimelineActionKind } from "../../timeline/planTypes";
import type { GenerateDraft } from "../runtime/generateDraft";
import { extraJson, jobExtra } from "../runtime/jobExtras";
import { awaitsPlacement, timelineActionOf } from "../runtime/timelineActionJobs";
import { ACTION_LABELS, actionView, markersView, selectionText, TIMELINE_ACTIONS, type TimelineSectionState } from "../runtime/timelineSectionView";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, JobRuns, LedgerAccess, Notifier } from "./panelServices";
import type { ShotListPlanner } from "./shotListPlanner";
import type { TimelineActionLauncher } from "./timelineActionLauncher";

const POLL_MS = 1500;

export interface TimelineControllerDeps {
  store: PanelStore;
  host: HostAccess;
  ledger: LedgerAccess;
  runs: JobRuns;
  launcher: TimelineActionLauncher;
  /** The Shot list tab's planner: markers become its list. */
  shotLists: Pick<ShotListPlanner, "loadMarkerList">;
  notices: Notifier;
}

export class TimelineController {
  private timeline: TimelineState | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private watchers = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly detach: (() => void)[] = [];
  /** Jobs already opened in the Source Monitor this session. */
  private readonly previewed = new Set<string>();

  constructor(private readonly deps: TimelineControllerDeps) {}

  private get state(): TimelineSectionState {
    return this.deps.store.getState().timeline;
  }

  private set(patch: Partial<TimelineSectionState>): void {
    this.deps.store.setState({ timeline: { ...this.state, ...patch } });
  }

  /** Follows Premiere's events and the Generate form (the model and prompt change the plans). */
  start(): void {
    this.stop();
    this.detach.push(this.deps.host.requireHost().onContextChanged(() => void this.refresh()));
    this.detach.push(
      this.deps.store.subscribe((state, previous) => {
        if (state.draft !== previous.draft || state.usable !== previous.usable) this.replan();
      }),
    );
    const ledger = this.deps.ledger.requireLedger();
    this.detach.push(ledger.subscribe((job) => this.jobChanged(job)));
    // A take previewed in an earlier session still waits for Place (it stays open in the Source Monitor).
    const waiting = ledger.jobs().filter(awaitsPlacement).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).pop();
    if (waiting) {
      this.previewed.add(waiting.id);
      const action = timelineActionOf(waiting)!;
      this.set({ awaitingPlacement: { jobId: waiting.id, clipName: waiting.file!.split(/[\\/]/).pop() ?? waiting.shot.shotId }, latest: { kind: action.kind, jobId: waiting.id, summary: action.summary } });
    }
  }

  stop(): void {
    this.detach.splice(0).forEach((off) => off());
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The section is on screen: read now, and keep reading while it is. Returns the stop. */
  watch(): () => void {
    this.watchers++;
    void this.refresh();
    if (!this.timer) this.timer = setInterval(() => void this.refresh(), POLL_MS);
    return () => {
      this.watchers = Math.max(0, this.watchers - 1);
      if (this.watchers === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Reads the active sequence again (one read at a time; a request during a read reads once more after it). */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          await this.read();
        } while (this.again);
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private async read(): Promise<void> {
    let host;
    try {
      host = this.deps.host.requireHost();
    } catch {
      return;
    }
    try {
      this.timeline = await host.readTimeline();
      this.set({ problem: undefined });
    } catch (error) {
      this.timeline = undefined;
      const message = describeError(error);
      this.set({ following: false, actions: undefined, markers: undefined, selection: "", problem: /sequence/i.test(message) ? "Open a sequence in Premiere: the actions work on the active sequence." : `Premiere's timeline could not be read: ${message}` });
      return;
    }
    this.replan();
  }

  private settingsFor(draft: GenerateDraft): ActionSettings {
    return {
      prompt: draft.prompt,
      ...(draft.durationSeconds !== undefined ? { durationSeconds: draft.durationSeconds } : {}),
      ...(draft.resolution ? { resolution: draft.resolution } : {}),
      ...(draft.audio !== undefined ? { audio: draft.audio } : {}),
    };
  }

  /** Plans every action for the timeline last read and the Generate form as it is now. */
  replan(): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const draft = this.deps.store.getState().draft;
    const spec = findModel(draft.provider, draft.model);
    const base = { following: true, sequence: { id: timeline.sequenceId, name: timeline.sequenceName, fps: timeline.frameRate.fps }, selection: selectionText(timeline) };
    if (!spec) return this.set({ ...base, actions: undefined, markers: undefined });
    const settings = this.settingsFor(draft);
    const outcomes = planAllTimelineActions({ timeline, model: spec, settings });
    const actions = Object.fromEntries(TIMELINE_ACTIONS.map((kind) => [kind, actionView(outcomes[kind])])) as NonNullable<TimelineSectionState["actions"]>;
    const markers = planMarkerShotList({ timeline, model: spec, settings, ignore: (marker) => this.isShotbinMarker(marker.id) });
    this.set({ ...base, actions, markers: markersView(markers, undefined) });
  }

  /** Shotbin's own shot-list markers (pending shots) are not prompts for new shots. */
  private isShotbinMarker(id: string): boolean {
    return this.deps.ledger
      .requireLedger()
      .jobs()
      .some((job) => (job.extra?.timeline as { marker?: { id?: unknown } } | undefined)?.marker?.id === id);
  }

  /** Sends an action as planned now; the plan shown must still be the plan (else nothing is sent). */
  async run(kind: TimelineActionKind): Promise<boolean> {
    if (this.state.running) return false;
    this.set({ running: kind, runProblem: undefined });
    try {
      const state = this.deps.store.getState();
      const draft = state.draft;
      const spec = findModel(draft.provider, draft.model);
      if (!spec) throw new Error(`Not sent: the model ${draft.model} is unknown.`);
      if (!state.usable.includes(spec.provider)) throw new Error(`Not sent: no key is set for ${spec.displayName}. Add it in Settings.`);
      if (!state.mediaFolder) throw new Error("Not sent: choose a folder for the clips first (Choose media folder): the frames and the take go there.");
      const shown = this.state.actions?.[kind];
      const timeline = await this.deps.host.requireHost().readTimeline();
      this.timeline = timeline;
      const plan = planTimelineAction(kind, { timeline, model: spec, settings: this.settingsFor(draft) });
      this.replan();
      if (!plan.ok) throw new Error(`${ACTION_LABELS[kind]} cannot run: ${plan.reason}`);
      const now = actionView(plan);
      if (!shown?.ok || shown.summary !== now.summary || shown.costText !== now.costText || shown.sends.join("\n") !== now.sends.join("\n")) {
        throw new Error("Not sent: the timeline changed since the plan was shown. Check the plan above, then choose again.");
      }
      const job = await this.deps.launcher.launch({ plan, timeline, spec, draft, settings: state.settings, mediaFolder: state.mediaFolder });
      this.set({ latest: { kind, jobId: job.id, summary: plan.summary } });
      this.deps.notices.notify("info", `Sent ${ACTION_LABELS[kind]} (${now.costText}): ${plan.summary}.`, job.id);
      return true;
    } catch (error) {
      this.set({ runProblem: describeError(error) });
      return false;
    } finally {
      this.set({ running: undefined });
    }
  }

  /** Markers with prompts as a shot list: planned in the Shot list tab, with its budget and Run. */
  async planMarkers(): Promise<boolean> {
    this.set({ running: "markers", runProblem: undefined });
    try {
      const state = this.deps.store.getState();
      const spec = findModel(state.draft.provider, state.draft.model);
      if (!spec) throw new Error(`the model ${state.draft.model} is unknown`);
      const timeline = await this.deps.host.requireHost().readTimeline();
      this.timeline = timeline;
      this.replan();
      const planned = planMarkerShotList({ timeline, model: spec, settings: this.settingsFor(state.draft), ignore: (marker) => this.isShotbinMarker(marker.id) });
      const view = markersView(planned, undefined);
      if (view.refusal) throw new Error(view.refusal);
      this.deps.shotLists.loadMarkerList(planned, { ticksPerFrame: String(timeline.frameRate.ticksPerFrame), sequenceName: timeline.sequenceName });
      this.deps.store.setState({ activeTab: "shotlist" });
      return true;
    } catch (error) {
      this.set({ runProblem: `Markers: ${describeError(error)}` });
      return false;
    } finally {
      this.set({ running: undefined });
    }
  }

  /** A previewed take goes on the timeline as planned, from the In (to the Out) the editor marked in the Source Monitor. */
  async place(jobId: string): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.get(jobId);
    if (!job || job.state !== "imported") return;
    await ledger.update(job.id, { extra: extraJson({ ...jobExtra(job), goal: "placed" }, job.extra) });
    this.set({ awaitingPlacement: undefined });
    this.deps.runs.run([job.id], { goal: "placed" });
  }

  /** The editor does not want the previewed take on the timeline: it stays in the bin, and is not offered again. */
  async discard(jobId: string): Promise<void> {
    if (this.state.awaitingPlacement?.jobId === jobId) this.set({ awaitingPlacement: undefined });
    const ledger = this.deps.ledger.requireLedger();
    const job = ledger.get(jobId);
    const action = job ? timelineActionOf(job) : undefined;
    if (!job || !action) return;
    await ledger.update(job.id, { extra: { ...job.extra, timelineAction: { ...(job.extra!.timelineAction as JsonObject), keptInBin: true } } });
  }

  /** Opens a take sent with Preview in the Source Monitor once it is in the bin. */
  private jobChanged(job: JobRecord): void {
    const action = timelineActionOf(job);
    if (!action || !awaitsPlacement(job) || this.previewed.has(job.id) || !job.clipId || !job.file) return;
    this.previewed.add(job.id);
    const clip = { id: job.clipId, name: job.file.split(/[\\/]/).pop() ?? job.shot.shotId, mediaPath: job.file };
    void this.deps.host
      .requireHost()
      .openInSourceMonitor({ clip })
      .then(() => {
        this.set({ awaitingPlacement: { jobId: job.id, clipName: clip.name } });
        this.deps.notices.notify("success", `${clip.name} is open in the Source Monitor: mark In and Out if you like, then choose Place.`, job.id);
      })
      .catch((error: unknown) => this.deps.notices.notify("error", `${clip.name} could not be opened in the Source Monitor: ${describeError(error)}`, job.id));
  }
}
