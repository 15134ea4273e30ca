/**
 * The Shot list tab's engine without a browser: a list is planned and refused before anything is
 * recorded when it breaks a budget; a run fills the reserved slots; after a reload it resumes
 * without sending anything twice; a retry past the approved money pauses until the editor
 * approves it; a shot or the whole run can be cancelled.
 */
import { utf8Encode } from "../../src/core/text/utf8";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { fakeProviderSettings } from "../../src/providers/registry";
import { FAST, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { panelFixture } from "./support/panelFixture";

const fake = useFakeProviders({ ...FAST, runMs: 600 });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fixture(options: Parameters<typeof panelFixture>[0] = {}) {
  const made = await panelFixture({ realMedia: true, fastPolling: true, ...options });
  stops.push(() => made.runtime.stop());
  return made;
}

const replicate = () => ({
  keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! },
  settings: { providers: Object.fromEntries(Object.entries(fakeProviderSettings(fake().origin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }])) },
});

/** A JSON list the stub file picker hands out next. */
function pickList(made: Awaited<ReturnType<typeof fixture>>, list: unknown, name = "harbour.json"): void {
  made.uxp.fileAnswer = { path: `/lists/${name}`, bytes: utf8Encode(JSON.stringify(list)) };
}

const veoList = {
  name: "Harbour",
  defaults: { model: "google/veo-3.1-fast", aspect: "16:9", resolution: "720p" },
  shots: [
    { shot: "1", prompt: "Dawn over a fishing harbour, mist on the water", duration: 4 },
    { shot: "2", prompt: "An old fisherman coils a wet rope on deck", duration: 8 },
  ],
};

function sequenceOf(made: Awaited<ReturnType<typeof fixture>>) {
  return made.premiere.snapshot().sequences[0]!;
}

describe("shot-list runs in the panel runtime", () => {
  it("shows the plan before anything is recorded, and refuses it over the run budget or the daily cap, with the numbers", async () => {
    const made = await fixture(replicate());
    const { runtime } = made;
    pickList(made, veoList);
    await runtime.shotLists.chooseFile();
    const plan = runtime.state.shotList.plan!;
    expect(plan.rows.map((row) => [row.shot, row.model, row.durationSeconds, row.takes])).toEqual([
      ["1", "google/veo-3.1-fast", 4, 1],
      ["2", "google/veo-3.1-fast", 8, 1],
    ]);
    expect(plan.totalUsd).toBeGreaterThan(0);
    expect(plan.refusal).toBeUndefined();
    const total = `$${plan.totalUsd.toFixed(2)}`;

    runtime.shotLists.updateOptions({ budget: "0.50" });
    expect(runtime.state.shotList.plan!.refusal).toBe(`the plan costs ${total}, over the run budget of $0.50; raise the run budget or cut shots or takes`);
    expect(await runtime.shotLists.start()).toBe(false);
    expect(runtime.state.shotList.runProblem).toBe(`Not started: the plan costs ${total}, over the run budget of $0.50; raise the run budget or cut shots or takes.`);

    runtime.shotLists.updateOptions({ budget: "" });
    expect(runtime.updateSettings({ dailyBudgetUsd: 1 })).toBeUndefined();
    runtime.shotLists.replan();
    expect(runtime.state.shotList.plan!.refusal).toBe(`today's spend $0.00 plus this plan's ${total} is over your daily cap (Settings) of $1.00`);
    expect(await runtime.shotLists.start()).toBe(false);

    expect(runtime.state.order).toEqual([]);
    expect(fake().world.requests).toEqual([]);
    expect(sequenceOf(made).markers).toEqual([]);
  });

  it("fills the reserved slots, and after a reload resumes the run without sending anything twice", async () => {
    // The takes generate until the test lets them finish, so the reload happens while both do.
    fake().world.config = { ...fake().world.config, runMs: Number.POSITIVE_INFINITY };
    const made = await fixture(replicate());
    pickList(made, veoList);
    await made.runtime.shotLists.chooseFile();
    made.runtime.shotLists.updateOptions({ start: "timecode", timecode: "00:00:02:00", track: 1 });
    expect(await made.runtime.shotLists.start()).toBe(true);
    // The plan is spent: no second Run from it, even when the tab prices again.
    made.runtime.shotLists.replan();
    expect(made.runtime.state.shotList.plan).toBeUndefined();
    expect(await made.runtime.shotLists.start()).toBe(false);
    // Reserved at once: markers at 2 s (frame 50) and 2 + 4 s (frame 150), pending.
    expect(sequenceOf(made).markers.map((marker) => [marker.name, marker.colour])).toEqual([
      ["1", "yellow"],
      ["2", "yellow"],
    ]);
    const sent = [await made.waitForJob("shot 1 at the provider", (job) => job.shot.shotId === "1" && !!job.handle), await made.waitForJob("shot 2 at the provider", (job) => job.shot.shotId === "2" && !!job.handle)];
    expect(fake().world.creates.replicate).toBe(2);
    expect(sent.map((job) => job.state).every((state) => state === "queued" || state === "running")).toBe(true);

    const runtime = await made.restart();
    expect(runtime.state.notices.map((notice) => notice.text)).toContain("Resuming Harbour: 2 unfinished takes; nothing already sent is sent again.");
    for (const job of fake().world.jobs.values()) job.runMs = 0;
    const placed = [
      await made.waitForJob("shot 1 placed", (job) => job.shot.shotId === "1" && job.state === "placed", 30_000),
      await made.waitForJob("shot 2 placed", (job) => job.shot.shotId === "2" && job.state === "placed", 30_000),
    ];
    expect(placed.map((job) => job.handle!.id)).toEqual(sent.map((job) => job.handle!.id));
    expect(fake().world.creates.replicate).toBe(2);
    expect(Object.keys(runtime.state.jobs)).toHaveLength(2);

    const sequence = sequenceOf(made);
    expect(sequence.tracks[1]!.items.map((item) => [item.clipId, item.startFrame, item.endFrame])).toEqual([
      [placed[0]!.clipId, 50, 150],
      [placed[1]!.clipId, 150, 350],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sequenceOf(made).markers.map((marker) => [marker.name, marker.colour])).toEqual([
      ["1", "green"],
      ["2", "green"],
    ]);
    expect(JSON.stringify(made.premiere.snapshot().root)).toContain('"name":"Harbour"');
  });

  it("pauses a retry that would go past the approved money until the editor approves it", async () => {
    fake().world.faults.add({ provider: "replicate", fault: { type: "no-videos" } });
    const made = await fixture(replicate());
    const { runtime } = made;
    pickList(made, { ...veoList, shots: [veoList.shots[0]] });
    await runtime.shotLists.chooseFile();
    const approved = runtime.state.shotList.plan!.totalUsd;
    expect(await runtime.shotLists.start()).toBe(true);
    const failed = await made.waitForJob("the first take to fail", (job) => job.state === "failed", 30_000);
    expect(failed.failure?.retryable).toBe(true);

    const runId = failed.runId!;
    const until = Date.now() + 20_000;
    while (!runtime.state.shotList.pauses[runId] && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runtime.state.shotList.pauses[runId]).toMatchObject({ jobId: failed.id, neededUsd: failed.estimate.usd, approvedUsd: approved });
    expect(runtime.state.notices.map((notice) => notice.text).join("\n")).toContain(`Harbour is paused: retrying shot 1 would need $${failed.estimate.usd.toFixed(2)} more than the $${approved.toFixed(2)} you approved`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake().world.creates.replicate).toBe(1);
    expect(Object.keys(runtime.state.jobs)).toHaveLength(1);

    await runtime.shotLists.approveMore(runId);
    const retried = await made.waitForJob("the retry placed", (job) => job.retryOf === failed.id && job.state === "placed", 30_000);
    expect(retried.attempt).toBe(2);
    expect(fake().world.creates.replicate).toBe(2);
    expect(retried.extra).toMatchObject({ shotRun: { approvedUsd: approved + failed.estimate.usd } });
    expect(sequenceOf(made).tracks[0]!.items.map((item) => item.clipId)).toEqual([retried.clipId]);
  });

  it("cancels one shot, then the whole run; a reload resumes nothing", async () => {
    const made = await fixture({ simulator: { queueMs: 20, runMs: 60_000 } });
    const { runtime } = made;
    pickList(made, { name: "Long takes", shots: [1, 2, 3].map((n) => ({ shot: String(n), prompt: `Long take number ${n}`, duration: 5 })) });
    await runtime.shotLists.chooseFile();
    expect(await runtime.shotLists.start()).toBe(true);
    for (const shot of ["1", "2", "3"]) await made.waitForJob(`shot ${shot} running`, (job) => job.shot.shotId === shot && job.state === "running");
    const runId = Object.values(runtime.state.jobs)[0]!.runId!;

    await runtime.shotLists.cancelShot(runId, "2");
    await made.waitForJob("shot 2 cancelled", (job) => job.shot.shotId === "2" && job.state === "cancelled", 5000);
    expect(Object.values(runtime.state.jobs).filter((job) => job.state === "cancelled").map((job) => job.shot.shotId)).toEqual(["2"]);
    await runtime.shotLists.cancelRun(runId);
    await made.waitForJob("shot 1 cancelled", (job) => job.shot.shotId === "1" && job.state === "cancelled", 5000);
    await made.waitForJob("shot 3 cancelled", (job) => job.shot.shotId === "3" && job.state === "cancelled", 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sequenceOf(made).markers.map((marker) => marker.colour)).toEqual(["magenta", "magenta", "magenta"]);
    expect(sequenceOf(made).tracks.flatMap((track) => track.items)).toEqual([]);

    const restarted = await made.restart();
    expect(restarted.state.notices.map((notice) => notice.text).join("\n")).not.toContain("Resuming");
    expect(restarted.state.shotList.activeRuns).toEqual([]);
  });
});

describe("a list that names no model, in the panel", () => {
  const noModel = { name: "Harbour", shots: [{ shot: "1", prompt: "Dawn over a fishing harbour", duration: 4 }] };

  it("uses the model chosen on Generate, follows it when it changes, and says what to do in the panel's words", async () => {
    const made = await fixture(replicate());
    const { runtime } = made;
    runtime.generator.chooseModel("simulator", "shotbin-sim");
    pickList(made, noModel);
    await runtime.shotLists.chooseFile();
    expect(runtime.state.shotList.plan!.rows.map((row) => row.model)).toEqual(["shotbin-sim"]);
    runtime.generator.chooseModel("replicate", "google/veo-3.1-fast");
    expect(runtime.state.shotList.plan!.rows.map((row) => row.model)).toEqual(["google/veo-3.1-fast"]);
    expect(runtime.state.shotList.plan!.refusal).toBeUndefined();
    // A model whose key is missing: the fix names the panel's own control, not a CLI flag.
    runtime.generator.chooseModel("kling", "kling-2.6");
    const problems = JSON.stringify(runtime.state.shotList.plan);
    expect(problems).toContain("tick Rehearse on the simulator");
    expect(problems).not.toContain("--provider");
  });
});
