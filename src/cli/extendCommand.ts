/**
 * `shotbin extend <clip>`: the panel's Extend, headless. ffmpeg takes the clip's last frame, an
 * image-to-video request starts on it, and the result is downloaded and embedded by the same
 * pipeline as `shotbin run`, with a ledger in the output folder: a rerun with the same clip and
 * settings follows (or reports) the extension already bought instead of buying another.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { MediaError, describeError } from "../core/errors";
import { JobPipeline } from "../core/jobPipeline";
import type { JobRecord } from "../core/jobRecord";
import { Ledger } from "../core/ledger";
import { planJob } from "../core/plan";
import { formatUsd } from "../core/pricing";
import { createIdempotencyKey, type ResolvedRequest } from "../core/request";
import { Scheduler } from "../core/scheduler";
import { systemClock } from "../core/seams/clock";
import { globalFetch } from "../core/seams/http";
import type { ValidationResult } from "../core/validation";
import { nodeAssetSource } from "../media/nodeAssetSource";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { extractLastFrame, probeVideo, type ExtractedFrame } from "../media/nodeFrameExtraction";
import { createPipelineDeps } from "../runtime/pipelineDeps";
import { chooseModel } from "../shotlist/modelChoice";
import { aspectFor } from "../timeline/requestChoice";
import { CliConfigError, loadCliConfig } from "./cliConfig";
import { usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import { EXTEND_HELP, readExtendOptions, type ExtendOptions } from "./extend/extendOptions";
import { nodeLedgerStore } from "./nodeLedgerStore";
import { fileSafe } from "./run/continuityFrames";
import { askLine, confirmationThreshold, confirmSpending, type Threshold } from "./run/moneyConfirmation";
import { createRunRegistry } from "./run/runProviders";
import { processStopSignals, RunStop, type StopSource } from "./run/runStop";
import type { Subcommand } from "./subcommand";

export interface ExtendIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  interactive?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  onInterrupt?: StopSource;
}

/** What makes two extensions the same purchase: the clip as it is on disk and every setting. */
interface ExtendKey {
  clip: string;
  size: number;
  mtimeMs: number;
  prompt: string;
  model: string;
  provider: string;
  duration: number | null;
  resolution: string | null;
  negative: string | null;
}

const sameKey = (a: unknown, b: ExtendKey) => JSON.stringify(a) === JSON.stringify(b);

function extendKeyOf(job: JobRecord): unknown {
  return (job.extra?.extend as { key?: unknown } | undefined)?.key;
}

/** A failed job whose failed step can run again without buying anything new. */
function rerunnable(job: JobRecord): boolean {
  const failure = job.failure;
  if (job.state !== "failed" || !failure?.retryable) return false;
  return failure.step === "download" || failure.step === "embed" || (failure.step === "track" && !!job.handle && (failure.kind === "network" || failure.code === "poll_timeout")) || (failure.step === "submit" && !job.handle && failure.charged === false);
}

export async function extendClip(args: string[], io: ExtendIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  const clock = systemClock;
  let options: ExtendOptions;
  let threshold: Threshold;
  try {
    const read = readExtendOptions(args, io.env);
    if (read === "help") {
      out(EXTEND_HELP);
      return EXIT.ok;
    }
    options = read;
    const loaded = loadCliConfig(io.env);
    for (const warning of loaded.warnings) err(`warning: ${warning}`);
    threshold = confirmationThreshold(io.env, loaded.config, loaded.file);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure("extend", error, io.stderr);
    if (error instanceof CliConfigError) {
      err(`shotbin extend: ${error.message}`);
      return EXIT.badInput;
    }
    throw error;
  }

  const clip = path.resolve(io.cwd, options.clipArg);
  const stem = path.basename(clip).replace(/\.[^.]+$/, "");
  let stat;
  try {
    stat = await fs.stat(clip);
    await probeVideo(clip);
  } catch (error) {
    err(`shotbin extend: cannot use ${clip}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : describeError(error)}`);
    return EXIT.badInput;
  }

  const fetch = globalFetch();
  const registry = createRunRegistry({ env: io.env, fetch, clock, ...(options.fakeOrigin ? { fakeOrigin: options.fakeOrigin } : {}), ...(options.simulator ? { simulator: options.simulator } : {}) });
  const usable = await registry.usable();
  const choice = chooseModel(options.model, { ...(options.provider ? { provider: options.provider } : {}), preferred: usable });
  if (!choice.ok) return usageFailure("extend", new UsageError(`--model: ${choice.message}; ${choice.fix}`), io.stderr);
  const spec = choice.spec;
  if (spec.capabilities.firstFrame === "none") {
    return usageFailure("extend", new UsageError(`Extend sends the clip's last frame as the first frame, and ${spec.displayName} makes video from text only. Choose an image-to-video model (veo-3.1-generate-preview, kling-2.6, wan2.6-i2v...).`), io.stderr);
  }
  if (!usable.includes(spec.provider)) {
    return usageFailure("extend", new UsageError(`${spec.id} runs on ${spec.provider}, and no key for it is set; set it in the environment, or use --fake-providers`), io.stderr);
  }

  const folder = path.resolve(io.cwd, options.out ?? `shotbin-extend-${fileSafe(stem)}`);
  await fs.mkdir(folder, { recursive: true });
  const opened = await Ledger.open(nodeLedgerStore(path.join(folder, "shotbin-ledger.json")), clock);
  const ledger = opened.ledger;
  if (opened.warning) {
    err(`shotbin extend: ${opened.warning}`);
    return EXIT.badInput;
  }
  const key: ExtendKey = {
    clip,
    size: stat.size,
    mtimeMs: Math.round(stat.mtimeMs),
    prompt: options.prompt,
    model: spec.id,
    provider: spec.provider,
    duration: options.durationSeconds ?? null,
    resolution: options.resolution ?? null,
    negative: options.negative ?? null,
  };

  // The same extension bought before: follow it, or say what became of it. --again buys a new one.
  const earlier = options.again ? undefined : ledger.jobs().filter((job) => sameKey(extendKeyOf(job), key)).pop();
  let job: JobRecord;
  if (earlier) {
    if (earlier.state === "ready") {
      out(`Already extended: ${earlier.file} (${formatUsd(earlier.estimate.usd)}, recorded in ${folder}). Nothing was bought again; add --again for another take.`);
      return EXIT.ok;
    }
    if (earlier.state === "failed" && !rerunnable(earlier)) {
      const charged = earlier.failure?.charged === false ? "not charged" : earlier.failure?.charged === true ? "charged" : "may have been charged";
      err(`shotbin extend: this extension failed before (${earlier.failure?.message ?? "failed"}) [${charged}]. Nothing was sent now; add --again to buy a new one.`);
      return EXIT.providerFailed;
    }
    if (earlier.state === "failed") await new JobPipeline(createDeps()).resumeStep(earlier.id);
    out(`Continuing the extension recorded in ${folder} (${earlier.state}); nothing already bought is bought again.`);
    job = ledger.require(earlier.id);
  } else {
    const framePath = path.join(folder, "frames", `${fileSafe(stem)}_last-frame.png`);
    let frame: ExtractedFrame;
    try {
      await fs.mkdir(path.dirname(framePath), { recursive: true });
      frame = await extractLastFrame(clip, framePath);
    } catch (error) {
      err(`shotbin extend: the last frame of ${clip} could not be taken: ${describeError(error)}`);
      return error instanceof MediaError ? EXIT.badInput : EXIT.internal;
    }
    const bytes = new Uint8Array(await fs.readFile(framePath));
    const aspect = spec.capabilities.aspectFromFirstFrame ? undefined : aspectFor(spec, { width: frame.width, height: frame.height });
    const checked: ValidationResult = registry.check({
      provider: spec.provider,
      model: spec.id,
      prompt: options.prompt,
      idempotencyKey: createIdempotencyKey(),
      ...(options.durationSeconds !== undefined ? { durationSeconds: options.durationSeconds } : {}),
      ...(options.resolution ? { resolution: options.resolution } : {}),
      ...(options.negative ? { negativePrompt: options.negative } : {}),
      ...(aspect ? { aspectRatio: aspect } : {}),
      firstFrame: { kind: "bytes", bytes, mediaType: "image/png", name: path.basename(framePath) },
    });
    if (!checked.ok) {
      return usageFailure("extend", new UsageError(`${spec.displayName} cannot make this: ${checked.issues.map((issue) => issue.message).join("; ")}`), io.stderr);
    }
    const request: ResolvedRequest = checked.request;
    for (const warning of checked.warnings) err(`warning: ${warning.message}`);
    out(
      `Extend ${path.basename(clip)} from its last frame (frame ${frame.index + 1} of ${frame.frames}, at ${frame.seconds.toFixed(3)} s) with ${spec.displayName}: ` +
        `${request.durationSeconds} s, ${request.resolution}${request.aspectRatio ? `, ${request.aspectRatio}` : ""}; estimated ${formatUsd(checked.cost.usd)}${checked.cost.confirmed ? "" : " (price not confirmed)"}.`,
    );
    if (options.dryRun) return EXIT.ok;
    if (options.budget !== undefined && Number.isFinite(checked.cost.usd) && checked.cost.usd > options.budget + 1e-9) {
      err(`shotbin extend: refused: the estimate ${formatUsd(checked.cost.usd)} is over --budget ${formatUsd(options.budget)}. Nothing was sent.`);
      return EXIT.refused;
    }
    const confirmation = await confirmSpending({
      estimateUsd: Number.isFinite(checked.cost.usd) ? checked.cost.usd : 0,
      unknownPrices: Number.isFinite(checked.cost.usd) ? 0 : 1,
      takes: 1,
      threshold,
      budgetGiven: options.budget !== undefined,
      yes: options.yes,
      interactive: io.interactive ?? (io.stdin?.isTTY === true && io.stderr.isTTY === true),
      ask: (question) => (io.stdin ? askLine(io.stdin, io.stderr, question) : Promise.resolve(undefined)),
    });
    if (!confirmation.approved) {
      err(`shotbin extend: ${confirmation.message}`);
      return EXIT.refused;
    }
    job = planJob({ request, estimate: checked.cost, shot: { shotId: `${fileSafe(stem)}-ext`, shotName: options.prompt.slice(0, 80), order: 0, take: 1 }, imagePaths: { firstFrame: framePath } }, clock.now());
    job.extra = { extend: { key: key as unknown as Record<string, string | number | null> } };
    job.frameOrigin = { action: "extend", first: { source: path.basename(clip), seconds: frame.seconds } };
    await ledger.add([job]);
  }

  const pipeline = new JobPipeline(createDeps());
  const scheduler = new Scheduler(pipeline, ledger, clock, { goal: "ready", maxRetries: 0, approvedUsd: options.budget ?? job.estimate.usd });
  const abort = new AbortController();
  const stop = new RunStop({ ledger, stopSubmitting: () => scheduler.stop(), leave: () => abort.abort(), message: (line) => err(line) });
  const detach = (io.onInterrupt ?? processStopSignals)((signal) => stop.handle(signal));
  try {
    await scheduler.run([job.id], abort.signal);
  } finally {
    detach();
    stop.dispose();
    await ledger.flushed();
  }
  const finished = ledger.require(job.id);
  if (finished.state === "ready") {
    out(`Extended: ${finished.file}`);
    out(`Its first frame is the last frame of ${path.basename(clip)}; the clip's metadata records it (shotbin inspect shows frameAction, firstFrameSource, firstFrameTime).`);
    return EXIT.ok;
  }
  if (finished.state === "failed") {
    const charged = finished.failure?.charged === false ? "not charged" : finished.failure?.charged === true ? "charged" : "may have been charged";
    err(`shotbin extend: failed: ${finished.failure?.message ?? "failed"} [${charged}]`);
    return EXIT.providerFailed;
  }
  err(`Stopped before the end (${finished.state}); run the same command again to continue: nothing already bought is bought again.`);
  return EXIT.interrupted;

  function createDeps() {
    return createPipelineDeps({
      ledger,
      registry,
      seams: { clock, fetch, files: nodeFileSystem, assets: nodeAssetSource(path.join(__dirname, "..", "..", "assets", "clips")) },
      settings: { mediaFolder: folder, fileNameTemplate: "{shot}_{slug}_{model}_{seed}.mp4", ...(options.poll ? { pollPolicy: options.poll } : {}) },
    });
  }
}

export const extendCommand: Subcommand = {
  run: (args) => extendClip(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }),
};
