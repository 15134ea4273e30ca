/** compare's report as data and as a page: the sums, and a page that is self-contained and escapes what it shows. */
import { renderCompareHtml, thumbnailKey, type Thumbnail } from "../../src/quality/compareHtml";
import { buildCompareReport, curvesOf, type CompareModel } from "../../src/quality/compareReport";
import { curveSvg } from "../../src/quality/curveSvg";

const flicker = { kind: "flicker" as const, severity: "fail" as const, start: 1, end: 2.5, value: 0.2, threshold: 0.1, unit: "relative luma swing", detail: "mean luma swings <up> & down" };
const qa = (verdict: "pass" | "warn" | "fail", score: number, defects: (typeof flicker)[] = []) => ({ verdict, score, defects, duration: 5, fps: 24, width: 1280, height: 720 });
const curves = { t: [0, 1, 2, 3], luma: [100, 104, 96, 101], cct: [6500, null, 6400, 6450] };

function model(name: string, costUsd: number, takes: CompareModel["takes"], durationSeconds = 5): CompareModel {
  return { model: name, provider: "fal", modelId: name, displayName: `${name} <b>`, durationSeconds, costUsd, costConfirmed: true, takes };
}

const report = buildCompareReport({
  prompt: `A "harbour" <script>alert(1)</script> & gulls`,
  durationSeconds: 5,
  takesPerModel: 2,
  createdAt: "2026-12-04T08:00:00.000Z",
  models: [
    model("a", 1.0, [
      { take: 1, state: "ready", file: "a1.mp4", costUsd: 0.5, timeToResultSeconds: 40, qa: qa("pass", 96), curves },
      { take: 2, state: "ready", file: "a2.mp4", costUsd: 0.5, timeToResultSeconds: 60, qa: qa("fail", 20, [flicker, flicker]), curves },
    ]),
    model("b", 0.6, [
      { take: 1, state: "ready", file: "b1.mp4", costUsd: 0.6, timeToResultSeconds: 30, qaError: "ffmpeg not found" },
      { take: 2, state: "failed", failure: "Flagged by moderation", costUsd: 0 },
    ], 6),
  ],
});

it("sums cost per second, mean score, verdicts and defects per take for each model", () => {
  expect(report.summary[0]).toMatchObject({ model: "a", costPerSecond: 0.1, meanScore: 58, takesMeasured: 2, takesDone: 2, verdicts: { pass: 1, warn: 0, fail: 1 }, medianTimeToResultSeconds: 50 });
  expect(report.summary[0]!.defectsPerTake.flicker).toBe(1);
  expect(report.summary[0]!.defectsPerTake.stutter).toBe(0);
  // Only the charged take counts as bought; nothing was measured.
  expect(report.summary[1]).toMatchObject({ costPerSecond: 0.1, meanScore: null, takesMeasured: 0, takesDone: 1, medianTimeToResultSeconds: 30 });
  expect(report.totalCostUsd).toBe(1.6);
});

it("renders a self-contained page: escaped text, data: thumbnails only, inline SVG curves, the summary's numbers", () => {
  const thumb = (label: Thumbnail["label"], dataUri: string): Thumbnail => ({ label, seconds: 1, dataUri });
  const thumbnails = new Map([[thumbnailKey("a", 1), [thumb("first", "data:image/jpeg;base64,AAAA"), thumb("middle", "https://example.com/x.jpg"), thumb("last", "data:image/jpeg;base64,BBBB")]]]);
  const html = renderCompareHtml(report, thumbnails);
  expect(html).not.toContain("<script>");
  expect(html).toContain("A &quot;harbour&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; gulls");
  expect(html).toContain("mean luma swings &lt;up&gt; &amp; down");
  expect(html).not.toMatch(/https?:/);
  expect(html.match(/<img /g)).toHaveLength(2);
  expect(html.match(/<svg class="curve"/g)).toHaveLength(4);
  expect(html).toContain("<td>$0.1000</td>");
  expect(html).toContain("<td>58.0</td>");
  expect(html).toContain("<td>1 / 0 / 1</td>");
  expect(html).toContain("flicker / take");
  expect(html).toContain("QA could not measure it: ffmpeg not found");
  expect(html).toContain("Failed: Flagged by moderation");
});

it("draws a curve as polylines with a gap where a value is missing, and says when there is no data", () => {
  const svg = curveSvg(curves.t, curves.cct, { title: "K", marks: [[1, 2]] });
  expect(svg.match(/<polyline/g)).toHaveLength(1);
  expect(svg.match(/<circle/g)).toHaveLength(1);
  expect(svg).toContain('class="curve-mark"');
  expect(curveSvg([], [], { title: "none" })).toContain("no data");
});

it("keeps at most 120 points of a long take's curves, the last frame included", () => {
  const n = 1441;
  const t = Array.from({ length: n }, (_, i) => i / 24);
  const series = { t, luma: t.map((x) => 100 + x), cct: t.map(() => 6500) };
  const kept = curvesOf({ series } as never);
  expect(kept.t.length).toBeLessThanOrEqual(120);
  expect(kept.t[kept.t.length - 1]).toBeCloseTo(t[n - 1]!, 3);
  expect(kept.luma).toHaveLength(kept.t.length);
});
