/**
 * The real panel bundle in Debian's Chromium, driven like an editor would, against the fake
 * Premiere, the fake provider servers and a relay (the `npm start` harness). Each test gets a
 * fresh harness and a fresh browser profile; screenshots go to test-artifacts/e2e/.
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import {
  chooseMediaFolder,
  clipsIn,
  ledgerJobs,
  localDate,
  openPanel,
  selectModel,
  snapshot,
  typePrompt,
  useFakeProviders,
  waitFor,
  waitForJob,
  type PanelSession,
  useSessionLifecycle,
} from "./support/panelSession";

jest.setTimeout(120_000);

let session: PanelSession | undefined;

useSessionLifecycle(() => session, () => (session = undefined));

async function openJobsTab(s: PanelSession): Promise<void> {
  await s.page.click("[data-testid=tab-jobs]");
  await s.page.waitForSelector("[data-testid=jobs-tab]");
}

describe("the panel in a browser, against the fake Premiere", () => {
  it("generates one shot with the simulator, which reaches the bin with its columns filled", async () => {
    session = await openPanel();
    const { page } = session;
    expect(await page.evaluate(() => window.shotbinHarness.removedGlobals)).toEqual(["TextDecoder", "TextEncoder", "EventSource", "crypto.subtle"]);
    expect(await page.textContent("[data-testid=context-bin]")).toContain("Project / Shots");
    // The target bin follows the Project panel's selection.
    await page.click("[data-testid=bin][data-name=Footage]");
    await waitFor("the panel to follow the selection", async () => (((await page.textContent("[data-testid=context-bin]")) ?? "").includes("Project / Footage") ? true : undefined), 5000);
    await page.click("[data-testid=bin][data-name=Shots]");
    await waitFor("the panel to follow the selection back", async () => (((await page.textContent("[data-testid=context-bin]")) ?? "").includes("Project / Shots") ? true : undefined), 5000);

    await chooseMediaFolder(page);
    await typePrompt(page, "A lighthouse at dusk, waves breaking on the rocks");
    await waitFor("the price", async () => ((await page.textContent("[data-testid=cost]")) ?? "").includes("$0.00 for 1 take of 5 s at 1080p") || undefined);
    await page.click("[data-testid=generate]");

    const job = await waitForJob(session, "the take in the project", (candidate) => candidate.state === "imported");
    expect(job.request).toMatchObject({ provider: "simulator", model: "shotbin-sim", prompt: "A lighthouse at dusk, waves breaking on the rocks" });
    // Read while it shows: info and success notices go away by themselves after ten seconds.
    await waitFor("the success notice", async () => (((await page.textContent("[data-testid=notice-success]").catch(() => "")) ?? "").includes(`G1 take 1 is in Shots / Shotbin / ${localDate()}`) ? true : undefined), 5000);
    const clip = clipsIn(await snapshot(page)).find((candidate) => candidate.id === job.clipId);
    expect(clip).toBeDefined();
    expect(clip!.binPath).toEqual(["Shots", "Shotbin", localDate()]);
    expect(clip!.mediaPath).toBe(job.file);
    expect(clip!.columns).toEqual({
      "AI Prompt": "A lighthouse at dusk, waves breaking on the rocks",
      "AI Model": "shotbin-sim",
      "AI Provider": "simulator",
      "AI Seed": String(job.seed),
      "AI Job": job.handle!.id,
      "AI Cost": "0",
      Shot: job.shot.shotId,
      Take: "1",
      "AI Source Still": "",
      "AI Source Still Job": "",
      QA: "",
    });
    // The clip is a real file in the media folder the editor picked, not in the plugin's temp folder.
    expect(path.dirname(job.file!)).toBe(session.harness.folders.media);
    expect(readdirSync(session.harness.folders.media)).toEqual([path.basename(job.file!)]);
    expect(readdirSync(session.harness.folders.temp)).toEqual([]);

    await openJobsTab(session);
    const row = page.locator(`[data-testid=job-row][data-job-id="${job.id}"]`);
    await waitFor("the row to say so", async () => ((await row.getAttribute("data-state")) === "imported" ? true : undefined));
    expect(await row.locator("[data-testid=job-status]").textContent()).toBe("In the project");
    expect(session.pageErrors).toEqual([]);
  });

  it("generates through a fake provider with webhooks through the relay, showing live progress", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 300, runMs: 6000 } });
    const { page } = session;
    await useFakeProviders(page);
    await page.click("[data-testid=tab-settings]");
    await waitFor("the relay to connect", async () => ((await page.getAttribute("[data-testid=relay-indicator]", "data-state")) === "live" ? true : undefined));
    await page.click("[data-testid=tab-generate]");
    await chooseMediaFolder(page);
    await selectModel(page, "Veo 3.1 Fast (Replicate)");
    await typePrompt(page, "A red fox crosses a snowy field");
    await waitFor("the price", async () => (/^\$\d+\.\d\d for 1 take of 8 s at 720p/.test((await page.textContent("[data-testid=cost]")) ?? "") ? true : undefined));
    await page.click("[data-testid=generate]");

    await openJobsTab(session);
    const seen = new Set<number>();
    await waitFor(
      "the take to finish",
      async () => {
        const value = await page.getAttribute("[data-testid=job-progress]", "data-value", { timeout: 50 }).catch(() => null);
        if (value !== null) seen.add(Number(value));
        return ledgerJobs(session!).find((job) => job.state === "imported");
      },
      40_000,
    );
    const between = [...seen].filter((value) => value > 0 && value < 100);
    expect(between.length).toBeGreaterThan(0);

    const job = ledgerJobs(session).find((candidate) => candidate.state === "imported")!;
    expect(job.handle?.provider).toBe("replicate");
    // The provider called the relay's per-job URL, and the relay accepted it.
    const deliveries = session.harness.fake.world.webhooks.deliveries.filter((delivery) => delivery.jobId === job.handle!.id);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((delivery) => delivery.url.startsWith(session!.harness.relay.url) && delivery.status >= 200 && delivery.status < 300)).toBe(true);
    await page.click("[data-testid=tab-settings]");
    expect(Number(await page.getAttribute("[data-testid=relay-events]", "data-count"))).toBeGreaterThan(0);
    expect(clipsIn(await snapshot(page)).some((clip) => clip.id === job.clipId && clip.columns["AI Provider"] === "replicate")).toBe(true);
    expect(session.harness.fake.world.creates.replicate).toBe(1);
  });

  it("places the take on the chosen track at the playhead", async () => {
    session = await openPanel();
    const { page } = session;
    await chooseMediaFolder(page);
    const sequenceId = await page.evaluate(() => {
      const { premiere, project } = window.shotbinHarness;
      premiere.setPlayhead(project.sequenceId, 75);
      return project.sequenceId;
    });
    await waitFor("the panel to follow the playhead", async () => (((await page.textContent("[data-testid=context-sequence]")) ?? "").includes("playhead at frame 75") ? true : undefined), 10_000);
    await page.click("[data-testid=place-on-timeline]");
    await page.locator("[data-testid=place-track] select").selectOption({ label: "V2" });
    await typePrompt(page, "Slow push-in on a rain-soaked neon street");
    await page.click("[data-testid=generate]");

    const job = await waitForJob(session, "the take on the timeline", (candidate) => candidate.state === "placed");
    const sequence = (await snapshot(page)).sequences.find((candidate) => candidate.id === sequenceId)!;
    const items = sequence.tracks[1]!.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ clipId: job.clipId, startFrame: 75, endFrame: 75 + 5 * 25 });
    expect(sequence.tracks[0]!.items).toEqual([]);
    expect((await snapshot(page)).transactions.map((t) => t.label)).toContain("Shotbin: place 1 shot");
  });

  it("resumes a job after a reload mid-generation without submitting it again", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 500, runMs: 7000 } });
    const { page } = session;
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await selectModel(page, "Veo 3.1 Fast (Replicate)");
    await typePrompt(page, "Drone shot over a fishing harbour at sunrise");
    await page.click("[data-testid=generate]");
    const submitted = await waitForJob(session, "the job at the provider", (job) => (job.state === "queued" || job.state === "running") && !!job.handle);
    expect(session.harness.fake.world.creates.replicate).toBe(1);

    await page.reload();
    await page.waitForSelector("[data-testid=generate-tab]");
    await waitFor("the resume notice", async () => (((await page.textContent("[data-testid=notices]").catch(() => "")) ?? "").includes("Resuming 1 unfinished job") ? true : undefined), 10_000);

    const done = await waitForJob(session, "the resumed job in the project", (job) => job.id === submitted.id && job.state === "imported");
    expect(done.handle!.id).toBe(submitted.handle!.id);
    expect(ledgerJobs(session)).toHaveLength(1);
    expect(session.harness.fake.world.creates.replicate).toBe(1);
    expect(clipsIn(await snapshot(page)).some((clip) => clip.id === done.clipId)).toBe(true);
  });

  it("shows a provider failure with its reason, then retries it as a new job after the cost is confirmed", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 200, runMs: 1500 } });
    const { page, harness } = session;
    harness.fake.world.faults.add({ provider: "replicate", fault: { type: "job-failure", message: "GPU worker lost during sampling" } });
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await selectModel(page, "Veo 3.1 Fast (Replicate)");
    await typePrompt(page, "Macro shot of dew on a spider web");
    await page.click("[data-testid=generate]");

    const failed = await waitForJob(session, "the failure", (job) => job.state === "failed");
    expect(failed.failure?.message).toContain("GPU worker lost during sampling");
    await waitFor("the failure notice", async () => (((await page.textContent("[data-testid=notice-error]").catch(() => "")) ?? "").includes("GPU worker lost during sampling") ? true : undefined), 5000);

    await openJobsTab(session);
    const row = page.locator(`[data-testid=job-row][data-job-id="${failed.id}"]`);
    await waitFor("the failed row", async () => ((await row.getAttribute("data-state")) === "failed" ? true : undefined));
    expect(await row.locator("[data-testid=job-detail]").textContent()).toContain("GPU worker lost during sampling");
    await row.locator("[data-testid=job-retry]").click();
    expect(await row.locator("[data-testid=retry-confirm-text]").textContent()).toMatch(/^New job for \$\d+\.\d\d\?$/);
    expect(harness.fake.world.creates.replicate).toBe(1);
    await row.locator("[data-testid=job-retry-confirm]").click();

    const retried = await waitForJob(session, "the retry in the project", (job) => job.retryOf === failed.id && job.state === "imported");
    expect(retried.id).not.toBe(failed.id);
    expect(retried.request.idempotencyKey).not.toBe(failed.request.idempotencyKey);
    expect(retried.attempt).toBe(2);
    expect(harness.fake.world.creates.replicate).toBe(2);
  });

  it("keeps a take for review when auto-import is off: it plays in a <video>, then Import puts it in the bin", async () => {
    session = await openPanel();
    const { page } = session;
    await chooseMediaFolder(page);
    await page.click("[data-testid=tab-review]");
    await page.click("[data-testid=auto-import]");
    await page.click("[data-testid=tab-generate]");
    await typePrompt(page, "Close-up of hands shaping clay on a wheel");
    await page.click("[data-testid=generate]");
    const ready = await waitForJob(session, "the take ready for review", (job) => job.state === "ready");
    await page.waitForTimeout(500);
    expect(clipsIn(await snapshot(page))).toEqual([]);

    await page.click("[data-testid=tab-review]");
    const take = page.locator(`[data-testid=review-take][data-job-id="${ready.id}"]`);
    const video = take.locator("[data-testid=take-video]");
    await waitFor("the preview to load", async () => ((await video.evaluate((element: HTMLVideoElement) => element.readyState).catch(() => 0)) >= 1 ? true : undefined), 10_000);
    expect(await video.evaluate((element: HTMLVideoElement) => Math.round(element.duration))).toBe(5);
    await take.locator("[data-testid=review-import]").click();
    const imported = await waitForJob(session, "the reviewed take in the project", (job) => job.id === ready.id && job.state === "imported");
    expect(clipsIn(await snapshot(page)).map((clip) => clip.id)).toEqual([imported.clipId]);
  });

  it("refuses an option the model cannot take before any request is sent", async () => {
    session = await openPanel();
    const { page, harness } = session;
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    await selectModel(page, "Kling 2.6 (Kling API)");
    await typePrompt(page, "A paper boat drifting down a gutter");
    await page.locator("[data-testid=resolution] select").selectOption({ label: "720p" });
    await page.click("[data-testid=audio]");
    await waitFor("the capability message", async () => (((await page.textContent("[data-testid=issue-resolution]").catch(() => "")) ?? "").includes("native audio needs 1080p") ? true : undefined), 5000);
    await page.fill("[data-testid=seed] input", "12x");
    expect(await page.textContent("[data-testid=issue-seed]")).toContain("seed must be a whole number");
    expect(await page.getAttribute("[data-testid=generate]", "disabled")).not.toBeNull();
    expect(await page.textContent("[data-testid=cost]")).toBe("—");

    await page.click("[data-testid=generate]", { force: true });
    await page.waitForTimeout(1000);
    expect(ledgerJobs(session)).toEqual([]);
    expect(harness.fake.world.requests.filter((request) => request.provider === "kling")).toEqual([]);
    expect(harness.fake.world.creates.kling).toBe(0);

    // Fixing the options makes it valid and priced again.
    await page.fill("[data-testid=seed] input", "");
    await page.locator("[data-testid=resolution] select").selectOption({ label: "1080p" });
    await waitFor("the price", async () => (/^\$\d+\.\d\d for 1 take of 5 s at 1080p/.test((await page.textContent("[data-testid=cost]")) ?? "") ? true : undefined), 5000);
    expect(await page.getAttribute("[data-testid=generate]", "disabled")).toBeNull();
    expect(existsSync(path.join(harness.folders.data, "shotbin-ledger.json"))).toBe(false);
  });
});
