import type { Resolution } from "./request";

/** One line of a price list: USD per output second for the matching settings. */
export interface PriceRate {
  /** Resolutions this rate applies to; every resolution when absent. */
  resolutions?: readonly Resolution[];
  /** Whether this rate is for audio on (true) or off (false); both when absent. */
  audio?: boolean;
  usdPerSecond: number;
}

export interface PriceTable {
  rates: readonly PriceRate[];
  /** The day the price was read. */
  asOf: string;
  /** Where it was read: a URL or a short citation. */
  source: string;
  /** False when the price comes from a reseller or a single secondary source. */
  confirmed: boolean;
  /** Anything the estimate cannot see, such as a discount or a minimum charge. */
  note?: string;
}

export interface CostEstimate {
  usd: number;
  usdPerSecond: number;
  billedSeconds: number;
  confirmed: boolean;
  source: string;
  asOf: string;
  note?: string;
}

export interface PricedSettings {
  durationSeconds: number;
  resolution: Resolution;
  audio: boolean;
}

/** Money is rounded to a millionth of a dollar, so sums of many jobs do not drift. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

export function findRate(table: PriceTable, settings: PricedSettings): PriceRate | undefined {
  return table.rates.find(
    (rate) =>
      (rate.resolutions === undefined || rate.resolutions.includes(settings.resolution)) &&
      (rate.audio === undefined || rate.audio === settings.audio),
  );
}

export function estimateFromTable(table: PriceTable, settings: PricedSettings): CostEstimate {
  const rate = findRate(table, settings);
  if (!rate) {
    return {
      usd: Number.NaN,
      usdPerSecond: Number.NaN,
      billedSeconds: settings.durationSeconds,
      confirmed: false,
      source: table.source,
      asOf: table.asOf,
      note: `No price is known for ${settings.resolution} with audio ${settings.audio ? "on" : "off"}.`,
    };
  }
  return {
    usd: roundUsd(rate.usdPerSecond * settings.durationSeconds),
    usdPerSecond: rate.usdPerSecond,
    billedSeconds: settings.durationSeconds,
    confirmed: table.confirmed,
    source: table.source,
    asOf: table.asOf,
    ...(table.note ? { note: table.note } : {}),
  };
}

export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return "price unknown";
  if (usd === 0) return "$0.00";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
