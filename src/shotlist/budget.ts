import { formatUsd, roundUsd } from "../core/pricing";

export interface BudgetCaps {
  /** The most this run may cost. */
  runUsd?: number;
  /** The most all runs may cost in one day (Settings in the panel, SHOTBIN_DAILY_CAP_USD for the CLI). */
  dailyUsd?: number;
  /** Already committed today, from the ledger. */
  spentTodayUsd?: number;
}

/** Why a plan may not run under the caps, or undefined when it may. */
export function budgetRefusal(total: { usd: number; unknownPrices: number }, caps: BudgetCaps, units = { run: "--budget", daily: "the daily cap" }): string | undefined {
  const capped = caps.runUsd !== undefined || caps.dailyUsd !== undefined;
  if (capped && total.unknownPrices > 0) {
    return `${total.unknownPrices} take(s) have no known price, so the plan cannot be checked against the budget; choose settings with a listed price`;
  }
  if (caps.runUsd !== undefined && total.usd > caps.runUsd + 1e-9) {
    return `the plan costs ${formatUsd(total.usd)}, over the run budget of ${formatUsd(caps.runUsd)}; raise ${units.run} or cut shots or takes`;
  }
  if (caps.dailyUsd !== undefined) {
    const spent = caps.spentTodayUsd ?? 0;
    if (roundUsd(spent + total.usd) > caps.dailyUsd + 1e-9) {
      return `today's spend ${formatUsd(spent)} plus this plan's ${formatUsd(total.usd)} is over ${units.daily} of ${formatUsd(caps.dailyUsd)}`;
    }
  }
  return undefined;
}

/** Midnight, local time, of the day `now` falls in: the start of "today" for the daily cap. */
export function startOfDay(now: number): number {
  const date = new Date(now);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}
