/**
 * The Frames tab's engine without a browser: concept frames on the simulator and on the fake
 * providers, priced before they are sent, imported into a Frames sub-bin with their columns,
 * refined with their lineage, animated into Generate; refusals that record nothing, failures that
 * say why, and a reload that resumes without buying anything twice.
 */
import type { ImageJobRecord } from "../../src/core/imageJobRecord";
import { planImageJob } from "../../src/core/imageJobRecord";
import { validateImageRequest } from "../../src/core/imageValidation";
import { LEDGER_VERSION } from "../../src/core/ledgerSchema";
import type { FakeSnapshot, SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { findImageModel } from "../../src/providers/imageCatalog";
import { fakeProviderSettings } from "../../src/providers/registry";
import type { PanelRuntime } from "../../src/panel/runtime/panelRuntime";
import { extraJson } from "../../src/panel/runtime/jobExtras";
import { frameBoards } from "../../src/panel/runtime/framesBoard";
import { checkFramesDraft } from "../../src/panel/runtime/framesDraft";
import { useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
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
const imageKeys = { [KEY_NAMES.fal]: VALID_KEYS[KEY_NAMES.fal]!, [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]!, [KEY_NAMES.openai]: VALID_KEYS[KEY_NAMES.openai]! };

type Clip = Extract<SnapshotNode, { kind: "clip" }> & { binPath: string[] };
function clipsIn(snap: FakeSnapshot): Clip[] {
  const found: Clip[] = [];
  const visit = (node: SnapshotNode, trail: string[]) => {
    if (node.kind === "clip") return void (node.isSequence || found.push({ ...node, binPath: trail }));
    for (const child of node.children) visit(child, node.kind === "root" ? [] : [...trail, node.name]);
  };
  if (snap.root) visit(snap.root, []);
  return found;
}

function stills(runtime: PanelRuntime): ImageJobRecord[] {
  return Object.values(runtime.state.stills);
}

async function waitForStills(runtime: () => PanelRuntime, what: string, match: (jobs: ImageJobRecord[]) => boolean, timeoutMs = 20_000): Promise<ImageJobRecord[]> {
  await waitUntil(() => match(stills(runtime())), timeoutMs, () => `${what}; stills: ${JSON.stringify(stills(runtime()).map((job) => [job.shot.shotId, job.state, job.failure?.message]))}`);
  return stills(runtime());
}

describe("the Frames tab's controller", () => {
  it("makes 4 frames on the simulator into a Frames sub-bin, refines one with its lineage, and animates it into a clip that records it", async () => {
    const made = await fixture();
    const runtime = () => made.runtime;
    runtime().frames.updateDraft({ prompt: "Harbour at dawn, fog over the water", count: 4, seedText: "7" });
    expect(await runtime().frames.generate()).toBe(true);
    const done = await waitForStills(runtime, "4 frames imported", (jobs) => jobs.length === 1 && jobs[0]!.state === "imported");
    const job = done[0]!;
    expect(job.request).toMatchObject({ provider: "simulator", model: "shotbin-sim-image", count: 4, seed: 7 });
    expect(job.files).toHaveLength(4);
    expect(job.files!.every((file) => file.embedded && /^[0-9a-f]{64}$/.test(file.sha256!))).toBe(true);
    // Into a Frames sub-bin of the target bin (Shots), one row per still with its columns; nothing on the timeline.
    const frameClips = clipsIn(made.premiere.snapshot()).filter((clip) => clip.binPath.join("/") === "Shots/Frames");
    expect(frameClips.map((clip) => clip.mediaPath).sort()).toEqual(job.files!.map((file) => file.path).sort());
    expect(frameClips.map((clip) => clip.columns.Take).sort()).toEqual(["1", "2", "3", "4"]);
    expect(frameClips[0]!.columns).toMatchObject({ "AI Prompt": "Harbour at dawn, fog over the water", "AI Model": "shotbin-sim-image", Shot: "F1", "AI Job": job.handle!.id, "AI Source Still": "" });
    expect(made.premiere.snapshot().sequences.every((sequence) => sequence.tracks.every((track) => track.items.length === 0))).toBe(true);

    // Pick frame 3 and refine it: 2 variants beside it, the edit recording the still it came from.
    runtime().frames.pickFrame({ jobId: job.id, index: 2 });
    expect(runtime().state.frames.refine.model).toEqual({ provider: "simulator", model: "shotbin-sim-image" });
    runtime().frames.updateRefine({ prompt: "a red boat in the foreground", count: 2 });
    expect(await runtime().frames.refine()).toBe(true);
    const refined = await waitForStills(runtime, "the variants imported", (jobs) => jobs.length === 2 && jobs.every((candidate) => candidate.state === "imported"));
    const variant = refined.find((candidate) => candidate.id !== job.id)!;
    const source = job.files![2]!;
    expect(variant.request.inputImages).toEqual([{ mediaType: "image/png", name: source.path.split("/").pop(), path: source.path, lineage: { file: source.path.split("/").pop(), sha256: source.sha256, jobId: job.id, providerJobId: job.handle!.id } }]);
    expect(variant.shot).toMatchObject({ shotId: "F1", take: 5 });
    const board = frameBoards(refined)[0]!;
    expect(board.tiles.map((tile) => [tile.number, tile.depth])).toEqual([[1, 0], [2, 0], [3, 0], [5, 1], [6, 1], [4, 0]]);
    const variantClip = clipsIn(made.premiere.snapshot()).find((clip) => clip.mediaPath === variant.files![0]!.path)!;
    expect(variantClip.columns).toMatchObject({ "AI Source Still": source.path.split("/").pop(), "AI Source Still Job": job.id, Take: "5" });

    // Refine the variant again: repeatable, lineage to the variant.
    runtime().frames.pickFrame({ jobId: variant.id, index: 1 });
    runtime().frames.updateRefine({ prompt: "dusk instead of dawn", count: 1 });
    expect(await runtime().frames.refine()).toBe(true);
    const again = await waitForStills(runtime, "the second refinement", (jobs) => jobs.length === 3 && jobs.every((candidate) => candidate.state === "imported"));
    const second = again.find((candidate) => candidate.id !== job.id && candidate.id !== variant.id)!;
    expect(second.request.inputImages![0]!.lineage).toMatchObject({ jobId: variant.id, sha256: variant.files![1]!.sha256 });

    // Animate the first variant: Generate's first frame, with its lineage, then a clip that records it.
    runtime().frames.pickFrame({ jobId: variant.id, index: 0 });
    expect(await runtime().frames.animate("firstFrame")).toBe(true);
    expect(runtime().state.activeTab).toBe("generate");
    const first = runtime().state.draft.firstFrame!;
    expect(first).toMatchObject({ path: variant.files![0]!.path, mediaType: "image/png", lineage: { jobId: variant.id, sha256: variant.files![0]!.sha256 } });
    expect(first.bytes.length).toBeGreaterThan(1000);
    runtime().updateDraft({ prompt: "The boat drifts out of the fog" });
    expect(await runtime().generate()).toBe(true);
    const clip = await made.waitForJob("the clip imported", (candidate) => candidate.state === "imported");
    expect(clip.request.firstFrame).toMatchObject({ path: variant.files![0]!.path, lineage: { jobId: variant.id } });
    const inBin = clipsIn(made.premiere.snapshot()).find((candidate) => candidate.id === clip.clipId)!;
    expect(inBin.columns).toMatchObject({ "AI Source Still": variant.files![0]!.path.split("/").pop(), "AI Source Still Job": variant.id });
  });

  it("prices each model's frames and the total before sending, and refuses what it cannot send without recording anything", async () => {
    const noFolder = await fixture({ mediaFolder: false });
    noFolder.runtime.frames.updateDraft({ prompt: "A quiet street" });
    expect(await noFolder.runtime.frames.generate()).toBe(false);
    expect(noFolder.runtime.state.frames.problem).toMatch(/choose a folder for the stills/);

    const { runtime } = await fixture({ keys: imageKeys, settings: { ...fakeSettings(), dailyBudgetUsd: 0.2 } });
    expect(runtime.state.imageUsable).toEqual(["simulator", "openai", "fal", "replicate"]);
    runtime.frames.updateDraft({ prompt: "", models: [{ provider: "fal", model: "fal-ai/flux-2-pro" }, { provider: "replicate", model: "bytedance/seedream-4.5" }], count: 4, aspectRatio: "16:9" });
    // The price shows before the prompt is written, per frame and in total.
    const before = checkFramesDraft(runtime.state.frames.draft, runtime.state.imageUsable);
    expect(before).toMatchObject({ ok: false, costText: "$0.28 for 8 frames", issues: { prompt: ["prompt is empty; describe the frame"] } });
    expect(before.lines.map((line) => [line.label, line.usdPerImage, line.usd])).toEqual([["Flux 2 Pro (fal)", 0.03, 0.12], ["Seedream 4.5 (Replicate)", 0.04, 0.16]]);
    expect(await runtime.frames.generate()).toBe(false);
    expect(runtime.state.frames.problem).toBe("Not sent: prompt is empty; describe the frame.");
    runtime.frames.updateDraft({ prompt: "A quiet street at night" });
    // Flux 2 Pro on fal: $0.03 a frame; Seedream 4.5 on Replicate: $0.04 a frame: $0.28 for 8 frames, over a $0.20 cap.
    expect(await runtime.frames.generate()).toBe(false);
    expect(runtime.state.frames.problem).toMatch(/today's spending to \$0\.28, over your daily cap of \$0\.20/);
    // A model that cannot make the aspect ratio says so, by name.
    runtime.frames.toggleModel({ provider: "openai", model: "gpt-image-1.5" });
    expect(await runtime.frames.generate()).toBe(false);
    expect(runtime.state.frames.problem).toMatch(/aspect ratio 16:9 is not available on gpt-image-1.5; it makes 1024x1024 \(1:1\)/);
    expect(stills(runtime)).toEqual([]);
    expect(fake().world.requests).toEqual([]);

    runtime.frames.toggleModel({ provider: "openai", model: "gpt-image-1.5" });
    expect(runtime.updateSettings({ dailyBudgetUsd: 1 })).toBeUndefined();
    expect(await runtime.frames.generate()).toBe(true);
    const jobs = await waitForStills(() => runtime, "8 frames", (all) => all.length > 0 && all.every((job) => job.state === "imported"));
    // fal makes one Flux still per call: 4 calls; Replicate's Seedream one per call: 4 calls.
    expect(jobs.map((job) => `${job.request.provider}:${job.request.count}:${job.estimate.usd}`).sort()).toEqual([...Array(4).fill("fal:1:0.03"), ...Array(4).fill("replicate:1:0.04")]);
    expect(fake().world.creates).toMatchObject({ fal: 4, replicate: 4 });
    const board = frameBoards(jobs)[0]!;
    expect(board.totalUsd).toBe(0.28);
    expect(board.tiles.map((tile) => tile.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await waitUntil(() => Math.abs(runtime.state.spending.today - 0.28) < 1e-9, 2000, () => `today's spending ${runtime.state.spending.today}`);
  });

  it("says why a refused frame failed and what it may have cost, and keeps the others", async () => {
    fake().world.faults.add({ provider: "fal", operation: "create", fault: { type: "content-policy", message: "NSFW content detected" } });
    const { runtime } = await fixture({ keys: imageKeys, settings: fakeSettings(), fastPolling: true });
    runtime.frames.updateDraft({ prompt: "A crowded night market", models: [{ provider: "fal", model: "fal-ai/flux-2-pro" }], count: 2 });
    expect(await runtime.frames.generate()).toBe(true);
    const jobs = await waitForStills(() => runtime, "one refused, one imported", (all) => all.length === 2 && all.some((job) => job.state === "failed") && all.some((job) => job.state === "imported"));
    const refused = jobs.find((job) => job.state === "failed")!;
    // fal does not say whether a refused result is billed.
    expect(refused.failure).toMatchObject({ kind: "content-policy", charged: "unknown" });
    const tile = frameBoards(jobs)[0]!.tiles.find((candidate) => candidate.jobId === refused.id)!;
    expect(tile.failure?.message).toMatch(/sensitive|NSFW|policy/i);
    await waitUntil(() => runtime.state.notices.some((notice) => notice.tone === "error"), 2000, () => "an error notice");
    expect(runtime.state.notices.find((notice) => notice.tone === "error")!.text).toMatch(/^F1 \(1 frame\) failed: fal: .*NSFW.* It may have been charged\.$/);
    expect(fake().world.creates.fal).toBe(2);
  });

  it("says a frame the simulator refused was not charged", async () => {
    const { runtime } = await fixture({ settings: { simulator: { refuseWhenPromptIncludes: "forbidden" } } });
    runtime.frames.updateDraft({ prompt: "A forbidden door", count: 2 });
    expect(await runtime.frames.generate()).toBe(true);
    const [job] = await waitForStills(() => runtime, "the refusal", (all) => all[0]?.state === "failed");
    expect(job!.failure).toMatchObject({ kind: "content-policy", charged: false, step: "track" });
    const tiles = frameBoards([job!])[0]!.tiles;
    expect(tiles.map((tile) => tile.failure?.message)).toEqual([expect.stringContaining('contains "forbidden"'), expect.stringContaining('contains "forbidden"')]);
    await waitUntil(() => runtime.state.notices.some((notice) => notice.tone === "error"), 2000, () => "an error notice");
    expect(runtime.state.notices.find((notice) => notice.tone === "error")!.text).toMatch(/^F1 \(2 frames\) failed: The simulator refused this prompt .* It was not charged\.$/);
  });

  it("resumes a queued fal still after a reload without buying it again, and keeps the pick", async () => {
    const made = await fixture({ keys: imageKeys, settings: fakeSettings(), fastPolling: true });
    fake().world.config = { ...fake().world.config, queueMs: 400, runMs: 400 };
    made.runtime.frames.updateDraft({ prompt: "Pines in the snow", models: [{ provider: "fal", model: "fal-ai/flux-2-pro" }], count: 1 });
    expect(await made.runtime.frames.generate()).toBe(true);
    await waitForStills(() => made.runtime, "the still at fal", (all) => all[0]?.state === "queued" || all[0]?.state === "running");
    await made.restart();
    expect(made.runtime.state.notices.map((notice) => notice.text)).toContain("Resuming 1 unfinished still request from the last session.");
    const [job] = await waitForStills(() => made.runtime, "the resumed still imported", (all) => all[0]?.state === "imported");
    expect(fake().world.creates.fal).toBe(1);
    made.runtime.frames.pickFrame({ jobId: job!.id, index: 0 });
    await made.restart();
    expect(made.runtime.state.frames.pick).toEqual({ jobId: job!.id, index: 0 });
    expect((await made.runtime.frames.pickedFrame())?.lineage).toMatchObject({ jobId: job!.id, sha256: job!.files![0]!.sha256 });
  });

  it("reports a synchronous still interrupted while it was being sent as possibly charged, and never sends it again", async () => {
    const spec = findImageModel("openai", "gpt-image-1.5")!;
    const checked = validateImageRequest(spec, { provider: "openai", model: "gpt-image-1.5", prompt: "A lighthouse", count: 2, idempotencyKey: "shotbin-interrupted-openai-1" });
    if (!checked.ok) throw new Error("invalid");
    const now = Date.now();
    const planned = planImageJob({ request: checked.request, estimate: checked.cost, shot: { shotId: "F1", order: now, take: 1 }, extra: extraJson({ goal: "imported", binPath: ["Frames"] }, { frames: { board: "F1" } }) }, now);
    const job: ImageJobRecord = { ...planned, state: "submitting", history: [...planned.history, { state: "submitting", at: new Date(now).toISOString() }] };
    const ledgerText = JSON.stringify({ version: LEDGER_VERSION, jobs: [], imageJobs: [job] });
    const { runtime } = await fixture({ ledgerText, keys: imageKeys, settings: fakeSettings() });
    const [failed] = await waitForStills(() => runtime, "the interrupted still reconciled", (all) => all[0]?.state === "failed");
    expect(failed!.failure).toMatchObject({ kind: "unknown-submit", charged: "unknown", retryable: false });
    expect(failed!.failure!.message).toMatch(/came only in that answer/);
    const tile = frameBoards([failed!])[0]!.tiles[0]!;
    expect(tile.failure).toMatchObject({ charged: "unknown" });
    // Counted as (possibly) spent, and nothing reached the fake.
    await waitUntil(() => Math.abs(runtime.state.spending.today - checked.cost.usd) < 1e-9, 2000, () => `today's spending ${runtime.state.spending.today}`);
    expect(fake().world.creates.openai).toBe(0);
  });

  it("imports stills that could not be imported (no project open) when Try again is chosen, buying nothing new", async () => {
    const made = await fixture();
    made.runtime.frames.updateDraft({ prompt: "A windmill on a hill", count: 2 });
    expect(await made.runtime.frames.generate()).toBe(true);
    made.premiere.closeProject();
    const [failed] = await waitForStills(() => made.runtime, "the import refused", (all) => all[0]?.state === "failed");
    expect(failed!.failure).toMatchObject({ step: "import", retryable: true });
    expect(frameBoards([failed!])[0]!.tiles.every((tile) => tile.ready)).toBe(true);
    made.premiere.openProject({ name: "Fixture", path: "/Projects/Fixture.prproj" });
    await made.runtime.frames.resume(failed!.id);
    const [done] = await waitForStills(() => made.runtime, "the stills imported", (all) => all[0]?.state === "imported");
    expect(done!.handle!.id).toBe(failed!.handle!.id);
    expect(clipsIn(made.premiere.snapshot()).filter((clip) => clip.binPath.at(-1) === "Frames")).toHaveLength(2);
  });

  it("switches the OpenAI image route on its own: on by default, off in Settings", async () => {
    const { runtime } = await fixture({ keys: imageKeys, settings: fakeSettings() });
    expect(runtime.state.usable).not.toContain("openai");
    expect(runtime.state.imageUsable).toContain("openai");
    expect(runtime.updateSettings({ imageProviders: { openai: { enabled: false } } })).toBeUndefined();
    await waitUntil(() => !runtime.state.imageUsable.includes("openai"), 2000, () => "openai image route off");
    runtime.frames.updateDraft({ prompt: "A lighthouse", models: [{ provider: "openai", model: "gpt-image-1.5" }] });
    expect(await runtime.frames.generate()).toBe(false);
    expect(runtime.state.frames.problem).toMatch(/no key is set for GPT Image 1\.5/);
  });
});
