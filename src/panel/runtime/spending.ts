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
