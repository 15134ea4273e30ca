/** One self-check: which catalogue entry it is, what it expects, and how it finds out. */
import type { CheckId } from "../checkCatalogue";
import type { CheckEntry } from "../reportSchema";
import type { SelfCheckContext } from "../selfCheckContext";

export type CheckDetails = NonNullable<CheckEntry["details"]>;

/** What a check found. A check that cannot run throws `SkipCheck`, or returns "skipped" with what it saw. */
export interface CheckOutcome {
  status: CheckEntry["status"];
  observed: string;
  /** Overrides the definition's `expected` when the expectation depends on what was found (a version, say). */
  expected?: string;
  fallback?: string;
  note?: string;
  details?: CheckDetails;
}

export interface SelfCheckDefinition {
  id: CheckId;
  expected: string;
  run(ctx: SelfCheckContext): Promise<CheckOutcome>;
}

export const pass = (observed: string, extra: Omit<CheckOutcome, "status" | "observed"> = {}): CheckOutcome => ({
  status: "pass",
  observed,
  ...extra,
});

export const fail = (observed: string, extra: Omit<CheckOutcome, "status" | "observed"> = {}): CheckOutcome => ({
  status: "fail",
  observed,
  ...extra,
});

export const skipped = (observed: string, extra: Omit<CheckOutcome, "status" | "observed"> = {}): CheckOutcome => ({
  status: "skipped",
  observed,
  ...extra,
});

/** A value as it would appear in JSON, cut short: for showing what came back without flooding the report. */
export function shown(value: unknown, max = 160): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
