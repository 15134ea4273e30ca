import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { JobPipeline } from "../core/jobPipeline";
import { isCommitted, type JobRecord } from "../core/jobRecord";
import { Ledger } from "../core/ledger";
import { formatUsd, roundUsd } from "../core/pricing";
import { PROVIDER_IDS, type ProviderId } from "../core/request";
import { Scheduler, type ProviderLimit, type RunSummary } from "../core/scheduler";
import { systemClock } from "../core/seams/clock";
import { globalFetch } from "../core/seams/http";
import type { PollPolicy } from "../core/videoProvider";
import { nodeAssetSource } from "../media/nodeAssetSource";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { KEY_NAMES } from "../providers/adapterContext";
import { JobWakeups } from "../providers/jobWakeups";
import { describeProvider } from "../providers/providerDescriptions";
import { createProviderRegistry, fakeProviderSettings, type ProviderSettings } from "../providers/registry";
import { createPipelineDeps } from "../runtime/pipelineDeps";
import { parseAspect, parseDuration, parseResolution, parseTakes } from "../shotlist/fieldValues";
import { findProvider } from "../shotlist/modelChoice";
import { parseShotList } from "../shotlist/parseShotList";
import { formatPlanText, summarizePlan } from "../shotlist/planReport";
import { checkPromptTemplate, PromptTemplateError } from "../shotlist/promptTemplate";
import { parseSeedPolicy } from "../shotlist/seedPolicy";
import { formatProblem, type ShotDefaults } from "../shotlist/shotListTypes";
import { buildShotPlan, type ImageRef } from "../shotlist/shotPlan";
import { buildTimelineExports } from "../shotlist/timelineExports";
import { readClipFactsOfJobs } from "../shotlist/clipFacts";
import { rateLabel } from "../shotlist/frameRate";
import { parseFrameRate, parseFrameSize, type FrameRate, type FrameSize } from "../shotlist/timelineLayout";
import { DailySpendJournal, shotbinHome } from "./dailySpendJournal";
import { envKeyStore, envProviderSettings, KEY_ENV } from "./envKeyStore";
import type { Subcommand } from "./subcommand";
import { nodeLedgerStore } from "./nodeLedgerStore";
import { connectRelay, type CliRelay } from "./relayWiring";
import { createRunProgress } from "./runProgress";

export const EXIT = { done: 0, usage: 1, someFailed: 2, refused: 3, interrupted: 130 } as const;

const HELP = `Usage: shotbin run <shotlist.csv|.json|.fountain> [options]

Generates every shot of a shot list, in list order, with the same parser, plan, scheduler,
download and embedding as the panel, and writes next to the clips: <name>.otio, <name>.fcpxml,
<name>.edl and <name>.resolve.csv.

Options:
  --out DIR                 where clips, exports and the run's ledger go (default ./shotbin-<list name>)
  --provider ID             run every shot on this provider (simulator, gemini, kling, dashscope, fal, replicate, openai)
  --model ID                run every shot on this model
  --budget USD              refuse a plan over this; retries never go past it
  --daily-cap USD           refuse a plan that takes today's approvals past this (env SHOTBIN_DAILY_CAP_USD)
  --concurrency P=N         jobs held at provider P at once (repeatable; fal=2,kling=3)
  --relay URL --relay-token T   follow webhooks through a Shotbin relay (env SHOTBIN_RELAY_URL, SHOTBIN_RELAY_TOKEN)
  --dry-run                 show the plan (cost, wall time, problems) and stop; add --json for JSON
  --resume                  continue the run in --out from its ledger; never buys a shot twice
  --aspect A --resolution R --duration S --takes N --seed-policy P   fill what the list leaves out
  --prompt-template T       how camera, movement and lens are folded into prompts
  --fps RATE                timeline rate of the exports (default 24; 23.976, 25, 29.97, ...); 29.97 and 59.94 use drop-frame timecode
  --frame-size WxH          frame size of the exports' timeline (default: the clips' own, e.g. 1920x1080)
  --file-name TEMPLATE      clip names (default {shot}_{slug}_{model}_{seed}.mp4)
  --fake-providers URL      point every adapter at \`shotbin fake-providers\` (env SHOTBIN_FAKE_PROVIDERS)

Keys come from the environment: ${[...new Set(Object.values(KEY_ENV))].join(", ")}.
With none set, every shot runs on the built-in simulator (free, offline).
Exit codes: 0 every shot done; 2 some shots failed; 3 refused (errors in the list, budget); 130 interrupted.`;

export interface RunIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number; rows?: number };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ctrl-C: the first stops submitting, the second leaves at once. Tests pass their own. */
  onInterrupt?(handler: () => void): () => void;
}

interface RunFile {
  version: 1;
  name: string;
  runId: string;
  list: string;
  createdAt: string;
  approvedUsd: number;
  frameRate: string;
  frameSize?: string;
}

const RUN_FILE = "shotbin-run.json";
const LEDGER_FILE = "shotbin-ledger.json";

class UsageError extends Error {}

function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/^\$/, ""));
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${flag} must be a number, not '${raw}'`);
  return value;
}

function parseConcurrency(values: string[]): Partial<Record<ProviderId, Partial<ProviderLimit>>> {
  const limits: Partial<Record<ProviderId, Partial<ProviderLimit>>> = {};
  for (const entry of values.flatMap((value) => value.split(","))) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/i.exec(entry);
    const provider = match ? findProvider(match[1]!) : undefined;
    if (!match || !provider || Number(match[2]) < 1) throw new UsageError(`--concurrency takes provider=N with N ≥ 1 (fal=2), not '${entry}'`);
    limits[provider] = { concurrency: Number(match[2]) };
  }
  return limits;
}

/** `Q,R`: the simulator's queued and running milliseconds (tests and rehearsals that should be quick). */
function simulatorTiming(raw: string | undefined): { queueMs: number; runMs: number } | undefined {
  if (!raw) return undefined;
  const [queue, run] = raw.split(",").map(Number);
  if (!Number.isFinite(queue) || !Number.isFinite(run)) throw new UsageError(`SHOTBIN_SIMULATOR_MS must be 'queueMs,runMs', not '${raw}'`);
  return { queueMs: queue!, runMs: run! };
}

function pollOverride(raw: string | undefined): Partial<PollPolicy> | undefined {
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`SHOTBIN_POLL_MS must be a number of milliseconds, not '${raw}'`);
  return { initialDelayMs: ms, queuedIntervalMs: ms, maxQueuedIntervalMs: ms * 2, runningIntervalMs: ms, backoff: 1.2 };
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}

function fakeKeys(): Record<string, string> {
  const { FAKE_KEYS } = require("../fakes/fakeWorld") as typeof import("../fakes/fakeWorld");
  return {
    [KEY_NAMES.openai]: FAKE_KEYS.openai,
    [KEY_NAMES.gemini]: FAKE_KEYS.gemini,
    [KEY_NAMES.kling]: FAKE_KEYS.kling,
    [KEY_NAMES.dashscope]: FAKE_KEYS.dashscope,
    [KEY_NAMES.fal]: FAKE_KEYS.fal,
    [KEY_NAMES.replicate]: FAKE_KEYS.replicate,
  };
}

function describeSummary(jobs: JobRecord[], summary: RunSummary): string[] {
  const lines: string[] = [];
  for (const id of summary.failed) {
    const job = jobs.find((candidate) => candidate.id === id);
    if (!job) continue;
    const charged = job.failure?.charged === false ? "not charged" : job.failure?.charged === true ? "charged" : "may have been charged";
    lines.push(`  - shot ${job.shot.shotId} take ${job.shot.take} (${job.request.model}): ${job.failure?.message ?? "failed"} [${charged}]`);
  }
  return lines;
}

/** `shotbin run`, callable in-process (tests, the bench) with its own output and environment. */
export async function runShotList(args: string[], io: RunIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        provider: { type: "string" },
        model: { type: "string" },
        budget: { type: "string" },
        "daily-cap": { type: "string" },
        concurrency: { type: "string", multiple: true },
        relay: { type: "string" },
        "relay-token": { type: "string" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        resume: { type: "boolean" },
        aspect: { type: "string" },
        resolution: { type: "string" },
        duration: { type: "string" },
        takes: { type: "string" },
        "seed-policy": { type: "string" },
        "prompt-template": { type: "string" },
        fps: { type: "string" },
        "frame-size": { type: "string" },
        "file-name": { type: "string" },
        "fake-providers": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    err(`shotbin run: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(HELP);
    return EXIT.done;
  }
  if (positionals.length !== 1) {
    err(`shotbin run: give exactly one shot list file.\n\n${HELP}`);
    return EXIT.usage;
  }

  const env = io.env;
  const clock = systemClock;
  const listPath = path.resolve(io.cwd, positionals[0]!);
  let options: {
    budget?: number;
    dailyCap?: number;
    limits: Partial<Record<ProviderId, Partial<ProviderLimit>>>;
    defaults: ShotDefaults;
    rate: FrameRate;
    frameSize?: FrameSize;
    provider?: ProviderId;
    simulator?: { queueMs: number; runMs: number };
    poll?: Partial<PollPolicy>;
  };
  try {
    const defaults: ShotDefaults = {};
    const read = <T>(flag: string, raw: string | undefined, parse: (text: string) => { ok: true; value: T } | { ok: false; message: string }) => {
      if (raw === undefined) return undefined;
      const result = parse(raw);
      if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
      return result.value;
    };
    const aspect = read("aspect", values.aspect, parseAspect);
    const resolution = read("resolution", values.resolution, parseResolution);
    const duration = read("duration", values.duration, (text) => parseDuration(text));
    const takes = read("takes", values.takes, (text) => parseTakes(text));
    if (aspect) defaults.aspect = aspect;
    if (resolution) defaults.resolution = resolution;
    if (duration) defaults.durationSeconds = duration;
    if (takes) defaults.takes = takes;
    if (values["seed-policy"]) {
      const policy = parseSeedPolicy(values["seed-policy"]);
      if (typeof policy === "string") throw new UsageError(`--seed-policy: ${policy}`);
      defaults.seedPolicy = policy;
    }
    if (values["prompt-template"]) {
      try {
        checkPromptTemplate(values["prompt-template"]);
      } catch (error) {
        if (error instanceof PromptTemplateError) throw new UsageError(`--prompt-template: ${error.message}`);
        throw error;
      }
      defaults.promptTemplate = values["prompt-template"];
    }
    const rate = parseFrameRate(values.fps ?? "24");
    if (!rate) throw new UsageError(`--fps must be a rate such as 24, 23.976, 25 or 30000/1001, not '${values.fps}'`);
    const frameSize = values["frame-size"] !== undefined ? parseFrameSize(values["frame-size"]) : undefined;
    if (values["frame-size"] !== undefined && !frameSize) throw new UsageError(`--frame-size must be WIDTHxHEIGHT in even pixels, such as 1920x1080, not '${values["frame-size"]}'`);
    const provider = values.provider ? findProvider(values.provider) : undefined;
    if (values.provider && !provider) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(", ")}, not '${values.provider}'`);
    options = {
      ...(values.budget !== undefined ? { budget: number("budget", values.budget) } : {}),
      ...((values["daily-cap"] ?? env.SHOTBIN_DAILY_CAP_USD) ? { dailyCap: number("daily-cap", values["daily-cap"] ?? env.SHOTBIN_DAILY_CAP_USD) } : {}),
      limits: parseConcurrency(values.concurrency ?? []),
      defaults,
      rate,
      ...(frameSize ? { frameSize } : {}),
      ...(provider ? { provider } : {}),
      ...(simulatorTiming(env.SHOTBIN_SIMULATOR_MS) ? { simulator: simulatorTiming(env.SHOTBIN_SIMULATOR_MS) } : {}),
      ...(pollOverride(env.SHOTBIN_POLL_MS) ? { poll: pollOverride(env.SHOTBIN_POLL_MS) } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError) {
      err(`shotbin run: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }

  let text: string;
  try {
    text = await fs.readFile(listPath, "utf8");
  } catch (error) {
    err(`shotbin run: cannot read ${listPath}: ${(error as Error).message}`);
    return EXIT.refused;
  }
  const list = parseShotList(text, { file: positionals[0]! });
  const outDir = path.resolve(io.cwd, values.out ?? `shotbin-${list.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "run"}`);
  const ledgerFile = path.join(outDir, LEDGER_FILE);
  const runFile = path.join(outDir, RUN_FILE);

  // Providers: the fakes, or the real hosts (base URLs from the environment), keys from the environment.
  const fakeOrigin = values["fake-providers"] ?? env.SHOTBIN_FAKE_PROVIDERS;
  const settings: Partial<Record<ProviderId, ProviderSettings>> = fakeOrigin
    ? { ...fakeProviderSettings(fakeOrigin.replace(/\/+$/, "")), openai: { baseUrl: `${fakeOrigin.replace(/\/+$/, "")}/openai`, enabled: true } }
    : envProviderSettings(env);
  const keys = envKeyStore(env, fakeOrigin ? fakeKeys() : {});
  const fetch = globalFetch();
  const registry = createProviderRegistry({ context: { fetch, clock, keys }, settings, ...(options.simulator ? { simulator: options.simulator } : {}) });
  const usable = await registry.usable();
  const journal = DailySpendJournal.at(shotbinHome(env));

  // A fresh run: plan it, show it, and refuse it when it has errors or breaks a cap.
  let runInfo: RunFile;
  let ledger: Ledger;
  if (!values.resume) {
    if (existsSync(ledgerFile) && !values["dry-run"]) {
      const existing = JSON.parse(await fs.readFile(ledgerFile, "utf8").catch(() => "{}")) as { jobs?: unknown[] };
      if ((existing.jobs?.length ?? 0) > 0) {
        err(`shotbin run: ${outDir} already holds a run (${existing.jobs!.length} jobs). Add --resume to continue it, or choose another --out.`);
        return EXIT.refused;
      }
    }
    const now = clock.now();
    const listDir = path.dirname(listPath);
    const plan = buildShotPlan(list, {
      check: (request) => registry.check(request),
      usable,
      ...(options.provider || values.model ? { override: { ...(options.provider ? { provider: options.provider } : {}), ...(values.model ? { model: values.model } : {}) } } : {}),
      defaults: options.defaults,
      limits: options.limits,
      ...(options.simulator ? { jobSeconds: { simulator: (options.simulator.queueMs + options.simulator.runMs) / 1000 } } : {}),
      budget: {
        ...(options.budget !== undefined ? { runUsd: options.budget } : {}),
        ...(options.dailyCap !== undefined ? { dailyUsd: options.dailyCap, spentTodayUsd: await journal.approvedToday(now) } : {}),
      },
      now,
      resolveImage: (reference): ImageRef | string => {
        if (/^https?:\/\//i.test(reference)) return { url: reference };
        const file = path.resolve(listDir, reference);
        if (!existsSync(file)) return `image '${reference}' does not exist (looked for ${file})`;
        const extension = path.extname(file).slice(1).toLowerCase();
        const mediaType = ({ png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" } as const)[extension as "png"];
        return mediaType ? { path: file, mediaType } : `image '${reference}' is not a PNG, JPEG, WebP or BMP file`;
      },
      keyHint: (provider) => `set ${describeProvider(provider).keyEnv.join(" (or ") + (describeProvider(provider).keyEnv.length > 1 ? ")" : "")}`,
    });
    if (values["dry-run"]) {
      out(values.json ? JSON.stringify({ ...summarizePlan(plan), out: outDir }, null, 2) : formatPlanText(plan, { width: io.stdout.columns ?? 120 }));
      return plan.refusal ? EXIT.refused : EXIT.done;
    }
    if (plan.refusal) {
      for (const problem of plan.problems) err(`${problem.severity}: ${formatProblem(problem)}`);
      err(`shotbin run: refused: ${plan.refusal}.`);
      return EXIT.refused;
    }
    for (const problem of plan.problems) err(`warning: ${formatProblem(problem)}`);
    const approvedUsd = options.budget ?? plan.total.usd;
    out(`${plan.name}: ${plan.jobs.length} take(s) of ${plan.shots.length} shot(s), estimated ${formatUsd(plan.total.usd)}${plan.total.confirmed ? "" : " (some prices unconfirmed)"}, approved up to ${formatUsd(approvedUsd)}; writing to ${outDir}`);
    await fs.mkdir(outDir, { recursive: true });
    runInfo = { version: 1, name: plan.name, runId: plan.runId, list: listPath, createdAt: new Date(now).toISOString(), approvedUsd, frameRate: `${options.rate.num}/${options.rate.den}`, ...(options.frameSize ? { frameSize: `${options.frameSize.width}x${options.frameSize.height}` } : {}) };
    await writeAtomic(runFile, `${JSON.stringify(runInfo, null, 2)}\n`);
    const opened = await Ledger.open(nodeLedgerStore(ledgerFile), clock);
    ledger = opened.ledger;
    if (opened.warning) err(`warning: ${opened.warning}`);
    await ledger.add(plan.jobs);
    if (approvedUsd > 0) await journal.record(now, { runId: plan.runId, usd: approvedUsd, folder: outDir });
  } else {
    if (!existsSync(runFile) || !existsSync(ledgerFile)) {
      err(`shotbin run: nothing to resume in ${outDir} (no ${RUN_FILE} or ${LEDGER_FILE}). Run without --resume to start.`);
      return EXIT.refused;
    }
    runInfo = JSON.parse(await fs.readFile(runFile, "utf8")) as RunFile;
    const opened = await Ledger.open(nodeLedgerStore(ledgerFile), clock);
    ledger = opened.ledger;
    if (opened.warning) {
      err(`shotbin run: ${opened.warning}`);
      return EXIT.refused;
    }
    if (options.budget !== undefined && options.budget > runInfo.approvedUsd) {
      runInfo = { ...runInfo, approvedUsd: options.budget };
      await writeAtomic(runFile, `${JSON.stringify(runInfo, null, 2)}\n`);
      await journal.record(clock.now(), { runId: runInfo.runId, usd: options.budget, folder: outDir });
    }
    const counts = new Map<string, number>();
    for (const job of ledger.jobs()) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
    out(`${runInfo.name}: resuming from ${ledgerFile} (${[...counts].map(([state, n]) => `${n} ${state}`).join(", ")}); jobs already at a provider are followed, never sent again`);
  }
  const rate = parseFrameRate(values.fps ?? runInfo.frameRate) ?? options.rate;
  const frameSize = options.frameSize ?? (runInfo.frameSize ? parseFrameSize(runInfo.frameSize) : undefined);

  // The pipeline, exactly as the panel wires it, with the CLI's seams.
  const wakeups = new JobWakeups();
  let relay: CliRelay | undefined;
  const relayUrl = values.relay ?? env.SHOTBIN_RELAY_URL;
  if (relayUrl) {
    const token = values["relay-token"] ?? env.SHOTBIN_RELAY_TOKEN;
    if (!token) {
      err("shotbin run: --relay needs --relay-token (or SHOTBIN_RELAY_TOKEN).");
      return EXIT.usage;
    }
    relay = await connectRelay({ url: relayUrl, token, ledger, fetch, clock, wakeups, onError: (error) => err(`relay: ${error.message}`) });
  }
  const deps = createPipelineDeps({
    ledger,
    registry,
    seams: { clock, fetch, files: nodeFileSystem, assets: nodeAssetSource(path.join(__dirname, "..", "..", "assets", "clips")) },
    settings: { mediaFolder: outDir, fileNameTemplate: values["file-name"] ?? "{shot}_{slug}_{model}_{seed}.mp4", ...(options.poll ? { pollPolicy: options.poll } : {}) },
    wakeups,
    ...(relay ? { relay: relay.hooks } : {}),
  });
  if (relay) relay.relaxPolling(deps, { clock, wakeups, safetyIntervalMs: Number(env.SHOTBIN_RELAY_SAFETY_POLL_MS ?? 180_000) });
  const pipeline = new JobPipeline(deps);

  // A resumed run also retries steps that failed after the money was spent (download, embed, tracking).
  const replaced = new Set(ledger.jobs().map((job) => job.retryOf).filter(Boolean));
  for (const job of ledger.jobs()) {
    const failure = job.failure;
    if (!values.resume || job.state !== "failed" || !failure || replaced.has(job.id) || !failure.retryable) continue;
    const rerunnable =
      failure.step === "download" || failure.step === "embed" || (failure.step === "track" && !!job.handle && (failure.kind === "network" || failure.code === "poll_timeout")) || (failure.step === "submit" && !job.handle && failure.charged === false);
    if (rerunnable) await pipeline.resumeStep(job.id).catch(() => undefined);
  }

  const ids = ledger.jobs().filter((job) => !replaced.has(job.id)).map((job) => job.id);
  const progress = createRunProgress({ out: io.stdout, tty: !!io.stdout.isTTY, name: runInfo.name, approvedUsd: runInfo.approvedUsd, jobs: () => ledger.jobs() });
  const unsubscribe = ledger.subscribe((job) => progress.jobChanged(job));
  const scheduler = new Scheduler(pipeline, ledger, clock, {
    goal: "ready",
    limits: options.limits,
    approvedUsd: runInfo.approvedUsd,
    onEvent: (event) => {
      progress.schedulerEvent(event);
      if (event.type === "budget-paused") {
        progress.message(`Stopping new submits: raise the budget with \`shotbin run ${positionals[0]} --out ${outDir} --resume --budget <USD>\`.`);
        scheduler.stop();
      }
    },
  });
  const abort = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      const held = ledger.jobs().filter((job) => ["submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding"].includes(job.state)).length;
      progress.message(`Interrupted: no new shots are sent. Following the ${held} job(s) already at a provider (they are paid for); press Ctrl-C again to leave now and continue later with --resume.`);
      scheduler.stop();
    } else abort.abort();
  };
  const detach = io.onInterrupt
    ? io.onInterrupt(onInterrupt)
    : (() => {
        process.on("SIGINT", onInterrupt);
        return () => process.off("SIGINT", onInterrupt);
      })();

  let summary: RunSummary;
  try {
    summary = await scheduler.run(ids, abort.signal);
  } finally {
    detach();
    unsubscribe();
    progress.stop();
    await relay?.stop().catch(() => undefined);
    await ledger.flushed();
  }

  const jobs = ledger.jobs();
  const facts = await readClipFactsOfJobs(jobs, nodeFileSystem.open);
  const timelines = buildTimelineExports(jobs, { name: runInfo.name, rate, ...(frameSize ? { frameSize } : {}), clips: facts.clips, clipProblems: facts.problems });
  for (const file of timelines.files) await writeAtomic(path.join(outDir, file.fileName), file.text);
  const spent = roundUsd(jobs.filter((job) => isCommitted(job) && Number.isFinite(job.estimate.usd)).reduce((sum, job) => sum + job.estimate.usd, 0));
  const unfinished = ids.length - summary.done.length - summary.failed.length - summary.cancelled.length;
  out(`${summary.done.length} take(s) done, ${summary.failed.length} failed${unfinished > 0 ? `, ${unfinished} not finished` : ""}; spent ${formatUsd(spent)} (estimate). Exports: ${timelines.files.map((file) => file.fileName).join(", ")} in ${outDir}`);
  const { frameSize: size, dropFrame } = timelines.layout;
  out(`Timeline: ${size.width}×${size.height} (${size.source === "given" ? "--frame-size" : size.source === "clips" ? "the clips' size" : size.source === "requests" ? "the shots' resolution" : "default"}), ${rateLabel(rate)} fps${dropFrame ? " drop-frame" : ""}, shots end to end by their clips' frames.`);
  for (const message of timelines.layout.messages) out(`  - ${message}`);
  const failures = describeSummary(jobs, summary);
  if (failures.length > 0) err(["Failed:", ...failures].join("\n"));
  if (interrupts > 0 && unfinished > 0) {
    err(`Stopped before the end. Continue with: shotbin run ${positionals[0]} --out ${outDir} --resume`);
    return EXIT.interrupted;
  }
  if (unfinished > 0) return EXIT.someFailed;
  return summary.failed.length > 0 ? EXIT.someFailed : EXIT.done;
}

export const runCommand: Subcommand = {
  summary: "Generate a shot list (CSV, JSON, Fountain) headless, with cost caps and resume; writes OTIO, FCPXML, EDL and Resolve CSV",
  run: (args) => runShotList(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }),
};
