/**
 * The harness's project view in Debian's Chromium: label colours on clips, bins and track items;
 * clips selected in the Timeline by clicking (shift-click adds or removes, a click on an empty
 * track clears), which Premiere's selection then reports; the sequence's In/Out shown on the ruler.
 */
import { openPanel, type PanelSession, useSessionLifecycle } from "./support/panelSession";

jest.setTimeout(120_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("the harness's project view", () => {
  it("shows labels and In/Out, and selects timeline clips by click and shift-click", async () => {
    session = await openPanel();
    const { page } = session;
    const ids = await page.evaluate(async () => {
      const { premiere, project } = window.shotbinHarness;
      const a = premiere.addClip("/Harness/a.mp4", 10, project.footageBinId);
      const b = premiere.addClip("/Harness/b.mp4", 10, project.footageBinId);
      const itemA = premiere.placeOnTimeline(project.sequenceId, { clipId: a, track: 0, startFrame: 0, durationFrames: 50 });
      const itemB = premiere.placeOnTimeline(project.sequenceId, { clipId: b, track: 0, startFrame: 75, durationFrames: 50 });
      premiere.setSequenceInOut(project.sequenceId, 60, 90);
      const ppro = premiere.ppro;
      const active = await ppro.Project.getActiveProject();
      const root = await active.getRootItem();
      const footage = ppro.FolderItem.cast((await root.getItems()).find((i) => i.getId() === project.footageBinId)!);
      const clipB = (await footage.getItems()).find((i) => i.getId() === b)!;
      active.lockedAccess(() => active.executeTransaction((c) => c.addAction(clipB.createSetColorLabelAction(ppro.Constants.ProjectItemColorLabel.MANGO)), "label"));
      return { a, b, itemA, itemB };
    });

    await page.waitForSelector(`[data-testid=clip][data-clip-id="${ids.b}"][data-colour-label=mango]`);
    expect(await page.getAttribute(`[data-testid=clip][data-clip-id="${ids.a}"]`, "data-colour-label")).toBe("iris");
    expect(await page.getAttribute(`[data-track-item-id="${ids.itemB}"]`, "data-colour-label")).toBe("mango");
    expect(await page.getAttribute("[data-testid=bin][data-name=Footage]", "data-colour-label")).toBe("violet");
    const band = page.locator("[data-testid=sequence-in-out]");
    expect([await band.getAttribute("data-in-frame"), await band.getAttribute("data-out-frame")]).toEqual(["60", "90"]);

    const selected = async () =>
      page.evaluate(async () => {
        const sequence = await (await window.shotbinHarness.premiere.ppro.Project.getActiveProject()).getActiveSequence();
        const items = await (await sequence.getSelection()).getTrackItems();
        return Promise.all(items.map(async (item) => (await item.getStartTime()).ticks));
      });
    const ticks = (frame: number) => String(BigInt(frame) * 10160640000n);

    await page.click(`[data-track-item-id="${ids.itemA}"]`);
    expect(await page.getAttribute(`[data-track-item-id="${ids.itemA}"]`, "data-selected")).toBe("true");
    expect(await selected()).toEqual([ticks(0)]);
    await page.click(`[data-track-item-id="${ids.itemB}"]`, { modifiers: ["Shift"] });
    expect((await selected()).sort()).toEqual([ticks(0), ticks(75)].sort());
    await page.click(`[data-track-item-id="${ids.itemA}"]`, { modifiers: ["Shift"] });
    expect(await selected()).toEqual([ticks(75)]);
    expect(await page.getAttribute(`[data-track-item-id="${ids.itemA}"]`, "data-selected")).toBe("false");
    // A click on the empty part of a track clears the selection.
    const track = page.locator("[data-testid=track][data-track='2']").first();
    await track.click({ position: { x: 200, y: 10 } });
    expect(await selected()).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
