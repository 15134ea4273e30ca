/**
 * Preview, in Chromium against the fake Premiere (25 fps) and the fake Kling: with Preview on, an
 * Extend take goes into the bin and opens in the Source Monitor, and nothing is placed until the
 * editor chooses Place; the In and Out the editor marks there are honoured: the take is placed
 * right after the clip from its In to its Out, to the frame, and labelled as the chosen take.
 */
import { clipsIn, ledgerJobs, openPanel, snapshot, waitFor, waitForJob, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { clickItem, layTimeline, makeFootage, readyToSend, sequenceOf, waitForAction } from "./support/timelineSession";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("Preview before placing", () => {
  it("opens the take in the Source Monitor and places it from the editor's In to Out, frame-exact at 25 fps", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const a = await makeFootage(session, "A", { rate: "25", seconds: 3, pattern: "testsrc2" });
    await readyToSend(session, "The pattern keeps turning");
    const laid = await layTimeline(page, 25, [{ name: "A", file: a, seconds: 3, track: 0, startFrame: 0, durationFrames: 50 }]);
    await page.click("[data-testid=timeline-preview]");
    await clickItem(page, laid.items.A!);
    await waitForAction(page, "extend", true, "A.mp4");
    await page.click("[data-testid=timeline-run-extend]");

    // In the bin and in the Source Monitor; not on the timeline yet.
    const job = await waitForJob(session, "the take in the bin", (candidate) => candidate.state === "imported", 120_000);
    await page.waitForSelector("[data-testid=timeline-awaiting-placement]");
    expect((await snapshot(page)).sourceMonitor?.itemId).toBe(job.clipId);
    expect((await sequenceOf(page, laid.sequenceId)).tracks.map((track) => track.items.length)).toEqual([1, 0, 0]);
    expect(ledgerJobs(session).map((candidate) => candidate.state)).toEqual(["imported"]);
    await waitFor("the generated label", async () => (clipsIn(await snapshot(page)).find((clip) => clip.id === job.clipId)?.colourLabel === "cerulean" ? true : undefined));

    // The editor marks In at 0.4 s (frame 10) and Out at 2.4 s (frame 60) in the Source Monitor, then Place.
    await page.evaluate(() => window.shotbinHarness.premiere.markSourceInOut(10n * 10160640000n, 60n * 10160640000n));
    await page.click("[data-testid=timeline-place]");
    await waitForJob(session, "the take placed", (candidate) => candidate.state === "placed", 60_000);

    const placed = (await sequenceOf(page, laid.sequenceId)).tracks[0]!.items.find((item) => item.clipId === job.clipId)!;
    expect([placed.startFrame, placed.endFrame, placed.inFrame]).toEqual([50, 100, 10]);
    expect([placed.startTicks, placed.endTicks]).toEqual([String(50n * 10160640000n), String(100n * 10160640000n)]);
    await waitFor("the chosen-take label", async () => (clipsIn(await snapshot(page)).find((clip) => clip.id === job.clipId)?.colourLabel === "forest" ? true : undefined));
    await page.waitForSelector("[data-testid=timeline-awaiting-placement]", { state: "detached" });
    expect(session.pageErrors).toEqual([]);
  });
});
