import { PROVIDER_IDS, type ProviderId } from "../../core/request";
import type { PollPolicy } from "../../core/videoProvider";
import { parseDuration, parseResolution } from "../../shotlist/fieldValues";
import { findProvider } from "../../shotlist/modelChoice";
import { parseCommandLine, readOptionalNumber, refuseNegative, UsageError } from "../commandLine";
import { KEY_ENV } from "../envKeyStore";

export const EXTEND_HELP = `Usage: shotbin extend <clip> --prompt TEXT --model MODEL [options]

Extends a clip headless, as the panel's Extend does on the timeline: ffmpeg takes the clip's last
frame (exact to the frame), an image-to-video model starts a new clip on it, and the result is
downloaded and gets Shotbin's metadata, including where its first frame came from (the clip and
the time of that frame). The cost is shown before anything is spent. Every step is recorded in
<out>/shotbin-ledger.json before it happens, so running the same command again (after a failure,
Ctrl-C or a kill) follows the clip already bought and buys nothing twice.

Options:
  --prompt TEXT          what happens next
  --model MODEL          an image-to-video model: veo-3.1-generate-preview, kling-2.6, wan2.6-i2v, ...
                         (a family such as "Kling 2.6" or provider:model works too)
  --provider ID          which provider serves a model several offer (fal, replicate, ...)
  --duration S           seconds (default: the model's default; only lengths the model offers)
  --resolution R         720p, 1080p, ... (default: the model's)
  --negative TEXT        what to avoid, where the model takes it
  --out DIR              the new clip, the frame and the ledger (default ./shotbin-extend-<clip name>)
  --budget USD           refuse when the estimate is over this; also approves it without asking
  --yes, -y              approve an estimate over the confirmation threshold without asking
  --dry-run              show the frame, the request and the cost; spend nothing
  --again                buy a new extension even when this one is already in --out
  --fake-providers URL   point every adapter at \`shotbin fake-providers\` (env SHOTBIN_FAKE_PROVIDERS)

Money: an estimate above $5 (SHOTBIN_CONFIRM_ABOVE_USD, or confirmAboveUsd in ~/.shotbin/config.json)
with no --budget asks y/N on a terminal, and is refused without one unless --yes is given.
Keys come from the environment: ${[...new Set(Object.values(KEY_ENV))].join(", ")}.
Exit codes: 0 done (or already done); 2 usage (unknown model, a model that takes no first frame, a
length it does not offer); 3 the clip cannot be read; 4 refused (budget, not confirmed); 5 the
provider failed or refused it; 130 stopped (run the same command again to continue).`;

const OPTIONS = {
  prompt: { type: "string" },
  model: { type: "string" },
  provider: { type: "string" },
  duration: { type: "string" },
  resolution: { type: "string" },
  negative: { type: "string" },
  out: { type: "string" },
  budget: { type: "string" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  again: { type: "boolean" },
  "fake-providers": { type: "string" },
} as const;

export interface ExtendOptions {
  clipArg: string;
  prompt: string;
  model: string;
  provider?: ProviderId;
  durationSeconds?: number;
  resolution?: string;
  negative?: string;
  out?: string;
  budget?: number;
  yes: boolean;
  dryRun: boolean;
  again: boolean;
  fakeOrigin?: string;
  simulator?: { queueMs: number; runMs: number };
  poll?: Partial<PollPolicy>;
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

/** The command line and the environment, checked; `help` when --help was asked. Throws UsageError. */
export function readExtendOptions(args: readonly string[], env: NodeJS.ProcessEnv): ExtendOptions | "help" {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "give the clip to extend" : `give exactly one clip (found ${positionals.length}: ${positionals.join(", ")})`);
  const prompt = values.prompt?.trim();
  if (!prompt) throw new UsageError("--prompt is needed: say what happens next");
  if (!values.model?.trim()) throw new UsageError("--model is needed: an image-to-video model such as kling-2.6 or veo-3.1-generate-preview");
  const provider = values.provider ? findProvider(values.provider) : undefined;
  if (values.provider && !provider) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(", ")}, not '${values.provider}'`);
  let durationSeconds: number | undefined;
  if (values.duration !== undefined) {
    refuseNegative("duration", values.duration, "a length in seconds such as 5");
    const parsed = parseDuration(values.duration);
    if (!parsed.ok) throw new UsageError(`--duration: ${parsed.message}`);
    durationSeconds = parsed.value;
  }
  let resolution: string | undefined;
  if (values.resolution !== undefined) {
    const parsed = parseResolution(values.resolution);
    if (!parsed.ok) throw new UsageError(`--resolution: ${parsed.message}`);
    resolution = parsed.value;
  }
  const budget = readOptionalNumber("budget", values.budget, { min: 0, unit: "US dollars", dollars: true });
  const fakeOrigin = values["fake-providers"] ?? (env.SHOTBIN_FAKE_PROVIDERS?.trim() || undefined);
  const simulator = simulatorTiming(env.SHOTBIN_SIMULATOR_MS);
  const poll = pollOverride(env.SHOTBIN_POLL_MS);
  return {
    clipArg: positionals[0]!,
    prompt,
    model: values.model.trim(),
    ...(provider ? { provider } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(resolution ? { resolution } : {}),
    ...(values.negative?.trim() ? { negative: values.negative.trim() } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(budget !== undefined ? { budget } : {}),
    yes: values.yes === true,
    dryRun: values["dry-run"] === true,
    again: values.again === true,
    ...(fakeOrigin ? { fakeOrigin: fakeOrigin.replace(/\/+$/, "") } : {}),
    ...(simulator ? { simulator } : {}),
    ...(poll ? { poll } : {}),
  };
}
