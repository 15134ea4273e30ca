/**
 * `shotbin compare --prompt … --models a,b,c`: the same shot on each model, measured. The takes
 * are bought by `shotbin run` itself, on a shot list of one shot per model that compare writes into
 * --out (compare-shots.json): the same plan and cost, money confirmation, ledger, resume and stop
 * signals as any run. Then every take is measured (compare/compareTakes.ts) and report.json and
 * report.html are written (src/quality/compareReport.ts, compareHtml.ts).
 */
import { existsSync, promises as fsp } from "node:fs";
import * as path from "node:path";
import { Ledger } from "../core/ledger";
import { formatUsd } from "../core/pricing";
import { systemClock } from "../core/seams/clock";
import { renderCompareHtml } from "../quality/compareHtml";
import { buildCompareReport } from "../quality/compareReport";
import type { PlanSummary } from "../shotlist/planReport";
import { usageFailure, UsageError } from "./commandLine";
import { COMPARE_HELP, readCompareOptions, type CompareOptions } from "./compare/compareOptions";
import { compareModels, measureTakes, takeThumbnails, thumbnailKey } from "./compare/compareTakes";
import { EXIT } from "./exitCodes";
import { nodeLedgerStore } from "./nodeLedgerStore";
import { hasRun, LEDGER_FILE, writeAtomic } from "./run/runFolder";
import { runShotList, type RunIo } from "./runCommand";
import type { Subcommand } from "./subcommand";

export const COMPARE_FILE = "compare.json";
export const COMPARE_LIST = "compare-shots.json";

/** What a comparison is; a rerun with other parameters into the same --out is refused. */
function comparisonOf(options: CompareOptions): object {
  return {
    prompt: options.prompt,
    models: options.models.map((model) => `${model.spec.provider}/${model.spec.id}`),
    takes: options.takes,
    durationSeconds: options.durationSeconds,
    aspect: options.aspect ?? null,
    resolution: options.resolution ?? null,
  };
}

/** One shot per model, in the order given; the shot's id is the model's position. */
function shotListOf(options: CompareOptions): object {
  return {
    name: "compare",
    defaults: { duration: options.durationSeconds, takes: options.takes, ...(options.aspect ? { aspect: options.aspect } : {}), ...(options.resolution ? { resolution: options.resolution } : {}) },
    shots: options.models.map((model, index) => ({ shot: String(index + 1), description: options.prompt, model: `${model.spec.provider}:${model.spec.id}`, duration: model.durationSeconds })),
  };
}

/** Captures what `run` prints (for the dry run's JSON). */
function capture(io: RunIo): { io: RunIo; text(): string } {
  let text = "";
  return { io: { ...io, stdout: { write: (chunk: string) => (text += chunk), isTTY: false } }, text: () => text };
}

export async function compareShots(args: string[], io: RunIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let options;
  try {
    options = readCompareOptions(args, io.env);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure("compare", error, io.stderr);
    throw error;
  }
  if (options === "help") {
    out(COMPARE_HELP);
    return EXIT.ok;
  }
  const dir = path.resolve(io.cwd, options.out ?? "shotbin-compare");
  const listFile = path.join(dir, COMPARE_LIST);
  const described = JSON.stringify(comparisonOf(options));
  const compareFile = path.join(dir, COMPARE_FILE);
  let resume = false;
  if (existsSync(compareFile)) {
    const recorded = await fsp.readFile(compareFile, "utf8").catch(() => "");
    if (JSON.stringify((JSON.parse(recorded || "{}") as { comparison?: unknown }).comparison) !== described) {
      err(`shotbin compare: ${dir} holds another comparison (${compareFile}); choose another --out, or give the same prompt, models, takes and duration to continue it.`);
      return EXIT.refused;
    }
    resume = hasRun({ dir, ledgerFile: path.join(dir, LEDGER_FILE), runFile: path.join(dir, "shotbin-run.json") });
  } else if (existsSync(path.join(dir, LEDGER_FILE))) {
    err(`shotbin compare: ${dir} already holds a run (${LEDGER_FILE}); choose another --out.`);
    return EXIT.refused;
  }
  await fsp.mkdir(dir, { recursive: true });
  await writeAtomic(listFile, `${JSON.stringify(shotListOf(options), null, 2)}\n`);
  const common = ["--out", dir, ...(options.fakeOrigin ? ["--fake-providers", options.fakeOrigin] : [])];

  if (!resume) {
    // The cost first, per model, before anything is sent.
    const dry = capture(io);
    const code = await runShotList([listFile, "--dry-run", "--json", ...common, ...(options.budget !== undefined ? ["--budget", String(options.budget)] : [])], dry.io);
    let plan: PlanSummary | undefined;
    try {
      plan = JSON.parse(dry.text()) as PlanSummary;
    } catch {
      plan = undefined;
    }
    if (!plan) return code === EXIT.ok ? EXIT.internal : code;
    out(`Compare: "${options.prompt}", ${options.takes} take(s) of ${options.durationSeconds} s on ${options.models.length} models:`);
    plan.rows.forEach((row, index) => {
      const model = options.models[index]!;
      const rehearsal = row.rehearsalOf ? ` (no key: rehearsed on ${row.provider}/${row.model})` : "";
      const length = model.durationSeconds !== options.durationSeconds ? ` of ${model.durationSeconds} s (its nearest to ${options.durationSeconds} s)` : "";
      out(`  ${model.given.padEnd(24)} ${model.spec.displayName}: ${formatUsd(row.costUsd)} for ${row.takes} take(s)${length}${rehearsal}`);
    });
    out(`  total ${formatUsd(plan.totalUsd)}${plan.priceConfirmed ? "" : " (some prices unconfirmed)"}`);
    // Warnings: the run prints them as it starts.
    for (const problem of plan.errors) err(problem);
    if (code !== EXIT.ok) {
      err(`shotbin compare: refused (${plan.errors.length > 0 ? "errors above" : "over the budget or the daily cap"}).`);
      return code;
    }
    await writeAtomic(compareFile, `${JSON.stringify({ version: 1, comparison: comparisonOf(options), createdAt: new Date(systemClock.now()).toISOString() }, null, 2)}\n`);
  } else {
    out(`Compare: continuing the comparison in ${dir}; nothing is bought or measured twice.`);
  }

  const money = [...(options.budget !== undefined ? ["--budget", String(options.budget)] : []), ...(options.yes ? ["--yes"] : [])];
  const runCode = await runShotList([listFile, ...common, ...(resume ? ["--resume"] : money)], io);
  if (runCode === EXIT.interrupted) {
    err(`shotbin compare: stopped before the takes were measured; run the same command again to continue (nothing is bought twice).`);
    return runCode;
  }
  if (runCode !== EXIT.ok && runCode !== EXIT.providerFailed) {
    // Refused or bad input: nothing was bought; a fresh comparison starts again next time.
    if (!resume && !existsSync(path.join(dir, LEDGER_FILE))) await fsp.rm(compareFile, { force: true });
    return runCode;
  }

  const { ledger } = await Ledger.open(nodeLedgerStore(path.join(dir, LEDGER_FILE)), systemClock);
  const label = (job: { shot: { order: number; take: number } }) => `${options.models[job.shot.order]?.given ?? "?"} take ${job.shot.take}`;
  const measured = await measureTakes({ ledger, outDir: dir, env: io.env, message: out, label });
  await ledger.flushed();
  const models = compareModels({ jobs: ledger.jobs(), models: options.models, outDir: dir, measured });
  const recorded = JSON.parse(await fsp.readFile(compareFile, "utf8")) as { createdAt: string };
  const report = buildCompareReport({ prompt: options.prompt, durationSeconds: options.durationSeconds, takesPerModel: options.takes, createdAt: recorded.createdAt, models });
  const entries = ledger
    .jobs()
    .flatMap((job) => {
      const result = measured.get(job.id);
      const model = options.models[job.shot.order];
      return result && "report" in result && model && job.file ? [{ key: thumbnailKey(model.given, job.shot.take), file: job.file, report: result.report }] : [];
    });
  const thumbnails = await takeThumbnails(entries, io.env);
  await writeAtomic(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomic(path.join(dir, "report.html"), renderCompareHtml(report, thumbnails));

  for (const row of report.summary) {
    const verdicts = `${row.verdicts.pass} pass, ${row.verdicts.warn} warn, ${row.verdicts.fail} fail`;
    out(`  ${row.model.padEnd(24)} ${row.costPerSecond === null ? "–" : `$${row.costPerSecond.toFixed(4)}/s`}  mean score ${row.meanScore ?? "–"}  ${verdicts}  (${row.takesDone} of ${row.takesPlanned} takes)`);
  }
  out(`Report: ${path.join(dir, "report.html")} and report.json (total ${formatUsd(report.totalCostUsd)}, estimate)`);
  return runCode;
}

export const compareCommand: Subcommand = {
  run: (args) =>
    compareShots(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
    }),
};
