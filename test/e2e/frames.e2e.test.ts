/**
 * The Frames flow in Debian's Chromium against the harness, as an art director works it: four
 * concept frames on the simulator (priced before they are sent), one picked and refined, the
 * variant animated in Generate; the stills land in a Frames sub-bin with their columns, the clip
 * in the bin with the still's lineage in its columns and in its XMP.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { ImageJobRecord } from "../../src/core/imageJobRecord";
import { exiftoolXmp } from "../media/support/readers";
import { chooseMediaFolder, clipsIn, openPanel, openTab, snapshot, typePrompt, useSessionLifecycle, useSimulatorOptions, waitFor, waitForJob, type PanelSession } from "./support/panelSession";

jest.setTimeout(150_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

function imageJobs(s: PanelSession): ImageJobRecord[] {
  const file = path.join(s.harness.folders.data, "shotbin-ledger.json");
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, "utf8")) as { imageJobs?: ImageJobRecord[] }).imageJobs ?? [];
}

async function readyTiles(s: PanelSession, count: number): Promise<void> {
  await waitFor(`${count} frames on the grid`, async () => ((await s.page.locator("[data-testid=frame-tile][data-ready=yes]").count()) === count ? true : undefined), 40_000);
  // Each still is shown from its file.
  await waitFor("the thumbnails drawn", async () => ((await s.page.locator("[data-testid=frame-tile] img").evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth > 0).length)) === count ? true : undefined), 20_000);
}

describe("the Frames tab in a browser", () => {
  it("generates 4 frames on the simulator, refines one, animates it, and the clip in the bin carries the still's lineage", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 100, runMs: 400 });
    await chooseMediaFolder(page);
    await openTab(page, "frames");
    await page.fill("[data-testid=frames-prompt] textarea", "Dawn over a small fishing harbour, mist on the water, gulls over the masts");
    await waitFor("the price before sending", async () => (((await page.textContent("[data-testid=frames-cost]")) ?? "").startsWith("$0.00 for 4 frames") ? true : undefined));
    expect(await page.textContent("[data-testid=frames-generate]")).toContain("Generate 4 frames");
    await page.click("[data-testid=frames-generate]");
    await readyTiles(session, 4);
    expect(await page.locator("[data-testid=frame-cost]").allTextContents()).toEqual(["$0.00", "$0.00", "$0.00", "$0.00"]);
    const concepts = await waitFor("the frames imported", () => imageJobs(session!).find((job) => job.state === "imported"));
    expect(concepts).toMatchObject({ request: { provider: "simulator", count: 4 }, shot: { shotId: "F1" } });

    // Pick frame 2 and refine it: one variant, right after it on the grid.
    await page.locator("[data-testid=frame-tile]").nth(1).click();
    await page.waitForSelector("[data-testid=frame-pick]");
    await page.fill("[data-testid=frames-refine-prompt] input", "a red fishing boat in the foreground");
    await page.locator("[data-testid=frames-refine-count] select").selectOption({ label: "1" });
    await waitFor("the refine price", async () => (((await page.textContent("[data-testid=frames-refine-cost]")) ?? "").startsWith("$0.00 for 1 variant") ? true : undefined));
    await page.click("[data-testid=frames-refine]");
    await readyTiles(session, 5);
    const variant = await waitFor("the variant in the ledger", () => imageJobs(session!).find((job) => job.id !== concepts.id && job.state === "imported"));
    const source = concepts.files![1]!;
    expect(variant.request.inputImages![0]!.lineage).toEqual({ file: path.basename(source.path), sha256: source.sha256, jobId: concepts.id, providerJobId: concepts.handle!.id });
    const keys = await page.locator("[data-testid=frame-tile]").evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute("data-key")));
    expect(keys).toEqual([`${concepts.id}:0`, `${concepts.id}:1`, `${variant.id}:0`, `${concepts.id}:2`, `${concepts.id}:3`]);
    await page.screenshot({ path: path.join(session.harness.folders.root, "frames-grid.png") });

    // Animate the variant: Generate shows it as the first frame; the clip records where it came from.
    await page.locator(`[data-testid=frame-tile][data-key="${variant.id}:0"]`).click();
    await page.waitForSelector(`[data-testid=frame-tile][data-key="${variant.id}:0"][data-picked=yes]`);
    await page.click("[data-testid=frames-animate]");
    await page.waitForSelector("[data-testid=generate-tab]");
    const stillName = path.basename(variant.files![0]!.path);
    expect(await page.textContent("[data-testid=generate-tab]")).toContain(stillName);
    await typePrompt(page, "The boat drifts out of the mist");
    await page.click("[data-testid=generate]");
    const clipJob = await waitForJob(session, "the clip in the project", (job) => job.state === "imported");
    expect(clipJob.request.firstFrame).toMatchObject({ path: variant.files![0]!.path, lineage: { jobId: variant.id, file: stillName } });

    const clips = clipsIn(await snapshot(page));
    const clip = clips.find((candidate) => candidate.id === clipJob.clipId)!;
    expect(clip.columns).toMatchObject({ "AI Source Still": stillName, "AI Source Still Job": variant.id, "AI Model": "shotbin-sim" });
    // The stills are in a Frames sub-bin of the target bin, each with its own columns; none on the timeline.
    const stills = clips.filter((candidate) => candidate.binPath.join("/") === "Shots/Frames");
    expect(stills.map((still) => still.mediaPath).sort()).toEqual([...concepts.files!, ...variant.files!].map((file) => file.path).sort());
    expect(stills.find((still) => still.mediaPath === variant.files![0]!.path)!.columns).toMatchObject({ Shot: "F1", Take: "5", "AI Source Still": path.basename(source.path), "AI Source Still Job": concepts.id });
    const sequences = (await snapshot(page)).sequences;
    expect(sequences.flatMap((sequence) => sequence.tracks.flatMap((track) => track.items)).filter((item) => item.name.endsWith(".png"))).toEqual([]);

    // The clip's own XMP carries the lineage too, as ExifTool reads it.
    const tags = await exiftoolXmp(clipJob.file!);
    expect(tags["XMP-shotbin:SourceStill"]).toBe(stillName);
    expect(tags["XMP-shotbin:SourceStillJob"]).toBe(variant.id);
    expect(tags["XMP-shotbin:SourceStillSha256"]).toBe(variant.files![0]!.sha256);
    expect(session.pageErrors).toEqual([]);
  });

  it("keeps the frames and the pick across a reload, and says why a refused frame failed", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 100, runMs: 400, refuseWhenPromptIncludes: "forbidden" });
    await chooseMediaFolder(page);
    await openTab(page, "frames");
    await page.fill("[data-testid=frames-prompt] textarea", "A lighthouse on a cliff at dusk");
    await page.locator("[data-testid=frames-count] select").selectOption({ label: "2" });
    await page.click("[data-testid=frames-generate]");
    await readyTiles(session, 2);
    await page.locator("[data-testid=frame-tile]").nth(0).click();
    await page.waitForSelector("[data-testid=frame-pick]");
    await page.fill("[data-testid=frames-prompt] textarea", "A forbidden door");
    await page.locator("[data-testid=frames-count] select").selectOption({ label: "1" });
    await page.click("[data-testid=frames-generate]");
    await waitFor("the refusal on its tile", async () => (((await page.textContent("[data-testid=frame-failure]").catch(() => "")) ?? "").includes('contains "forbidden"') ? true : undefined), 30_000);
    expect(await page.textContent("[data-testid=frame-failure]")).toContain("(not charged)");

    await page.reload();
    await page.waitForSelector("[data-testid=generate-tab]");
    await openTab(page, "frames");
    await readyTiles(session, 2);
    expect(await page.locator("[data-testid=frame-board]").count()).toBe(2);
    await page.waitForSelector("[data-testid=frame-tile][data-picked=yes]");
    expect(await page.textContent("[data-testid=frame-pick]")).toContain("Picked: F1 frame 1");
    expect(await page.textContent("[data-testid=frame-failure]")).toContain('contains "forbidden"');
    expect(session.pageErrors).toEqual([]);
  });
});
