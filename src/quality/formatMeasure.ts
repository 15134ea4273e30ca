/**
 * A value in its unit, for people: "21.2 %", "77.2 mired", "1.000 s", "4 hitches". Shared by
 * every face that shows QA (CLI table, compare report, panel), so they read the same. No I/O.
 */
import type { Defect } from "./qualityTypes";

export function formatMeasure(value: number, unit: string): string {
  if (unit.startsWith("fraction of nominal range")) return `${(value * 100).toFixed(1)} IRE`;
  if (unit.startsWith("fraction") || unit === "relative luma swing" || unit === "relative luminance") return `${(value * 100).toFixed(1)} %`;
  if (unit === "mired") return `${value.toFixed(1)} mired`;
  if (unit === "seconds" || unit === "seconds frozen") return `${value.toFixed(3)} s`;
  if (unit === "flashes per second") return `${value} flashes/s`;
  if (unit === "hitches") return `${value} hitch${value === 1 ? "" : "es"}`;
  if (unit === "black frames") return `${value} frame${value === 1 ? "" : "s"}`;
  if (unit === "1 − correlation") return `change ${value.toFixed(2)}`;
  return unit ? `${value} ${unit}` : String(value);
}

/** "21.2 % ≥ 10.0 %": the value and the limit it passed. */
export function formatFinding(defect: Defect): string {
  return `${formatMeasure(defect.value, defect.unit)} ≥ ${formatMeasure(defect.threshold, defect.unit)}`;
}
