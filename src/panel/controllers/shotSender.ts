/**
 * The one path a shot's takes take from the form to the providers: the media folder, the daily
 * cap on the total, Premiere's project and sequence, one ledger record per take (each with its own
 * idempotency key, planned before anything is sent), and one run with the total as its approved
 * money. Generate and Compare both send through it, so neither can spend outside the cap or send
 * a take that was not recorded first.
 */
import { planJob } from "../../core/plan";
import type { JobRecord } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import { roundUsd, type CostEstimate } from "../../core/pricing";
import type { ResolvedRequest } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { HostContext } from "../../host/premiereHost";
import type { GenerateDraft } from "../runtime/generateDraft";
import { extraJson, type PanelGoal, type PanelJobExtra } from "../runtime/jobExtras";
import { dailyCapProblem } from "../runtime/spending";
import { binPathFor } from "../settings/panelSettings";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess, JobRuns, LedgerAccess } from "./panelServices";

export interface ShotSenderDeps {
  store: PanelStore;
  clock: Clock;
  ledger: LedgerAccess;
  host: HostAccess;
  runs: JobRuns;
}

export interface TakeToSend {
  request: ResolvedRequest;
  /** 1-based, unique within the shot. */
  take: number;
  estimate: CostEstimate;
  /** More of the panel's extras for this take (Compare's group), kept beside goal, bin and placement. */
  extra?: JsonObject;
}

export interface ShotToSend {
  draft: GenerateDraft;
  takes: TakeToSend[];
  goal: PanelGoal;
  /** Lay the takes at the playhead (takes on tracks placeTrack, placeTrack + 1, …). */
  place: boolean;
  /** When set, refuse without an open project, with this message. */
  projectNeeded?: string;
}

export interface SentShot {
  shotId: string;
  jobs: JobRecord[];
  totalUsd: number;
}

/** What the takes cost together; an unknown price counts as nothing (the form says it is unknown). */
export function totalOf(takes: readonly { estimate: CostEstimate }[]): number {
  return roundUsd(takes.reduce((sum, take) => sum + (Number.isFinite(take.estimate.usd) ? take.estimate.usd : 0), 0));
}

export class ShotSender {
  constructor(private readonly deps: ShotSenderDeps) {}

  /** Checks, records and starts every take; throws "Not sent: …" and records nothing when a check fails. */
  async send(shot: ShotToSend): Promise<SentShot> {
    const { store, clock } = this.deps;
    const state = store.getState();
    if (!state.mediaFolder) throw new Error("Not sent: choose a folder for the clips first (Choose media folder), so paid clips are never left in a temporary folder.");
    const total = totalOf(shot.takes);
    const ledger = this.deps.ledger.requireLedger();
    const overBudget = dailyCapProblem(ledger, state.settings.dailyBudgetUsd, clock.now(), total);
    if (overBudget) throw new Error(`Not sent: ${overBudget}`);

    const settings = state.settings;
    const context: HostContext | null = await this.deps.host.refreshContext();
    if (shot.projectNeeded && !context?.project) throw new Error(shot.projectNeeded);
    if (shot.place && !context?.sequence) throw new Error("Not sent: there is no active sequence to place on. Open one, or untick Place on timeline.");

    const now = clock.now();
    const shotId = nextShotId(ledger.jobs());
    const draft = shot.draft;
    const jobs = shot.takes.map(({ request, take, estimate, extra: more }) => {
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
        goal: shot.goal,
        binPath: binPathFor(settings, now),
        ...(context?.targetBin ? { bin: context.targetBin.bin } : {}),
        ...(context?.project ? { projectPath: context.project.path } : {}),
        ...(shot.place && sequence ? { placement: { sequenceId: sequence.id, sequenceName: sequence.name, frame: sequence.playheadFrame, track: settings.placeTrack + take - 1 } } : {}),
      };
      return { ...job, extra: extraJson(extra, more) };
    });
    await ledger.add(jobs);
    this.deps.runs.run(
      jobs.map((job) => job.id),
      { goal: shot.goal, approvedUsd: total },
    );
    return { shotId, jobs, totalUsd: total };
  }
}

/** G1, G2, …: one more than the highest Generate shot in the ledger. */
export function nextShotId(jobs: readonly { shot: { shotId: string } }[]): string {
  let highest = 0;
  for (const job of jobs) {
    const match = /^G(\d+)$/.exec(job.shot.shotId);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `G${highest + 1}`;
}
