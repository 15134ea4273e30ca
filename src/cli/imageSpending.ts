import { formatUsd, roundUsd } from "../core/pricing";
import { CliConfigError, loadCliConfig } from "./cliConfig";
import { DailySpendJournal, shotbinHome } from "./dailySpendJournal";
import { EXIT } from "./exitCodes";
import { askLine, confirmationThreshold, confirmSpending } from "./run/moneyConfirmation";

export interface ImageSpendRequest {
  env: NodeJS.ProcessEnv;
  io: { stdin?: NodeJS.ReadableStream & { isTTY?: boolean }; stderr: { write(text: string): unknown; isTTY?: boolean } };
  /** What the stills cost; NaN when the price is unknown. */
  usd: number;
  stills: number;
  /** "3 still(s) from Flux 2 Pro (fal) …, $0.09 (…)": the request and its price, for refusals. */
  summary: string;
  budget?: number;
  dailyCap?: number;
  yes: boolean;
  now: number;
}

export type ImageSpendDecision = { approved: true; record(runId: string, folder: string): Promise<void> } | { approved: false; message: string; exit: number };

/**
 * `shotbin image` spends money as `shotbin run` does, under the same rules: `--budget` caps the
 * request; `--daily-cap` (SHOTBIN_DAILY_CAP_USD) counts what every run and image request on this
 * machine approved today (the daily spend journal in SHOTBIN_HOME); above the confirmation
 * threshold (SHOTBIN_CONFIRM_ABOVE_USD, confirmAboveUsd, default $5) or with an unknown price and
 * no budget, a person approves it with y on a terminal or --yes. An approval is recorded in the
 * journal before anything is sent.
 */
export async function approveImageSpend(request: ImageSpendRequest): Promise<ImageSpendDecision> {
  const { env, io, usd } = request;
  const known = Number.isFinite(usd);
  if (!known && (request.budget !== undefined || request.dailyCap !== undefined)) {
    return refuse(`the price of these stills is unknown, so ${request.budget !== undefined ? "the budget" : "the daily cap"} cannot be checked`);
  }
  if (request.budget !== undefined && usd > request.budget + 1e-9) return refuse(`${request.summary}, over the budget of ${formatUsd(request.budget)}`);
  const journal = DailySpendJournal.at(shotbinHome(env));
  if (request.dailyCap !== undefined) {
    const spent = await journal.approvedToday(request.now);
    if (roundUsd(spent + usd) > request.dailyCap + 1e-9) {
      return refuse(`today's approved spend ${formatUsd(spent)} plus these stills' ${formatUsd(usd)} is over the daily cap of ${formatUsd(request.dailyCap)} (--daily-cap, SHOTBIN_DAILY_CAP_USD)`);
    }
  }
  let threshold;
  try {
    const loaded = loadCliConfig(env);
    for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
    threshold = confirmationThreshold(env, loaded.config, loaded.file);
  } catch (error) {
    if (error instanceof CliConfigError) return { approved: false, message: error.message, exit: EXIT.badInput };
    throw error;
  }
  const confirmation = await confirmSpending({
    estimateUsd: known ? usd : 0,
    unknownPrices: known ? 0 : request.stills,
    takes: request.stills,
    unit: "still(s)",
    threshold,
    budgetGiven: request.budget !== undefined,
    yes: request.yes,
    interactive: io.stdin?.isTTY === true && io.stderr.isTTY === true,
    ask: (question) => (io.stdin ? askLine(io.stdin, io.stderr, question) : Promise.resolve(undefined)),
  });
  if (!confirmation.approved) return { approved: false, message: confirmation.message, exit: EXIT.refused };
  const approvedUsd = request.budget ?? (known ? usd : 0);
  return {
    approved: true,
    record: async (runId, folder) => {
      if (approvedUsd > 0) await journal.record(request.now, { runId, usd: approvedUsd, folder });
    },
  };
}

function refuse(why: string): ImageSpendDecision {
  return { approved: false, message: `refused: ${why}.`, exit: EXIT.refused };
}
