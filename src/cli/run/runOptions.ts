import { PROVIDER_IDS, type ProviderId } from "../../core/request";
import type { ProviderLimit } from "../../core/scheduler";
import type { PollPolicy } from "../../core/videoProvider";
import { parseAspect, parseDuration, parseResolution } from "../../shotlist/fieldValues";
import { findProvider } from "../../shotlist/modelChoice";
import { checkPromptTemplate, PromptTemplateError } from "../../shotlist/promptTemplate";
import { parseSeedPolicy } from "../../shotlist/seedPolicy";
import type { ShotDefaults } from "../../shotlist/shotListTypes";
import { parseFrameRate, parseFrameSize, type FrameRate, type FrameSize } from "../../shotlist/timelineLayout";
import { parseCommandLine, readNumber, readOptionalNumber, refuseNegative, UsageError } from "../commandLine";
import { KEY_ENV } from "../envKeyStore";

export const RUN_HELP = `Usage: shotbin run <shotlist.csv|.json|.fountain> [options]

Generates every shot of a shot list, in list order, with the same parser, plan, scheduler,
download and embedding as the panel, and writes next to the clips: <name>.otio, <name>.fcpxml,
<name>.edl and <name>.resolve.csv.

Options:
  --out DIR                 where clips, exports and the run's ledger go (default ./shotbin-<list name>)
  --provider ID             run every shot on this provider (simulator, gemini, kling, dashscope, fal, replicate, openai)
  --model ID                run every shot on this model
  --budget USD              refuse a plan over this; retries never go past it
  --daily-cap USD           refuse a plan that takes today's approvals past this (env SHOTBIN_DAILY_CAP_USD)
  --yes                     approve a plan over the confirmation threshold without asking
  --concurrency P=N         jobs held at provider P at once (repeatable; fal=2,kling=3)
  --relay URL --relay-token T   follow webhooks through a Shotbin relay (env SHOTBIN_RELAY_URL, SHOTBIN_RELAY_TOKEN)
  --dry-run                 show the plan (cost, wall time, problems) and stop; add --json for JSON
  --resume                  continue the run in --out from its ledger; never buys a shot twice
  --aspect A --resolution R --duration S --takes N --seed-policy P   fill what the list leaves out
  --prompt-template T       how camera, movement and lens are folded into prompts
  --fps RATE                timeline rate of the exports (default 24; 23.976, 25, 29.97, ...); 29.97 and 59.94 use drop-frame timecode
  --frame-size WxH          frame size of the exports' timeline (default: the clips' own, e.g. 1920x1080)
  --file-name TEMPLATE      clip names (default {shot}_{slug}_{model}_{seed}.mp4)
  --pick best               with several takes of a shot: QA each take as it lands, place the best
                            (verdict, then score) in the exports, move the others to <out>/takes/
  --fake-providers URL      point every adapter at \`shotbin fake-providers\` (env SHOTBIN_FAKE_PROVIDERS)

Money: a plan estimated above $5 (SHOTBIN_CONFIRM_ABOVE_USD, or confirmAboveUsd in
~/.shotbin/config.json) with no --budget asks y/N on a terminal; without a terminal it is refused
unless --yes or --budget is given.

Keys come from the environment: ${[...new Set(Object.values(KEY_ENV))].join(", ")}.
With none set, every shot runs on the built-in simulator (free, offline).

Ctrl-C stops submitting and follows the jobs already at a provider to the end; SIGTERM stops
submitting and leaves them recorded for --resume; a second signal leaves at once. Either way the
exports are written and the command to resume is printed (exit 130).
Exit codes: 0 every shot done; 2 usage; 3 bad input (unreadable list, errors in it); 4 refused
(budget, daily cap, not confirmed, nothing to resume, folder in use); 5 a shot failed; 130 stopped.`;

const OPTIONS = {
  out: { type: "string" },
  provider: { type: "string" },
  model: { type: "string" },
  budget: { type: "string" },
  "daily-cap": { type: "string" },
  yes: { type: "boolean", short: "y" },
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
  pick: { type: "string" },
} as const;

export interface RunOptions {
  /** The shot list as typed (for messages and the resume command). */
  listArg: string;
  out?: string;
  provider?: ProviderId;
  model?: string;
  budget?: number;
  dailyCap?: number;
  yes: boolean;
  limits: Partial<Record<ProviderId, Partial<ProviderLimit>>>;
  defaults: ShotDefaults;
  rate: FrameRate;
  /** --fps as given; a resumed run otherwise keeps the rate it started with. */
  fps?: string;
  /** --frame-size; a resumed run otherwise keeps the size it started with (or the clips' own). */
  frameSize?: FrameSize;
  relay?: { url: string; token: string };
  dryRun: boolean;
  json: boolean;
  resume: boolean;
  fileName: string;
  /** --pick best: QA every take of a shot with several, and choose the best. */
  pick?: "best";
  fakeOrigin?: string;
  /** SHOTBIN_SIMULATOR_MS: the simulator's queued and running milliseconds. */
  simulator?: { queueMs: number; runMs: number };
  /** SHOTBIN_POLL_MS: one polling interval for every provider (tests, rehearsals). */
  poll?: Partial<PollPolicy>;
  /** SHOTBIN_RELAY_SAFETY_POLL_MS: polling while a webhook is expected. */
  relaySafetyPollMs: number;
}

const USD = { min: 0, unit: "US dollars", dollars: true } as const;

function parseConcurrency(values: string[]): Partial<Record<ProviderId, Partial<ProviderLimit>>> {
  const limits: Partial<Record<ProviderId, Partial<ProviderLimit>>> = {};
  for (const entry of values.flatMap((value) => value.split(","))) {
    const match = /^\s*([a-z]+)\s*=\s*(-?\d+)\s*$/i.exec(entry);
    const provider = match ? findProvider(match[1]!) : undefined;
    if (!match || !provider || Number(match[2]) < 1) throw new UsageError(`--concurrency takes provider=N with N ≥ 1 (fal=2), not '${entry}'`);
    limits[provider] = { concurrency: Number(match[2]) };
  }
  return limits;
}

function simulatorTiming(raw: string | undefined): { queueMs: number; runMs: number } | undefined {
  if (!raw) return undefined;
  const [queue, run] = raw.split(",").map(Number);
  if (!Number.isFinite(queue) || !Number.isFinite(run) || queue! < 0 || run! < 0) throw new UsageError(`SHOTBIN_SIMULATOR_MS must be 'queueMs,runMs', not '${raw}'`);
  return { queueMs: queue!, runMs: run! };
}

function pollOverride(raw: string | undefined): Partial<PollPolicy> | undefined {
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`SHOTBIN_POLL_MS must be a number of milliseconds, not '${raw}'`);
  return { initialDelayMs: ms, queuedIntervalMs: ms, maxQueuedIntervalMs: ms * 2, runningIntervalMs: ms, backoff: 1.2 };
}

function defaultsFrom(values: { aspect?: string; resolution?: string; duration?: string; takes?: string; "seed-policy"?: string; "prompt-template"?: string }): ShotDefaults {
  const defaults: ShotDefaults = {};
  const read = <T>(flag: string, raw: string | undefined, parse: (text: string) => { ok: true; value: T } | { ok: false; message: string }) => {
    if (raw === undefined) return undefined;
    const result = parse(raw);
    if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
    return result.value;
  };
  const aspect = read("aspect", values.aspect, parseAspect);
  const resolution = read("resolution", values.resolution, parseResolution);
  if (values.duration !== undefined) refuseNegative("duration", values.duration, "a length in seconds such as 5, 5s or 0:05");
  const duration = read("duration", values.duration, (text) => parseDuration(text));
  const takes = values.takes === undefined ? undefined : readNumber("takes", values.takes, { integer: true, min: 1, max: 20, unit: "takes" });
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
  return defaults;
}

/** The command line and the environment, checked; `help` when --help was asked. Throws UsageError. */
export function readRunOptions(args: readonly string[], env: NodeJS.ProcessEnv): RunOptions | "help" {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "give the shot list to run" : `give exactly one shot list (found ${positionals.length}: ${positionals.join(", ")})`);
  if (values.fps !== undefined) refuseNegative("fps", values.fps, "a rate such as 24, 23.976, 25 or 30000/1001");
  const rate = parseFrameRate(values.fps ?? "24");
  if (!rate) throw new UsageError(`--fps must be a rate such as 24, 23.976, 25 or 30000/1001, not '${values.fps}'`);
  const frameSize = values["frame-size"] !== undefined ? parseFrameSize(values["frame-size"]) : undefined;
  if (values["frame-size"] !== undefined && !frameSize) throw new UsageError(`--frame-size must be WIDTHxHEIGHT in even pixels, such as 1920x1080, not '${values["frame-size"]}'`);
  const provider = values.provider ? findProvider(values.provider) : undefined;
  if (values.provider && !provider) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(", ")}, not '${values.provider}'`);
  const dailyCapText = values["daily-cap"] ?? (env.SHOTBIN_DAILY_CAP_USD?.trim() || undefined);
  const relayUrl = values.relay ?? (env.SHOTBIN_RELAY_URL?.trim() || undefined);
  const relayToken = values["relay-token"] ?? (env.SHOTBIN_RELAY_TOKEN?.trim() || undefined);
  if (relayUrl && !relayToken) throw new UsageError("--relay needs --relay-token (or SHOTBIN_RELAY_TOKEN)");
  const safety = env.SHOTBIN_RELAY_SAFETY_POLL_MS?.trim();
  const simulator = simulatorTiming(env.SHOTBIN_SIMULATOR_MS);
  const poll = pollOverride(env.SHOTBIN_POLL_MS);
  const budget = readOptionalNumber("budget", values.budget, USD);
  const dailyCap = dailyCapText === undefined ? undefined : readNumber(values["daily-cap"] !== undefined ? "daily-cap" : "SHOTBIN_DAILY_CAP_USD", dailyCapText, USD);
  if (values.pick !== undefined && values.pick !== "best") throw new UsageError(`--pick takes 'best' (QA every take and choose the best), not '${values.pick}'`);
  const fakeOrigin = values["fake-providers"] ?? (env.SHOTBIN_FAKE_PROVIDERS?.trim() || undefined);
  return {
    listArg: positionals[0]!,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(provider ? { provider } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(dailyCap !== undefined ? { dailyCap } : {}),
    yes: values.yes === true,
    limits: parseConcurrency(values.concurrency),
    defaults: defaultsFrom(values),
    rate,
    ...(values.fps !== undefined ? { fps: values.fps } : {}),
    ...(frameSize ? { frameSize } : {}),
    ...(relayUrl && relayToken ? { relay: { url: relayUrl, token: relayToken } } : {}),
    dryRun: values["dry-run"] === true,
    json: values.json === true,
    resume: values.resume === true,
    fileName: values["file-name"] ?? "{shot}_{slug}_{model}_{seed}.mp4",
    ...(values.pick === "best" ? { pick: "best" as const } : {}),
    ...(fakeOrigin ? { fakeOrigin: fakeOrigin.replace(/\/+$/, "") } : {}),
    ...(simulator ? { simulator } : {}),
    ...(poll ? { poll } : {}),
    relaySafetyPollMs: safety ? readNumber("SHOTBIN_RELAY_SAFETY_POLL_MS", safety, { min: 1, unit: "milliseconds" }) : 180_000,
  };
}
