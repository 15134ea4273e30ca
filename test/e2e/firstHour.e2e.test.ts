/**
 * The first hour in Debian's Chromium against the harness: after Generate the take's progress is
 * followed on the Generate tab itself, with a jump to Jobs; the media folder shows on Generate and
 * in Settings; the shot-list picker offers the bundled examples (and never hands over an image);
 * a binary file named like a list is refused with a sentence saying so; Settings opens each
 * provider's key and pricing pages through shell.openExternal, from the same table
 * `shotbin providers` cites; a plain-http relay address is warned about.
 */
import { copyFileSync } from "node:fs";
import * as path from "node:path";
import { PROVIDER_DESCRIPTIONS } from "../../src/providers/providerDescriptions";
import { chooseMediaFolder, ledgerJobs, openPanel, openTab, typePrompt, useSessionLifecycle, useSimulatorOptions, waitFor, type PanelSession } from "./support/panelSession";

jest.setTimeout(120_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

const text = (s: PanelSession, selector: string) => s.page.locator(selector).first().textContent().then((value) => value ?? "");
const log = (s: PanelSession) => s.page.evaluate(() => window.shotbinHarness.logLines.join("\n"));

describe("the panel's first hour, in a browser", () => {
  it("follows a take's progress under the Generate button, shows where clips go, and jumps to Jobs", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 400, runMs: 2500 });
    expect(await page.locator("[data-testid=latest-shot]").count()).toBe(0);
    await chooseMediaFolder(page);
    expect(await text(session, "[data-testid=media-folder-path]")).toBe(session.harness.folders.media);

    await typePrompt(page, "A paper boat drifts down a rain gutter");
    await page.click("[data-testid=generate]");
    await page.waitForSelector("[data-testid=latest-shot] [data-testid=job-row]");
    expect(await text(session, "[data-testid=latest-shot]")).toMatch(/^Shot G1/);
    // The same row as in Jobs, moving: a progress bar while the simulator runs, then the imported take.
    await page.waitForSelector("[data-testid=latest-shot] [data-testid=job-progress]");
    await page.waitForSelector("[data-testid=latest-shot] [data-testid=job-row][data-state=imported]", { timeout: 30_000 });
    expect(ledgerJobs(session).map((job) => job.state)).toEqual(["imported"]);

    await page.click("[data-testid=open-jobs]");
    await page.waitForSelector("[data-testid=jobs-tab] [data-testid=job-row][data-state=imported]");
    await openTab(page, "settings");
    expect(await text(session, "[data-testid=media-folder]")).toBe(session.harness.folders.media);
  });

  it("offers the bundled example lists in the shot-list picker, never an image, and refuses a binary file with a reason", async () => {
    session = await openPanel();
    const { page } = session;
    await chooseMediaFolder(page);
    await openTab(page, "shotlist");

    await page.click("[data-testid=choose-shot-list]");
    await page.waitForSelector("#hx-picker");
    const offered = await page.locator("#hx-picker button[data-file]").evaluateAll((buttons) => buttons.map((button) => button.getAttribute("data-file")));
    expect(offered).toEqual(["harbour-studiobinder.csv", "night-market-semicolon.csv", "product-teaser.json", "the-harbour.fountain"]);
    await page.click("#hx-picker button[data-file='harbour-studiobinder.csv']");
    await page.waitForSelector("[data-testid=plan]");
    expect(await page.locator("[data-testid=plan-row]").count()).toBeGreaterThan(3);

    // An image queued for a shot-list pick is not handed over.
    await page.evaluate(() => window.shotbinHarness.queuePickedFile("first-frame.png"));
    await page.click("[data-testid=choose-shot-list]");
    await waitFor("the refusal", async () => /first-frame\.png, but the panel asked for csv.*a picker never hands that over/.test(await text(session!, "[data-testid=shot-list-load-problem]").catch(() => "")) || undefined);
    expect(await log(session)).toMatch(/file picker: .*first-frame\.png/);

    // A picture renamed to .csv gets through the picker's filter, and the panel refuses it before parsing.
    const disguised = path.join(session.harness.folders.lists, "shots.csv");
    copyFileSync(path.join(session.harness.folders.images, "first-frame.png"), disguised);
    await page.evaluate((file) => window.shotbinHarness.queuePickedFile(file), disguised);
    await page.click("[data-testid=choose-shot-list]");
    await waitFor("the refusal of a binary file", async () => /^The shot list could not be read: shots\.csv is not a text file: byte \d+ is a NUL/.test(await text(session!, "[data-testid=shot-list-load-problem]").catch(() => "")) || undefined);
    expect(ledgerJobs(session)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it("opens each provider's key and pricing page from Settings through shell.openExternal, and warns about a plain-http relay", async () => {
    session = await openPanel();
    const { page } = session;
    await openTab(page, "settings");
    for (const provider of PROVIDER_DESCRIPTIONS) {
      if (!provider.links) continue;
      await page.click(`[data-testid=key-page-${provider.id}]`);
      await page.click(`[data-testid=pricing-page-${provider.id}]`);
    }
    const opened = (await log(session)).split("\n").flatMap((line) => /^shell\.openExternal\((.*)\)$/.exec(line)?.slice(1) ?? []);
    expect(opened).toEqual(PROVIDER_DESCRIPTIONS.flatMap((provider) => (provider.links ? [provider.links.keys, provider.links.pricing] : [])));

    expect(await page.locator("[data-testid=relay-http-warning]").count()).toBe(0);
    await page.fill("[data-testid=relay-url] input", "http://10.0.0.5:8787");
    await page.waitForSelector("[data-testid=relay-http-warning]");
    await page.fill("[data-testid=relay-url] input", "https://relay.studio.example");
    await page.waitForSelector("[data-testid=relay-http-warning]", { state: "detached" });
  });
});
