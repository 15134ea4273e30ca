/**
 * Continuity in the panel's Shot list tab, in Chromium against the fake Premiere (25 fps) and the
 * fake Kling: a two-shot list whose second shot is marked `previous` shows the dependency in its
 * plan; the second shot is sent only once the first is placed, with the last frame of the first
 * as the sequence shows it (exportSequenceFrame at the slot's end − 1 frame: UXP has no ffmpeg),
 * compared on pixels with the frame the fake Premiere draws there.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { psnr } from "../../src/media/nodeImageCompare";
import { ledgerJobs, openPanel, waitFor, type PanelSession, useSessionLifecycle } from "./support/panelSession";
import { framesReceived, layTimeline, providerJobs, readyToSend, referenceFrame, sequenceOf, tickOf } from "./support/timelineSession";

jest.setTimeout(240_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

describe("continuity in the Shot list tab", () => {
  it("starts shot 2 on the last frame of shot 1 as placed on the timeline", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 50, runMs: 100 } });
    const { page } = session;
    const work = mkdtempSync(path.join(tmpdir(), "shotbin-continuity-e2e-"));
    await readyToSend(session, "");
    const laid = await layTimeline(page, 25, []);
    const folder = path.join(session.harness.folders.root, "lists");
    mkdirSync(folder, { recursive: true });
    const list = path.join(folder, "chain.json");
    writeFileSync(
      list,
      JSON.stringify({
        name: "Chain",
        defaults: { model: "kling-2.6", duration: 5 },
        shots: [
          { shot: "1", prompt: "A lighthouse at dusk on a rocky point" },
          { shot: "2", prompt: "The beam sweeps across the dark sea", continuity: "previous" },
        ],
      }),
    );
    await page.click("[data-testid=tab-shotlist]");
    await page.evaluate((file) => window.shotbinHarness.queuePickedFile(file), list);
    await page.click("[data-testid=choose-shot-list]");
    await page.waitForSelector("[data-testid=plan-row][data-shot='2']");
    expect(await page.textContent("[data-testid=plan-row][data-shot='2']")).toContain("starts on shot 1's last frame");
    await page.click("[data-testid=run-shot-list]");
    await waitFor("both shots placed", () => (ledgerJobs(session!).filter((job) => job.state === "placed").length === 2 ? true : undefined), 120_000);

    const [first, second] = ["1", "2"].map((id) => ledgerJobs(session!).find((job) => job.shot.shotId === id)!);
    // Shot 2 was sent after shot 1 was placed.
    const at = (job: typeof first, state: string) => Date.parse(job!.history.find((entry) => entry.state === state)!.at);
    expect(at(second, "submitting")).toBeGreaterThanOrEqual(at(first, "placed"));
    // Shot 1 fills frames 0–125 (5 s at 25 fps); its last frame is frame 124, exported at its tick.
    const sequence = await sequenceOf(page, laid.sequenceId);
    expect(sequence.tracks[0]!.items.map((item) => [item.clipId === first!.clipId ? "1" : item.clipId === second!.clipId ? "2" : item.name, item.startFrame, item.endFrame])).toEqual([
      ["1", 0, 125],
      ["2", 125, 250],
    ]);
    const lastTick = tickOf(laid, 124);
    const exports = await page.evaluate(() => window.shotbinHarness.premiere.frameExports.map((entry) => ({ ticks: entry.ticks, shown: entry.shown?.clipId ?? null })));
    expect(exports).toEqual([{ ticks: String(lastTick), shown: first!.clipId }]);
    expect(second!.frameOrigin).toEqual({ action: "continuity", first: { source: path.basename(first!.file!), seconds: 4.96, sequenceTicks: String(lastTick), jobId: first!.id } });

    const sent = providerJobs(session).find((job) => job.prompt.startsWith("The beam sweeps"))!;
    const received = framesReceived(session, sent, work);
    const expected = await referenceFrame(first!.file!, lastTick, path.join(work, "shot1-last.png"));
    expect(await psnr(expected, received.first!)).toBeGreaterThan(40);
    expect(framesReceived(session, providerJobs(session).find((job) => job.prompt.startsWith("A lighthouse"))!, work)).toEqual({});
    expect(session.harness.fake.world.creates.kling).toBe(2);
    expect(session.pageErrors).toEqual([]);
  });
});
