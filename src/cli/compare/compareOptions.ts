import { isDurationAllowed, type DurationSpec, type ModelSpec } from "../../core/modelSpec";
import { parseAspect, parseDuration, parseResolution } from "../../shotlist/fieldValues";
import { chooseModel } from "../../shotlist/modelChoice";
import { parseCommandLine, readNumber, readOptionalNumber, refuseNegative, UsageError } from "../commandLine";

export const COMPARE_HELP = `Usage: shotbin compare --prompt TEXT --models A,B[,C...] [options]

Generates the same shot on each model (2 to 6), measures every take with shotbin qa, and writes
report.json and report.html (self-contained, offline: thumbnails of the first, middle and last
frame, luma and colour-temperature curves, each take's defects, and a summary table: cost per
second, mean score, defects per take by kind) into --out.

Options:
  --prompt TEXT          the shot, sent to every model as it is
  --models A,B,...       2 to 6 models as \`shotbin providers\` lists them (kling-2.6, fal-ai/veo3.1,
                         wan2.6-t2v, provider:id, or a family such as "Veo 3.1")
  --takes N              takes per model (default 1, at most 10)
  --duration S           seconds per take (default 5); a model that does not offer it gets its
                         nearest length (said before anything is sent; cost per second allows for it)
  --aspect A --resolution R   as for \`shotbin run\`
  --out DIR              where the clips, the ledger and the reports go (default ./shotbin-compare)
  --budget USD           refuse a comparison estimated over this
  --yes                  approve a comparison over the confirmation threshold without asking
  --fake-providers URL   point every adapter at \`shotbin fake-providers\` (env SHOTBIN_FAKE_PROVIDERS)

The cost is shown before anything is sent, and money is approved as for \`shotbin run\` (the
confirmation threshold, --budget, --daily-cap through SHOTBIN_DAILY_CAP_USD, --yes). Running the
same command again with the same --out resumes: nothing is bought or measured twice.
Exit codes: 0 report written; 2 usage; 3 bad input; 4 refused (budget, not confirmed, --out holds
another comparison or a run); 5 a take failed (the report shows it); 130 stopped (resume by
running the command again).`;

const OPTIONS = {
  prompt: { type: "string" },
  models: { type: "string", multiple: true },
  takes: { type: "string" },
  duration: { type: "string" },
  aspect: { type: "string" },
  resolution: { type: "string" },
  out: { type: "string" },
  budget: { type: "string" },
  yes: { type: "boolean", short: "y" },
  "fake-providers": { type: "string" },
} as const;

export interface CompareModelChoice {
  /** As given. */
  given: string;
  spec: ModelSpec;
  /** The length asked for, or the model's nearest when it does not offer it. */
  durationSeconds: number;
}

/** `asked` when the model offers it, else its nearest length (the longer of two equally near). */
export function nearestDuration(spec: DurationSpec, asked: number): number {
  if (isDurationAllowed(spec, asked)) return asked;
  if (!("values" in spec)) return Math.min(spec.max, Math.max(spec.min, Math.round(asked)));
  return [...spec.values].sort((a, b) => Math.abs(a - asked) - Math.abs(b - asked) || b - a)[0] ?? asked;
}

export interface CompareOptions {
  prompt: string;
  models: CompareModelChoice[];
  takes: number;
  durationSeconds: number;
  aspect?: string;
  resolution?: string;
  out?: string;
  budget?: number;
  yes: boolean;
  fakeOrigin?: string;
}

export const MIN_MODELS = 2;
export const MAX_MODELS = 6;

/** The command line, checked; `help` when --help was asked. Throws UsageError. */
export function readCompareOptions(args: readonly string[], env: NodeJS.ProcessEnv): CompareOptions | "help" {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`compare takes no file arguments (found ${positionals.join(", ")}); give the shot with --prompt`);
  const prompt = values.prompt?.trim();
  if (!prompt) throw new UsageError("give the shot with --prompt TEXT");
  const names = (values.models ?? []).flatMap((value) => value.split(",")).map((name) => name.trim()).filter(Boolean);
  if (names.length < MIN_MODELS || names.length > MAX_MODELS) throw new UsageError(`--models takes ${MIN_MODELS} to ${MAX_MODELS} models separated by commas (found ${names.length})`);
  const models: CompareModelChoice[] = [];
  for (const given of names) {
    const choice = chooseModel(given);
    if (!choice.ok) throw new UsageError(`--models: ${choice.message}; ${choice.fix}`);
    const twin = models.find((model) => model.spec.provider === choice.spec.provider && model.spec.id === choice.spec.id);
    if (twin) throw new UsageError(`--models names ${choice.spec.provider}/${choice.spec.id} twice ('${twin.given}' and '${given}'); use --takes for more takes of one model`);
    models.push({ given, spec: choice.spec, durationSeconds: 0 });
  }
  const takes = values.takes === undefined ? 1 : readNumber("takes", values.takes, { integer: true, min: 1, max: 10, unit: "takes" });
  if (values.duration !== undefined) refuseNegative("duration", values.duration, "a length in seconds such as 5, 5s or 0:05");
  let durationSeconds = 5;
  if (values.duration !== undefined) {
    const parsed = parseDuration(values.duration);
    if (!parsed.ok) throw new UsageError(`--duration: ${parsed.message}`);
    durationSeconds = parsed.value;
  }
  for (const model of models) model.durationSeconds = nearestDuration(model.spec.capabilities.durations, durationSeconds);
  const check = (flag: string, raw: string | undefined, parse: (text: string) => { ok: true } | { ok: false; message: string }) => {
    if (raw === undefined) return;
    const result = parse(raw);
    if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
  };
  check("aspect", values.aspect, parseAspect);
  check("resolution", values.resolution, parseResolution);
  const budget = readOptionalNumber("budget", values.budget, { min: 0, unit: "US dollars", dollars: true });
  const fakeOrigin = values["fake-providers"] ?? (env.SHOTBIN_FAKE_PROVIDERS?.trim() || undefined);
  return {
    prompt,
    models,
    takes,
    durationSeconds,
    ...(values.aspect !== undefined ? { aspect: values.aspect } : {}),
    ...(values.resolution !== undefined ? { resolution: values.resolution } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(budget !== undefined ? { budget } : {}),
    yes: values.yes === true,
    ...(fakeOrigin ? { fakeOrigin: fakeOrigin.replace(/\/+$/, "") } : {}),
  };
}
