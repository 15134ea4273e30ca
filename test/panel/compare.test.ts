/**
 * Generate's Compare mode without a browser: the plan and its prices before anything is sent, the
 * groups rebuilt from ledger records (columns, time to result, QA badges from `extra.qa` only),
 * and the controller over the panel runtime with the fake Premiere, the simulator and the fake
 * providers: one send per click, the daily cap, the choice into the bin and the Takes sub-bin, or
 * left out of the project, placement only when asked, and a group that survives a reload.
 */
import { existsSync } from "node:fs";
import type { JobRecord } from "../../src/core/jobRecord";
import type { JsonObject } from "../../src/core/json";
import { planJob } from "../../src/core/plan";
import type { FakeSnapshot, SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { findModel } from "../../src/providers/catalog";
import { fakeProviderSettings } from "../../src/providers/registry";
import { compareGroups, modelKey, planCompare, takeQa } from "../../src/panel/runtime/compareView";
import { emptyDraft } from "../../src/panel/runtime/generateDraft";
import { localDate } from "../../src/panel/settings/panelSettings";
import { useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";
import { panelFixture } from "./support/panelFixture";

const fake = useFakeProviders();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fixture(options: Parameters<typeof panelFixture>[0] = {}) {
  const made = await panelFixture(options);
  stops.push(() => made.close());
  return made;
}

const fakeSettings = () => ({ providers: Object.fromEntries(Object.entries(fakeProviderSettings(fake().origin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }])) });
const keys = { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]!, [KEY_NAMES.kling]: VALID_KEYS[KEY_NAMES.kling]! };
const SIM = modelKey("simulator", "shotbin-sim");
const VEO = modelKey("replicate", "google/veo-3.1-fast");
const KLING = modelKey("kling", "kling-2.6");

type ClipNode = Extract<SnapshotNode, { kind: "clip" }>;
function clips(snap: FakeSnapshot): (ClipNode & { bins: string[] })[] {
  const found: (ClipNode & { bins: string[] })[] = [];
  const visit = (node: SnapshotNode, trail: string[]) => {
    if (node.kind === "clip") {
      if (!node.isSequence) found.push({ ...node, bins: trail });
      return;
    }
    for (const child of node.children) visit(child, node.kind === "root" ? [] : [...trail, node.name]);
  };
  if (snap.root) visit(snap.root, []);
  return found;
}

describe("Compare: the plan before sending", () => {
  const draft = { ...emptyDraft(findModel("simulator", "shotbin-sim")!), prompt: "A heron takes off from a misty lake" };

  it("prices each model as it takes the draft and adds them up", () => {
    const plan = planCompare({ ...draft, takes: 2 }, [SIM, VEO, KLING], ["simulator", "replicate", "kling"]);
    expect(plan.ok).toBe(true);
    expect(plan.models.map((model) => model.displayName)).toEqual(["Simulator (offline, free)", "Veo 3.1 Fast (Replicate)", "Kling 2.6 (Kling API)"]);
    const veo = plan.models[1]!;
    expect(veo.usd).toBeGreaterThan(0);
    expect(veo.summary).toMatch(/^8 s at 720p, 2 takes: \$\d+\.\d\d$/);
    expect(plan.totalUsd).toBeCloseTo(plan.models.reduce((sum, model) => sum + model.usd, 0), 6);
    expect(plan.totalText).toMatch(/^\$\d+\.\d\d for 3 models, 2 takes each$/);
  });

  it("refuses fewer than two models, more than four, a provider without a key and an image a model cannot take", () => {
    expect(planCompare(draft, [SIM], ["simulator"]).problems).toEqual(["choose at least 2 models to compare"]);
    const five = planCompare(draft, [SIM, VEO, KLING, modelKey("fal", "fal-ai/veo3.1/fast"), modelKey("dashscope", "wan2.6-t2v")], ["simulator"]);
    expect(five.problems).toContain("compare at most 4 models at once");
    const noKey = planCompare(draft, [SIM, VEO], ["simulator"]);
    expect(noKey.ok).toBe(false);
    expect(noKey.models[1]!.problems).toEqual(["no Replicate key is set"]);
    const image = (name: string) => ({ name, path: `/i/${name}`, mediaType: "image/png" as const, bytes: new Uint8Array([1]) });
    const withFrames = { ...draft, firstFrame: image("start.png"), lastFrame: image("end.png") };
    const t2v = planCompare(withFrames, [SIM, modelKey("dashscope", "wan2.6-t2v")], ["simulator", "dashscope"]);
    expect(t2v.ok).toBe(false);
    expect(t2v.models[1]!.problems).toEqual(["takes no first frame", "takes no last frame"]);
    // The same shot everywhere: a model's own rules are shown on its line (Kling's last frame needs 1080p).
    const kling = planCompare({ ...draft, lastFrame: image("end.png") }, [SIM, KLING], ["simulator", "kling"]).models[1]!;
    expect(kling.problems).toContain("a last frame needs a first frame too");
  });
});

describe("Compare: groups rebuilt from the ledger", () => {
  const estimate = { usd: 0.8, usdPerSecond: 0.1, billedSeconds: 8, confirmed: true, source: "test", asOf: "2026-01-01" };
  function take(model: string, take: number, changes: Partial<JobRecord>, extra: Record<string, unknown> = {}): JobRecord {
    const [provider, id] = model.split("|") as ["replicate", string];
    const planned = planJob({ request: resolvedRequest(provider, id, { prompt: "Same shot", idempotencyKey: `k-${model}-${take}` }), estimate, shot: { shotId: "G4", order: 1, take } }, Date.parse("2026-12-01T10:00:00Z"));
    return { ...planned, ...changes, extra: { goal: "ready", binPath: [], compare: { groupId: "g1", model }, ...extra } };
  }
  const history = (readyAt: string): JobRecord["history"] => [
    { state: "planned", at: "2026-12-01T10:00:00.000Z" },
    { state: "submitting", at: "2026-12-01T10:00:01.000Z" },
    { state: "ready", at: readyAt },
  ];

  it("makes one column per model in the order sent, with time to result, the clip and the QA result", () => {
    const qa = { verdict: "warn", score: 71, defectKinds: ["flicker"], measuredAt: "2026-12-01T10:02:00Z" };
    const jobs = [
      take(KLING, 2, { state: "ready", file: "/m/G4_kling.mp4", history: history("2026-12-01T10:01:31.000Z") }, { qa }),
      take(VEO, 1, { state: "running", progress: 0.4 }),
      take(SIM, 3, { state: "failed", failure: { step: "track", kind: "server", message: "boom", retryable: false, charged: false, at: "x" } }),
    ];
    const [group] = compareGroups(jobs, true);
    expect(group!.columns.map((column) => column.key)).toEqual([VEO, KLING, SIM]);
    const [veo, kling, sim] = group!.columns.map((column) => column.takes[0]!);
    expect(veo).toMatchObject({ statusText: "Generating", progress: 40, qa: { kind: "pending" } });
    expect(kling).toMatchObject({ secondsToResult: 90, clipName: "G4_kling.mp4", qa: { kind: "result", qa } });
    expect(sim).toMatchObject({ state: "failed", failure: "boom", qa: { kind: "none" } });
    expect(group!.waiting).toBe(1);
    expect(group!.canChoose).toBe(false);
    expect(group!.totalUsd).toBeCloseTo(2.4, 6);
    // Without a relay there is no QA to wait for, and the badge says why.
    expect(compareGroups(jobs, false)[0]!.columns[0]!.takes[0]!.qa).toEqual({ kind: "needs-relay" });
  });

  it("reads extra.qa only when it is a whole result", () => {
    const bad: JsonObject[] = [{ verdict: "great", score: 1, defectKinds: [], measuredAt: "t" }, { verdict: "pass", score: "90", defectKinds: [], measuredAt: "t" }, { verdict: "pass", score: 90, defectKinds: [3], measuredAt: "t" }, { verdict: "pass", score: 90 }];
    for (const qa of bad) expect(takeQa({ extra: { qa } })).toBeUndefined();
    expect(takeQa({ extra: { qa: { verdict: "fail", score: 12, defectKinds: ["frozen-frames"], measuredAt: "t" } } })).toEqual({ verdict: "fail", score: 12, defectKinds: ["frozen-frames"], measuredAt: "t" });
  });
});

describe("Compare: send, follow, choose", () => {
  async function sendThree(made: Awaited<ReturnType<typeof fixture>>) {
    const { runtime } = made;
    runtime.updateDraft({ prompt: "A heron takes off from a misty lake" });
    runtime.compare.setOn(true);
    runtime.compare.toggleModel(VEO);
    runtime.compare.toggleModel(KLING);
    const plan = planCompare(runtime.state.draft, runtime.state.compare.models, runtime.state.usable);
    // Two clicks before the first has finished: one submission per take.
    const [first, second] = await Promise.all([runtime.compare.send(), runtime.compare.send()]);
    expect([first, second]).toEqual([true, false]);
    const jobs = runtime.jobs.requireLedger().jobs();
    expect(jobs).toHaveLength(3);
    return { plan, jobs };
  }

  it("sends one take to each of three models, with the total approved, and waits for the choice before importing", async () => {
    const made = await fixture({ settings: fakeSettings(), keys, fastPolling: true });
    const { runtime, premiere } = made;
    const { plan, jobs } = await sendThree(made);
    expect(runtime.state.compare.models).toEqual([SIM, VEO, KLING]);
    const groupId = (jobs[0]!.extra!.compare as { groupId: string }).groupId;
    expect(jobs.every((job) => (job.extra!.compare as { groupId: string }).groupId === groupId)).toBe(true);
    expect(jobs.reduce((sum, job) => sum + job.estimate.usd, 0)).toBeCloseTo(plan.totalUsd, 6);
    expect(new Set(jobs.map((job) => job.request.idempotencyKey)).size).toBe(3);
    for (let i = 0; i < 3; i++) await made.waitForJob(`take ${i + 1} ready`, (job) => job.shot.take === i + 1 && job.state === "ready");
    expect(fake().world.creates.replicate).toBe(1);
    expect(fake().world.creates.kling).toBe(1);
    // One notice for the comparison, none of Review's per take.
    const texts = runtime.state.notices.map((notice) => notice.text);
    expect(texts.filter((text) => text.startsWith("G1: every take is in."))).toHaveLength(1);
    expect(texts.filter((text) => text.includes("watch it in Review"))).toEqual([]);
    // Nothing is in the project before the editor chooses.
    expect(clips(premiere.snapshot())).toEqual([]);

    const [group] = compareGroups(runtime.jobs.requireLedger().jobs(), false);
    expect(group!.canChoose).toBe(true);
    const chosen = group!.columns[1]!.takes[0]!.id;
    expect(await runtime.compare.choose(group!.groupId, chosen, { others: "keep", place: false })).toBeUndefined();
    for (const job of jobs) await made.waitForJob(`${job.id} imported`, (candidate) => candidate.id === job.id && candidate.state === "imported");
    const day = localDate(Date.now());
    const where = Object.fromEntries(clips(premiere.snapshot()).map((clip) => [clip.mediaPath, clip.bins]));
    for (const job of runtime.jobs.requireLedger().jobs()) {
      expect(where[job.file!]).toEqual(job.id === chosen ? ["Shots", "Shotbin", day] : ["Shots", "Shotbin", day, "Takes"]);
    }
    // One Takes bin: the kept takes share it, however many land at once.
    type BinNode = Exclude<SnapshotNode, { kind: "clip" }>;
    const bin = (parent: BinNode, name: string) => parent.children.find((node): node is BinNode => node.kind === "bin" && node.name === name)!;
    const today = bin(bin(bin(premiere.snapshot().root as BinNode, "Shots"), "Shotbin"), day);
    expect(today.children.filter((node) => node.kind === "bin").map((node) => node.name)).toEqual(["Takes"]);
    expect(runtime.jobs.requireLedger().require(chosen).extra!.compare).toMatchObject({ role: "chosen" });
    // Choosing again is refused: one take per comparison.
    expect(await runtime.compare.choose(group!.groupId, group!.columns[0]!.takes[0]!.id, { others: "keep", place: false })).toMatch(/already chosen/);
    // Nothing new was bought.
    expect(fake().world.creates.replicate).toBe(1);
    expect(premiere.snapshot().sequences[0]!.tracks.every((track) => track.items.length === 0)).toBe(true);
  });

  it("survives a reload, then leaves the others out of the project and places the chosen take when asked", async () => {
    const made = await fixture({ settings: fakeSettings(), keys, fastPolling: true });
    await sendThree(made);
    for (let i = 0; i < 3; i++) await made.waitForJob(`take ${i + 1} ready`, (job) => job.shot.take === i + 1 && job.state === "ready");
    const before = compareGroups(made.runtime.jobs.requireLedger().jobs(), false);
    const runtime = await made.restart();
    const after = compareGroups(runtime.jobs.requireLedger().jobs(), false);
    expect(after).toEqual(before);
    expect(after[0]!.columns.map((column) => column.displayName)).toEqual(["Simulator (offline, free)", "Veo 3.1 Fast (Replicate)", "Kling 2.6 (Kling API)"]);

    made.premiere.setPlayhead(made.ids.sequenceId, 50);
    const chosen = after[0]!.columns[2]!.takes[0]!.id;
    expect(await runtime.compare.choose(after[0]!.groupId, chosen, { others: "discard", place: true })).toBeUndefined();
    const placed = await made.waitForJob("the chosen take placed", (job) => job.id === chosen && job.state === "placed");
    expect(clips(made.premiere.snapshot()).map((clip) => clip.mediaPath)).toEqual([placed.file]);
    const items = made.premiere.snapshot().sequences[0]!.tracks.flatMap((track) => track.items);
    expect(items).toHaveLength(1);
    expect(items[0]!.startFrame).toBe(50);
    const others = runtime.jobs.requireLedger().jobs().filter((job) => job.id !== chosen);
    for (const job of others) {
      expect(job.state).toBe("ready");
      expect(job.extra).toMatchObject({ discarded: true, compare: { role: "discarded" } });
      // Paid media is never deleted: the file stays in the media folder.
      expect(made.fs.files.has(job.file!) || existsSync(job.file!)).toBe(true);
    }
  });

  it("sends nothing over the daily cap, without a project, or with too few models", async () => {
    const made = await fixture({ settings: { ...fakeSettings(), dailyBudgetUsd: 0.5 }, keys, fastPolling: true });
    const { runtime } = made;
    runtime.updateDraft({ prompt: "Too dear" });
    runtime.compare.setOn(true);
    expect(await runtime.compare.send()).toBe(false);
    expect(runtime.state.compare.problem).toBe("Not sent: choose at least 2 models to compare.");
    runtime.compare.toggleModel(VEO);
    expect(await runtime.compare.send()).toBe(false);
    expect(runtime.state.compare.problem).toMatch(/^Not sent: .*daily/i);
    expect(runtime.updateSettings({ dailyBudgetUsd: 100 })).toBeUndefined();
    made.premiere.closeProject();
    expect(await runtime.compare.send()).toBe(false);
    expect(runtime.state.compare.problem).toMatch(/^Not sent: no project is open/);
    expect(runtime.jobs.requireLedger().jobs()).toEqual([]);
    expect(fake().world.creates.replicate ?? 0).toBe(0);
  });
});
