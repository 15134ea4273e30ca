import { formatUsd } from "../core/pricing";
import { describeSeedPolicy } from "./seedPolicy";
import { formatProblem } from "./shotListTypes";
import type { ShotPlan } from "./shotPlan";
import { formatDuration } from "./wallTime";

/** One row of the plan table: the same for `shotbin run --dry-run` and the panel's preview. */
export interface PlanRow {
  shot: string;
  scene?: string;
  model?: string;
  provider?: string;
  rehearsalOf?: string;
  durationSeconds?: number;
  takes: number;
  costUsd: number;
  prompt: string;
  seeds: (number | null)[];
  blocked: boolean;
  source: { row?: number; line?: number; path?: string };
  /** The image step: the still's model (and edit), what it costs (included in `costUsd`). */
  image?: { label: string; prompt: string; editPrompt?: string; costUsd: number; rehearsalOf?: string };
  /** Continuity: the shot whose last frame this one starts on (it waits for that shot). */
  continuesFrom?: string;
}

export interface PlanSummary {
  name: string;
  runId: string;
  rows: PlanRow[];
  jobs: number;
  /** Image jobs (stills and their edits) of the image steps. */
  imageJobs: number;
  /** What the stills cost, included in `totalUsd`. */
  imageUsd: number;
  totalUsd: number;
  priceConfirmed: boolean;
  unknownPrices: number;
  wallTimeSeconds: number;
  providers: ShotPlan["wallTime"]["providers"];
  seedPolicy: string;
  rehearsal: boolean;
  errors: string[];
  warnings: string[];
  refusal?: string;
  ignoredColumns: string[];
}

export function summarizePlan(plan: ShotPlan): PlanSummary {
  return {
    name: plan.name,
    runId: plan.runId,
    rows: plan.shots.map((planned) => ({
      shot: planned.shot.id,
      ...(planned.shot.scene ? { scene: planned.shot.scene } : {}),
      ...(planned.model ? { model: planned.model, provider: planned.provider } : {}),
      ...(planned.rehearsalOf ? { rehearsalOf: planned.rehearsalOf } : {}),
      ...(planned.durationSeconds !== undefined ? { durationSeconds: planned.durationSeconds } : {}),
      takes: planned.takes.length || (planned.shot.takes ?? 1),
      costUsd: planned.costUsd,
      prompt: planned.prompt,
      seeds: planned.takes.map((take) => take.request.seed ?? null),
      blocked: planned.blocked,
      ...(planned.imageStep
        ? {
            image: {
              label: planned.imageStep.label,
              prompt: planned.imageStep.prompt,
              ...(planned.imageStep.editPrompt ? { editPrompt: planned.imageStep.editPrompt } : {}),
              costUsd: planned.imageStep.costUsd,
              ...(planned.imageStep.rehearsalOf ? { rehearsalOf: planned.imageStep.rehearsalOf } : {}),
            },
          }
        : {}),
      ...(planned.continuesFrom ? { continuesFrom: planned.continuesFrom } : {}),
      source: { ...(planned.shot.source.row !== undefined ? { row: planned.shot.source.row } : {}), ...(planned.shot.source.line !== undefined ? { line: planned.shot.source.line } : {}), ...(planned.shot.source.path ? { path: planned.shot.source.path } : {}) },
    })),
    jobs: plan.jobs.length,
    imageJobs: plan.imageJobs.length,
    imageUsd: Math.round(plan.imageJobs.reduce((sum, job) => sum + (Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0), 0) * 1e6) / 1e6,
    totalUsd: plan.total.usd,
    priceConfirmed: plan.total.confirmed,
    unknownPrices: plan.total.unknownPrices,
    wallTimeSeconds: plan.wallTime.seconds,
    providers: plan.wallTime.providers,
    seedPolicy: describeSeedPolicy(plan.list.defaults.seedPolicy),
    rehearsal: plan.rehearsal,
    errors: plan.problems.filter((p) => p.severity === "error").map(formatProblem),
    warnings: plan.problems.filter((p) => p.severity === "warning").map(formatProblem),
    ...(plan.refusal ? { refusal: plan.refusal } : {}),
    ignoredColumns: plan.list.ignored,
  };
}

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** The plan as a text table with totals, problems and the verdict. */
export function formatPlanText(plan: ShotPlan, options: { width?: number } = {}): string {
  const summary = summarizePlan(plan);
  const width = Math.max(80, options.width ?? 120);
  const lines: string[] = [`Plan: ${summary.name} (${summary.rows.length} shots, ${summary.jobs} jobs)`, ""];
  const header = ["shot", "model", "dur", "takes", "cost", "prompt"];
  const table = summary.rows.map((row) => [
    `${row.blocked ? "! " : ""}${row.shot}`,
    row.model ? `${row.model}${row.rehearsalOf ? ` (for ${row.rehearsalOf})` : ""}` : "-",
    row.durationSeconds !== undefined ? `${row.durationSeconds}s` : "-",
    String(row.takes),
    row.blocked ? "-" : formatUsd(row.costUsd),
    `${row.continuesFrom ? `[from ${row.continuesFrom}] ` : ""}${row.prompt}`,
  ]);
  const widths = header.map((title, i) => Math.min(i === 1 ? 40 : 12, Math.max(title.length, ...table.map((cells) => cells[i]!.length))));
  const used = widths.slice(0, 5).reduce((a, b) => a + b + 2, 0);
  widths[5] = Math.max(20, width - used);
  const render = (cells: string[]) => cells.map((cell, i) => (i === 5 ? cut(cell, widths[i]!) : cut(cell, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd();
  lines.push(render(header), render(widths.map((w) => "-".repeat(w))), ...table.map(render), "");
  const price = summary.unknownPrices > 0 ? ` (+ ${summary.unknownPrices} take(s) with no known price)` : summary.priceConfirmed ? "" : " (some prices unconfirmed)";
  const stills = summary.rows.filter((row) => row.image);
  if (stills.length > 0) {
    lines.push("Image steps (a still first, animated as every take's first frame):");
    for (const row of stills) {
      const image = row.image!;
      const edit = image.editPrompt ? `, then edited: "${cut(image.editPrompt, 40)}"` : "";
      lines.push(`  ${row.shot}: ${image.label}${image.rehearsalOf ? ` (for ${image.rehearsalOf})` : ""}${edit}, ${formatUsd(image.costUsd)}: "${cut(image.prompt, 60)}"`);
    }
    lines.push("");
  }
  lines.push(`Total: ${formatUsd(summary.totalUsd)}${price}${summary.imageJobs > 0 ? ` (stills ${formatUsd(summary.imageUsd)} in ${summary.imageJobs} image job(s), clips ${formatUsd(Math.round((summary.totalUsd - summary.imageUsd) * 1e6) / 1e6)})` : ""}`);
  const perProvider = summary.providers.map((p) => `${p.provider} ${p.jobs} job(s) at ${p.concurrency} at a time ≈ ${formatDuration(p.seconds)}`).join("; ");
  lines.push(`Estimated wall time: ${formatDuration(summary.wallTimeSeconds)}${perProvider ? ` (${perProvider})` : ""}`);
  lines.push(`Seeds: ${summary.seedPolicy}`);
  const chained = summary.rows.filter((row) => row.continuesFrom);
  if (chained.length > 0) {
    lines.push(
      `Continuity: ${chained.map((row) => `shot ${row.shot} starts on the last frame of shot ${row.continuesFrom}`).join("; ")}. Each waits for the shot before it to be ready; if that shot fails, the shots after it are not sent.`,
    );
  }
  if (summary.ignoredColumns.length > 0) lines.push(`Ignored columns: ${summary.ignoredColumns.join(", ")}`);
  if (summary.warnings.length > 0) lines.push("", "Warnings:", ...summary.warnings.map((w) => `  - ${w}`));
  if (summary.errors.length > 0) lines.push("", "Errors:", ...summary.errors.map((e) => `  - ${e}`));
  lines.push("", summary.refusal ? `Refused: ${summary.refusal}.` : "Ready to run.");
  return lines.join("\n");
}
