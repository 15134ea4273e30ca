import { formatUsd, roundUsd } from "../../core/pricing";
import type { Ledger } from "../../core/ledger";

/** Local midnight of the day `now` falls in. */
export function startOfDay(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function startOfMonth(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
}

export interface Spending {
  today: number;
  month: number;
}

/** Money committed today and this month (local time), from the ledger's estimates of jobs that were or may have been charged. */
export function spendingFrom(ledger: Ledger, now: number): Spending {
  return { today: ledger.spentUsd(startOfDay(now)), month: ledger.spentUsd(startOfMonth(now)) };
}

/** Why spending `usd` more today would break the daily cap, or undefined. */
export function dailyCapProblem(ledger: Ledger, capUsd: number | undefined, now: number, usd: number): string | undefined {
  if (capUsd === undefined || !Number.isFinite(usd) || usd <= 0) return undefined;
  const today = ledger.spentUsd(startOfDay(now));
  if (roundUsd(today + usd) <= capUsd + 1e-9) return undefined;
  return `This would bring today's spending to ${formatUsd(roundUsd(today + usd))}, over your daily cap of ${formatUsd(capUsd)} (${formatUsd(today)} spent so far). Raise the cap in Settings or try tomorrow.`;
}
