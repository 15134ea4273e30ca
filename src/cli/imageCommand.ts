import { promises as fs } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { ProviderError, describeError } from "../core/errors";
import { planImageJob, type ImageJobRecord } from "../core/imageJobRecord";
import { ImageJobPipeline } from "../core/imageJobPipeline";
import type { ImageModelSpec } from "../core/imageModelSpec";
import { IMAGE_OUTPUT_FORMATS, type ImageOutputFormat } from "../core/imageRequest";
import { splitImageRequest } from "../core/imageValidation";
import { SubmitDeferred } from "../core/jobPipeline";
import { isCommitted } from "../core/jobRecord";
import { Ledger } from "../core/ledger";
import { formatUsd, roundUsd } from "../core/pricing";
import { createIdempotencyKey, PROVIDER_IDS, type ImageInput, type ImageMediaType, type ProviderId } from "../core/request";
import { systemClock } from "../core/seams/clock";
import { globalFetch } from "../core/seams/http";
import type { StillLineage } from "../core/stillLineage";
import { utf8Encode } from "../core/text/utf8";
import type { PollPolicy } from "../core/videoProvider";
import { sha256OfBytes } from "../media/fileHash";
import { inspectMediaFile } from "../media/mediaFile";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { sniffStill, STILL_MEDIA_TYPES } from "../media/stills/stillFormat";
import { KEY_NAMES } from "../providers/adapterContext";
import { matchImageModels } from "../providers/imageCatalog";
import { createImageProviderRegistry, type ImageProviderRegistry } from "../providers/imageRegistry";
import { fakeProviderSettings, type ProviderSettings } from "../providers/registry";
import { createImagePipelineDeps } from "../runtime/imagePipelineDeps";
import { envKeyStore, envProviderSettings, KEY_ENV } from "./envKeyStore";
import { EXIT } from "./exitCodes";
import { nodeLedgerStore } from "./nodeLedgerStore";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import type { Subcommand } from "./subcommand";

const HELP = `Usage: shotbin image --prompt TEXT [--model MODEL] [options]

Makes concept stills headless, with the same image routes, ledger and XMP as the panel. Shows the
cost first; records every call in <out>/${"shotbin-image-ledger.json"} before it is sent, so running the same
command again after a crash or a kill follows the stills already bought and buys nothing twice.

Options:
  --prompt TEXT        what to draw (for --edit-of: what to change)
  --model NAME         gpt-image-1.5, gemini-3-pro-image-preview, fal-ai/flux-2-pro,
                       fal-ai/bytedance/seedream/v4.5, black-forest-labs/flux-2-pro,
                       bytedance/seedream-4.5, prunaai/p-image-edit, shotbin-sim-image;
                       provider/model or a family ("Flux 2 Pro") also work. Default: the simulator.
  --provider ID        which provider serves a model several offer (fal, replicate, ...)
  --n N                how many stills (1 to 16; default 1)
  --edit-of FILE       the still to edit; repeat for reference images (the first is edited)
  --out DIR            where the stills and the ledger go (default ./shotbin-stills)
  --seed N             seed, where the model takes one
  --size WxH | --aspect W:H   --resolution R   --quality Q   --format png|jpeg|webp
  --budget USD         refuse when the estimate is over this
  --yes                spend without asking (required when not on a terminal and it costs money)
  --dry-run            show what would be made and what it costs; spend nothing
  --again              buy a new set even when this request is already in --out
  --fake-providers URL point every route at \`shotbin fake-providers\` (env SHOTBIN_FAKE_PROVIDERS)

Keys come from the environment: ${[...new Set(Object.values(KEY_ENV))].join(", ")}.
Exit codes: 0 done; 2 usage; 3 unreadable --edit-of file; 4 refused (budget, not confirmed);
5 a provider failed (or cannot say whether it was charged); 130 interrupted (run again to resume).`;

const LEDGER_FILE = "shotbin-image-ledger.json";
const NAME_TEMPLATE = "{slug}_{model}_{seed}";

export interface ImageIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  onInterrupt?(handler: () => void): () => void;
}


function fakeKeys(): Record<string, string> {
  const { FAKE_KEYS } = require("../fakes/fakeWorld") as typeof import("../fakes/fakeWorld");
  return { [KEY_NAMES.openai]: FAKE_KEYS.openai, [KEY_NAMES.gemini]: FAKE_KEYS.gemini, [KEY_NAMES.fal]: FAKE_KEYS.fal, [KEY_NAMES.replicate]: FAKE_KEYS.replicate };
}

function pollOverride(raw: string | undefined): Partial<PollPolicy> | undefined {
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`SHOTBIN_POLL_MS must be a number of milliseconds, not '${raw}'`);
  return { initialDelayMs: ms, queuedIntervalMs: ms, maxQueuedIntervalMs: ms * 2, runningIntervalMs: ms, backoff: 1.2 };
}

async function chooseModel(registry: ImageProviderRegistry, name: string | undefined, provider: ProviderId | undefined, usable: ProviderId[]): Promise<ImageModelSpec> {
  if (!name) {
    const sim = registry.model("simulator", "shotbin-sim-image")!;
    if (!provider || provider === "simulator") return sim;
    const first = registry.get(provider)?.models[0];
    if (!first) throw new UsageError(`--provider ${provider} has no image models`);
    return first;
  }
  let matches = matchImageModels(name);
  if (provider) matches = matches.filter((model) => model.provider === provider);
  if (matches.length === 0) throw new UsageError(`--model: no image model '${name}'${provider ? ` on ${provider}` : ""}; run \`shotbin image --help\` for the list`);
  const ready = matches.filter((model) => usable.includes(model.provider));
  if (ready.length === 0) {
    const needs = [...new Set(matches.map((model) => model.provider))].join(" or ");
    throw new UsageError(`--model ${name} needs a key for ${needs}; set it in the environment, or use --fake-providers`);
  }
  return ready[0]!;
}

/** An --edit-of file as an input image; a Shotbin still (its XMP has our idempotency key) carries its lineage. */
async function readInput(file: string): Promise<{ image: ImageInput; sha256: string }> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const format = sniffStill(bytes.subarray(0, 12));
  if (!format) throw new Error(`${file} is not a PNG, JPEG or WebP still`);
  const sha256 = sha256OfBytes(bytes);
  let lineage: StillLineage | undefined;
  try {
    const report = await inspectMediaFile(nodeFileSystem, file);
    const fields = "format" in report && typeof report.format === "string" ? report.xmp?.shotbin : undefined;
    if (fields && typeof fields.idempotencyKey === "string") {
      lineage = { file: path.basename(file), sha256, jobId: fields.idempotencyKey, ...(typeof fields.jobId === "string" ? { providerJobId: fields.jobId } : {}) };
    }
  } catch {
    // A still without readable XMP is simply not one of ours.
  }
  const image: ImageInput = { kind: "bytes", bytes, mediaType: STILL_MEDIA_TYPES[format] as ImageMediaType, name: path.basename(file), ...(lineage ? { lineage } : {}) };
  return { image, sha256 };
}

async function confirm(io: ImageIo, question: string): Promise<boolean> {
  if (!io.stdin?.isTTY) return false;
  const reader = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
  try {
    return /^y(es)?$/i.test((await reader.question(question)).trim());
  } finally {
    reader.close();
  }
}

function describeStill(job: ImageJobRecord): string[] {
  return (job.files ?? []).filter(Boolean).map((file) => `  ${file.path}${job.seed !== undefined ? ` (seed ${job.seed})` : ""}`);
}

const IMAGE_OPTIONS = {
  prompt: { type: "string" },
  model: { type: "string" },
  provider: { type: "string" },
  n: { type: "string" },
  "edit-of": { type: "string", multiple: true },
  out: { type: "string" },
  seed: { type: "string" },
  size: { type: "string" },
  aspect: { type: "string" },
  resolution: { type: "string" },
  quality: { type: "string" },
  format: { type: "string" },
  budget: { type: "string" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  again: { type: "boolean" },
  "fake-providers": { type: "string" },
} as const;

/** `shotbin image`, callable in-process with its own output and environment. */
export async function makeStills(args: string[], io: ImageIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let parsed;
  try {
    parsed = parseCommandLine(args, IMAGE_OPTIONS);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure("image", error, io.stderr);
    throw error;
  }
  const { values } = parsed;
  if (values.help) {
    out(HELP);
    return EXIT.ok;
  }
  const env = io.env;
  const clock = systemClock;
  const outDir = path.resolve(io.cwd, values.out ?? "shotbin-stills");
  let registry: ImageProviderRegistry;
  let spec: ImageModelSpec;
  let poll: Partial<PollPolicy> | undefined;
  let request: Record<string, unknown>;
  let budget: number | undefined;
  const inputs: Array<{ image: ImageInput; sha256: string; path: string }> = [];
  try {
    if (!values.prompt?.trim()) throw new UsageError("--prompt is required: describe the frame (or, with --edit-of, the change)");
    const provider = values.provider as ProviderId | undefined;
    if (provider && !(PROVIDER_IDS as readonly string[]).includes(provider)) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(", ")}, not '${provider}'`);
    const number = (flag: string, raw: string | undefined, integer: boolean) => {
      if (raw === undefined) return undefined;
      const value = Number(raw.replace(/^\$/, ""));
      if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) throw new UsageError(`--${flag} must be ${integer ? "a whole number" : "a number"}, not '${raw}'`);
      return value;
    };
    const n = number("n", values.n, true);
    const seed = number("seed", values.seed, true);
    budget = number("budget", values.budget, false);
    if (values.format !== undefined && !(IMAGE_OUTPUT_FORMATS as readonly string[]).includes(values.format === "jpg" ? "jpeg" : values.format)) {
      throw new UsageError(`--format must be png, jpeg or webp, not '${values.format}'`);
    }
    poll = pollOverride(env.SHOTBIN_POLL_MS);
    const fakeOrigin = (values["fake-providers"] ?? env.SHOTBIN_FAKE_PROVIDERS)?.replace(/\/+$/, "");
    const settings: Partial<Record<ProviderId, ProviderSettings>> = fakeOrigin ? fakeProviderSettings(fakeOrigin) : envProviderSettings(env);
    registry = createImageProviderRegistry({ context: { fetch: globalFetch(), clock, keys: envKeyStore(env, fakeOrigin ? fakeKeys() : {}) }, settings });
    spec = await chooseModel(registry, values.model, provider, await registry.usable());
    for (const file of values["edit-of"] ?? []) {
      const absolute = path.resolve(io.cwd, file);
      try {
        inputs.push({ ...(await readInput(absolute)), path: absolute });
      } catch (error) {
        err(`shotbin image: --edit-of ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : describeError(error)}`);
        return EXIT.badInput;
      }
    }
    request = {
      provider: spec.provider,
      model: spec.id,
      prompt: values.prompt,
      ...(n !== undefined ? { count: n } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.size ? { size: values.size } : {}),
      ...(values.aspect ? { aspectRatio: values.aspect } : {}),
      ...(values.resolution ? { resolution: values.resolution } : {}),
      ...(values.quality ? { quality: values.quality } : {}),
      ...(values.format ? { outputFormat: values.format === "jpg" ? "jpeg" : (values.format as ImageOutputFormat) } : {}),
      ...(inputs.length ? { inputImages: inputs.map((input) => input.image) } : {}),
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`shotbin image: ${error.message}`);
    return EXIT.usage;
  }

  const checked = registry.check({ ...request, idempotencyKey: createIdempotencyKey() });
  if (!checked.ok) {
    const flag: Record<string, string> = { aspectRatio: "--aspect", outputFormat: "--format", count: "--n", inputImages: "--edit-of", size: "--size", resolution: "--resolution", quality: "--quality", seed: "--seed", prompt: "--prompt" };
    for (const issue of checked.issues) err(`shotbin image: ${flag[issue.field.split(".")[0]!] ?? issue.field}: ${issue.message}`);
    return EXIT.usage;
  }
  for (const warning of checked.warnings) err(`warning: ${warning.message}`);
  // The same request (inputs by content) is the same set of stills: a rerun follows it instead of buying again.
  const { idempotencyKey: _key, inputImages: _inputs, ...settings } = checked.request;
  const fingerprint = sha256OfBytes(utf8Encode(JSON.stringify({ ...settings, inputs: inputs.map((input) => input.sha256) })));
  const cost = checked.cost;
  const summary = `${checked.request.count} still(s) from ${spec.displayName}${checked.request.size ? ` at ${checked.request.size}` : checked.request.aspectRatio ? ` at ${checked.request.aspectRatio}` : ""}${checked.request.resolution ? ` ${checked.request.resolution}` : ""}${checked.request.quality ? `, ${checked.request.quality} quality` : ""}, ${checked.request.outputFormat}`;
  const price = `${formatUsd(cost.usd)}${Number.isFinite(cost.usdPerImage) ? ` (${formatUsd(cost.usdPerImage)} a still)` : ""}${cost.confirmed ? "" : `, price unconfirmed: ${cost.source}`}`;

  if (values["dry-run"]) {
    out(`${summary}: would cost ${price}. Nothing was sent.`);
    return EXIT.ok;
  }

  await fs.mkdir(outDir, { recursive: true });
  const opened = await Ledger.open(nodeLedgerStore(path.join(outDir, LEDGER_FILE)), clock);
  if (opened.warning) {
    err(`shotbin image: ${opened.warning}`);
    return EXIT.refused;
  }
  const ledger = opened.ledger;
  const earlier = values.again ? [] : ledger.imageJobs().filter((job) => job.extra?.fingerprint === fingerprint);
  let jobs: ImageJobRecord[];
  if (earlier.length > 0) {
    jobs = earlier;
    const ready = earlier.filter((job) => job.state === "ready").length;
    out(`${summary}: already in ${outDir} (${ready} of ${earlier.length} call(s) done); following it, nothing is bought again. Add --again for a new set.`);
  } else {
    if (budget !== undefined && Number.isFinite(cost.usd) && cost.usd > budget) {
      err(`shotbin image: refused: ${summary} would cost ${price}, over the budget of ${formatUsd(budget)}.`);
      return EXIT.refused;
    }
    if (!Number.isFinite(cost.usd) && budget !== undefined) {
      err(`shotbin image: refused: the price of ${spec.displayName} is unknown, so the budget cannot be checked.`);
      return EXIT.refused;
    }
    out(`${summary}: ${price}.`);
    if (cost.usd !== 0 && !values.yes) {
      if (!(await confirm(io, `Spend ${formatUsd(cost.usd)}? [y/N] `))) {
        err(`shotbin image: not confirmed; nothing was sent.${io.stdin?.isTTY ? "" : " Add --yes to spend without a question."}`);
        return EXIT.refused;
      }
    }
    const base = { ...checked.request, idempotencyKey: createIdempotencyKey() };
    const runId = base.idempotencyKey;
    jobs = splitImageRequest(spec, base).map((part, order) =>
      planImageJob(
        { request: part.request, estimate: part.cost, shot: { shotId: "still", order, take: 1 }, inputImagePaths: inputs.map((input) => input.path), extra: { fingerprint, command: "shotbin image" } },
        clock.now(),
        runId,
      ),
    );
    await ledger.addImages(jobs);
  }

  const pipeline = new ImageJobPipeline(
    createImagePipelineDeps({ ledger, registry, seams: { clock, fetch: globalFetch(), files: nodeFileSystem }, settings: { mediaFolder: outDir, fileNameTemplate: NAME_TEMPLATE, ...(poll ? { pollPolicy: poll } : {}) } }),
  );
  // Steps that failed after the money was spent (tracking, download, embed) are run again from the ledger.
  for (const job of earlier) {
    const failure = job.failure;
    if (job.state !== "failed" || !failure?.retryable) continue;
    if (failure.step === "download" || failure.step === "embed" || (failure.step === "track" && job.handle)) await pipeline.resumeStep(job.id).catch(() => undefined);
  }
  const abort = new AbortController();
  let interrupted = false;
  const detach = io.onInterrupt
    ? io.onInterrupt(() => {
        interrupted = true;
        abort.abort();
      })
    : (() => {
        const handler = () => {
          interrupted = true;
          abort.abort();
        };
        process.on("SIGINT", handler);
        return () => process.off("SIGINT", handler);
      })();
  const shown = new Map<string, string>();
  const unsubscribe = ledger.subscribeImages((job) => {
    const index = jobs.findIndex((j) => j.id === job.id);
    if (index < 0 || shown.get(job.id) === job.state || !["submitting", "running", "succeeded", "ready", "failed"].includes(job.state)) return;
    shown.set(job.id, job.state);
    out(`  call ${index + 1}/${jobs.length}: ${job.state}`);
  });
  try {
    await Promise.all(
      jobs.map(async (job) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await pipeline.advance(job.id, "ready", abort.signal);
            return;
          } catch (error) {
            // A refusal that created nothing (a rate limit): wait as asked, then send again.
            if (!(error instanceof SubmitDeferred) || attempt >= 5 || abort.signal.aborted) throw error;
            await clock.sleep(Math.max(1000, (error.cause as ProviderError).retryAfterMs ?? 2000 * attempt), abort.signal).catch(() => undefined);
          }
        }
      }),
    );
  } catch (error) {
    if (!abort.signal.aborted) err(`shotbin image: ${describeError(error)}`);
  } finally {
    detach();
    unsubscribe();
    await ledger.flushed();
  }

  const final = jobs.map((job) => ledger.requireImage(job.id));
  const made = final.filter((job) => job.state === "ready");
  const spent = roundUsd(final.filter((job) => isCommitted(job) && Number.isFinite(job.estimate.usd)).reduce((sum, job) => sum + job.estimate.usd, 0));
  if (made.length) out([`${made.reduce((sum, job) => sum + (job.files?.length ?? 0), 0)} still(s) in ${outDir}:`, ...made.flatMap(describeStill)].join("\n"));
  const failed = final.filter((job) => job.state === "failed" || job.state === "cancelled");
  for (const job of failed) {
    const charged = job.failure?.charged === false ? "not charged" : job.failure?.charged === true ? "charged" : "may have been charged";
    err(`  call ${jobs.findIndex((j) => j.id === job.id) + 1}: ${job.failure?.message ?? job.state} [${charged}]`);
  }
  if (failed.length > 0 && earlier.length > 0) err("This request failed before; to try it again as a new purchase, add --again.");
  out(`Spent ${formatUsd(spent)} (estimate).`);
  if (interrupted && made.length < final.length) {
    err(`Stopped before the end. Run the same command again to follow what was bought; nothing is bought twice.`);
    return EXIT.interrupted;
  }
  if (failed.length > 0) return EXIT.providerFailed;
  return made.length === final.length ? EXIT.ok : EXIT.providerFailed;
}

export const imageCommand: Subcommand = {
  run: (args) => makeStills(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }),
};
