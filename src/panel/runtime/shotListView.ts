/**
 * What the Shot list tab shows, as plain data in the panel store: the plan table (one row per shot
 * with its model, length, options, cost and the problems found at its row), the totals, the
 * verdict, the run options the editor picks, and a pause waiting for more budget. Built from the
 * shot-list layer's plan; nothing here spends anything.
 */
import { formatUsd } from "../../core/pricing";
import { formatStillUsd } from "./framesDraft";
import { findModel } from "../../providers/catalog";
import { describeProvider } from "../../providers/providerDescriptions";
import { summarizePlan } from "../../shotlist/planReport";
import { formatProblem, type ShotListProblem } from "../../shotlist/shotListTypes";
import type { PlannedShot, ShotPlan } from "../../shotlist/shotPlan";
import { formatDuration } from "../../shotlist/wallTime";

export interface PlanRowProblem {
  severity: "error" | "warning";
  /** Row or line, column, message and fix, as `formatProblem` words them. */
  text: string;
}

export interface PlanRowView {
  shot: string;
  scene?: string;
  /** `row 4` or `line 12`: where the shot is in the file. */
  where?: string;
  takes: number;
  model?: string;
  /** The model as the UI names it. */
  modelLabel: string;
  /** The model the list asked for, when the row rehearses on the simulator. */
  rehearsalOf?: string;
  durationSeconds?: number;
  /** Aspect, resolution, audio, seeds. */
  options: string[];
  costUsd: number;
  prompt: string;
  /** The image step, as the row shows it: "Still: Flux 2 Pro (fal), edited, $0.05". */
  imageText?: string;
  blocked: boolean;
  problems: PlanRowProblem[];
}

export interface PlanView {
  name: string;
  fileName?: string;
  format: string;
  shots: number;
  jobs: number;
  totalUsd: number;
  /** `$4.80 for 6 takes of 5 shots` with any price caveat. */
  totalText: string;
  wallTimeText: string;
  seedPolicy: string;
  rows: PlanRowView[];
  /** Problems that belong to no row (the file, the defaults, the run as a whole). */
  problems: PlanRowProblem[];
  ignoredColumns: string[];
  rehearsal: boolean;
  /** Why Run is refused: errors in the list, no shots, or over a budget cap (with the numbers). */
  refusal?: string;
  errorCount: number;
}

export type StartKind = "playhead" | "end" | "timecode";

/** What the editor picks before a run. Texts are kept as typed and checked at Run. */
export interface ShotListOptions {
  /** 0-based video track; the sequence's track count means "a new track". */
  track: number;
  start: StartKind;
  /** `00:00:10:00`, or seconds. */
  timecode: string;
  gap: boolean;
  gapFrames: string;
  /** Budget for this run in USD; empty for none (the daily cap still applies). */
  budget: string;
  /** Run every shot on the simulator, whatever model the list names. */
  rehearse: boolean;
}

export interface BudgetPauseView {
  jobId: string;
  neededUsd: number;
  approvedUsd: number;
  reservedUsd: number;
}

export interface ShotListState {
  file?: { name: string; path: string };
  loading: boolean;
  loadProblem?: string;
  plan?: PlanView;
  options: ShotListOptions;
  starting: boolean;
  /** The last refusal of Run, shown under it. */
  runProblem?: string;
  /** Runs whose scheduler is running in this session. */
  activeRuns: string[];
  /** Runs waiting for the editor to approve more money for a retry. */
  pauses: Record<string, BudgetPauseView>;
}

export function emptyShotListState(): ShotListState {
  return {
    loading: false,
    options: { track: 0, start: "end", timecode: "00:00:00:00", gap: false, gapFrames: "12", budget: "", rehearse: false },
    starting: false,
    activeRuns: [],
    pauses: {},
  };
}

function sameSource(problem: ShotListProblem, planned: PlannedShot): boolean {
  const source = planned.shot.source;
  if (problem.row === undefined && problem.line === undefined && problem.path === undefined) return false;
  return problem.row === source.row && problem.line === source.line && problem.path === source.path;
}

function whereOf(planned: PlannedShot): string | undefined {
  const source = planned.shot.source;
  if (source.row !== undefined) return `row ${source.row}`;
  if (source.line !== undefined) return `line ${source.line}`;
  return source.path;
}

function optionsOf(planned: PlannedShot): string[] {
  const request = planned.takes[0]?.request;
  if (!request) return [];
  const options = [request.aspectRatio, request.resolution].filter((value): value is string => !!value);
  if (request.audio !== undefined) options.push(request.audio ? "audio" : "no audio");
  const seeds = planned.takes.map((take) => take.request.seed).filter((seed): seed is number => seed !== undefined);
  if (seeds.length) options.push(`seed ${seeds.join(", ")}`);
  return options;
}

function modelLabel(planned: PlannedShot): string {
  if (!planned.model || !planned.provider) return "—";
  // Catalogue names already say where the model runs: "Veo 3.1 Fast (Replicate)".
  return findModel(planned.provider, planned.model)?.displayName ?? planned.model;
}

function problemView(problem: ShotListProblem): PlanRowProblem {
  return { severity: problem.severity, text: formatProblem(problem) };
}

/** The plan as the tab shows it; `refusal` is the plan's own, or the panel's budget refusal. */
export function planView(plan: ShotPlan, options: { fileName?: string; refusal?: string }): PlanView {
  const summary = summarizePlan(plan);
  const matched = new Set<ShotListProblem>();
  const rows: PlanRowView[] = plan.shots.map((planned) => {
    const problems = plan.problems.filter((problem) => sameSource(problem, planned));
    problems.forEach((problem) => matched.add(problem));
    const where = whereOf(planned);
    return {
      shot: planned.shot.id,
      ...(planned.shot.scene ? { scene: planned.shot.scene } : {}),
      ...(where ? { where } : {}),
      takes: planned.takes.length || (planned.shot.takes ?? 1),
      ...(planned.model ? { model: planned.model } : {}),
      modelLabel: modelLabel(planned),
      ...(planned.rehearsalOf ? { rehearsalOf: planned.rehearsalOf } : {}),
      ...(planned.durationSeconds !== undefined ? { durationSeconds: planned.durationSeconds } : {}),
      options: planned.continuesFrom ? [`starts on shot ${planned.continuesFrom}'s last frame`, ...optionsOf(planned)] : optionsOf(planned),
      costUsd: planned.costUsd,
      prompt: planned.prompt,
      ...(planned.imageStep
        ? { imageText: `Still first: ${planned.imageStep.label}${planned.imageStep.rehearsalOf ? ` for ${planned.imageStep.rehearsalOf}` : ""}${planned.imageStep.editPrompt ? `, edited ("${planned.imageStep.editPrompt}")` : ""}, ${formatStillUsd(planned.imageStep.costUsd)}` }
        : {}),
      blocked: planned.blocked,
      problems: problems.map(problemView),
    };
  });
  const price = summary.unknownPrices > 0 ? ` (+ ${summary.unknownPrices} take${summary.unknownPrices === 1 ? "" : "s"} with no known price)` : summary.priceConfirmed ? "" : " (some prices unconfirmed)";
  const runnable = rows.filter((row) => !row.blocked).length;
  const perProvider = summary.providers.map((p) => `${describeProvider(p.provider).displayName}: ${p.jobs} at ${p.concurrency} at a time`).join("; ");
  const refusal = options.refusal ?? plan.refusal;
  return {
    name: plan.name,
    ...(options.fileName ? { fileName: options.fileName } : {}),
    format: plan.list.format,
    shots: plan.shots.length,
    jobs: plan.jobs.length,
    totalUsd: summary.totalUsd,
    // Stills cost fractions of a cent ($0.045): with them in the plan, the total shows them too.
    totalText: `${(summary.imageJobs > 0 ? formatStillUsd : formatUsd)(summary.totalUsd)} for ${summary.jobs} take${summary.jobs === 1 ? "" : "s"}${summary.imageJobs > 0 ? ` and ${summary.imageJobs} still${summary.imageJobs === 1 ? "" : "s"} (${formatStillUsd(summary.imageUsd)})` : ""} of ${runnable} shot${runnable === 1 ? "" : "s"}${price}`,
    wallTimeText: `about ${formatDuration(summary.wallTimeSeconds)}${perProvider ? ` (${perProvider})` : ""}`,
    seedPolicy: summary.seedPolicy,
    rows,
    problems: plan.problems.filter((problem) => !matched.has(problem)).map(problemView),
    ignoredColumns: summary.ignoredColumns,
    rehearsal: summary.rehearsal,
    ...(refusal ? { refusal } : {}),
    errorCount: plan.problems.filter((problem) => problem.severity === "error").length,
  };
}
