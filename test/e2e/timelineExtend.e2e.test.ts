/**
 * Extend in the From timeline section, in Chromium against the fake Premiere (23.976 fps) and the
 * fake Kling: select a clip by clicking it, read what Extend will send and cost, send it; the fake
 * receives the clip's last frame (the frame the fake Premiere draws at end − 1 frame, compared on
 * pixels), the take lands right after the clip frame-exact, labelled as the chosen take, with its
 * frame's origin in the clip's metadata. Refusals: nothing selected, a text-only model.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { lastFrameTick } from "../../src/core/ticks";
import { extractFirstFrame } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { clipsIn, ledgerJobs, openPanel, selectModel, snapshot, waitFor, waitForJob, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { actionOnScreen, clickItem, frameOriginXmp, framesReceived, layTimeline, makeFootage, providerJobs, readyToSend, referenceFrame, sequenceOf, tickOf, waitForAction } from "./support/timelineSession";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("Extend from the timeline", () => {
  it("sends the selected clip's last frame and places the take right after it, frame-exact at 23.976 fps", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const work = mkdtempSync(path.join(tmpdir(), "shotbin-extend-e2e-"));
    const a = await makeFootage(session, "A001", { rate: "24000/1001", seconds: 3, pattern: "testsrc2" });
    await readyToSend(session, "The camera keeps drifting right over the pattern");
    // A001: frames 0–60 of a 3 s clip (its first 60 frames) on V1.
    const laid = await layTimeline(page, 23.976, [{ name: "A001", file: a, seconds: 3, track: 0, startFrame: 0, durationFrames: 60 }]);

    // Nothing selected, then a model that takes no first frame: refused, each with its reason.
    let shown = await waitForAction(page, "extend", false, "Select the clip to extend in the Timeline.");
    expect(shown.refusal).toBe("Select the clip to extend in the Timeline.");
    await clickItem(page, laid.items.A001!);
    await selectModel(page, "Wan 2.6 text to video (DashScope)");
    shown = await waitForAction(page, "extend", false, "makes video from text only");
    expect(shown.refusal).toBe("Extend sends a frame of the timeline as the first frame, and Wan 2.6 text to video (DashScope) makes video from text only. Choose an image-to-video model.");
    expect(await page.getAttribute("[data-testid=timeline-run-extend]", "disabled")).not.toBeNull();

    // Kling 2.6: what it sends (A001's last frame, frame 59 at its tick) and what it costs, before anything is sent.
    await selectModel(page, "Kling 2.6 (Kling API)");
    const lastTick = lastFrameTick(tickOf(laid, 60), laid.rate);
    expect(lastTick).toBe(59n * 10594584000n);
    shown = await waitForAction(page, "extend", true, `(tick ${lastTick})`);
    expect(shown.sends).toEqual([`Sends the last frame of "A001.mp4" on V1: frame 59 of the sequence (tick ${lastTick}), its media at 2.461 s, as the first frame`]);
    expect(shown.cost).toMatch(/^\$\d+\.\d\d/);
    expect(await page.textContent("[data-testid=timeline-selection]")).toBe('Edit 23.976 · 23.976 fps · "A001.mp4" on V1 (frames 0–60)');
    expect(providerJobs(session)).toHaveLength(0);

    await page.click("[data-testid=timeline-run-extend]");
    const job = await waitForJob(session, "the extension placed", (candidate) => candidate.state === "placed", 120_000);

    // The fake received exactly the frame the fake Premiere draws at A001's last frame, not its first.
    const [received] = providerJobs(session);
    expect(received!.model).toBe("kling-2.6");
    const frames = framesReceived(session, received!, work);
    const expected = await referenceFrame(a, lastTick, path.join(work, "expected-last.png"));
    const wrong = await referenceFrame(a, 0n, path.join(work, "wrong-first.png"));
    expect(await psnr(expected, frames.first!)).toBeGreaterThan(40);
    expect(await psnr(wrong, frames.first!)).toBeLessThan(25);
    expect(frames.last).toBeUndefined();
    // And the new clip starts on that frame.
    const first = await extractFirstFrame(job.file!, path.join(work, "take-first.png"));
    expect(await psnr(expected, first.path)).toBeGreaterThan(30);

    // Placed right after A001 on V1, frame-exact: 5 s at 23.976 is 119 whole frames.
    const sequence = await sequenceOf(page, laid.sequenceId);
    const placed = sequence.tracks[0]!.items.find((item) => item.clipId === job.clipId)!;
    expect({ start: placed.startFrame, end: placed.endFrame, in: placed.inFrame, startTicks: placed.startTicks }).toEqual({ start: 60, end: 179, in: 0, startTicks: String(tickOf(laid, 60)) });
    expect(sequence.tracks[1]!.items).toEqual([]);

    // Labelled as the chosen take (Settings' colour for that state), in the bin and on the timeline.
    await waitFor("the chosen-take label", async () => (clipsIn(await snapshot(page)).find((clip) => clip.id === job.clipId)?.colourLabel === "forest" ? true : undefined));
    // The clip records where its first frame came from.
    const xmp = await frameOriginXmp(job.file!);
    expect(xmp).toMatchObject({ frameAction: "extend", firstFrameSource: "A001.mp4", firstFrameSequenceTicks: String(lastTick) });
    expect(Number(xmp.firstFrameTime)).toBeCloseTo(2.461, 3);
    expect(ledgerJobs(session).map((candidate) => candidate.state)).toEqual(["placed"]);
    expect(session.harness.fake.world.creates.kling).toBe(1);

    // The picture in docs/timeline.md: the take selected, its own Extend planned, the section in view.
    if (process.env.SHOTBIN_DOCS_PICTURES) {
      await clickItem(page, placed.id);
      await waitForAction(page, "extend", true, "T1_");
      await page.locator("[data-testid=from-timeline]").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(__dirname, "..", "..", "docs", "timeline-extend.png") });
    }
    expect((await actionOnScreen(page, "extend"))?.ok).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });
});
