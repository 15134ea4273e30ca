/**
 * A small line chart as inline SVG, drawn by hand (no chart library): one series over time, its
 * range written at the left, gaps where a value is missing (a colour temperature with too few
 * neutral pixels). Colours come from the page's CSS (classes), so a light or dark page restyles it.
 */

export interface CurveOptions {
  width?: number;
  height?: number;
  /** Shown above the plot, e.g. "Luma (code values)". */
  title: string;
  /** How a value is written at the axis. */
  format?(value: number): string;
  /** A range the plot shows at least (so a flat line does not look like noise). */
  minSpan?: number;
  /** Times to mark (defects), as [start, end] in seconds. */
  marks?: Array<[number, number]>;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

/** The SVG element for `values` over `t` (seconds); an empty plot says "no data". */
export function curveSvg(t: readonly number[], values: ReadonlyArray<number | null>, options: CurveOptions): string {
  const width = options.width ?? 300;
  const height = options.height ?? 90;
  const left = 44;
  const top = 16;
  const right = 6;
  const bottom = 14;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const format = options.format ?? fixed;
  const title = `<text class="curve-title" x="${left}" y="11">${escapeXml(options.title)}</text>`;
  const frame = `<rect class="curve-frame" x="${left}" y="${top}" width="${plotW}" height="${plotH}" />`;
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const open = `<svg class="curve" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">`;
  if (known.length === 0 || t.length === 0) {
    return `${open}${title}${frame}<text class="curve-axis" x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle">no data</text></svg>`;
  }
  let low = Math.min(...known);
  let high = Math.max(...known);
  const span = Math.max(high - low, options.minSpan ?? 0, 1e-9);
  const centre = (low + high) / 2;
  if (high - low < span) {
    low = centre - span / 2;
    high = centre + span / 2;
  }
  const t0 = t[0]!;
  const t1 = Math.max(t[t.length - 1]!, t0 + 1e-9);
  const x = (seconds: number) => left + ((seconds - t0) / (t1 - t0)) * plotW;
  const y = (value: number) => top + (1 - (value - low) / (high - low)) * plotH;
  const marks = (options.marks ?? [])
    .map(([start, end]) => {
      const from = x(Math.max(t0, start));
      const to = Math.max(from + 1.5, x(Math.min(t1, end)));
      return `<rect class="curve-mark" x="${from.toFixed(1)}" y="${top}" width="${(to - from).toFixed(1)}" height="${plotH}" />`;
    })
    .join("");
  // One polyline per run of known values.
  const runs: string[][] = [];
  let current: string[] = [];
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value) || t[i] === undefined) {
      if (current.length > 0) runs.push(current);
      current = [];
      return;
    }
    current.push(`${x(t[i]!).toFixed(1)},${y(value).toFixed(1)}`);
  });
  if (current.length > 0) runs.push(current);
  const lines = runs.map((points) => (points.length === 1 ? `<circle class="curve-dot" cx="${points[0]!.split(",")[0]}" cy="${points[0]!.split(",")[1]}" r="1.5" />` : `<polyline class="curve-line" points="${points.join(" ")}" />`)).join("");
  const axis = [
    `<text class="curve-axis" x="${left - 4}" y="${top + 4}" text-anchor="end">${escapeXml(format(high))}</text>`,
    `<text class="curve-axis" x="${left - 4}" y="${top + plotH}" text-anchor="end">${escapeXml(format(low))}</text>`,
    `<text class="curve-axis" x="${left}" y="${height - 2}">${fixed(t0)} s</text>`,
    `<text class="curve-axis" x="${left + plotW}" y="${height - 2}" text-anchor="end">${fixed(t1)} s</text>`,
  ].join("");
  return `${open}${title}${frame}${marks}${lines}${axis}</svg>`;
}
