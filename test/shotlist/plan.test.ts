import { readFileSync } from "node:fs";
import { join } from "node:path";
import { roundUsd } from "../../src/core/pricing";
import type { ProviderId } from "../../src/core/request";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { systemClock } from "../../src/core/seams/clock";
import { createProviderRegistry } from "../../src/providers/registry";
import { findModel } from "../../src/providers/catalog";
import { parseCsvShotList } from "../../src/shotlist/csvShotList";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { parseShotList } from "../../src/shotlist/parseShotList";
import { formatPlanText, summarizePlan } from "../../src/shotlist/planReport";
import { seedFor } from "../../src/shotlist/seedPolicy";
import { formatProblem } from "../../src/shotlist/shotListTypes";
import { buildShotPlan, type PlanContext } from "../../src/shotlist/shotPlan";
import { providerMakespan } from "../../src/shotlist/wallTime";

const registry = createProviderRegistry({ context: { fetch: async () => { throw new Error("no network in plan tests"); }, clock: systemClock, keys: staticKeyStore({}) } });
const context = (usable: ProviderId[], extra: Partial<PlanContext> = {}): PlanContext => ({ check: (request) => registry.check(request), usable, now: Date.parse("2026-11-20T10:00:00Z"), ...extra });
const errorsOf = (plan: ReturnType<typeof buildShotPlan>) => plan.problems.filter((p) => p.severity === "error").map(formatProblem);

/** 12 good Kling shots, then row 14 asks for 12 seconds. */
function klingList(): string {
  const rows = ["Shot,Description,Length,Model"];
  for (let i = 1; i <= 12; i++) rows.push(`${i},A lighthouse beam sweeps the fog number ${i},${i % 2 ? 5 : 10},kling-2.6`);
  rows.push("13,The keeper climbs the spiral stair,12s,kling-2.6");
  return rows.join("\n");
}

describe("the plan", () => {
  it("reports a duration the model does not allow at its row and column, with what is allowed, and is refused", () => {
    const plan = buildShotPlan(parseCsvShotList(klingList(), { file: "lighthouse.csv" }), context(["simulator", "kling"]));
    expect(errorsOf(plan)).toEqual([`lighthouse.csv: row 14, column "Length": shot 13: duration 12 s is not allowed for kling-2.6; allowed: 5, 10 ('12s'). Fix: use one of 5, 10`]);
    expect(plan.refusal).toBe("the list has 1 error; fix them and run again");
    // Still previewable: every good shot is planned and priced.
    expect(plan.shots.filter((shot) => !shot.blocked)).toHaveLength(12);
    expect(plan.jobs).toHaveLength(12);
    expect(formatPlanText(plan)).toContain("Refused: the list has 1 error");
  });

  it("has one priced job per take, the total, and a wall time from each provider's concurrency", () => {
    const list = parseCsvShotList(klingList().split("\n").slice(0, 13).join("\n").replace(/,1,A/, ",1,A"), { file: "lighthouse.csv" });
    const plan = buildShotPlan(list, context(["simulator", "kling"], { defaults: { takes: 2 }, limits: { kling: { concurrency: 4 } } }));
    expect(plan.refusal).toBeUndefined();
    expect(plan.jobs).toHaveLength(24);
    expect(plan.jobs.map((job) => [job.shot.shotId, job.shot.take])).toEqual(list.shots.flatMap((shot) => [[shot.id, 1], [shot.id, 2]]));
    expect(new Set(plan.jobs.map((job) => job.id)).size).toBe(24);
    expect(plan.jobs.every((job) => job.state === "planned" && job.runId === plan.runId && job.request.provider === "kling")).toBe(true);
    const spec = findModel("kling", "kling-2.6")!;
    const perSecond = spec.price.rates.find((rate) => rate.resolutions?.includes(plan.jobs[0]!.request.resolution) && rate.audio === plan.jobs[0]!.request.audio)?.usdPerSecond ?? spec.price.rates[0]!.usdPerSecond;
    const seconds = plan.jobs.reduce((sum, job) => sum + job.request.durationSeconds, 0);
    expect(plan.total.usd).toBeCloseTo(roundUsd(perSecond * seconds), 6);
    expect(plan.total.confirmed).toBe(false);
    expect(plan.problems.map(formatProblem)).toContain("lighthouse.csv: the price of kling-2.6 is not confirmed (" + spec.price.source + ", " + spec.price.asOf + ")");
    // 24 jobs, 4 at a time, 150 s each: 6 waves.
    expect(plan.wallTime.providers).toEqual([{ provider: "kling", jobs: 24, concurrency: 4, jobSeconds: 150, seconds: 900 }]);
    expect(plan.wallTime.seconds).toBe(900);
  });

  it("refuses a plan over the run budget or the daily cap, and one it cannot price under a cap", () => {
    const list = parseCsvShotList(klingList().split("\n").slice(0, 5).join("\n"), { file: "l.csv" });
    const open = buildShotPlan(list, context(["kling"]));
    expect(open.refusal).toBeUndefined();
    const total = open.total.usd;
    expect(buildShotPlan(list, context(["kling"], { budget: { runUsd: total } })).refusal).toBeUndefined();
    expect(buildShotPlan(list, context(["kling"], { budget: { runUsd: total - 0.01 } })).refusal).toMatch(/^the plan costs \$\d+\.\d\d, over the run budget of \$\d+\.\d\d; raise --budget/);
    expect(buildShotPlan(list, context(["kling"], { budget: { dailyUsd: total + 1, spentTodayUsd: 1.5 } })).refusal).toMatch(/^today's spend \$1\.50 plus this plan's .* is over the daily cap/);
    expect(buildShotPlan(list, context(["kling"], { budget: { dailyUsd: total + 1, spentTodayUsd: 0.5 } })).refusal).toBeUndefined();
  });

  it("applies seed policies: fixed, per-shot (stable), random and recorded; a shot's own seed wins", () => {
    const list = (policy: string) => parseJsonShotList(JSON.stringify({ defaults: { model: "shotbin-sim", seedPolicy: policy, takes: 2 }, shots: [{ shot: "A", prompt: "a" }, { shot: "B", prompt: "b", seed: 9 }] }));
    const seeds = (policy: string, random = Math.random) => buildShotPlan(list(policy), context(["simulator"], { random })).jobs.map((job) => job.request.seed);
    expect(seeds("fixed:42")).toEqual([42, 42, 9, 10]);
    const perShot = seeds("per-shot:7");
    expect(perShot).toEqual(seeds("per-shot:7"));
    expect(perShot[1]).toBe(perShot[0]! + 1);
    expect(perShot.slice(2)).toEqual([9, 10]);
    expect(seeds("random", () => 0.5)).toEqual([2147483647, 2147483647, 9, 10]);
    expect(seedFor(undefined, "A", undefined, 1, Math.random)).toBeUndefined();
  });

  it("runs every shot on the simulator when no key is set, after checking it against the model it names", () => {
    const list = parseShotList(readFileSync(join(__dirname, "..", "..", "assets", "examples", "night-market-semicolon.csv"), "utf8"), { file: "night.csv" });
    const plan = buildShotPlan(list, context(["simulator"]));
    expect(plan.refusal).toBeUndefined();
    expect(plan.rehearsal).toBe(true);
    expect(plan.jobs.every((job) => job.request.provider === "simulator" && job.estimate.usd === 0)).toBe(true);
    expect(plan.shots.every((shot) => shot.rehearsalOf === "kling-2.6")).toBe(true);
    expect(plan.jobs[0]!.extra).toMatchObject({ shotlist: { slotSeconds: 5, rehearsalOf: "kling-2.6", camera: "Wide" } });
    // The named model's rules still apply in a rehearsal.
    const bad = buildShotPlan(parseCsvShotList(klingList(), { file: "l.csv" }), context(["simulator"]));
    expect(errorsOf(bad)).toEqual([expect.stringContaining("duration 12 s is not allowed for kling-2.6")]);
  });

  it("asks for the key of a provider that has none when others are set, and for a model when none is given", () => {
    const plan = buildShotPlan(parseCsvShotList("Shot,Description,Model\n1,A,kling-2.6\n2,B,\n", { file: "l.csv" }), context(["simulator", "fal"]));
    expect(errorsOf(plan)).toEqual([
      'l.csv: row 2, column "Model": shot 1: no Kling AI key is set for kling-2.6. Fix: add an API key (SHOTBIN_KLING_KEY), or an AccessKey and SecretKey for the legacy API, or rehearse on the simulator with --provider simulator',
      "l.csv: row 3: shot 2: no model is given. Fix: add a Model column, set defaults.model, or pass --model",
    ]);
  });

  it("names unknown models with a suggestion, moves a model to another provider's same family, and resolves images", () => {
    const unknown = buildShotPlan(parseCsvShotList("Shot,Description,Model\n1,A,kling 2.7\n", { file: "l.csv" }), context(["kling"]));
    expect(errorsOf(unknown)).toEqual([expect.stringContaining("model 'kling 2.7' is not one Shotbin knows. Fix: did you mean")]);
    const moved = buildShotPlan(parseCsvShotList("Shot,Description,Model,Length\n1,A heron,kling-2.6,5\n", { file: "l.csv" }), context(["fal"], { override: { provider: "fal" } }));
    expect(moved.jobs[0]!.request).toMatchObject({ provider: "fal", model: "fal-ai/kling-video/v2.6/pro" });
    const images = buildShotPlan(parseCsvShotList("Shot,Description,First frame,Model\n1,A heron,frames/heron.png,kling-2.6\n2,B,missing.png,kling-2.6\n", { file: "l.csv" }), context(["kling"], {
      resolveImage: (reference) => (reference === "missing.png" ? `image '${reference}' does not exist` : { path: `/lists/${reference}`, mediaType: "image/png" }),
    }));
    expect(errorsOf(images)).toEqual([expect.stringMatching(/row 3, column "First frame": shot 2: image 'missing.png' does not exist/)]);
    expect(images.jobs[0]!.request.firstFrame).toEqual({ mediaType: "image/png", name: "heron.png", path: "/lists/frames/heron.png" });
  });

  it("summarises for the panel and for --dry-run --json", () => {
    const plan = buildShotPlan(parseCsvShotList(klingList(), { file: "l.csv" }), context(["kling"]));
    const summary = summarizePlan(plan);
    expect(summary.rows).toHaveLength(13);
    expect(summary.rows[12]).toMatchObject({ shot: "13", blocked: true, source: { row: 14, line: 14 } });
    expect(summary.rows[0]).toMatchObject({ shot: "1", model: "kling-2.6", provider: "kling", durationSeconds: 5, takes: 1, blocked: false });
    expect(JSON.parse(JSON.stringify(summary)).errors).toHaveLength(1);
  });

  it("computes a provider's makespan from its lanes and submit rate", () => {
    expect(providerMakespan(5, 10, { concurrency: 2 })).toBe(30);
    expect(providerMakespan(3, 1, { concurrency: 10, submitsPerMinute: 6 })).toBe(21);
  });
});
