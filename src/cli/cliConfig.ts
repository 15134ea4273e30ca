import { readFileSync } from "node:fs";
import * as path from "node:path";
import { shotbinHome } from "./dailySpendJournal";

/**
 * The CLI's settings file: `$SHOTBIN_CONFIG`, else `$SHOTBIN_HOME/config.json` (default
 * `~/.shotbin/config.json`). Optional; environment variables override it. Fields:
 *   confirmAboveUsd  `shotbin run` asks before approving a plan estimated above this (default 5)
 * Unknown fields are reported as warnings, so a newer file still works with an older shotbin.
 */
export interface CliConfig {
  confirmAboveUsd?: number;
}

export interface LoadedCliConfig {
  config: CliConfig;
  /** The file read, when there was one. */
  file?: string;
  warnings: string[];
}

/** A config file that exists but cannot be used: bad input (exit 3), naming the file and field. */
export class CliConfigError extends Error {
  override readonly name = "CliConfigError";
}

const FIELDS: Record<keyof CliConfig, (value: unknown) => string | undefined> = {
  confirmAboveUsd: (value) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a number of US dollars, 0 or more"),
};

export function cliConfigPath(env: NodeJS.ProcessEnv): string {
  return env.SHOTBIN_CONFIG?.trim() || path.join(shotbinHome(env), "config.json");
}

export function loadCliConfig(env: NodeJS.ProcessEnv): LoadedCliConfig {
  const file = cliConfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !env.SHOTBIN_CONFIG?.trim()) return { config: {}, warnings: [] };
    throw new CliConfigError(`the config file ${file} cannot be read (${code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliConfigError(`the config file ${file} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new CliConfigError(`the config file ${file} must hold a JSON object such as {"confirmAboveUsd": 5}`);
  const config: CliConfig = {};
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const check = FIELDS[key as keyof CliConfig];
    if (!check) {
      warnings.push(`${file}: unknown field "${key}" is ignored (known: ${Object.keys(FIELDS).join(", ")})`);
      continue;
    }
    const problem = check(value);
    if (problem) throw new CliConfigError(`${file}: "${key}" ${problem}, not ${JSON.stringify(value)}`);
    (config as Record<string, unknown>)[key] = value;
  }
  return { config, file, warnings };
}
