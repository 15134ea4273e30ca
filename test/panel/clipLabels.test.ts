/**
 * Label colours by state, over the panel runtime and the fake Premiere: an imported take is
 * labelled "generated", a placed one "chosen take", one whose QA verdict is "fail" "failed QA",
 * each with the colour Settings gives the state; with labelling off nothing is labelled.
 */
import type { SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { labelStateOf } from "../../src/panel/runtime/clipLabels";
import { panelFixture } from "./support/panelFixture";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fixture(options: Parameters<typeof panelFixture>[0] = {}) {
  const made = await panelFixture(options);
  stops.push(() => made.close());
  return made;
}

function labelOf(node: SnapshotNode | null, clipId: string): string | undefined {
  if (!node) return undefined;
  if (node.kind === "clip") return node.id === clipId ? node.colourLabel : undefined;
  for (const child of node.children) {
    const found = labelOf(child, clipId);
    if (found) return found;
  }
  return undefined;
}

async function until(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!probe()) throw new Error(`never: ${what}`);
}

describe("clip labels by state", () => {
  it("labels a take generated in the bin, chosen on the timeline, failed QA when QA fails it, with Settings' colours", async () => {
    const { runtime, premiere, waitForJob } = await fixture({ settings: { labelColours: { generated: "lavender", chosen: "teal", failedQa: "magenta" } } });
    runtime.updateDraft({ prompt: "A neon sign flickers in the rain", takes: 2 });
    expect(await runtime.generate()).toBe(true);
    const take = await waitForJob("take 1 imported", (job) => job.shot.take === 1 && job.state === "imported");
    await until("the generated label", () => labelOf(premiere.snapshot().root, take.clipId!) === "lavender");
    expect(labelStateOf(take)).toBe("generated");

    const placed = await fixture({ settings: { placeOnTimeline: true, labelColours: { generated: "lavender", chosen: "teal", failedQa: "magenta" } } });
    placed.runtime.updateDraft({ prompt: "A neon sign flickers in the rain" });
    expect(await placed.runtime.generate()).toBe(true);
    const onTimeline = await placed.waitForJob("the take placed", (job) => job.state === "placed");
    await until("the chosen label", () => labelOf(placed.premiere.snapshot().root, onTimeline.clipId!) === "teal");
    expect(placed.premiere.snapshot().sequences[0]!.tracks[0]!.items[0]!.colourLabel).toBe("teal");

    // Take QA records its verdict on the job; a failing one wins over the others.
    const ledger = placed.runtime.jobs.requireLedger();
    await ledger.update(onTimeline.id, { extra: { ...onTimeline.extra, qa: { verdict: "fail" } } });
    await until("the failed-QA label", () => labelOf(placed.premiere.snapshot().root, onTimeline.clipId!) === "magenta");
    expect(labelStateOf(ledger.require(onTimeline.id))).toBe("failedQa");
  });

  it("labels nothing when labelling is off in Settings", async () => {
    const { runtime, premiere, waitForJob } = await fixture({ settings: { labelClips: false } });
    runtime.updateDraft({ prompt: "A neon sign flickers in the rain" });
    expect(await runtime.generate()).toBe(true);
    const take = await waitForJob("the take imported", (job) => job.state === "imported");
    await runtime.clipLabels.settled();
    expect(labelOf(premiere.snapshot().root, take.clipId!)).toBe("iris");
    expect(premiere.transactions.some((step) => step.label.startsWith("Shotbin: label"))).toBe(false);
  });
});
