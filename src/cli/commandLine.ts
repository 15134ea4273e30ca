import { parseArgs } from "node:util";
import { closestName } from "./didYouMean";
import { EXIT } from "./exitCodes";

/**
 * One way for every `shotbin` command to read its arguments, over node:util's parseArgs (its
 * tokens, so the messages are ours): an unknown option gets "did you mean …?", an option missing
 * its value says so, and a negative number after an option reaches the option's own check
 * (`--budget -5` → "--budget cannot be negative") instead of parseArgs' "argument is ambiguous".
 */
export type OptionSpec =
  | { type: "boolean"; short?: string }
  | { type: "string"; short?: string; multiple?: boolean; default?: string };

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends { type: "boolean" }
  ? boolean | undefined
  : S extends { multiple: true }
    ? string[]
    : S extends { default: string }
      ? string
      : string | undefined;

export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> } & { help: boolean };

export interface CommandLine<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** A mistake in how the command was called: exit code 2, with the command's name and a hint. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

function optionName(raw: string): string {
  return raw.replace(/^-+/, "").split("=")[0]!;
}

export function parseCommandLine<const O extends OptionSpecs>(args: readonly string[], options: O): CommandLine<O> {
  const specs: OptionSpecs = { ...options, help: { type: "boolean", short: "h" } };
  const { tokens } = parseArgs({ args: [...args], options: specs, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const known = Object.keys(specs);
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const typed = args[token.index] ?? token.rawName;
    const spec = specs[token.name];
    // parseArgs splits `-out` into -o -u -t; no command has grouped short flags, so it is one unknown option.
    const cluster = /^-[^-]/.test(typed) && typed.length > 2;
    if (!spec || cluster) {
      if (NEGATIVE_NUMBER.test(typed)) throw new UsageError(`unexpected '${typed}': a number goes right after the option it sets (for example --takes 2)`);
      const shown = typed.startsWith("--") ? `--${optionName(typed)}` : typed;
      const guess = closestName(optionName(typed), known);
      throw new UsageError(`unknown option ${shown}${guess ? `; did you mean --${guess}?` : ""}`);
    }
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (found '${token.value}')`);
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
    if (!token.inlineValue && token.value.startsWith("-") && token.value !== "-" && !NEGATIVE_NUMBER.test(token.value)) {
      throw new UsageError(`${token.rawName} needs a value, but the next argument is the option ${token.value} (write ${token.rawName}=${token.value} if that is the value)`);
    }
    if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
    else values[token.name] = token.value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (values[name] !== undefined) continue;
    if (spec.type === "boolean") values[name] = name === "help" ? false : undefined;
    else if (spec.multiple) values[name] = [];
    else if (spec.default !== undefined) values[name] = spec.default;
  }
  return { values: values as OptionValues<O>, positionals };
}

/** Prints `shotbin <command>: <message>` and where to find the options; answers EXIT.usage. */
export function usageFailure(command: string, error: UsageError, stderr: { write(text: string): unknown } = process.stderr): number {
  stderr.write(`shotbin ${command}: ${error.message}\nRun 'shotbin ${command} --help' for its options.\n`);
  return EXIT.usage;
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** What the number counts, for the message: "US dollars", "milliseconds", "takes". */
  unit: string;
  /** Allow a leading `$` (amounts of money). */
  dollars?: boolean;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? "a whole number" : "a number";
  const range =
    rule.min !== undefined && rule.max !== undefined ? ` from ${rule.min} to ${rule.max}` : rule.min !== undefined ? ` of ${rule.min} or more` : rule.max !== undefined ? ` of at most ${rule.max}` : "";
  return `${kind} of ${rule.unit}${range}`;
}

/** `budget` → `--budget`; an environment variable's name stays as it is. */
function label(flag: string): string {
  return /^[A-Z][A-Z0-9_]+$/.test(flag) ? flag : `--${flag}`;
}

/** An option's (or environment variable's) number, checked against its rule; a negative number gets its own message. */
export function readNumber(flag: string, raw: string, rule: NumberRule): number {
  const text = rule.dollars ? raw.trim().replace(/^\$/, "") : raw.trim();
  const value = text === "" ? Number.NaN : Number(text);
  if (Number.isFinite(value) && value < 0 && (rule.min ?? 0) >= 0) {
    throw new UsageError(`${label(flag)} cannot be negative (got ${raw}); give ${ruleText(rule)}`);
  }
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    throw new UsageError(`${label(flag)} must be ${ruleText(rule)}, not '${raw}'`);
  }
  return value;
}

/** For options whose values have their own parser (a duration, a frame rate): a clear word on a negative number first. */
export function refuseNegative(flag: string, raw: string, expected: string): void {
  if (NEGATIVE_NUMBER.test(raw.trim())) throw new UsageError(`${label(flag)} cannot be negative (got ${raw}); give ${expected}`);
}

/** `readNumber` for an option that may be absent. */
export function readOptionalNumber(flag: string, raw: string | undefined, rule: NumberRule): number | undefined {
  return raw === undefined ? undefined : readNumber(flag, raw, rule);
}

/** A listening port: 0 (any free port) to 65535. */
export function readPort(flag: string, raw: string): number {
  return readNumber(flag, raw, { integer: true, min: 0, max: 65535, unit: "a TCP port (0 picks a free one)" });
}
