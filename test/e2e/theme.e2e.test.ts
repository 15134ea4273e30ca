/**
 * The panel follows Premiere's brightness: in Debian's Chromium against the harness, the harness's
 * theme switch plays what Premiere does (document.theme answers the new name, onUpdated fires,
 * the --uxp-host-* variables change), and the panel re-renders in the new colours without a
 * reload. In the light and the dark theme, every tab (with a finished job, notices, field issues
 * and a shot list with errors on screen) passes axe-core's color-contrast rule (WCAG AA) with no
 * violation, with Premiere's host variables set and, for light, with none set at all.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";
import { copyFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import type { PanelTheme } from "../../src/panel/theme/hostTheme";
import { PANEL_TABS } from "../../src/panel/ui/tabs/tabRegistry";
import { chooseMediaFolder, openPanel, openTab, typePrompt, useSessionLifecycle, useSimulatorOptions, waitForJob, type PanelSession } from "./support/panelSession";

jest.setTimeout(180_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

// Every tab the panel has, so a new tab is checked too.
const TABS = PANEL_TABS.map((tab) => tab.id);

interface ContrastFinding {
  theme: string;
  tab: string;
  target: string;
  summary: string;
}

/** axe's color-contrast over the panel's frame: the violations, and how many text nodes it checked. */
async function contrast(page: Page, theme: string, tab: string): Promise<{ findings: ContrastFinding[]; checked: number }> {
  const { violations, checked } = await page.evaluate(async (tabId) => {
    const scope = document.getElementById("hx-panel-frame");
    if (!scope) throw new Error("the harness page has no #hx-panel-frame");
    const tabElement = document.querySelector(`[data-testid=${tabId}-tab]`);
    if (!tabElement) throw new Error(`the ${tabId} tab is not shown`);
    const results = await (window as unknown as { axe: typeof axe }).axe.run(scope, { runOnly: { type: "rule", values: ["color-contrast"] } });
    // Only the tab's own text counts towards "measured": notices come and go with time.
    const inTab = (list: typeof results.passes) =>
      list.reduce((sum, rule) => sum + rule.nodes.filter((node) => {
        const element = document.querySelector(String(node.target[0]));
        return element !== null && tabElement.contains(element);
      }).length, 0);
    return {
      violations: results.violations.flatMap((violation) => violation.nodes.map((node) => ({ target: node.target.join(" > "), summary: node.failureSummary ?? "" }))),
      checked: inTab(results.passes) + inTab(results.violations),
    };
  }, tab);
  return { findings: violations.map((violation) => ({ theme, tab, ...violation })), checked };
}

/** The panel's computed background as relative luminance (0 black, 1 white). */
async function panelLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const colour = getComputedStyle(document.querySelector("[data-testid=panel]")!).backgroundColor;
    const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((c) => c / 255);
    const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  });
}

async function setTheme(page: Page, theme: PanelTheme, hostVariables = true): Promise<void> {
  await page.evaluate(([name, host]) => window.shotbinHarness.setTheme(name as PanelTheme, { hostVariables: host as boolean }), [theme, hostVariables] as const);
  await page.waitForSelector(`[data-theme=${theme}]`);
}

describe("the panel in Premiere's light and dark themes", () => {
  it("re-renders on a theme change without a reload, and every tab passes axe color-contrast in both", async () => {
    session = await openPanel();
    const { page } = session;
    await useSimulatorOptions(page, { queueMs: 50, runMs: 150 });
    await page.setViewportSize({ width: 1400, height: 2600 });
    await chooseMediaFolder(page);
    // Something on every tab: a finished take (Jobs, Review, a notice), a field issue on Generate, a list with errors.
    await typePrompt(page, "A lighthouse beam sweeping through fog");
    await page.click("[data-testid=generate]");
    await waitForJob(session, "the simulator take imported", (job) => job.state === "imported");
    await page.fill("[data-testid=seed] input", "not a seed");
    const lists = path.join(session.harness.folders.root, "lists");
    mkdirSync(lists, { recursive: true });
    copyFileSync(path.join(__dirname, "fixtures", "broken-list.csv"), path.join(lists, "broken-list.csv"));
    await page.evaluate((file) => window.shotbinHarness.queuePickedFile(file), path.join(lists, "broken-list.csv"));
    await openTab(page, "shotlist");
    await page.click("[data-testid=choose-shot-list]");
    await page.waitForSelector("[data-testid=plan-row-problem]");
    await page.addScriptTag({ content: axe.source });

    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const findings: ContrastFinding[] = [];
    const passes: [PanelTheme, boolean][] = [
      ["light", true],
      ["dark", true],
      ["light", false],
    ];
    const luminance: Partial<Record<PanelTheme, number>> = {};
    const checkedPerTab: Record<string, number> = {};
    for (const [theme, hostVariables] of passes) {
      await setTheme(page, theme, hostVariables);
      luminance[theme] = await panelLuminance(page);
      for (const tab of TABS) {
        await openTab(page, tab);
        if (tab === "generate") await page.waitForSelector("[data-testid=issue-seed]");
        const result = await contrast(page, `${theme}${hostVariables ? "" : " (no host variables)"}`, tab);
        findings.push(...result.findings);
        // Not a vacuous pass: axe measured text inside the tab itself.
        checkedPerTab[tab] = Math.min(checkedPerTab[tab] ?? Infinity, result.checked);
      }
    }
    // The same page all along: the panel followed the theme events, it was not reloaded.
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(luminance.light).toBeGreaterThan(0.8);
    expect(luminance.dark).toBeLessThan(0.05);
    expect(findings).toEqual([]);
    expect(TABS.length).toBeGreaterThanOrEqual(6);
    // The Diagnostics tab before a run is a heading and a button; the others hold far more.
    for (const tab of TABS) expect([tab, checkedPerTab[tab]! >= 2]).toEqual([tab, true]);
    expect(session.pageErrors).toEqual([]);
  });

  it("starts in the theme Premiere is in", async () => {
    session = await openPanel();
    const { page } = session;
    await setTheme(page, "light");
    await page.reload();
    await page.waitForSelector("[data-testid=generate-tab]");
    expect(await page.getAttribute("[data-theme]", "data-theme")).toBe("light");
    expect(await page.evaluate(() => (document as unknown as { theme?: { getCurrent(): string } }).theme?.getCurrent())).toBe("light");
    expect(await panelLuminance(page)).toBeGreaterThan(0.8);
  });
});
