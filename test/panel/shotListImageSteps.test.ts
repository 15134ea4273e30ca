/**
 * A shot list with image steps in the panel's Shot list tab: the plan shows and prices both steps,
 * the run makes each still first (into a Frames sub-bin of the list's bin), then places takes that
 * animate them, with the still's lineage in their columns; a reload while the stills are at the
 * provider resumes them and buys nothing twice.
 */
import { utf8Encode } from "../../src/core/text/utf8";
import type { FakeSnapshot, SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { fakeProviderSettings } from "../../src/providers/registry";
import { FAST, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { panelFixture } from "./support/panelFixture";

const fake = useFakeProviders({ ...FAST });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

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

const list = {
  name: "Harbour",
  defaults: { model: "shotbin-sim", imageModel: "black-forest-labs/flux-2-pro" },
  shots: [
    { shot: "1", prompt: "Dawn over a fishing harbour, mist on the water", duration: 4, imagePrompt: "A fishing harbour at dawn, wide, mist" },
    { shot: "2", prompt: "An old fisherman coils a wet rope", duration: 4, imagePrompt: "An old fisherman on deck", editPrompt: "add rain" },
  ],
};

async function fixture() {
  const made = await panelFixture({
    realMedia: true,
    fastPolling: true,
    keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! },
    settings: { providers: Object.fromEntries(Object.entries(fakeProviderSettings(fake().origin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }])) },
  });
  stops.push(() => made.close());
  made.uxp.fileAnswer = { path: "/lists/harbour.json", bytes: utf8Encode(JSON.stringify(list)) };
  return made;
}

describe("a shot list with image steps in the panel", () => {
  it("plans both steps, makes the stills first and places takes animated from them, resuming the stills after a reload", async () => {
    const made = await fixture();
    await made.runtime.shotLists.chooseFile();
    const plan = made.runtime.state.shotList.plan!;
    expect(plan.refusal).toBeUndefined();
    // Flux 2 Pro on Replicate: $0.03 a still; its edit $0.045; the simulator's takes are free.
    expect(plan.rows.map((row) => row.imageText)).toEqual(["Still first: Flux 2 Pro (Replicate), $0.03", 'Still first: Flux 2 Pro (Replicate), edited ("add rain"), $0.075']);
    expect(plan.totalText).toBe("$0.105 for 2 takes and 3 stills ($0.105) of 2 shots (some prices unconfirmed)");

    // The stills stay at the fake until the panel has been reloaded.
    fake().world.config = { ...fake().world.config, queueMs: Number.POSITIVE_INFINITY };
    expect(await made.runtime.shotLists.start()).toBe(true);
    await waitUntil(() => Object.values(made.runtime.state.stills).filter((job) => job.state === "queued").length === 2, 15_000, () => `stills queued: ${JSON.stringify(Object.values(made.runtime.state.stills).map((job) => job.state))}`);
    expect(Object.values(made.runtime.state.jobs).every((job) => job.state === "planned")).toBe(true);
    await made.restart();
    for (const job of fake().world.jobs.values()) job.queueMs = 0;
    fake().world.config = { ...fake().world.config, queueMs: 20 };

    const placed = await made.waitForJob("both takes placed", () => Object.values(made.runtime.state.jobs).filter((job) => job.state === "placed").length === 2, 30_000);
    expect(placed).toBeDefined();
    expect(fake().world.creates.replicate).toBe(3);
    const stills = Object.values(made.runtime.state.stills);
    const takes = Object.values(made.runtime.state.jobs);
    const clips = clipsIn(made.premiere.snapshot());
    for (const take of takes) {
      const still = stills.find((job) => job.id === (take.extra as { imageStep: { jobId: string } }).imageStep.jobId)!;
      const file = still.files![0]!;
      expect(take.request.firstFrame).toMatchObject({ path: file.path, lineage: { jobId: still.id, sha256: file.sha256 } });
      const clip = clips.find((candidate) => candidate.id === take.clipId)!;
      expect(clip.columns).toMatchObject({ "AI Source Still": file.path.split("/").pop(), "AI Source Still Job": still.id, Shot: take.shot.shotId });
    }
    // The stills are in a Frames sub-bin of the list's bin, never on the timeline.
    expect(clips.filter((clip) => clip.binPath.join("/") === "Shots/Harbour/Frames")).toHaveLength(3);
    const items = made.premiere.snapshot().sequences[0]!.tracks.flatMap((track) => track.items);
    expect(items.filter((item) => /\.(png|jpe?g|webp)$/.test(item.name))).toEqual([]);
    await waitUntil(() => Math.abs(made.runtime.state.spending.today - 0.105) < 1e-9, 2000, () => `spending ${made.runtime.state.spending.today}`);
  });
});
