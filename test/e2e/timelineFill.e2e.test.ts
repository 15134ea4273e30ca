/**
 * Fill in the From timeline section, in Chromium against the fake Premiere (23.976 fps) and the
 * fake Kling: refused with its reason when there is neither an In/Out range nor a gap under the
 * playhead; a gap under the playhead is planned to the frame; an In/Out range is filled with a
 * take trimmed to exactly its frames (the project item's out point), sending the prompt only.
 */
import { clipsIn, openPanel, snapshot, waitForJob, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { frameOriginXmp, framesReceived, layTimeline, makeFootage, providerJobs, readyToSend, sequenceOf, waitForAction } from "./support/timelineSession";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("Fill from the timeline", () => {
  it("fills an In/Out range with a take trimmed to its exact frames at 23.976 fps, and plans the gap under the playhead", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const a = await makeFootage(session, "A", { rate: "24000/1001", seconds: 3, pattern: "testsrc2" });
    await readyToSend(session, "Rain starts to fall on the harbour");
    const laid = await layTimeline(page, 23.976, [
      { name: "A", file: a, seconds: 3, track: 0, startFrame: 0, durationFrames: 48 },
      { name: "B", file: a, seconds: 3, track: 0, startFrame: 120, durationFrames: 48 },
    ]);

    // The playhead on a clip and no In/Out: nothing to fill.
    const refused = await waitForAction(page, "fill", false, "Mark In and Out");
    expect(refused.refusal).toBe("Mark In and Out on the sequence, or put the playhead in a gap between two clips.");

    // The playhead in the gap between A and B: that gap, exactly.
    await page.evaluate((id) => window.shotbinHarness.premiere.setPlayhead(id, 70), laid.sequenceId);
    const gap = await waitForAction(page, "fill", true, "frames 48–120");
    expect(gap.sends).toEqual(["Sends no frame: the prompt only"]);
    expect(gap.notes).toContain("5 s gives 119 frames; the gap under the playhead on V1 (frames 48–120) needs 72, so the last 47 frames are trimmed by the clip's out point.");

    // An In/Out range wins over the gap: 60 frames from frame 200.
    await page.evaluate((id) => window.shotbinHarness.premiere.setSequenceInOut(id, 200, 260), laid.sequenceId);
    const range = await waitForAction(page, "fill", true, "frames 200–260");
    expect(range.notes).toContain("5 s gives 119 frames; the In/Out range (frames 200–260) needs 60, so the last 59 frames are trimmed by the clip's out point.");
    await page.click("[data-testid=timeline-run-fill]");
    const job = await waitForJob(session, "the fill placed", (candidate) => candidate.state === "placed", 120_000);

    // The prompt only went to the provider.
    const received = providerJobs(session);
    expect(received).toHaveLength(1);
    expect(received[0]!.prompt).toBe("Rain starts to fall on the harbour");
    expect(framesReceived(session, received[0]!, mkdtempSync(path.join(tmpdir(), "shotbin-fill-e2e-")))).toEqual({});

    // On V1 from the In to the Out, to the frame; the clip's out point is 60 frames at 23.976.
    const sequence = await sequenceOf(page, laid.sequenceId);
    const placed = sequence.tracks[0]!.items.find((item) => item.clipId === job.clipId)!;
    expect([placed.startFrame, placed.endFrame, placed.inFrame]).toEqual([200, 260, 0]);
    expect(placed.startTicks).toBe(String(200n * 10594584000n));
    expect(placed.endTicks).toBe(String(260n * 10594584000n));
    const clip = clipsIn(await snapshot(page)).find((candidate) => candidate.id === job.clipId)!;
    expect(clip.outSeconds).toBeCloseTo((60 * 1001) / 24000, 9);
    expect(await frameOriginXmp(job.file!)).toEqual({ frameAction: "fill" });
    expect(session.pageErrors).toEqual([]);
  });
});
