/**
 * Take QA in Review, in Chromium against the harness: two takes on the fake Replicate, the second
 * spoiled with the fakes' flickering-clip fault. The relay measures each take by its job id (the
 * result URL from the job's verified webhook); Review shows PASS on the clean take and FAIL with
 * a flicker defect on the spoiled one, with three frames and the curves; the QA column and the
 * failed-QA label reach the fake Premiere; the ledger records extra.qa. A simulator take (no result
 * at the relay) is measured by its file in the media folder, the harness relay's QA folder. Without
 * a relay, Review says QA needs one and jumps to Settings.
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import type { JobRecord } from "../../src/core/jobRecord";
import {
  ARTIFACTS,
  chooseMediaFolder,
  clipsIn,
  ledgerJobs,
  openPanel,
  openTab,
  selectModel,
  snapshot,
  typePrompt,
  useFakeProviders,
  useSessionLifecycle,
  waitFor,
  waitForJob,
  type PanelSession,
} from "./support/panelSession";

jest.setTimeout(180_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

const CLEAN = "A lighthouse keeper climbs the stairs";
const SPOILED = "A lighthouse keeper climbs the stairs, flickering lamp";

async function generate(page: PanelSession["page"], prompt: string): Promise<void> {
  await typePrompt(page, prompt);
  await waitFor("the price", async () => (/^\$\d+\.\d\d for 1 take/.test((await page.textContent("[data-testid=cost]")) ?? "") ? true : undefined));
  await page.click("[data-testid=generate]");
}

const takeSelector = (job: JobRecord) => `[data-testid=review-take][data-job-id="${job.id}"]`;

describe("take QA in Review, through the relay", () => {
  it("says QA needs a relay, and its link opens Settings", async () => {
    session = await openPanel();
    const { page } = session;
    await openTab(page, "review");
    expect(await page.textContent("[data-testid=qa-needs-relay]")).toContain("QA needs a relay");
    await page.click("[data-testid=qa-open-settings]");
    await page.waitForSelector("[data-testid=settings-tab]");
  });

  it("shows PASS on a clean take and FAIL with its flicker on a spoiled one, with the QA column and the failed-QA label", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 200, runMs: 2500 } });
    const { page, harness } = session;
    harness.fake.world.faults.add({ provider: "replicate", promptIncludes: "flickering", fault: { type: "flickering-clip" } });
    await useFakeProviders(page);
    await openTab(page, "settings");
    await waitFor("the relay to connect", async () => ((await page.getAttribute("[data-testid=relay-indicator]", "data-state")) === "live" ? true : undefined));
    await openTab(page, "generate");
    await chooseMediaFolder(page);
    await selectModel(page, "Veo 3.1 Fast (Replicate)");
    await generate(page, CLEAN);
    await generate(page, SPOILED);
    const clean = await waitForJob(session, "the clean take imported", (job) => job.request.prompt === CLEAN && job.state === "imported", 90_000);
    const spoiled = await waitForJob(session, "the spoiled take imported", (job) => job.request.prompt === SPOILED && job.state === "imported", 90_000);

    await openTab(page, "review");
    const badge = async (job: JobRecord) => page.getAttribute(`${takeSelector(job)} [data-testid=qa-badge]`, "data-verdict", { timeout: 100 }).catch(() => null);
    await waitFor("both verdicts", async () => ((await badge(clean)) === "pass" && (await badge(spoiled)) === "fail" ? true : undefined), 90_000);
    expect(await page.textContent(`${takeSelector(clean)} [data-testid=qa-badge]`)).toMatch(/^PASS \d+$/);
    expect(await page.textContent(`${takeSelector(spoiled)} [data-testid=qa-badge]`)).toMatch(/^FAIL \d+$/);

    // Each was measured from its job's own result (the URL in its verified webhook), not a path.
    for (const job of [clean, spoiled]) expect(await page.getAttribute(`${takeSelector(job)} [data-testid=qa-report]`, "data-subject")).toBe("job");
    // The strip: three frames 160 px wide, and the curves.
    const frames = await page.$$eval(`${takeSelector(spoiled)} [data-testid=qa-frame]`, (images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
    expect(frames).toEqual([160, 160, 160]);
    expect(await page.getAttribute(`${takeSelector(spoiled)} [data-testid=qa-luma]`, "d")).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){20,}$/);
    expect(await page.$(`${takeSelector(clean)} [data-testid=qa-defect]`)).toBeNull();
    const kinds = await page.$$eval(`${takeSelector(spoiled)} [data-testid=qa-defect]`, (lines) => lines.map((line) => line.getAttribute("data-kind")));
    expect(kinds).toContain("flicker");

    // A defect's time seeks the preview.
    const flickerSeek = page.locator(`${takeSelector(spoiled)} [data-testid=qa-defect][data-kind=flicker] [data-testid=qa-seek]`).first();
    const start = Number(await flickerSeek.getAttribute("data-start"));
    await page.waitForFunction((selector) => ((document.querySelector(selector) as HTMLVideoElement | null)?.readyState ?? 0) >= 1, `${takeSelector(spoiled)} [data-testid=take-video]`);
    await flickerSeek.click();
    const position = await page.$eval(`${takeSelector(spoiled)} [data-testid=take-video]`, (video) => (video as HTMLVideoElement).currentTime);
    expect(position).toBeCloseTo(start, 1);

    // Sort by score: the clean take comes first although it is older.
    const order = () => page.$$eval("[data-testid=review-take]", (takes) => takes.map((take) => take.getAttribute("data-job-id")));
    expect(await order()).toEqual([spoiled.id, clean.id]);
    await page.click("[data-testid=qa-sort] input");
    await waitFor("the takes sorted by score", async () => ((await order()).join() === [clean.id, spoiled.id].join() ? true : undefined), 5000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator(takeSelector(spoiled)).screenshot({ path: path.join(ARTIFACTS, "review-qa-failed-take.png") });

    // The ledger's summary, the Project panel's QA column and the failed-QA label.
    const recorded = await waitForJob(session, "the spoiled take's QA in the ledger", (job) => job.id === spoiled.id && !!job.extra?.qa);
    expect(recorded.extra!.qa).toEqual({ verdict: "fail", score: expect.any(Number), defectKinds: expect.arrayContaining(["flicker"]), measuredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(Object.keys(recorded.extra!.qa as object).sort()).toEqual(["defectKinds", "measuredAt", "score", "verdict"]);
    expect(ledgerJobs(session).find((job) => job.id === clean.id)!.extra!.qa).toMatchObject({ verdict: "pass", defectKinds: [] });
    const clipOf = async (job: JobRecord) => clipsIn(await snapshot(page)).find((clip) => clip.id === job.clipId);
    await waitFor("the QA column and the failed-QA label", async () => {
      const [good, bad] = [await clipOf(clean), await clipOf(spoiled)];
      return good?.columns.QA?.startsWith("PASS") && bad?.columns.QA?.startsWith("FAIL") && bad.colourLabel === "rose" ? true : undefined;
    }, 20_000);
    expect((await clipOf(spoiled))!.columns.QA).toMatch(/^FAIL \d+ · .*flicker/);
    expect((await clipOf(clean))!.colourLabel).toBe("cerulean");
    expect(session.pageErrors).toEqual([]);
  });

  it("measures a take whose job the relay has no result for (the simulator) by its file in the media folder", async () => {
    session = await openPanel();
    const { page } = session;
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await selectModel(page, "Simulator (offline, free)");
    await generate(page, "A quiet harbour at dawn");
    const take = await waitForJob(session, "the simulator take imported", (job) => job.state === "imported");
    await openTab(page, "review");
    await waitFor("its verdict", async () => ((await page.getAttribute(`${takeSelector(take)} [data-testid=qa-badge]`, "data-verdict", { timeout: 100 }).catch(() => null)) === "pass" ? true : undefined), 60_000);
    expect(await page.getAttribute(`${takeSelector(take)} [data-testid=qa-report]`, "data-subject")).toBe("file");
    await waitForJob(session, "its QA in the ledger", (job) => job.id === take.id && (job.extra?.qa as { verdict?: string } | undefined)?.verdict === "pass");
  });
});
