/**
 * Replace in the From timeline section, in Chromium against the fake Premiere (25 fps) and the fake
 * Kling: a storyboard still selected by click becomes the first frame (compared on pixels with the
 * frame the fake Premiere draws there); the take takes the still's place and length to the frame,
 * and the still is kept on the track above, switched off. Refused with two clips selected.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { psnr } from "../../src/media/nodeImageCompare";
import { makeStill } from "../support/mediaMaker";
import { openPanel, waitForJob, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { clickItem, frameOriginXmp, framesReceived, layTimeline, makeFootage, providerJobs, readyToSend, referenceFrame, sequenceOf, tickOf, waitForAction } from "./support/timelineSession";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("Replace from the timeline", () => {
  it("turns a placeholder still into a take of its length, keeping the still switched off above, at 25 fps", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const work = mkdtempSync(path.join(tmpdir(), "shotbin-replace-e2e-"));
    const a = await makeFootage(session, "A", { rate: "25", seconds: 3, pattern: "testsrc" });
    const still = await makeStill(path.dirname(a), "storyboard", { width: 1280, height: 720 });
    await readyToSend(session, "The storyboard frame comes to life");
    const laid = await layTimeline(page, 25, [
      { name: "A", file: a, seconds: 3, track: 0, startFrame: 0, durationFrames: 50 },
      { name: "P", file: still, seconds: 5, track: 0, startFrame: 50, durationFrames: 60 },
    ]);

    await clickItem(page, laid.items.A!);
    await clickItem(page, laid.items.P!, { shift: true });
    expect((await waitForAction(page, "replace", false, "2 are selected")).refusal).toBe("Replace works on one clip; 2 are selected. Select only the clip to replace.");

    await clickItem(page, laid.items.P!);
    const shown = await waitForAction(page, "replace", true, "storyboard.png");
    expect(shown.sends).toEqual([`Sends the first frame of "storyboard.png" on V1: frame 50 of the sequence (tick ${tickOf(laid, 50)}), its media at 0.000 s, as the first frame`]);
    expect(shown.notes).toContain("The original stays on V2, switched off: switch it back on (or undo) to return to it.");
    await page.click("[data-testid=timeline-run-replace]");
    const job = await waitForJob(session, "the replacement placed", (candidate) => candidate.state === "placed", 120_000);

    const frames = framesReceived(session, providerJobs(session)[0]!, work);
    const expected = await referenceFrame(still, 0n, path.join(work, "still.png"));
    const other = await referenceFrame(a, tickOf(laid, 49), path.join(work, "a-last.png"));
    expect(await psnr(expected, frames.first!)).toBeGreaterThan(40);
    expect(await psnr(other, frames.first!)).toBeLessThan(25);

    // The take in the still's place and length; the still kept above, switched off; A untouched.
    const sequence = await sequenceOf(page, laid.sequenceId);
    const row = (track: number) => sequence.tracks[track]!.items.map((item) => [item.clipId === job.clipId ? "take" : item.name, item.startFrame, item.endFrame, item.inFrame, item.disabled]);
    expect(row(0)).toEqual([
      ["A.mp4", 0, 50, 0, false],
      ["take", 50, 110, 0, false],
    ]);
    expect(row(1)).toEqual([["storyboard.png", 50, 110, 0, true]]);
    expect(sequence.tracks[1]!.items[0]!.clipId).toBe(laid.clips.P);
    expect(await frameOriginXmp(job.file!)).toEqual({ frameAction: "replace", firstFrameSource: "storyboard.png", firstFrameTime: "0", firstFrameSequenceTicks: String(tickOf(laid, 50)) });
    expect(session.pageErrors).toEqual([]);
  });
});
