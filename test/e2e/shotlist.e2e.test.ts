/**
 * The Shot list tab in Debian's Chromium against the fake Premiere (the `npm start` harness): a
 * list is planned before anything is spent, then run on the simulator into the active sequence,
 * each shot in its frame-exact slot with its marker; a list with errors is shown but cannot run;
 * a retry past the approved money waits for the editor's approval; shots and runs are cancelled
 * with their buttons and a reload resumes nothing.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import type { JobRecord } from "../../src/core/jobRecord";
import {
  chooseMediaFolder,
  clipsIn,
  ledgerJobs,
  openPanel,
  openTab,
  snapshot,
  useSimulatorOptions,
  waitFor,
  type PanelSession,
  useFakeProviders,
  useSessionLifecycle,
} from "./support/panelSession";

jest.setTimeout(120_000);

const FIXTURES = path.join(__dirname, "fixtures");
let session: PanelSession | undefined;

useSessionLifecycle(() => session, () => (session = undefined));

/** Puts a fixture list where the harness's file picker can hand it out, and picks it. */
async function chooseShotList(s: PanelSession, fixture: string): Promise<string> {
  const folder = path.join(s.harness.folders.root, "lists");
  mkdirSync(folder, { recursive: true });
  const target = path.join(folder, fixture);
  copyFileSync(path.join(FIXTURES, fixture), target);
  await s.page.evaluate((file) => window.shotbinHarness.queuePickedFile(file), target);
  await s.page.click("[data-testid=choose-shot-list]");
  await s.page.waitForSelector("[data-testid=plan]");
  return target;
}

function text(s: PanelSession, selector: string): Promise<string> {
  return s.page
    .locator(selector)
    .first()
    .textContent()
    .then((value) => value ?? "");
}

describe("the Shot list tab in a browser, against the fake Premiere", () => {
  it("shows a list with errors at their rows and columns, and will not run it", async () => {
    session = await openPanel();
    const { page } = session;
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");
    await chooseShotList(session, "broken-list.csv");

    const rows = page.locator("[data-testid=plan-row]");
    expect(await rows.count()).toBe(4);
    expect(await rows.evaluateAll((elements) => elements.map((element) => [element.getAttribute("data-shot"), element.getAttribute("data-blocked")]))).toEqual([
      ["1", "false"],
      ["2", "true"],
      ["3", "true"],
      ["4", "true"],
    ]);
    // Each problem sits under its shot, naming the file, row, column and the fix.
    const problemsOf = (shot: string) => page.locator(`[data-testid=plan-row][data-shot="${shot}"] [data-testid=plan-row-problem]`).allTextContents();
    expect(await problemsOf("2")).toEqual([`Error: broken-list.csv: row 3, column "Duration": duration 'twelve' is not a length. Fix: write seconds such as 5, 5s or 0:05`]);
    expect((await problemsOf("3"))[0]).toMatch(/^Error: broken-list\.csv: row 4, column "Model": shot 3: model 'imaginary-model-9' is not one Shotbin knows\. Fix: /);
    expect(await problemsOf("4")).toEqual([`Error: broken-list.csv: row 5, column "Takes": takes '0' is not a number of takes. Fix: write a whole number from 1 to 20`]);
    expect(await problemsOf("1")).toEqual([]);
    expect(await text(session, "[data-testid=plan-refusal]")).toBe("Cannot run: the list has 3 errors; fix them and run again.");
    expect(await page.getAttribute("[data-testid=run-shot-list]", "disabled")).not.toBeNull();

    // A forced click does nothing: no job, no marker, nothing in the bin.
    await page.click("[data-testid=run-shot-list]", { force: true });
    await page.waitForTimeout(500);
    expect(ledgerJobs(session)).toEqual([]);
    const snap = await snapshot(page);
    expect(snap.sequences.flatMap((sequence) => sequence.markers)).toEqual([]);
    expect(clipsIn(snap)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it("plans a list before spending, then fills the timeline shot by shot in frame-exact slots, with a red marker for a refused shot", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 300, runMs: 1500, refuseWhenPromptIncludes: "[refuse]" });
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");
    await chooseShotList(session, "rooftop-chase.csv");

    // The plan, before anything is spent: every shot with its length, takes and cost, and the total.
    const rows = page.locator("[data-testid=plan-row]");
    expect(await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-shot")))).toEqual(["1A", "1B", "2A", "2B"]);
    expect(await page.locator("[data-testid=plan-row-duration]").allTextContents()).toEqual(["4 s", "6 s", "5 s", "8 s"]);
    expect(await page.locator("[data-testid=plan-row-takes]").allTextContents()).toEqual(["1×", "2×", "1×", "1×"]);
    expect(await page.locator("[data-testid=plan-row-cost]").allTextContents()).toEqual(["$0.00", "$0.00", "$0.00", "$0.00"]);
    expect(await text(session, "[data-testid=plan-total]")).toBe("Total: $0.00 for 5 takes of 4 shots");
    expect(await text(session, "[data-testid=plan-wall-time]")).toMatch(/^Estimated wall time about \d+ s \(Simulator: 5 at 8 at a time\)/);
    expect(await page.locator("[data-testid=plan-refusal]").count()).toBe(0);
    expect(await text(session, "[data-testid=run-target]")).toContain("Fills the active sequence Main Edit (25 fps, playhead at frame 50");
    expect(ledgerJobs(session)).toEqual([]);
    expect((await snapshot(page)).sequences[0]!.markers).toEqual([]);

    // V2, from the playhead (frame 50), no gap.
    await page.locator("[data-testid=run-track] select").selectOption({ label: "V2" });
    await page.locator("[data-testid=run-start] select").selectOption({ label: "At the playhead" });
    await page.click("[data-testid=run-shot-list]");

    // Slots and markers are reserved at once, in list order, before any take is back.
    const slots = [
      [50, 150],
      [150, 300],
      [300, 425],
      [425, 625],
    ];
    const pending = await waitFor("the four pending markers", async () => {
      const markers = (await snapshot(page)).sequences[0]!.markers;
      return markers.length === 4 ? markers : undefined;
    });
    expect(pending.map((marker) => marker.name)).toEqual(["1A", "1B", "2A", "2B"]);
    expect(pending[2]!.comments).toContain("The courier leaps the gap between two buildings [refuse]");

    const finished = (job: JobRecord) => job.state === "placed" || job.state === "failed" || job.state === "cancelled";
    const jobs = await waitFor("every take to finish", () => {
      const all = ledgerJobs(session!);
      return all.length === 5 && all.every(finished) ? all : undefined;
    }, 60_000);
    const take = (shot: string, n = 1) => jobs.find((job) => job.shot.shotId === shot && job.shot.take === n)!;
    expect(jobs.map((job) => [job.shot.shotId, job.shot.take, job.state]).sort()).toEqual([
      ["1A", 1, "placed"],
      ["1B", 1, "placed"],
      ["1B", 2, "placed"],
      ["2A", 1, "failed"],
      ["2B", 1, "placed"],
    ]);
    expect(take("2A").failure?.message).toContain("The simulator refused this prompt");

    // The timeline: V2 only, each slot's take 1 exactly in its slot, the refused shot's slot empty, no take 2.
    const markersSettled = await waitFor("the markers to settle", async () => {
      const snap = await snapshot(page);
      const colours = snap.sequences[0]!.markers.map((marker) => marker.colour);
      return colours.join() === "green,green,red,green" ? snap : undefined;
    });
    const sequence = markersSettled.sequences[0]!;
    expect(sequence.tracks[0]!.items).toEqual([]);
    expect(sequence.tracks[2]!.items).toEqual([]);
    expect(sequence.tracks[1]!.items.map((item) => [item.clipId, item.startFrame, item.endFrame])).toEqual([
      [take("1A").clipId, ...slots[0]!],
      [take("1B").clipId, ...slots[1]!],
      [take("2B").clipId, ...slots[3]!],
    ]);
    const failedMarker = sequence.markers[2]!;
    expect(failedMarker.comments).toMatch(/^Failed: The simulator refused this prompt/);
    expect(sequence.markers.map((marker) => Number(BigInt(marker.startTicks) / BigInt(sequence.ticksPerFrame)))).toEqual(slots.map(([start]) => start));

    // The bin: <target bin>/<list name>, every take with its columns; take 2 only there, named _take2.
    const clips = clipsIn(markersSettled);
    expect(clips.map((clip) => clip.binPath.join("/"))).toEqual(Array(4).fill("Shots/rooftop-chase"));
    for (const job of jobs.filter((candidate) => candidate.state === "placed")) {
      const clip = clips.find((candidate) => candidate.id === job.clipId)!;
      expect(clip.columns).toEqual({
        "AI Prompt": job.request.prompt,
        "AI Model": "shotbin-sim",
        "AI Provider": "simulator",
        "AI Seed": String(job.seed),
        "AI Job": job.handle!.id,
        "AI Cost": "0",
        Shot: job.shot.shotId,
        Take: String(job.shot.take),
        "AI Source Still": "",
        "AI Source Still Job": "",
        QA: "",
      });
    }
    expect(take("1B", 2).file).toMatch(/_take2\.mp4$/);
    expect(clips.find((clip) => clip.id === take("1B", 2).clipId)?.name).toMatch(/_take2\.mp4$/);
    expect(sequence.tracks[1]!.items.some((item) => item.name.includes("_take2"))).toBe(false);

    // The panel says the same, then swaps take 2 into shot 1B's slot, frame-exact.
    await waitFor("the refused shot in the panel", async () => ((await page.getAttribute("[data-testid=shot-row][data-shot=\"2A\"]", "data-state")) === "failed" ? true : undefined), 5000);
    expect(await text(session, "[data-testid=shot-row][data-shot=\"2A\"] [data-testid=shot-failure]")).toContain("The simulator refused this prompt");
    await page.click("[data-testid=shot-row][data-shot=\"1B\"] [data-testid=replace-take]");
    const replaced = await waitFor("take 2 in 1B's slot", async () => {
      const items = (await snapshot(page)).sequences[0]!.tracks[1]!.items;
      const item = items.find((candidate) => candidate.startFrame === slots[1]![0]);
      return item?.clipId === take("1B", 2).clipId ? items : undefined;
    });
    expect(replaced.map((item) => [item.startFrame, item.endFrame])).toEqual([slots[0], slots[1], slots[3]]);
    await waitFor("the panel to show take 2 in the slot", async () => ((await page.getAttribute("[data-testid=shot-row][data-shot=\"1B\"]", "data-slot-take")) === "2" ? true : undefined), 5000);
    expect(session.pageErrors).toEqual([]);
  });

  it("pauses a retry past the approved money until the editor approves it in the tab, then places the retry", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 200, runMs: 600 } });
    const { page, harness } = session;
    harness.fake.world.faults.add({ provider: "replicate", fault: { type: "no-videos" } });
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");
    await chooseShotList(session, "harbour-veo.json");
    const approved = await text(session, "[data-testid=plan-total]");
    expect(approved).toMatch(/^Total: \$\d+\.\d\d for 1 take of 1 shot/);
    await page.click("[data-testid=run-shot-list]");

    // The take comes back without a video (a retryable failure); retrying would need money nobody approved.
    const pause = page.locator("[data-testid=budget-pause]");
    await pause.waitFor({ timeout: 30_000 });
    const failed = ledgerJobs(session).find((job) => job.state === "failed")!;
    const price = `$${failed.estimate.usd.toFixed(2)}`;
    expect(await pause.textContent()).toContain(`Paused: a retry needs ${price} more than the ${price} approved`);
    await page.waitForTimeout(500);
    expect(harness.fake.world.creates.replicate).toBe(1);
    expect(ledgerJobs(session)).toHaveLength(1);

    await page.click("[data-testid=approve-more]");
    const retried = await waitFor("the retry on the timeline", () => ledgerJobs(session!).find((job) => job.retryOf === failed.id && job.state === "placed"), 40_000);
    expect(retried.attempt).toBe(2);
    expect(harness.fake.world.creates.replicate).toBe(2);
    await waitFor("the pause gone", async () => ((await pause.count()) === 0 ? true : undefined), 5000);
    expect((await snapshot(page)).sequences[0]!.tracks[0]!.items.map((item) => item.clipId)).toEqual([retried.clipId]);
    expect(session.pageErrors).toEqual([]);
  });

  it("cancels one shot and then the whole run with their buttons; after a reload nothing resumes", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 100, runMs: 60_000 });
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");
    await chooseShotList(session, "long-takes.csv");
    await page.click("[data-testid=run-shot-list]");
    const shotRow = (shot: string) => page.locator(`[data-testid=shot-row][data-shot="${shot}"]`);
    for (const shot of ["1", "2", "3"]) {
      await waitFor(`shot ${shot} generating`, async () => ((await shotRow(shot).getAttribute("data-state")) === "running" ? true : undefined), 20_000);
    }

    await shotRow("2").locator("[data-testid=shot-cancel]").click();
    await waitFor("shot 2 cancelled", async () => ((await shotRow("2").getAttribute("data-state")) === "cancelled" ? true : undefined), 10_000);
    expect(await shotRow("2").locator("[data-testid=shot-cancel]").count()).toBe(0);
    expect(ledgerJobs(session).map((job) => [job.shot.shotId, job.state]).sort()).toEqual([
      ["1", "running"],
      ["2", "cancelled"],
      ["3", "running"],
    ]);

    await page.click("[data-testid=cancel-run]");
    await waitFor("every shot cancelled", () => (ledgerJobs(session!).every((job) => job.state === "cancelled") ? true : undefined), 10_000);
    const markers = await waitFor("the markers to say so", async () => {
      const sequence = (await snapshot(page)).sequences[0]!;
      return sequence.markers.length === 3 && sequence.markers.every((marker) => marker.colour === "magenta") ? sequence : undefined;
    }, 10_000);
    expect(markers.tracks.flatMap((track) => track.items)).toEqual([]);
    await waitFor("the cancel button gone", async () => ((await page.locator("[data-testid=cancel-run]").count()) === 0 ? true : undefined), 5000);

    await page.reload();
    await page.waitForSelector("[data-testid=generate-tab]");
    await openTab(page, "shotlist");
    await waitFor("the run listed after the reload", async () => ((await shotRow("3").getAttribute("data-state")) === "cancelled" ? true : undefined), 10_000);
    await page.waitForTimeout(500);
    expect((await page.locator("[data-testid=notices]").allTextContents()).join("\n")).not.toContain("Resuming");
    expect(await page.getAttribute("[data-testid=shot-run]", "data-active")).toBe("false");
    expect(ledgerJobs(session).map((job) => job.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(session.pageErrors).toEqual([]);
  });

  it("resumes a run after the page reloads while its takes generate, sending nothing twice", async () => {
    // The takes generate until the test lets them finish, so both are unfinished at the reload.
    session = await openPanel({ fakeConfig: { queueMs: 200, runMs: Number.POSITIVE_INFINITY } });
    const { page, harness } = session;
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");
    await chooseShotList(session, "harbour-two.json");
    await page.click("[data-testid=run-shot-list]");
    const sent = await waitFor("both takes at Replicate", () => {
      const jobs = ledgerJobs(session!);
      return jobs.length === 2 && jobs.every((job) => !!job.handle && (job.state === "queued" || job.state === "running")) ? jobs : undefined;
    }, 20_000);
    expect(harness.fake.world.creates.replicate).toBe(2);

    await page.reload();
    await page.waitForSelector("[data-testid=generate-tab]");
    await waitFor("the resume notice", async () => ((await page.locator("[data-testid=notices]").allTextContents()).join("\n").includes("Resuming Harbour: 2 unfinished takes; nothing already sent is sent again.") ? true : undefined), 10_000);
    for (const job of harness.fake.world.jobs.values()) job.runMs = 0;
    const placed = await waitFor("both takes on the timeline", () => {
      const jobs = ledgerJobs(session!);
      return jobs.every((job) => job.state === "placed") ? jobs : undefined;
    }, 40_000);
    expect(placed.map((job) => job.handle!.id).sort()).toEqual(sent.map((job) => job.handle!.id).sort());
    expect(harness.fake.world.creates.replicate).toBe(2);
    expect(placed).toHaveLength(2);
    const byShot = (shot: string) => placed.find((job) => job.shot.shotId === shot)!;
    const items = (await snapshot(page)).sequences[0]!.tracks[0]!.items;
    expect(items.map((item) => item.clipId)).toEqual([byShot("1").clipId, byShot("2").clipId]);
    // 4 s then 8 s at 25 fps, end to end.
    expect(items.map((item) => item.endFrame - item.startFrame)).toEqual([100, 200]);
    expect(items[1]!.startFrame).toBe(items[0]!.endFrame);
    expect(session.pageErrors).toEqual([]);
  });
});
