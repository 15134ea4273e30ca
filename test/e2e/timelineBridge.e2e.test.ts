/**
 * Bridge in the From timeline section, in Chromium against the fake Premiere (25 fps) and the fake
 * Kling: two clips selected by click and shift-click; the fake receives the first clip's last frame
 * and the second's first frame (compared on pixels with the frames the fake Premiere draws there);
 * the model's nearest length at or above the gap is asked and the difference shown; the take fills
 * the gap to the frame (its project-item out point set) and the second clip does not move. Two
 * clips without a gap: the plan says so and offers the track above. Refusals: one clip, a model
 * that takes no last frame.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { lastFrameTick } from "../../src/core/ticks";
import { extractFirstFrame, extractLastFrame } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { clipsIn, openPanel, selectModel, snapshot, waitForJob, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { clickItem, frameOriginXmp, framesReceived, layTimeline, makeFootage, providerJobs, readyToSend, referenceFrame, sequenceOf, tickOf, waitForAction } from "./support/timelineSession";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("Bridge from the timeline", () => {
  it("sends the last frame of the first clip and the first of the second, and fills the gap to the frame at 25 fps", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const work = mkdtempSync(path.join(tmpdir(), "shotbin-bridge-e2e-"));
    const a = await makeFootage(session, "A", { rate: "25", seconds: 3, pattern: "testsrc2" });
    const b = await makeFootage(session, "B", { rate: "25", seconds: 3, pattern: "testsrc" });
    await readyToSend(session, "The pattern dissolves into the counter");
    const laid = await layTimeline(page, 25, [
      { name: "A", file: a, seconds: 3, track: 0, startFrame: 0, durationFrames: 50 },
      { name: "B", file: b, seconds: 3, track: 0, startFrame: 90, durationFrames: 50 },
      { name: "C", file: a, seconds: 3, track: 0, startFrame: 200, durationFrames: 25 },
      { name: "D", file: b, seconds: 3, track: 0, startFrame: 225, durationFrames: 25 },
    ]);

    // One clip is not a bridge; a model without a last frame cannot make one.
    await clickItem(page, laid.items.A!);
    expect((await waitForAction(page, "bridge", false, "1 is selected")).refusal).toBe("Bridge works on two clips; 1 is selected. Select the two clips to join.");
    await clickItem(page, laid.items.B!, { shift: true });
    await selectModel(page, "Wan 2.6 image to video (DashScope)");
    expect((await waitForAction(page, "bridge", false, "takes no last frame")).refusal).toBe(
      "Bridge sends a first and a last frame, and Wan 2.6 image to video (DashScope) takes no last frame. Choose a model that does (Veo 3.1, Kling 2.6 and their fal and Replicate routes).",
    );

    // Two clips with no gap between them: nothing moves; the bridge is offered on the track above.
    await selectModel(page, "Kling 2.6 (Kling API)");
    await clickItem(page, laid.items.C!);
    await clickItem(page, laid.items.D!, { shift: true });
    const touching = await waitForAction(page, "bridge", true, "no gap");
    expect(touching.notes.join("\n")).toContain('There is no gap between "A.mp4" and "B.mp4", and Shotbin does not move "B.mp4"; the bridge goes on V2 from the cut (frame 225)');

    // A and B, 40 frames apart: the shortest Kling length that covers them is 5 s, trimmed to 40 frames.
    await clickItem(page, laid.items.A!);
    await clickItem(page, laid.items.B!, { shift: true });
    const lastOfA = lastFrameTick(tickOf(laid, 50), laid.rate);
    const firstOfB = tickOf(laid, 90);
    const shown = await waitForAction(page, "bridge", true, `(tick ${firstOfB})`);
    expect(shown.sends).toEqual([
      `Sends the last frame of "A.mp4" on V1: frame 49 of the sequence (tick ${lastOfA}), its media at 1.960 s, as the first frame`,
      `Sends the first frame of "B.mp4" on V1: frame 90 of the sequence (tick ${firstOfB}), its media at 0.000 s, as the last frame`,
    ]);
    expect(shown.notes).toContain("5 s gives 125 frames; the gap needs 40, so the last 85 frames are trimmed by the clip's out point.");
    await page.click("[data-testid=timeline-run-bridge]");
    const job = await waitForJob(session, "the bridge placed", (candidate) => candidate.state === "placed", 120_000);
    expect(job.request).toMatchObject({ model: "kling-2.6", durationSeconds: 5, resolution: "1080p" });

    // The fake got A's last frame and B's first, as the fake Premiere draws them; the take runs from one to the other.
    const frames = framesReceived(session, providerJobs(session)[0]!, work);
    const expectedFirst = await referenceFrame(a, lastOfA, path.join(work, "a-last.png"));
    const expectedLast = await referenceFrame(b, 0n, path.join(work, "b-first.png"));
    expect(await psnr(expectedFirst, frames.first!)).toBeGreaterThan(40);
    expect(await psnr(expectedLast, frames.last!)).toBeGreaterThan(40);
    expect(await psnr(expectedFirst, frames.last!)).toBeLessThan(25);
    const takeFirst = await extractFirstFrame(job.file!, path.join(work, "take-first.png"));
    const takeLast = await extractLastFrame(job.file!, path.join(work, "take-last.png"));
    expect(await psnr(expectedFirst, takeFirst.path)).toBeGreaterThan(30);
    expect(await psnr(expectedLast, takeLast.path)).toBeGreaterThan(30);

    // The gap is filled to the frame, B has not moved, and the project item's out point covers exactly the gap.
    const sequence = await sequenceOf(page, laid.sequenceId);
    const onV1 = sequence.tracks[0]!.items.map((item) => [item.clipId === job.clipId ? "bridge" : item.name, item.startFrame, item.endFrame, item.inFrame]);
    expect(onV1).toEqual([
      ["A.mp4", 0, 50, 0],
      ["bridge", 50, 90, 0],
      ["B.mp4", 90, 140, 0],
      ["A.mp4", 200, 225, 0],
      ["B.mp4", 225, 250, 0],
    ]);
    const clip = clipsIn(await snapshot(page)).find((candidate) => candidate.id === job.clipId)!;
    expect([clip.inSeconds, clip.outSeconds]).toEqual([0, 1.6]);
    const xmp = await frameOriginXmp(job.file!);
    expect(xmp).toEqual({
      frameAction: "bridge",
      firstFrameSource: "A.mp4",
      firstFrameTime: "1.96",
      firstFrameSequenceTicks: String(lastOfA),
      lastFrameSource: "B.mp4",
      lastFrameTime: "0",
      lastFrameSequenceTicks: String(firstOfB),
    });
    expect(session.harness.fake.world.creates.kling).toBe(1);
    expect(session.pageErrors).toEqual([]);
  });
});
