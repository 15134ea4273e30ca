/**
 * `shotbin compare` against the fake providers over real HTTP: three models (Kling 2.6, Veo 3.1
 * on fal, Wan 2.6 on DashScope), one of fal's takes spoiled with flickering-clip. The cost is shown
 * before anything is sent, every take is measured, report.json holds the numbers, report.html is
 * self-contained (no http(s) resource, thumbnails as data: URIs, inline SVG curves) and shows the
 * summary, and a rerun buys and measures nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareShots } from "../../src/cli/compareCommand";
import { EXIT } from "../../src/cli/exitCodes";
import type { CompareReport } from "../../src/quality/compareReport";
import { useFakeProviders } from "../support/fakeProviders";
import { capturedRunIo } from "./support/capturedRunIo";

jest.setTimeout(300_000);

const fake = useFakeProviders({ queueMs: 10, runMs: 10 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-compare-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const io = () => capturedRunIo(folder);

const creates = () => {
  const world = fake().world;
  return (world.creates.kling ?? 0) + (world.creates.fal ?? 0) + (world.creates.dashscope ?? 0);
};

const ARGS = () => ["--prompt", "A harbour at dawn, gulls over the wall", "--models", "kling-2.6,fal-ai/veo3.1,wan2.6-t2v", "--takes", "2", "--duration", "5", "--out", "cmp", "--fake-providers", fake().origin, "--yes"];

describe("shotbin compare", () => {
  it("shows the cost first, measures every take, and writes report.json and a self-contained report.html; a rerun buys and measures nothing", async () => {
    const response = await fetch(`${fake().origin}/_control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "fal", fault: { type: "flickering-clip" } }) });
    expect(response.status).toBe(200);
    const run = io();
    const code = await compareShots(ARGS(), run.io);
    expect({ code, errors: run.err().split("\n").filter((line) => /error|refused/i.test(line)) }).toEqual({ code: EXIT.ok, errors: [] });
    expect(creates()).toBe(6);
    const output = run.out();
    // The cost per model comes before the first take is measured.
    expect(output.indexOf("total $")).toBeGreaterThan(-1);
    expect(output.indexOf("total $")).toBeLessThan(output.indexOf("QA "));
    // Veo 3.1 offers 4, 6 or 8 s: it gets its nearest to 5 s, and says so before sending.
    expect(output).toMatch(/fal-ai\/veo3\.1\s+Veo 3\.1[^\n]*: \$\d+\.\d\d for 2 take\(s\) of 6 s \(its nearest to 5 s\)/);

    const out = join(folder, "cmp");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as CompareReport;
    expect(report.prompt).toBe("A harbour at dawn, gulls over the wall");
    expect(report.models.map((model) => [model.model, model.provider, model.takes.length])).toEqual([
      ["kling-2.6", "kling", 2],
      ["fal-ai/veo3.1", "fal", 2],
      ["wan2.6-t2v", "dashscope", 2],
    ]);
    for (const model of report.models) {
      expect(model.costUsd).toBeGreaterThan(0);
      for (const take of model.takes) {
        expect(take.state).toBe("ready");
        expect(take.qa).toEqual(expect.objectContaining({ verdict: expect.any(String), score: expect.any(Number) }));
        expect(take.timeToResultSeconds).toBeGreaterThanOrEqual(0);
        expect(take.curves!.t.length).toBe(take.curves!.luma.length);
        expect(take.curves!.t.length).toBeLessThanOrEqual(120);
      }
    }
    const fal = report.models[1]!;
    expect(fal.takes.map((take) => take.qa!.defects.map((defect) => defect.kind)).sort()).toEqual([[], ["flicker"]]);
    const falRow = report.summary[1]!;
    expect(falRow.verdicts).toEqual({ pass: 1, warn: 0, fail: 1 });
    expect(falRow.defectsPerTake.flicker).toBe(0.5);
    expect(falRow.meanScore).toBe((fal.takes[0]!.qa!.score + fal.takes[1]!.qa!.score) / 2);
    expect(fal.durationSeconds).toBe(6);
    expect(falRow.costPerSecond).toBeCloseTo(fal.costUsd / (2 * 6), 4);
    expect(report.summary[0]!.costPerSecond).toBeCloseTo(report.models[0]!.costUsd / (2 * 5), 4);
    expect(report.summary[0]!.defectsPerTake.flicker).toBe(0);
    expect(report.totalCostUsd).toBeCloseTo(report.models.reduce((sum, model) => sum + model.costUsd, 0), 2);

    const html = readFileSync(join(out, "report.html"), "utf8");
    // Self-contained: no resource from anywhere else.
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b|<script\b|@import|url\(/i);
    // Thumbnails (3 a take) as data: URIs, curves (2 a take) as inline SVG.
    expect(html.match(/<img [^>]*src="data:image\/jpeg;base64,/g)).toHaveLength(18);
    expect(html.match(/<svg class="curve"/g)).toHaveLength(12);
    expect(html).toContain("<polyline");
    // The summary's numbers.
    expect(html).toContain(`$${falRow.costPerSecond!.toFixed(4)}`);
    expect(html).toContain(`<td>${falRow.meanScore!.toFixed(1)}</td>`);
    expect(html).toContain("flicker / take");
    expect(html).toContain("<td>0.50</td>");

    // A rerun: nothing bought, nothing measured, the same report.
    const again = io();
    expect(await compareShots(ARGS(), again.io)).toBe(EXIT.ok);
    expect(creates()).toBe(6);
    expect(again.out()).not.toContain("QA ");
    const rerun = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as CompareReport;
    expect(rerun.summary).toEqual(report.summary);
    expect((await readdir(join(out, "qa"))).length).toBe(6);

    // Another comparison into the same folder is refused before anything is sent.
    const other = io();
    expect(await compareShots(ARGS().map((arg) => (arg === "A harbour at dawn, gulls over the wall" ? "Another shot" : arg)), other.io)).toBe(EXIT.refused);
    expect(other.err()).toContain("holds another comparison");
    expect(creates()).toBe(6);
  });

  it("refuses bad models, too few models, and a comparison over the budget, sending nothing", async () => {
    const bad = io();
    expect(await compareShots(["--prompt", "x", "--models", "kling-2.6,no-such-model"], bad.io)).toBe(EXIT.usage);
    expect(bad.err()).toContain("model 'no-such-model' is not one Shotbin knows");
    const one = io();
    expect(await compareShots(["--prompt", "x", "--models", "kling-2.6"], one.io)).toBe(EXIT.usage);
    expect(one.err()).toContain("--models takes 2 to 6 models");
    const twice = io();
    expect(await compareShots(["--prompt", "x", "--models", "kling-2.6,Kling 2.6"], twice.io)).toBe(EXIT.usage);

    const first = io();
    const args = ["--prompt", "A quiet street", "--models", "kling-2.6,wan2.6-t2v", "--out", "cmp", "--fake-providers", fake().origin, "--budget", "0.01"];
    expect(await compareShots(args, first.io)).toBe(EXIT.refused);
    expect(first.out()).toMatch(/total \$\d+\.\d\d/);
    expect(creates()).toBe(0);
    // Nothing was bought, so the folder holds no comparison: the same command with more budget starts afresh.
    expect(existsSync(join(folder, "cmp", "compare.json"))).toBe(false);
  });

  it("writes the report when a model's takes fail, shows why, and exits 5", async () => {
    fake().world.faults.add({ provider: "dashscope", operation: "create", fault: { type: "content-policy" } });
    const run = io();
    const code = await compareShots(["--prompt", "A quiet street at night", "--models", "kling-2.6,wan2.6-t2v", "--out", "cmp", "--fake-providers", fake().origin, "--yes"], run.io);
    expect(code).toBe(EXIT.providerFailed);
    const out = join(folder, "cmp");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as CompareReport;
    const wan = report.models[1]!;
    expect(wan.takes).toEqual([expect.objectContaining({ take: 1, state: "failed", failure: expect.stringContaining("Alibaba's content inspection refused") as string })]);
    expect(wan.costUsd).toBe(0);
    expect(report.summary[1]).toMatchObject({ costPerSecond: null, meanScore: null, takesDone: 0, takesPlanned: 1 });
    expect(report.summary[0]).toMatchObject({ takesDone: 1, takesMeasured: 1 });
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("Failed: ");
    expect(html).toContain("Alibaba&#39;s content inspection refused");
  });
});
