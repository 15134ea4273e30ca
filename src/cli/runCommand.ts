import { promises as fs } from "node:fs";
import * as path from "node:path";
import { JobPipeline } from "../core/jobPipeline";
import { Ledger } from "../core/ledger";
import { formatUsd, roundUsd } from "../core/pricing";
import { Scheduler, type RunSummary } from "../core/scheduler";
import { systemClock } from "../core/seams/clock";
import { globalFetch } from "../core/seams/http";
import { nodeAssetSource } from "../media/nodeAssetSource";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { JobWakeups } from "../providers/jobWakeups";
import { createPipelineDeps } from "../runtime/pipelineDeps";
import { parseShotList } from "../shotlist/parseShotList";
import { formatPlanText, summarizePlan } from "../shotlist/planReport";
import { formatProblem, hasErrors } from "../shotlist/shotListTypes";
import { parseFrameRate, parseFrameSize } from "../shotlist/timelineLayout";
import { CliConfigError, loadCliConfig } from "./cliConfig";
import { usageFailure, UsageError } from "./commandLine";
import { DailySpendJournal, shotbinHome } from "./dailySpendJournal";
import { EXIT } from "./exitCodes";
import { nodeLedgerStore } from "./nodeLedgerStore";
import { connectRelay, type CliRelay } from "./relayWiring";
import { continuityFrameResolver } from "./run/continuityFrames";
import { askLine, confirmationThreshold, confirmSpending } from "./run/moneyConfirmation";
import { planRun } from "./run/planRun";
import { hasRun, readRunFile, recordedJobs, runFolder, writeRunFile, type RunFile } from "./run/runFolder";
import { readRunOptions, RUN_HELP } from "./run/runOptions";
import { finishRun } from "./run/runOutcome";
import { runImageStepsOfRun, stillsSpentUsd } from "./run/runImageSteps";
import { createRunImageRegistry, createRunRegistry } from "./run/runProviders";
import { TakePicker } from "./run/pickBest";
import { TakeQa } from "./run/takeQa";
import { processStopSignals, RunStop, type StopSource } from "./run/runStop";
import { createRunProgress } from "./runProgress";
import type { Subcommand } from "./subcommand";

export interface RunIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number; rows?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Where a y/N answer is read from (the money confirmation). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** A person can answer questions: stdin and stderr are a terminal (computed from them when left out). */
  interactive?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ctrl-C and SIGTERM (see run/runStop.ts). Tests pass their own. */
  onInterrupt?: StopSource;
}

/** `shotbin run`, callable in-process (tests, the bench) with its own output and environment. */
export async function runShotList(args: string[], io: RunIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  const env = io.env;
  const clock = systemClock;

  let options;
  let threshold;
  try {
    options = readRunOptions(args, env);
    if (options === "help") {
      out(RUN_HELP);
      return EXIT.ok;
    }
    const loaded = loadCliConfig(env);
    for (const warning of loaded.warnings) err(`warning: ${warning}`);
    threshold = confirmationThreshold(env, loaded.config, loaded.file);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure("run", error, io.stderr);
    if (error instanceof CliConfigError) {
      err(`shotbin run: ${error.message}`);
      return EXIT.badInput;
    }
    throw error;
  }

  const listPath = path.resolve(io.cwd, options.listArg);
  let text: string;
  try {
    text = await fs.readFile(listPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    err(`shotbin run: cannot read the shot list ${listPath}: ${code === "ENOENT" ? "there is no such file" : (error as Error).message}`);
    return EXIT.badInput;
  }
  const list = parseShotList(text, { file: options.listArg });
  const folder = runFolder(io.cwd, options.out, list.name);
  const fetch = globalFetch();
  const registry = createRunRegistry({ env, fetch, clock, ...(options.fakeOrigin ? { fakeOrigin: options.fakeOrigin } : {}), ...(options.simulator ? { simulator: options.simulator } : {}) });
  let imageRegistry;
  try {
    imageRegistry = createRunImageRegistry({ env, fetch, clock, ...(options.fakeOrigin ? { fakeOrigin: options.fakeOrigin } : {}), ...(options.simulator ? { simulator: options.simulator } : {}) });
  } catch (error) {
    return usageFailure("run", new UsageError((error as Error).message), io.stderr);
  }
  const journal = DailySpendJournal.at(shotbinHome(env));
  const resumeCommand = `shotbin run ${options.listArg} --out ${folder.dir} --resume`;

  // A fresh run: plan it, show it, refuse it when it has errors or breaks a cap, confirm the money.
  let runInfo: RunFile;
  let ledger: Ledger;
  if (!options.resume) {
    if (!options.dryRun) {
      const recorded = await recordedJobs(folder);
      if (recorded === "unreadable" || recorded > 0) {
        err(`shotbin run: ${folder.dir} already holds a run (${recorded === "unreadable" ? "its ledger cannot be read" : `${recorded} jobs`}). Add --resume to continue it, or choose another --out.`);
        return EXIT.refused;
      }
    }
    const now = clock.now();
    const plan = await planRun({ list, listPath, options, registry, imageRegistry, spentToday: () => journal.approvedToday(now), now });
    const badList = hasErrors(plan.problems);
    if (options.dryRun) {
      out(options.json ? JSON.stringify({ ...summarizePlan(plan), out: folder.dir }, null, 2) : formatPlanText(plan, { width: io.stdout.columns ?? 120 }));
      return plan.refusal ? (badList ? EXIT.badInput : EXIT.refused) : EXIT.ok;
    }
    if (plan.refusal) {
      for (const problem of plan.problems) err(`${problem.severity}: ${formatProblem(problem)}`);
      err(`shotbin run: refused: ${plan.refusal}.`);
      return badList ? EXIT.badInput : EXIT.refused;
    }
    for (const problem of plan.problems) err(`warning: ${formatProblem(problem)}`);
    const interactive = io.interactive ?? (io.stdin?.isTTY === true && io.stderr.isTTY === true);
    const confirmation = await confirmSpending({
      estimateUsd: plan.total.usd,
      unknownPrices: plan.total.unknownPrices,
      takes: plan.jobs.length,
      threshold,
      budgetGiven: options.budget !== undefined,
      yes: options.yes,
      interactive,
      ask: (question) => (io.stdin ? askLine(io.stdin, io.stderr, question) : Promise.resolve(undefined)),
    });
    if (!confirmation.approved) {
      err(`shotbin run: ${confirmation.message}`);
      return EXIT.refused;
    }
    const approvedUsd = options.budget ?? plan.total.usd;
    out(`${plan.name}: ${plan.jobs.length} take(s) of ${plan.shots.length} shot(s), estimated ${formatUsd(plan.total.usd)}${plan.total.confirmed ? "" : " (some prices unconfirmed)"}, approved up to ${formatUsd(approvedUsd)}; writing to ${folder.dir}`);
    await fs.mkdir(folder.dir, { recursive: true });
    runInfo = { version: 1, name: plan.name, runId: plan.runId, list: listPath, createdAt: new Date(now).toISOString(), approvedUsd, frameRate: `${options.rate.num}/${options.rate.den}`, ...(options.frameSize ? { frameSize: `${options.frameSize.width}x${options.frameSize.height}` } : {}), ...(options.pick ? { pick: options.pick } : {}) };
    await writeRunFile(folder, runInfo);
    const opened = await Ledger.open(nodeLedgerStore(folder.ledgerFile), clock);
    ledger = opened.ledger;
    if (opened.warning) err(`warning: ${opened.warning}`);
    await ledger.add(plan.jobs);
    if (plan.imageJobs.length > 0) await ledger.addImages(plan.imageJobs);
    if (approvedUsd > 0) await journal.record(now, { runId: plan.runId, usd: approvedUsd, folder: folder.dir });
  } else {
    if (!hasRun(folder)) {
      err(`shotbin run: nothing to resume in ${folder.dir} (no shotbin-run.json or shotbin-ledger.json). Run without --resume to start.`);
      return EXIT.refused;
    }
    runInfo = await readRunFile(folder);
    const opened = await Ledger.open(nodeLedgerStore(folder.ledgerFile), clock);
    ledger = opened.ledger;
    if (opened.warning) {
      err(`shotbin run: ${opened.warning}`);
      return EXIT.badInput;
    }
    if (options.pick && !runInfo.pick) {
      runInfo = { ...runInfo, pick: options.pick };
      await writeRunFile(folder, runInfo);
    }
    if (options.budget !== undefined && options.budget > runInfo.approvedUsd) {
      runInfo = { ...runInfo, approvedUsd: options.budget };
      await writeRunFile(folder, runInfo);
      await journal.record(clock.now(), { runId: runInfo.runId, usd: options.budget, folder: folder.dir });
    }
    const counts = new Map<string, number>();
    for (const job of ledger.jobs()) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
    out(`${runInfo.name}: resuming from ${folder.ledgerFile} (${[...counts].map(([state, n]) => `${n} ${state}`).join(", ")}); jobs already at a provider are followed, never sent again`);
  }
  const rate = parseFrameRate(options.fps ?? runInfo.frameRate) ?? options.rate;
  const frameSize = options.frameSize ?? (runInfo.frameSize ? parseFrameSize(runInfo.frameSize) : undefined);

  // The pipeline, exactly as the panel wires it, with the CLI's seams.
  const wakeups = new JobWakeups();
  const deps = createPipelineDeps({
    ledger,
    registry,
    seams: { clock, fetch, files: nodeFileSystem, assets: nodeAssetSource(path.join(__dirname, "..", "..", "assets", "clips")) },
    settings: { mediaFolder: folder.dir, fileNameTemplate: options.fileName, ...(options.poll ? { pollPolicy: options.poll } : {}) },
    wakeups,
  });
  // Continuity: a shot marked `previous` gets the last frame of the shot before it, extracted with ffmpeg.
  // --pick best (kept in the run file for --resume): QA each take of a shot with several, and place the best.
  let say: (line: string) => void = out;
  const picker = runInfo.pick === "best" ? new TakePicker(ledger, folder.dir, (line) => say(line)) : undefined;
  const continuity = continuityFrameResolver(folder.dir);
  deps.inputResolvers = { continuity: picker ? picker.continuityResolver(continuity) : continuity };
  let relay: CliRelay | undefined;
  if (options.relay) {
    const providers = new Set(ledger.jobs().filter((job) => job.state !== "ready" && job.state !== "failed" && job.state !== "cancelled").map((job) => job.request.provider));
    relay = await connectRelay({ ...options.relay, ledger, fetch, clock, wakeups, providers, warn: (line) => err(`relay: ${line}`) });
    relay.wire(deps, { clock, wakeups, safetyIntervalMs: options.relaySafetyPollMs });
  }
  const pipeline = new JobPipeline(deps);

  // A resumed run also retries steps that failed after the money was spent (download, embed, tracking).
  const replaced = new Set(ledger.jobs().map((job) => job.retryOf).filter(Boolean));
  for (const job of ledger.jobs()) {
    const failure = job.failure;
    if (!options.resume || job.state !== "failed" || !failure || replaced.has(job.id) || !failure.retryable) continue;
    const rerunnable =
      failure.step === "download" || failure.step === "embed" || (failure.step === "track" && !!job.handle && (failure.kind === "network" || failure.code === "poll_timeout")) || (failure.step === "submit" && !job.handle && failure.charged === false);
    if (rerunnable) await pipeline.resumeStep(job.id).catch(() => undefined);
  }

  const ids = ledger.jobs().filter((job) => !replaced.has(job.id)).map((job) => job.id);
  const progress = createRunProgress({ out: io.stdout, tty: !!io.stdout.isTTY, name: runInfo.name, approvedUsd: runInfo.approvedUsd, jobs: () => ledger.jobs() });
  say = (line) => progress.message(line);
  let budgetPaused = false;
  let scheduler: Scheduler | undefined;
  const abort = new AbortController();
  const takeQa = picker ? new TakeQa({ ledger, env, message: say, signal: abort.signal, onSettled: () => scheduler?.recheck() }) : undefined;
  const unsubscribe = ledger.subscribe((job) => {
    progress.jobChanged(job);
    takeQa?.consider(job);
  });
  for (const job of ledger.jobs()) takeQa?.consider(job);
  let stopRequested = false;
  const stop = new RunStop({
    ledger,
    stopSubmitting: () => {
      stopRequested = true;
      scheduler?.stop();
    },
    leave: () => abort.abort(),
    message: (line) => progress.message(line),
  });
  const detach = (io.onInterrupt ?? processStopSignals)((signal) => stop.handle(signal));

  let summary: RunSummary;
  let chosen: Set<string> | undefined;
  try {
    // Image steps first: each shot's still (bought once, resumed like any job), then its takes animate it.
    await runImageStepsOfRun({ ledger, registry: imageRegistry, folder: folder.dir, clock, fetch, ...(options.poll ? { poll: options.poll } : {}), signal: abort.signal, resume: options.resume, message: (line) => progress.message(line) });
    scheduler = new Scheduler(pipeline, ledger, clock, {
      goal: "ready",
      limits: options.limits,
      // The approval covers the stills too; retries of takes get what the stills left.
      approvedUsd: roundUsd(Math.max(0, runInfo.approvedUsd - stillsSpentUsd(ledger))),
      onEvent: (event) => {
        progress.schedulerEvent(event);
        if (event.type === "budget-paused") {
          budgetPaused = true;
          progress.message(`Stopping new submits: raise the budget with \`${resumeCommand} --budget <USD>\`.`);
          scheduler?.stop();
        }
      },
    });
    if (stopRequested) scheduler.stop();
    summary = await scheduler.run(ids, abort.signal);
    if (takeQa && picker) {
      await takeQa.idle();
      chosen = await picker.pickAll();
    }
  } finally {
    detach();
    stop.dispose();
    unsubscribe();
    progress.stop();
    await relay?.stop().catch(() => undefined);
    await ledger.flushed();
  }

  return finishRun({
    jobs: ledger.jobs(),
    stills: ledger.imageJobs(),
    ids,
    summary,
    name: runInfo.name,
    rate,
    ...(frameSize ? { frameSize } : {}),
    outDir: folder.dir,
    resumeCommand,
    ...(stop.signal ? { stoppedBy: stop.signal } : {}),
    budgetPaused,
    out,
    err,
    ...(chosen ? { chosen } : {}),
  });
}

export const runCommand: Subcommand = {
  run: (args) =>
    runShotList(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
    }),
};
