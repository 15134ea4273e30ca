/**
 * The rules for meta.json, checked by hand rather than with zod: `shotbin embed` must stay under
 * 64 MB, and loading zod (about 95 modules with its locales) costs 12 MB of a 65 MB process, more
 * than the embed itself. Each problem names the field and what is allowed.
 */
import { MediaError } from "../core/errors";
import { FRAME_ACTIONS, type GenerationField, type GenerationMetadata } from "./generationMetadata";

type Rule = (value: unknown) => string | undefined;

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function text(max: number, min = 0): Rule {
  return (value) => {
    if (!isString(value)) return "expected text";
    if (value.length < min) return "must not be empty";
    if (value.length > max) return `at most ${max} characters`;
    return undefined;
  };
}

function matching(pattern: RegExp, hint: string): Rule {
  return (value) => (isString(value) && pattern.test(value) ? undefined : hint);
}

const SEED_DIGITS = /^-?\d{1,40}$/;

const seed: Rule = (value) => {
  if (isString(value)) return SEED_DIGITS.test(value) ? undefined : "seed must be an integer";
  if (!isNumber(value) || !Number.isInteger(value)) return "seed must be an integer";
  return Number.isSafeInteger(value) ? undefined : "seed must be a safe integer; pass larger seeds as a string";
};

const duration: Rule = (value) => (isNumber(value) && value > 0 && value <= 86_400 ? undefined : "seconds, above 0 and at most 86400");

const cost: Rule = (value) => (isNumber(value) && value >= 0 ? undefined : "a finite number, 0 or more");

const take: Rule = (value) => (isNumber(value) && Number.isInteger(value) && value >= 1 && value <= 100_000 ? undefined : "an integer from 1 to 100000");

/** ISO 8601 date and time with seconds optional and a time zone (Z or ±hh:mm), e.g. 2026-11-24T10:00:00Z. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const generatedAt: Rule = (value) =>
  isString(value) && ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : "an ISO 8601 date and time with a time zone, e.g. 2026-11-24T10:00:00Z";

const referenceImages: Rule = (value) => {
  if (!Array.isArray(value)) return "expected a list of file names";
  if (value.length > 100) return "at most 100 images";
  const bad = value.findIndex((name) => text(1000, 1)(name) !== undefined);
  return bad === -1 ? undefined : `item ${bad}: a file name of 1 to 1000 characters`;
};

const frameAction: Rule = (value) => (FRAME_ACTIONS.includes(value as never) ? undefined : `one of ${FRAME_ACTIONS.join(", ")}`);

const frameTime: Rule = (value) => (isNumber(value) && value >= 0 && value <= 86_400 * 30 ? undefined : "seconds into the source clip, 0 or more");

const sequenceTicks: Rule = (value) => (isString(value) && /^\d{1,20}$/.test(value) ? undefined : "Premiere ticks as digits, e.g. 1260755496000");

const QA_VERDICTS = ["pass", "warn", "fail"];

const qaVerdict: Rule = (value) => (QA_VERDICTS.includes(value as string) ? undefined : `one of ${QA_VERDICTS.join(", ")}`);

const qaScore: Rule = (value) => (isNumber(value) && Number.isInteger(value) && value >= 0 && value <= 100 ? undefined : "an integer from 0 to 100");

const qaDefects: Rule = (value) => {
  if (!Array.isArray(value)) return "expected a list of defect kinds";
  if (value.length > 50) return "at most 50 kinds";
  const bad = value.findIndex((kind) => !isString(kind) || !/^[a-z][a-z-]{0,59}$/.test(kind));
  return bad === -1 ? undefined : `item ${bad}: a defect kind such as flicker or frozen-frames`;
};

const RULES: Record<GenerationField, Rule> = {
  provider: text(100, 1),
  model: text(200, 1),
  prompt: text(100_000),
  negativePrompt: text(100_000),
  seed,
  duration,
  aspectRatio: matching(/^\d{1,5}:\d{1,5}$/, "aspect ratio looks like 16:9"),
  resolution: text(40, 1),
  jobId: text(2000, 1),
  idempotencyKey: text(200, 1),
  cost,
  currency: matching(/^[A-Z]{3}$/, "currency is an ISO 4217 code such as USD"),
  priceSource: text(500),
  generatedAt,
  shotList: text(1000),
  shotId: text(200),
  shotName: text(500),
  scene: text(200),
  take,
  referenceImages,
  frameAction,
  firstFrameSource: text(1000, 1),
  firstFrameTime: frameTime,
  firstFrameSequenceTicks: sequenceTicks,
  lastFrameSource: text(1000, 1),
  lastFrameTime: frameTime,
  lastFrameSequenceTicks: sequenceTicks,
  quality: text(40, 1),
  sourceStill: text(1000, 1),
  sourceStillSha256: matching(/^[0-9a-f]{64}$/, "a SHA-256 as 64 lowercase hex digits"),
  sourceStillJob: text(200, 1),
  qaVerdict,
  qaScore,
  qaDefects,
};

const REQUIRED: ReadonlySet<GenerationField> = new Set(["provider", "model", "generatedAt"]);

/** Every problem with `input` as meta.json, as "field: what is allowed"; empty when it is valid. */
export function generationMetadataProblems(input: unknown): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return ["(root): expected a JSON object"];
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(record).filter((key) => !Object.prototype.hasOwnProperty.call(RULES, key));
  if (unknown.length > 0) problems.push(`(root): Unrecognized key${unknown.length === 1 ? "" : "s"}: ${unknown.map((key) => JSON.stringify(key)).join(", ")}`);
  for (const [field, rule] of Object.entries(RULES) as Array<[GenerationField, Rule]>) {
    const value = record[field];
    if (value === undefined) {
      if (REQUIRED.has(field)) problems.push(`${field}: required`);
      continue;
    }
    const problem = rule(value);
    if (problem) problems.push(`${field}: ${problem}`);
  }
  if (record.cost !== undefined && record.currency === undefined) problems.push("currency: cost needs a currency");
  return problems;
}

/** Checks meta.json and answers it typed; a seed that fits a double becomes a number. */
export function parseGenerationMetadata(input: unknown, label?: string): GenerationMetadata {
  const problems = generationMetadataProblems(input);
  if (problems.length > 0) {
    throw new MediaError("invalid-metadata", `The generation metadata is not valid: ${problems.join("; ")}.`, label);
  }
  const meta = { ...(input as GenerationMetadata) };
  if (typeof meta.seed === "string" && Number.isSafeInteger(Number(meta.seed))) meta.seed = Number(meta.seed);
  return meta;
}
