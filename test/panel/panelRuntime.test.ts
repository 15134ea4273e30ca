/**
 * The panel's engine without a browser: the shared pipeline with Premiere import, placement and
 * columns, the ledger in UXP's fs, keys in secureStorage, refusals before anything is recorded,
 * resume after a restart, and retries as new jobs.
 */
import { LEDGER_VERSION } from "../../src/core/ledgerSchema";
import type { FakeSnapshot, SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { planJob } from "../../src/core/plan";
import { estimateFromTable } from "../../src/core/pricing";
import { findModel } from "../../src/providers/catalog";
import type { JobRecord } from "../../src/core/jobRecord";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { createReplicateProvider } from "../../src/providers/replicate";
import { fakeProviderSettings } from "../../src/providers/registry";
import { LEDGER_PATH } from "../../src/panel/platform/uxpLedgerStore";
import { extraJson } from "../../src/panel/runtime/jobExtras";
import { localDate } from "../../src/panel/settings/panelSettings";
import { testContext, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";
import { MEDIA, panelFixture } from "./support/panelFixture";

const fake = useFakeProviders();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fixture(options: Parameters<typeof panelFixture>[0] = {}) {
  const made = await panelFixture(options);
  stops.push(() => made.runtime.stop());
  return made;
}

function topBin(snap: FakeSnapshot, name: string): Exclude<SnapshotNode, { kind: "clip" }> {
  const root = snap.root;
  if (root?.kind !== "root") throw new Error("no project");
  const bin = root.children.find((node) => node.name === name);
  if (bin?.kind !== "bin") throw new Error(`no bin ${name}`);
  return bin as Exclude<SnapshotNode, { kind: "clip" }>;
}

const fakeSettings = () => ({ providers: Object.fromEntries(Object.entries(fakeProviderSettings(fake().origin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }])) });

describe("the panel runtime", () => {
  it("imports a simulator take into the bin chosen when it was generated, even after the editor selects another", async () => {
    const { runtime, premiere, ids, fs, waitForJob } = await fixture();
    runtime.updateDraft({ prompt: "Fog rolls over a pine forest", takes: 2, seedText: "41" });
    expect(await runtime.generate()).toBe(true);
    premiere.select([ids.footageBinId]);
    const first = await waitForJob("take 1 imported", (job) => job.shot.take === 1 && job.state === "imported");
    const second = await waitForJob("take 2 imported", (job) => job.shot.take === 2 && job.state === "imported");
    expect([first.request.seed, second.request.seed]).toEqual([41, 42]);
    expect(JSON.stringify(topBin(premiere.snapshot(), "Shots"))).toContain(first.file!.split("/").pop()!);
    expect(topBin(premiere.snapshot(), "Footage").children).toEqual([]);
    expect(first.extra).toMatchObject({ goal: "imported", binPath: ["Shotbin", localDate(Date.now())], projectPath: "/Projects/Fixture.prproj" });
    expect(first.file!.startsWith(`${MEDIA}/`)).toBe(true);
    expect(fs.files.has(first.file!)).toBe(true);
    // Every ledger write went to a temporary file first, then replaced the ledger by rename.
    expect(fs.renames.filter(([, to]) => to === LEDGER_PATH).length).toBeGreaterThan(3);
    expect(fs.renames.every(([from, to]) => to !== LEDGER_PATH || from === `${LEDGER_PATH}.writing`)).toBe(true);
  });

  it("places each take at the playhead recorded at Generate, on the chosen track and the ones above", async () => {
    const { runtime, premiere, ids, waitForJob } = await fixture({ settings: { placeOnTimeline: true, placeTrack: 1 } });
    premiere.setPlayhead(ids.sequenceId, 40);
    runtime.updateDraft({ prompt: "Two takes of a neon sign flickering", takes: 2 });
    expect(await runtime.generate()).toBe(true);
    premiere.setPlayhead(ids.sequenceId, 300);
    await waitForJob("take 1 placed", (job) => job.shot.take === 1 && job.state === "placed");
    await waitForJob("take 2 placed", (job) => job.shot.take === 2 && job.state === "placed");
    const sequence = premiere.snapshot().sequences[0]!;
    expect(sequence.tracks[1]!.items.map((item) => [item.startFrame, item.endFrame])).toEqual([[40, 165]]);
    expect(sequence.tracks[2]!.items.map((item) => [item.startFrame, item.endFrame])).toEqual([[40, 165]]);
  });

  it("refuses, before recording anything, a draft it cannot send", async () => {
    const noFolder = await fixture({ mediaFolder: false });
    noFolder.runtime.updateDraft({ prompt: "A quiet street" });
    expect(await noFolder.runtime.generate()).toBe(false);
    expect(noFolder.runtime.state.generateProblem).toMatch(/choose a folder for the clips/);

    const { runtime } = await fixture({ keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! }, settings: { ...fakeSettings(), dailyBudgetUsd: 1 } });
    runtime.updateDraft({ prompt: "A quiet street", seedText: "-3" });
    expect(await runtime.generate()).toBe(false);
    expect(runtime.state.generateProblem).toMatch(/seed must be a whole number/);

    runtime.chooseModel("replicate", "google/veo-3.1-fast");
    runtime.updateDraft({ seedText: "" });
    expect(await runtime.generate()).toBe(false);
    expect(runtime.state.generateProblem).toMatch(/over your daily cap of \$1\.00/);

    runtime.chooseModel("kling", "kling-2.6");
    expect(await runtime.generate()).toBe(false);
    expect(runtime.state.generateProblem).toMatch(/no Kling AI key is set/);

    expect(runtime.state.order).toEqual([]);
    expect(fake().world.requests).toEqual([]);
  });

  it("resumes a job that was at the provider when the panel closed, without submitting it again", async () => {
    const adapter = createReplicateProvider({ ...testContext(), baseUrl: `${fake().origin}/replicate` });
    const request = resolvedRequest("replicate", "google/veo-3.1-fast", { prompt: "Waves on black sand" });
    const { handle } = await adapter.submit(request);
    const now = Date.now();
    const estimate = estimateFromTable(findModel("replicate", "google/veo-3.1-fast")!.price, request);
    const job: JobRecord = {
      ...planJob({ request, estimate, shot: { shotId: "G7", order: now, take: 1 } }, now),
      state: "queued",
      handle,
      extra: extraJson({ goal: "imported", binPath: ["Shotbin", "resumed"] }),
    };
    const ledgerText = JSON.stringify({ version: LEDGER_VERSION, jobs: [job] });
    expect(fake().world.creates.replicate).toBe(1);

    const { runtime, premiere, waitForJob } = await fixture({ ledgerText, keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! }, settings: fakeSettings() });
    expect(runtime.state.notices.map((notice) => notice.text)).toContain("Resuming 1 unfinished job from the last session.");
    const done = await waitForJob("the resumed job imported", (candidate) => candidate.id === job.id && candidate.state === "imported", 30_000);
    expect(done.handle!.id).toBe(handle.id);
    expect(fake().world.creates.replicate).toBe(1);
    expect(JSON.stringify(premiere.snapshot().root)).toContain('"name":"resumed"');
  });

  it("retries a failed job as a new job with a new key, and the daily cap still applies", async () => {
    fake().world.faults.add({ provider: "replicate", fault: { type: "content-policy", message: "flagged by the safety filter" } });
    const { runtime, waitForJob } = await fixture({ keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! }, settings: fakeSettings() });
    runtime.chooseModel("replicate", "google/veo-3.1-fast");
    runtime.updateDraft({ prompt: "A crowded night market" });
    expect(await runtime.generate()).toBe(true);
    const failed = await waitForJob("the refusal", (job) => job.state === "failed", 30_000);
    expect(failed.failure).toMatchObject({ kind: "content-policy", step: "track" });
    expect(runtime.canResume(failed)).toBe(false);
    const notice = runtime.state.notices.find((candidate) => candidate.tone === "error");
    expect(notice?.text).toMatch(/^G1 take 1 failed while generating: .*flagged as sensitive.* Change the prompt or images, then generate again/);

    expect(runtime.updateSettings({ dailyBudgetUsd: 1.5 })).toBeUndefined();
    await runtime.retryAsNewJob(failed.id);
    expect(runtime.state.order).toHaveLength(1);
    expect(runtime.state.notices.at(-1)?.text).toMatch(/was not retried: This would bring today's spending to \$2\.40/);

    expect(runtime.updateSettings({ dailyBudgetUsd: 10 })).toBeUndefined();
    await runtime.retryAsNewJob(failed.id);
    const retried = await waitForJob("the retry imported", (job) => job.retryOf === failed.id && job.state === "imported", 30_000);
    expect(retried).toMatchObject({ attempt: 2, shot: failed.shot });
    expect(retried.request.idempotencyKey).not.toBe(failed.request.idempotencyKey);
    expect(fake().world.creates.replicate).toBe(2);
    expect(runtime.state.spending.today).toBeCloseTo(2.4, 6);
  });

  it("cancels a take at the provider", async () => {
    const { runtime, waitForJob } = await fixture({ simulator: { queueMs: 20, runMs: 60_000 } });
    runtime.updateDraft({ prompt: "A long take that will be cancelled" });
    expect(await runtime.generate()).toBe(true);
    const running = await waitForJob("the take running", (job) => job.state === "running");
    expect(runtime.canCancel(running)).toBe(true);
    await runtime.cancel(running.id);
    const cancelled = await waitForJob("the take cancelled", (job) => job.id === running.id && job.state === "cancelled", 5000);
    expect(runtime.canCancel(cancelled)).toBe(false);
    expect(runtime.state.notices.map((notice) => notice.text)).toContain("G1 take 1 was cancelled.");
  });

  it("keeps takes for review when auto-import is off, then imports or discards them", async () => {
    const { runtime, premiere, waitForJob } = await fixture({ settings: { autoImport: false } });
    runtime.updateDraft({ prompt: "Candle flame in the dark", takes: 2 });
    expect(await runtime.generate()).toBe(true);
    const first = await waitForJob("take 1 ready", (job) => job.shot.take === 1 && job.state === "ready");
    const second = await waitForJob("take 2 ready", (job) => job.shot.take === 2 && job.state === "ready");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify(premiere.snapshot().root)).not.toContain(".mp4");
    await runtime.importTake(first.id);
    await runtime.discardTake(second.id);
    await waitForJob("take 1 imported", (job) => job.id === first.id && job.state === "imported");
    expect(JSON.stringify(premiere.snapshot().root)).toContain(first.file!.split("/").pop()!);
    expect(JSON.stringify(premiere.snapshot().root)).not.toContain(second.file!.split("/").pop()!);
    expect(runtime.state.jobs[second.id]!.extra).toMatchObject({ discarded: true });
  });
});
