/**
 * `shotbin compare`'s report.html: one self-contained page, readable offline. Inline CSS, the
 * thumbnails as data: URIs, the curves as inline SVG (curveSvg.ts); nothing is fetched. Pure: data
 * in, HTML out.
 */
import type { CompareModel, CompareReport, CompareSummaryRow, CompareTake } from "./compareReport";
import { curveSvg } from "./curveSvg";
import { DEFECT_KINDS } from "./qualityTypes";

export interface Thumbnail {
  label: "first" | "middle" | "last";
  seconds: number;
  /** A `data:image/…;base64,` URI; anything else is left out. */
  dataUri: string;
}

/** Thumbnails by take: key `thumbnailKey(model, take)`. */
export type ThumbnailSet = ReadonlyMap<string, readonly Thumbnail[]>;

export function thumbnailKey(model: string, take: number): string {
  return `${model}#${take}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const usd = (value: number) => `$${value.toFixed(2)}`;
const seconds = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} s`;

const STYLE = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #ffffff; --muted: #6e6e73; --line: #d2d2d7; --card: #f5f5f7;
  --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --plot: #0969da; --mark: rgba(207, 34, 46, 0.18); }
@media (prefers-color-scheme: dark) { :root { --fg: #f5f5f7; --bg: #1d1d1f; --muted: #a1a1a6; --line: #424245; --card: #2c2c2e;
  --pass: #3fb950; --warn: #d29922; --fail: #f85149; --plot: #58a6ff; --mark: rgba(248, 81, 73, 0.22); } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; } h3 { font-size: 14px; margin: 0 0 6px; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
.takes { display: flex; flex-wrap: wrap; gap: 12px; }
.take { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; width: 600px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12px; text-transform: uppercase; }
.badge.pass { background: var(--pass); } .badge.warn { background: var(--warn); } .badge.fail { background: var(--fail); } .badge.none { background: var(--muted); }
.strip { display: flex; gap: 6px; margin: 8px 0; } .strip figure { margin: 0; } .strip img { width: 200px; border-radius: 4px; display: block; }
.strip figcaption { font-size: 11px; color: var(--muted); }
.curves { display: flex; gap: 8px; }
.curve-title { font-size: 11px; fill: var(--fg); } .curve-axis { font-size: 10px; fill: var(--muted); }
.curve-frame { fill: none; stroke: var(--line); } .curve-line { fill: none; stroke: var(--plot); stroke-width: 1.5; } .curve-dot { fill: var(--plot); }
.curve-mark { fill: var(--mark); }
ul.defects { margin: 6px 0 0; padding-left: 18px; } .fail-text { color: var(--fail); }
`;

function badge(take: CompareTake): string {
  if (take.qa) return `<span class="badge ${take.qa.verdict}">${take.qa.verdict}</span> score <b>${take.qa.score}</b>`;
  return `<span class="badge none">${take.qaError ? "not measured" : take.state}</span>`;
}

function strip(thumbnails: readonly Thumbnail[] | undefined): string {
  const safe = (thumbnails ?? []).filter((thumb) => /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/.test(thumb.dataUri));
  if (safe.length === 0) return "";
  const figures = safe.map((thumb) => `<figure><img alt="${thumb.label} frame" src="${thumb.dataUri}"><figcaption>${thumb.label} · ${seconds(thumb.seconds)}</figcaption></figure>`);
  return `<div class="strip">${figures.join("")}</div>`;
}

function takeCard(model: CompareModel, take: CompareTake, thumbnails: ThumbnailSet): string {
  const facts = [
    take.timeToResultSeconds !== undefined ? `result in ${seconds(take.timeToResultSeconds)}` : "",
    take.costUsd !== undefined ? usd(take.costUsd) : "",
    take.qa ? `${take.qa.width}×${take.qa.height}, ${take.qa.fps} fps, ${seconds(take.qa.duration)}` : "",
    take.file ? escapeHtml(take.file) : "",
  ].filter(Boolean);
  const parts = [`<h3>Take ${take.take} ${badge(take)}</h3>`, `<div class="muted">${facts.join(" · ")}</div>`];
  if (take.failure) parts.push(`<p class="fail-text">Failed: ${escapeHtml(take.failure)}</p>`);
  if (take.qaError) parts.push(`<p class="fail-text">QA could not measure it: ${escapeHtml(take.qaError)}</p>`);
  parts.push(strip(thumbnails.get(thumbnailKey(model.model, take.take))));
  if (take.curves) {
    const marks = (take.qa?.defects ?? []).map((defect): [number, number] => [defect.start, defect.end]);
    const luma = curveSvg(take.curves.t, take.curves.luma, { title: "Mean luma (8-bit code)", minSpan: 4, marks });
    const cct = curveSvg(take.curves.t, take.curves.cct, { title: "Colour temperature (K)", minSpan: 200, format: (value) => `${Math.round(value)}`, marks });
    parts.push(`<div class="curves">${luma}${cct}</div>`);
  }
  if (take.qa) {
    const items = take.qa.defects.map(
      (defect) =>
        `<li><b>${escapeHtml(defect.kind)}</b> (${defect.severity}) ${defect.start.toFixed(3)}–${defect.end.toFixed(3)} s: ${escapeHtml(defect.detail)}</li>`,
    );
    parts.push(items.length > 0 ? `<ul class="defects">${items.join("")}</ul>` : `<p class="muted">No defects.</p>`);
  }
  return `<div class="take">${parts.join("")}</div>`;
}

function summaryTable(rows: readonly CompareSummaryRow[]): string {
  const kinds = DEFECT_KINDS.filter((kind) => rows.some((row) => row.defectsPerTake[kind] > 0));
  const head = ["Model", "Cost / s", "Mean score", "Pass / warn / fail", "Takes done", "Median time to result", ...kinds.map((kind) => `${kind} / take`)];
  if (kinds.length === 0) head.push("Defects / take");
  const body = rows.map((row) => {
    const cells = [
      escapeHtml(row.model),
      row.costPerSecond === null ? "–" : `$${row.costPerSecond.toFixed(4)}`,
      row.meanScore === null ? "–" : row.meanScore.toFixed(1),
      `${row.verdicts.pass} / ${row.verdicts.warn} / ${row.verdicts.fail}`,
      `${row.takesDone} of ${row.takesPlanned}`,
      row.medianTimeToResultSeconds === null ? "–" : seconds(row.medianTimeToResultSeconds),
      ...kinds.map((kind) => row.defectsPerTake[kind].toFixed(2)),
    ];
    if (kinds.length === 0) cells.push("0");
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
  });
  return `<table class="summary"><thead><tr>${head.map((cell) => `<th>${cell}</th>`).join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

export function renderCompareHtml(report: CompareReport, thumbnails: ThumbnailSet = new Map()): string {
  const models = report.models.map((model, index) => {
    const row = report.summary[index]!;
    const head = `<h2>${escapeHtml(model.displayName)} <span class="muted">(${escapeHtml(model.provider)}/${escapeHtml(model.modelId)})</span></h2>`;
    const facts = `<div class="meta">${model.durationSeconds} s a take · ${usd(model.costUsd)}${model.costConfirmed ? "" : " (estimate, some prices unconfirmed)"} · mean score ${row.meanScore === null ? "–" : row.meanScore.toFixed(1)} · median time to result ${row.medianTimeToResultSeconds === null ? "–" : seconds(row.medianTimeToResultSeconds)}</div>`;
    return `<section class="model">${head}${facts}<div class="takes">${model.takes.map((take) => takeCard(model, take, thumbnails)).join("")}</div></section>`;
  });
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>Shotbin compare: ${escapeHtml(report.prompt.slice(0, 80))}</title><style>${STYLE}</style></head><body>`,
    `<h1>Compare: ${report.models.length} models, ${report.takesPerModel} take(s) each</h1>`,
    `<p class="prompt">${escapeHtml(report.prompt)}</p>`,
    `<div class="meta">${report.durationSeconds} s per take · total ${usd(report.totalCostUsd)} (estimate) · ${escapeHtml(report.createdAt)}</div>`,
    `<h2>Summary</h2>`,
    summaryTable(report.summary),
    `<p class="muted">Cost per second: the estimated cost of the takes bought ÷ their requested seconds. Score and defects: shotbin qa (docs/qa.md); shaded spans on the curves are the defects' times.</p>`,
    ...models,
    "</body></html>",
    "",
  ].join("\n");
}
