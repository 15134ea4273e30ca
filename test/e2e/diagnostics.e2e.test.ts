/**
 * The Diagnostics tab in Debian's Chromium against the fake Premiere (the `npm start` harness):
 * the self-check runs over the panel's own platform, the editor answers its one question by
 * clicking a bin in the harness's project view, every check passes, and the report can be copied
 * and saved, holding no key and no path outside the scratch folder.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { CHECK_IDS } from "../../src/diagnostics/checkCatalogue";
import { selfCheckReportSchema } from "../../src/diagnostics/reportSchema";
import { chooseMediaFolder, openPanel, openTab, snapshot, useFakeProviders, waitFor, type PanelSession, useSessionLifecycle } from "./support/panelSession";

jest.setTimeout(120_000);

let session: PanelSession | undefined;

useSessionLifecycle(() => session, () => (session = undefined));

describe("the Diagnostics tab in a browser, against the fake Premiere", () => {
  it("runs the self-check with every check passing, then copies and saves a report with no keys and no outside paths", async () => {
    session = await openPanel();
    const { page, harness } = session;
    // The relay from Settings is what the network checks reach; the fake providers' keys are the secrets to keep out.
    await useFakeProviders(page);
    await chooseMediaFolder(page);
    const before = await snapshot(page);
    await openTab(page, "diagnostics");
    await page.click("[data-testid=run-self-check]");

    // The self-check asks for what the API cannot do: a click on a bin in the Project panel.
    const instruction = await page.waitForSelector("[data-testid=self-check-waiting]", { timeout: 30_000 });
    expect(await instruction.textContent()).toContain("Click a bin in the Project panel");
    await page.click("[data-testid=bin][data-name=Footage]");

    const summary = await page.waitForSelector("[data-testid=self-check-summary]", { timeout: 60_000 });
    const rows = page.locator("[data-testid=check-row]");
    const statuses = await rows.evaluateAll((elements) => elements.map((element) => [element.getAttribute("data-id"), element.getAttribute("data-status")]));
    const notPassed = statuses.filter(([, status]) => status !== "pass");
    const observed = notPassed.length ? await page.locator("[data-testid=check-row]:not([data-status=pass]) [data-testid=check-observed]").allTextContents() : [];
    expect({ notPassed, observed }).toEqual({ notPassed: [], observed: [] });
    expect(statuses.map(([id]) => id).sort()).toEqual([...CHECK_IDS].sort());
    expect(await summary.getAttribute("data-pass")).toBe(String(CHECK_IDS.length));
    expect(await page.locator("[data-testid=self-check-waiting]").count()).toBe(0);
    // Each row says what was expected and what was seen.
    expect(await page.locator("[data-testid=check-row][data-id=xmp-mp4] [data-testid=check-expected]").textContent()).toMatch(/^Expected: .+/);
    expect(await page.locator("[data-testid=check-row][data-id=network-websocket] [data-testid=check-observed]").textContent()).toContain("answered the token with ready");

    // The scratch bin and sequence are gone again; the editor's project is as it was.
    const after = await snapshot(page);
    expect(after.sequences.map((sequence) => [sequence.name, sequence.active])).toEqual(before.sequences.map((sequence) => [sequence.name, sequence.active]));
    expect(JSON.stringify(after.root)).not.toContain("Shotbin self-check");
    expect(readdirSync(harness.folders.temp)).toEqual([]);

    // Copy report: the text and the JSON, through UXP's clipboard.
    await page.click("[data-testid=copy-report]");
    const copied = await waitFor("the clipboard", () => page.evaluate(() => window.shotbinHarness.clipboardText()), 5000);
    expect(copied).toMatch(/^Shotbin self-check \(report format 1\), run /);
    expect(copied).toContain(`${CHECK_IDS.length} passed, 0 failed, 0 skipped`);

    // Save report: valid format-1 JSON in the media folder, shown in the panel as read back from disk.
    await page.click("[data-testid=save-report]");
    await page.waitForSelector("[data-testid=saved-report]");
    const files = readdirSync(harness.folders.media).filter((name) => name.startsWith("shotbin-self-check-"));
    expect(files).toHaveLength(1);
    const text = readFileSync(path.join(harness.folders.media, files[0]!), "utf8");
    const report = selfCheckReportSchema.parse(JSON.parse(text));
    expect(report.summary).toEqual({ total: CHECK_IDS.length, pass: CHECK_IDS.length, fail: 0, skipped: 0 });
    expect(report.relay).toEqual({ configured: true });
    expect(copied).toContain(JSON.stringify(report, null, 2));
    await page.click("[data-testid=view-report]");
    expect(JSON.parse((await page.textContent("[data-testid=report-json]")) ?? "")).toEqual(report);

    // No key, no token, no path of the editor's machine outside the scratch folder, no project path.
    const secrets = [...Object.values(harness.info.fakeKeys), harness.info.relayToken];
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(copied).not.toContain(secret);
    }
    for (const folder of [harness.folders.root, harness.folders.media, harness.folders.temp, harness.info.folders.plugin, "/Harness/Harness Project.prproj"]) {
      expect(text).not.toContain(folder);
    }
    expect(session.pageErrors).toEqual([]);
  });
});
