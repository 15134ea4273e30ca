/**
 * Draws the README's and docs/panel.md's pictures of the panel: the real bundle in the harness,
 * driven with Debian's Chromium through playwright-core, in Premiere's dark theme. It makes a
 * small session an editor would recognise (two simulator takes imported and placed, four concept
 * frames with one refined, a bundled example shot list planned, the takes measured by the harness's
 * relay for Review), then writes one picture per tab
 * (`panel-<tab>.png`, the panel's frame), the Frames tab at full height (`frames.png`, for
 * docs/frames.md) and the whole harness page (`harness.png`).
 *
 *   npx tsx scripts/make-screenshots.ts                # into docs/
 *   npx tsx scripts/make-screenshots.ts --out /tmp/shots --theme light
 *
 * Needs Chromium (`apt-get install chromium`, or SHOTBIN_CHROMIUM). The pictures are committed;
 * run this when the panel's look changes.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { ensureHarnessBundle, ensurePanelBundle, ROOT } from "../src/harness/bundles";
import { startHarness } from "../src/harness/harnessServer";
import { PANEL_THEMES, type PanelTheme } from "../src/panel/theme/hostTheme";
import { PANEL_TABS } from "../src/panel/ui/tabs/tabRegistry";

const CHROMIUM = process.env.SHOTBIN_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

async function waitForPanel(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=generate-tab]", { timeout: 60_000 });
}

async function openTab(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid=tab-${id}]`);
  await page.waitForSelector(`[data-testid=${id}-tab]`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string", default: path.join(ROOT, "docs") }, theme: { type: "string", default: "dark" } } });
  const theme = values.theme as PanelTheme;
  if (!PANEL_THEMES.includes(theme)) throw new Error(`--theme must be one of ${PANEL_THEMES.join(", ")}, not ${values.theme}`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium was not found at ${CHROMIUM}: apt-get install chromium, or set SHOTBIN_CHROMIUM.`);
  const out = path.resolve(values.out!);
  mkdirSync(out, { recursive: true });

  await ensurePanelBundle({ log: (line) => console.log(line) });
  await ensureHarnessBundle({ log: (line) => console.log(line) });
  const dir = mkdtempSync(path.join(tmpdir(), "shotbin-screenshots-"));
  const profile = mkdtempSync(path.join(tmpdir(), "shotbin-screenshots-chromium-"));
  const harness = await startHarness({ dir, build: false });
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(harness.url);
    await waitForPanel(page);
    await page.evaluate((name) => window.shotbinHarness.setTheme(name), theme);
    await page.evaluate(() => window.shotbinHarness.useSimulatorOptions({ queueMs: 300, runMs: 1500 }, { reload: false }));
    // The fake providers and the harness's relay, so Review shows each take's QA.
    await page.evaluate(() => window.shotbinHarness.useFakeProviders({ reload: false }));
    await page.reload();
    await waitForPanel(page);

    // A session to show: the media folder, two takes placed at the playhead, a planned example list.
    await page.click("[data-testid=choose-media-folder]");
    await page.waitForSelector("[data-testid=media-folder-line]");
    await page.fill("[data-testid=prompt] textarea", "Dawn over a small fishing harbour, mist on the water, gulls circling the masts");
    await page.locator("[data-testid=model] select").selectOption({ label: "Simulator (offline, free)" });
    await page.locator("[data-testid=takes] select").selectOption({ label: "2" });
    await page.click("[data-testid=place-on-timeline]");
    await page.click("[data-testid=generate]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=latest-shot] [data-testid=job-row][data-state=placed]").length === 2, undefined, { timeout: 60_000 });
    await openTab(page, "shotlist");
    await page.evaluate(() => window.shotbinHarness.queuePickedFile("harbour-studiobinder.csv"));
    await page.click("[data-testid=choose-shot-list]");
    await page.waitForSelector("[data-testid=plan]");
    // Concept frames: four from one prompt, the second refined once, the variant picked.
    await openTab(page, "frames");
    await page.fill("[data-testid=frames-prompt] textarea", "Dawn over a small fishing harbour, mist on the water, gulls circling the masts");
    await page.click("[data-testid=frames-generate]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=frame-tile][data-ready=yes]").length === 4, undefined, { timeout: 60_000 });
    await page.locator("[data-testid=frame-tile]").nth(1).click();
    await page.fill("[data-testid=frames-refine-prompt] input", "a red fishing boat in the foreground");
    await page.locator("[data-testid=frames-refine-count] select").selectOption({ label: "1" });
    await page.click("[data-testid=frames-refine]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=frame-tile][data-ready=yes]").length === 5, undefined, { timeout: 60_000 });
    await page.locator("[data-testid=frame-tile]").nth(2).click();
    // Both takes measured through the relay before Review is drawn.
    await openTab(page, "review");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=qa-badge][data-verdict]").length >= 2, undefined, { timeout: 120_000 });
    await openTab(page, "generate");
    // Let the info notices fade so each picture shows the tab, not a message about the last step.
    const close = page.locator("[data-testid=notices] .sb-close");
    while ((await close.count()) > 0) await close.first().click();

    for (const tab of PANEL_TABS) {
      await openTab(page, tab.id);
      // Each picture from the top of its tab, whatever an earlier step scrolled to.
      await page.evaluate(() => document.querySelectorAll("*").forEach((element) => element.scrollTop > 0 && element.scrollTo(0, 0)));
      const file = path.join(out, `panel-${tab.id}.png`);
      await page.locator("#hx-panel-frame").screenshot({ path: file });
      console.log(`wrote ${file}`);
    }
    // docs/frames.md's picture: the Frames tab, tall enough for the pick and the grid.
    await openTab(page, "frames");
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.locator("#hx-panel-frame").screenshot({ path: path.join(out, "frames.png") });
    console.log(`wrote ${path.join(out, "frames.png")}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await openTab(page, "generate");
    await page.screenshot({ path: path.join(out, "harness.png") });
    console.log(`wrote ${path.join(out, "harness.png")}`);
  } finally {
    await context.close().catch(() => undefined);
    await harness.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
