/**
 * Markers as a shot list, in Chromium against the fake Premiere (23.976 fps) and the fake Kling:
 * refused while the sequence has no marker with a prompt; sequence markers whose comment holds a
 * prompt become the Shot list tab's plan (with a marker without one listed as skipped), priced
 * before Run, and each take lands at its marker, as long as the marker (or the model's default
 * length when it has no duration and no marker follows), to the frame.
 */
import { ledgerJobs, openPanel, waitFor, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { layTimeline, providerJobs, readyToSend, sequenceOf } from "./support/timelineSession";
import type { Page } from "playwright-core";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

/** A sequence marker added through Premiere's API, as the editor adds one with M and types its comment. */
async function addMarker(page: Page, marker: { name: string; comments: string; frame: number; frames: number }): Promise<void> {
  await page.evaluate(async (marker) => {
    const ppro = window.shotbinHarness.premiere.ppro;
    const project = await ppro.Project.getActiveProject();
    const sequence = await project.getActiveSequence();
    const markers = await ppro.Markers.getMarkers(sequence);
    const perFrame = 10594584000n;
    project.lockedAccess(() =>
      project.executeTransaction(
        (compound) =>
          compound.addAction(
            markers.createAddMarkerAction(marker.name, "Comment", ppro.TickTime.createWithTicks(String(BigInt(marker.frame) * perFrame)), ppro.TickTime.createWithTicks(String(BigInt(marker.frames) * perFrame)), marker.comments),
          ),
        "Add marker",
      ),
    );
  }, marker);
}

describe("Markers as a shot list", () => {
  it("plans the markers with prompts in the Shot list tab and places each take at its marker, frame-exact at 23.976 fps", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    await readyToSend(session, "");
    const laid = await layTimeline(page, 23.976, []);
    await waitFor("the markers refusal", async () => ((await page.textContent("[data-testid=timeline-refusal-markers]").catch(() => "")) === "The sequence has no markers. Add markers with a prompt in their comment, one per shot." ? true : undefined));

    await addMarker(page, { name: "Gull", comments: "A gull takes off from the harbour wall", frame: 24, frames: 48 });
    await addMarker(page, { name: "Note", comments: "", frame: 100, frames: 0 });
    await addMarker(page, { name: "Glide", comments: "It glides low over the moored boats", frame: 120, frames: 0 });
    await waitFor("the markers planned", async () => ((await page.getAttribute("[data-testid=timeline-markers]", "data-ok")) === "true" ? true : undefined));
    expect(await page.textContent("[data-testid=timeline-markers]")).toContain('2 markers with a prompt: planned in the Shot list tab, priced before RunSkipped: marker "Note" at 00:00:04:04 has no prompt in its comment');

    await page.click("[data-testid=timeline-plan-markers]");
    await page.waitForSelector("[data-testid=shotlist-tab]");
    await page.waitForSelector("[data-testid=plan-row][data-shot=Glide]");
    expect(await page.textContent("[data-testid=shot-list-file]")).toBe('the sequence markers of "Edit 23.976"');
    const rows = await page.locator("[data-testid=plan-row]").evaluateAll((elements) => elements.map((element) => [element.getAttribute("data-shot"), element.getAttribute("data-blocked")]));
    expect(rows).toEqual([
      ["Gull", "false"],
      ["Glide", "false"],
    ]);
    expect(providerJobs(session)).toHaveLength(0);
    await page.click("[data-testid=run-shot-list]");
    await waitFor("both takes placed", () => (ledgerJobs(session!).filter((job) => job.state === "placed").length === 2 ? true : undefined), 120_000);

    // Each take at its marker: Gull's 48 frames; Glide has no duration and no marker after it, so Kling's default 5 s: 119 frames.
    const sequence = await sequenceOf(page, laid.sequenceId);
    const byShot = Object.fromEntries(ledgerJobs(session).map((job) => [job.clipId, job.shot.shotId]));
    expect(sequence.tracks[0]!.items.map((item) => [byShot[item.clipId], item.startFrame, item.endFrame, item.inFrame, item.startTicks])).toEqual([
      ["Gull", 24, 72, 0, String(24n * 10594584000n)],
      ["Glide", 120, 239, 0, String(120n * 10594584000n)],
    ]);
    expect(providerJobs(session).map((job) => job.prompt).sort()).toEqual(["A gull takes off from the harbour wall.", "It glides low over the moored boats."]);
    expect(session.harness.fake.world.creates.kling).toBe(2);
    expect(session.pageErrors).toEqual([]);
  });
});
