import { createInterface } from "node:readline";
import { formatUsd } from "../../core/pricing";
import { readNumber } from "../commandLine";
import type { CliConfig } from "../cliConfig";

/**
 * `shotbin run` spends real money. A plan estimated above the confirmation threshold (default $5:
 * SHOTBIN_CONFIRM_ABOVE_USD, else confirmAboveUsd in the config file) that has no --budget cap is
 * approved only by a person: y/N on a terminal, or --yes. Without a terminal (cron, CI, a pipe)
 * nobody can answer, so the run is refused with what to add.
 */
export const DEFAULT_CONFIRM_ABOVE_USD = 5;

export interface Threshold {
  usd: number;
  /** Where it came from, for the message. */
  source: string;
}

export function confirmationThreshold(env: NodeJS.ProcessEnv, config: CliConfig, configFile?: string): Threshold {
  const fromEnv = env.SHOTBIN_CONFIRM_ABOVE_USD?.trim();
  if (fromEnv) return { usd: readNumber("SHOTBIN_CONFIRM_ABOVE_USD", fromEnv, { min: 0, unit: "US dollars", dollars: true }), source: "SHOTBIN_CONFIRM_ABOVE_USD" };
  if (config.confirmAboveUsd !== undefined) return { usd: config.confirmAboveUsd, source: `confirmAboveUsd in ${configFile ?? "the config file"}` };
  return { usd: DEFAULT_CONFIRM_ABOVE_USD, source: "the default; set SHOTBIN_CONFIRM_ABOVE_USD to change it" };
}

export interface ConfirmationRequest {
  estimateUsd: number;
  /** Takes whose price is not known: the estimate may be low. */
  unknownPrices: number;
  takes: number;
  /** What `takes` counts, in messages (default "take(s)"; `shotbin image` says "still(s)"). */
  unit?: string;
  threshold: Threshold;
  budgetGiven: boolean;
  yes: boolean;
  /** A person can answer: input and output are a terminal. */
  interactive: boolean;
  /** Shows the question and resolves to the answer line (undefined at end of input). */
  ask(question: string): Promise<string | undefined>;
}

export type Confirmation = { approved: true; asked: boolean } | { approved: false; message: string };

/** Whether the plan needs a person's approval, and if so, asks for it (or refuses). */
export async function confirmSpending(request: ConfirmationRequest): Promise<Confirmation> {
  const over = request.estimateUsd > request.threshold.usd;
  const unknown = request.unknownPrices > 0;
  if (request.budgetGiven || request.yes || (!over && !unknown)) return { approved: true, asked: false };
  const unit = request.unit ?? "take(s)";
  const why = over
    ? `this run is estimated at ${formatUsd(request.estimateUsd)} for ${request.takes} ${unit}, above the ${formatUsd(request.threshold.usd)} that needs a confirmation (${request.threshold.source})`
    : `${request.unknownPrices} ${unit} of this run have no known price, so its estimate of ${formatUsd(request.estimateUsd)} may be low`;
  if (!request.interactive) {
    return {
      approved: false,
      message: `refused: ${why}, and there is no terminal to ask. Add --yes to approve it, or --budget USD to cap what it may spend.`,
    };
  }
  const answer = await request.ask(`${why[0]!.toUpperCase()}${why.slice(1)}. Spend it? [y/N] `);
  if (answer !== undefined && /^\s*y(es)?\s*$/i.test(answer)) return { approved: true, asked: true };
  return { approved: false, message: "not confirmed: nothing was sent. Run again and answer y, or add --budget USD or --yes." };
}

/** Asks one question on `output` and reads one line from `input`; undefined when input ends first. */
export function askLine(input: NodeJS.ReadableStream, output: { write(text: string): unknown }, question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once("line", (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once("close", () => {
      if (!answered) resolve(undefined);
    });
    output.write(question);
  });
}

