/**
 * The From timeline controller over the panel runtime and the fake Premiere, without a browser:
 * Fill plans the In/Out range, refuses to send when the timeline changed after the plan was shown,
 * and with Preview on waits for Place, also across a reload of the panel; Keep in bin ends the wait
 * for good; Place lays the take over the range, trimmed to it.
 */
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

describe("the From timeline controller", () => {
  it("sends Fill as shown, waits for Place with Preview on (across a reload), and places over the range", async () => {
    const made = await fixture({ settings: { timelinePreview: true } });
    const { premiere, ids } = made;
    made.runtime.updateDraft({ prompt: "Rain on the harbour" });
    premiere.setSequenceInOut(ids.sequenceId, 25, 75);
    await made.runtime.timeline.refresh();
    const fill = made.runtime.state.timeline.actions!.fill;
    expect(fill).toMatchObject({ ok: true, summary: "Fill the In/Out range (frames 25–75) with 50 frames on V1", sends: ["no frame: the prompt only"] });
    expect(fill.notes).toContain("4 s gives 100 frames; the In/Out range (frames 25–75) needs 50, so the last 50 frames are trimmed by the clip's out point.");

    // The range moved after the plan was shown: nothing is sent.
    premiere.setSequenceInOut(ids.sequenceId, 25, 80);
    expect(await made.runtime.timeline.run("fill")).toBe(false);
    expect(made.runtime.state.timeline.runProblem).toBe("Not sent: the timeline changed since the plan was shown. Check the plan above, then choose again.");
    expect(made.runtime.state.order).toEqual([]);

    premiere.setSequenceInOut(ids.sequenceId, 25, 75);
    await made.runtime.timeline.refresh();
    expect(await made.runtime.timeline.run("fill")).toBe(true);
    const job = await made.waitForJob("the take in the bin", (candidate) => candidate.state === "imported");
    for (let i = 0; i < 200 && !made.runtime.state.timeline.awaitingPlacement; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(made.runtime.state.timeline.awaitingPlacement).toEqual({ jobId: job.id, clipName: job.file!.split("/").pop() });
    expect(premiere.snapshot().sourceMonitor?.itemId).toBe(job.clipId);
    expect(premiere.snapshot().sequences[0]!.tracks[0]!.items).toEqual([]);

    // A reload: the take still waits for Place.
    const runtime = await made.restart();
    expect(runtime.state.timeline.awaitingPlacement).toEqual({ jobId: job.id, clipName: job.file!.split("/").pop() });
    await runtime.timeline.place(job.id);
    await made.waitForJob("the take placed", (candidate) => candidate.state === "placed");
    const placed = premiere.snapshot().sequences[0]!.tracks[0]!.items;
    expect(placed.map((item) => [item.clipId, item.startFrame, item.endFrame, item.inFrame])).toEqual([[job.clipId, 25, 75, 0]]);
  });

  it("Keep in bin leaves a previewed take in the bin and does not offer it again after a reload", async () => {
    const made = await fixture({ settings: { timelinePreview: true } });
    made.runtime.updateDraft({ prompt: "Rain on the harbour" });
    made.premiere.setSequenceInOut(made.ids.sequenceId, 25, 75);
    await made.runtime.timeline.refresh();
    expect(await made.runtime.timeline.run("fill")).toBe(true);
    const job = await made.waitForJob("the take in the bin", (candidate) => candidate.state === "imported");
    for (let i = 0; i < 200 && !made.runtime.state.timeline.awaitingPlacement; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await made.runtime.timeline.discard(job.id);
    expect(made.runtime.state.timeline.awaitingPlacement).toBeUndefined();
    const runtime = await made.restart();
    expect(runtime.state.timeline.awaitingPlacement).toBeUndefined();
    expect(runtime.jobById(job.id)?.state).toBe("imported");
  });
});
