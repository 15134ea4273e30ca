/**
 * The Settings tab and the Jobs tab's actions in Debian's Chromium against the fake Premiere, the
 * fake providers and the relay (the `npm start` harness): keys, Test key, the relay indicator, the
 * media folder, the default model and the daily cap as an editor enters them and as they come back
 * after a reload; file names and bins; Reveal and Re-import; cancel at a provider; the filters and
 * the money spent today and this month.
 */
import * as path from "node:path";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { formatUsd } from "../../src/core/pricing";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import {
  chooseMediaFolder,
  clipsIn,
  ledgerJobs,
  openPanel,
  openTab,
  selectModel,
  snapshot,
  typePrompt,
  useFakeProviders,
  useSimulatorOptions,
  waitFor,
  waitForJob,
  waitForPanel,
  type PanelSession,
  useSessionLifecycle,
} from "./support/panelSession";

jest.setTimeout(120_000);

let session: PanelSession | undefined;

useSessionLifecycle(() => session, () => (session = undefined));

const REPLICATE_KEY = KEY_NAMES.replicate;

async function textOf(s: PanelSession, selector: string): Promise<string> {
  return (await s.page.locator(selector).first().textContent({ timeout: 5000 })) ?? "";
}

/** Waits until the element's text contains `expected`, and returns the text. */
async function waitForText(s: PanelSession, selector: string, expected: string, timeoutMs = 10_000): Promise<string> {
  let last = "";
  return waitFor(
    `"${expected}" in ${selector}`,
    async () => {
      last = (await s.page.locator(selector).first().textContent({ timeout: 200 }).catch(() => "")) ?? "";
      return last.includes(expected) ? last : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it says "${last}"`);
  });
}

async function selectedLabel(s: PanelSession, testId: string): Promise<string> {
  return s.page.locator(`[data-testid=${testId}] select`).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? "");
}

/** Everything on the page an editor could see or copy: text, markup, and the values inside the widgets' shadow roots. */
async function everythingShown(s: PanelSession): Promise<string> {
  return s.page.evaluate(() => {
    const values: string[] = [];
    for (const element of Array.from(document.querySelectorAll("*"))) {
      element.shadowRoot?.querySelectorAll("input, textarea").forEach((control) => values.push((control as HTMLInputElement).value));
    }
    return [document.body.innerText, document.documentElement.outerHTML, ...values].join("\n");
  });
}

/** The secureStorage stand-in's copy of a secret (bytes as base64 in the browser's localStorage), decoded. */
async function storedSecret(s: PanelSession, name: string): Promise<string | null> {
  const stored = await s.page.evaluate((key) => localStorage.getItem(`harness.secureStorage.${key}`), name);
  return stored === null ? null : Buffer.from(stored, "base64").toString("utf8");
}

describe("Settings and Jobs in a browser, against the fake Premiere and the fake providers", () => {
  it("keeps a key in secureStorage without ever showing it, tests it, connects the relay, and keeps the folder, default model and cap after a reload", async () => {
    session = await openPanel();
    const s = session;
    const { page, harness } = s;
    // The fakes' endpoints only: the key and the relay are entered here, as an editor would.
    await useFakeProviders(page, { keys: false, relay: false });
    await openTab(page, "settings");

    expect(await textOf(s, "[data-testid=media-folder]")).toBe("not chosen");
    await page.click("[data-testid=settings-choose-media-folder]");
    await waitForText(s, "[data-testid=media-folder]", harness.folders.media);

    // A key: saved to secureStorage, the field emptied, and the key nowhere on the page.
    const keyField = page.locator(`[data-testid="key-${REPLICATE_KEY}"] input`);
    expect(await textOf(s, `[data-testid="key-state-${REPLICATE_KEY}"]`)).toBe("not set");
    expect(await page.locator("[data-testid=key-test-replicate]").count()).toBe(0);
    await keyField.fill(FAKE_KEYS.replicate);
    await page.click(`[data-testid="key-save-${REPLICATE_KEY}"]`);
    await waitForText(s, `[data-testid="key-state-${REPLICATE_KEY}"]`, "saved");
    expect(await keyField.inputValue()).toBe("");
    expect(await storedSecret(s, REPLICATE_KEY)).toBe(FAKE_KEYS.replicate);
    expect(await everythingShown(s)).not.toContain(FAKE_KEYS.replicate);
    expect(await page.evaluate(() => localStorage.getItem("shotbin.settings.v1"))).not.toContain(FAKE_KEYS.replicate);

    // Test key makes one authenticated call: the fake accepts its own key...
    await page.click("[data-testid=key-test-replicate]");
    expect(await waitForText(s, "[data-testid=key-test-result-replicate]", "The key works.")).toBe("The key works.");
    // ...and a wrong key gets Replicate's own refusal. Saving it drops the old verdict first.
    await keyField.fill("r8_this_token_was_revoked");
    await page.click(`[data-testid="key-save-${REPLICATE_KEY}"]`);
    await waitFor("the field to empty", async () => ((await keyField.inputValue()) === "" ? true : undefined));
    expect(await page.locator("[data-testid=key-test-result-replicate]").count()).toBe(0);
    expect(await storedSecret(s, REPLICATE_KEY)).toBe("r8_this_token_was_revoked");
    await page.click("[data-testid=key-test-replicate]");
    const refusal = await waitForText(s, "[data-testid=key-test-result-replicate]", "You did not pass a valid authentication token");
    expect(await page.getAttribute("[data-testid=key-test-result-replicate]", "class")).toContain("sb-error");
    expect(refusal).not.toContain("r8_this_token_was_revoked");
    await keyField.fill(FAKE_KEYS.replicate);
    await page.click(`[data-testid="key-save-${REPLICATE_KEY}"]`);
    await waitFor("the good key back", async () => ((await storedSecret(s, REPLICATE_KEY)) === FAKE_KEYS.replicate ? true : undefined));

    // The relay: a wrong token is refused and said so; the right one connects.
    expect(await page.getAttribute("[data-testid=relay-indicator]", "data-state")).toBe("off");
    await page.fill("[data-testid=relay-url] input", harness.info.relayUrl);
    await page.fill("[data-testid=relay-token] input", "not-the-relay-token");
    await page.click("[data-testid=relay-connect]");
    await waitFor("the relay to refuse the token", async () => ((await page.getAttribute("[data-testid=relay-indicator]", "data-state")) === "unauthorized" ? true : undefined));
    expect(await textOf(s, "[data-testid=relay-indicator]")).toContain("Token refused");
    expect(await textOf(s, "[data-testid=relay-problem]")).toContain("refused this token");
    await page.fill("[data-testid=relay-token] input", harness.info.relayToken);
    await page.click("[data-testid=relay-connect]");
    await waitFor("the relay to connect", async () => ((await page.getAttribute("[data-testid=relay-indicator]", "data-state")) === "live" ? true : undefined));
    expect(await textOf(s, "[data-testid=relay-indicator]")).toContain("Connected (live)");
    expect(await page.locator("[data-testid=relay-token] input").inputValue()).toBe("");
    expect(await storedSecret(s, "relay.token")).toBe(harness.info.relayToken);

    // The default model is selected in Generate at once; the cap refuses what is not an amount.
    await page.locator("[data-testid=default-model] select").selectOption({ label: "Veo 3.1 Fast (Replicate)" });
    await page.fill("[data-testid=daily-budget] input", "ten dollars");
    await page.click("[data-testid=daily-budget-save]");
    expect(await waitForText(s, "[data-testid=daily-budget-problem]", "is not an amount")).toContain("'ten dollars' is not an amount");
    await page.fill("[data-testid=daily-budget] input", "$1");
    await page.click("[data-testid=daily-budget-save]");
    await waitForText(s, "[data-testid=daily-budget-state]", "Cap $1.00 a day.");
    await openTab(page, "generate");
    expect(await selectedLabel(s, "model")).toBe("Veo 3.1 Fast (Replicate)");

    // All of it comes back in the next session: the folder through its persistent token.
    await page.reload();
    await waitForPanel(page);
    expect(await selectedLabel(s, "model")).toBe("Veo 3.1 Fast (Replicate)");
    expect(await page.locator("[data-testid=media-folder-needed]").count()).toBe(0);
    await openTab(page, "settings");
    expect(await textOf(s, "[data-testid=media-folder]")).toBe(harness.folders.media);
    expect(await textOf(s, `[data-testid="key-state-${REPLICATE_KEY}"]`)).toBe("saved");
    expect(await textOf(s, "[data-testid=daily-budget-state]")).toContain("Cap $1.00 a day.");
    await waitFor("the relay to reconnect", async () => ((await page.getAttribute("[data-testid=relay-indicator]", "data-state")) === "live" ? true : undefined));
    expect(await everythingShown(s)).not.toContain(FAKE_KEYS.replicate);

    // The cap holds: an 8 s Veo take costs more than $1, so nothing is sent.
    await openTab(page, "generate");
    await typePrompt(page, "A lighthouse keeper climbs the stairs");
    await page.click("[data-testid=generate]");
    expect(await waitForText(s, "[data-testid=generate-problem]", "over your daily cap of $1.00")).toMatch(/^Not sent: This would bring today's spending to \$\d+\.\d\d, over your daily cap of \$1\.00/);
    expect(harness.fake.world.creates.replicate).toBe(0);
    expect(ledgerJobs(s)).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it("names and files clips as set in Settings, refuses a broken template, then reveals the file and re-imports a clip deleted from the project", async () => {
    session = await openPanel();
    const s = session;
    const { page, harness } = s;
    await useSimulatorOptions(page, { queueMs: 100, runMs: 400 });
    await openTab(page, "settings");
    await page.click("[data-testid=settings-choose-media-folder]");
    await waitForText(s, "[data-testid=media-folder]", harness.folders.media);

    const template = page.locator("[data-testid=file-name-template] input");
    const saveTemplate = async (value: string) => {
      await template.fill(value);
      await page.click("[data-testid=file-name-template-save]");
    };
    await saveTemplate("{shot}/{take}.mp4");
    expect(await waitForText(s, "[data-testid=file-name-template-problem]", "path separator")).toBe(
      "The file-name template '{shot}/{take}.mp4' contains a path separator; it must name a file, not a folder.",
    );
    await saveTemplate("{shot}_{camera}.mp4");
    expect(await waitForText(s, "[data-testid=file-name-template-problem]", "{camera}")).toMatch(/^The file-name template uses \{camera\}, which Shotbin does not know; use \{shot\}, /);
    await saveTemplate("{shot_{take}.mp4");
    await waitForText(s, "[data-testid=file-name-template-problem]", "without its partner");
    await saveTemplate("{shot}_take{take}_{model}.mp4");
    expect(await waitForText(s, "[data-testid=file-name-template-saved]", "would be named")).toContain("G1_take1_veo-3.1.mp4");
    expect(await page.locator("[data-testid=file-name-template-problem]").count()).toBe(0);

    await page.locator("[data-testid=bin-mode] select").selectOption({ label: "One sub-bin with a fixed name" });
    const binName = page.locator("[data-testid=fixed-bin-name] input");
    await binName.fill("  ");
    await page.click("[data-testid=fixed-bin-name-save]");
    await waitForText(s, "[data-testid=fixed-bin-name-problem]", "Enter a name for the sub-bin");
    await binName.fill("Selects");
    await page.click("[data-testid=fixed-bin-name-save]");
    await waitForText(s, "[data-testid=fixed-bin-name-saved]", "New clips go into Selects");

    await page.reload();
    await waitForPanel(page);
    await openTab(page, "settings");
    expect(await template.inputValue()).toBe("{shot}_take{take}_{model}.mp4");
    expect(await selectedLabel(s, "bin-mode")).toBe("One sub-bin with a fixed name");
    expect(await binName.inputValue()).toBe("Selects");

    await openTab(page, "generate");
    await typePrompt(page, "Steam rising from a cup of coffee by a window");
    await page.click("[data-testid=generate]");
    const job = await waitForJob(s, "the take in the project", (candidate) => candidate.state === "imported");
    expect(path.basename(job.file!)).toBe("G1_take1_shotbin-sim.mp4");
    expect(path.dirname(job.file!)).toBe(harness.folders.media);
    const clip = clipsIn(await snapshot(page)).find((candidate) => candidate.id === job.clipId)!;
    expect(clip.binPath).toEqual(["Shots", "Selects"]);

    // Reveal opens the clip's folder through UXP's shell.
    await openTab(page, "jobs");
    const row = page.locator(`[data-testid=job-row][data-job-id="${job.id}"]`);
    await waitFor("the row done", async () => ((await row.getAttribute("data-state")) === "imported" ? true : undefined));
    await row.locator("[data-testid=job-reveal]").click();
    await waitFor("shell.openPath", async () => ((await page.evaluate(() => window.shotbinHarness.logLines)).includes(`shell.openPath(${harness.folders.media})`) ? true : undefined), 5000);
    await waitForText(s, "[data-testid=notices]", `Opened ${harness.folders.media}.`);

    // The editor deletes the clip in the Project panel; Re-import puts it back, columns and all.
    await page.evaluate((id) => window.shotbinHarness.removeProjectItem(id), job.clipId!);
    expect(clipsIn(await snapshot(page)).filter((candidate) => candidate.mediaPath === job.file)).toEqual([]);
    await row.locator("[data-testid=job-reimport]").click();
    const back = await waitFor("the clip back in the bin", async () => clipsIn(await snapshot(page)).find((candidate) => candidate.mediaPath === job.file), 10_000);
    expect(back.binPath).toEqual(["Shots", "Selects"]);
    expect(back.id).not.toBe(job.clipId);
    expect(back.columns).toMatchObject({ "AI Prompt": "Steam rising from a cup of coffee by a window", "AI Provider": "simulator", Shot: "G1", Take: "1", "AI Job": job.handle!.id });
    await waitForText(s, "[data-testid=notices]", "G1 take 1 imported again as G1_take1_shotbin-sim.mp4.");
    await waitForJob(s, "the ledger to point at the new clip", (candidate) => candidate.id === job.id && candidate.clipId === back.id, 5000);
    expect(clipsIn(await snapshot(page))).toHaveLength(1);
    expect(s.pageErrors).toEqual([]);
  });

  it("cancels a take at the provider, filters the jobs by status, and shows what was spent today and this month", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 300, runMs: 60_000 } });
    const s = session;
    const { page, harness } = s;
    await page.evaluate(() => {
      window.shotbinHarness.useFakeProviders({ reload: false });
      window.shotbinHarness.useSimulatorOptions({ queueMs: 100, runMs: 300 }, { reload: false });
    });
    await page.reload();
    await waitForPanel(page);
    await chooseMediaFolder(page);

    await typePrompt(page, "Clouds racing over a wheat field");
    await page.click("[data-testid=generate]");
    const done = await waitForJob(s, "the simulator take in the project", (job) => job.state === "imported");
    await selectModel(page, "Veo 3.1 Fast (Replicate)");
    await typePrompt(page, "A long tracking shot that will be called off");
    await page.click("[data-testid=generate]");
    const running = await waitForJob(s, "the Replicate take at the provider", (job) => job.request.provider === "replicate" && (job.state === "running" || job.state === "queued") && !!job.handle);

    await openTab(page, "jobs");
    const row = page.locator(`[data-testid=job-row][data-job-id="${running.id}"]`);
    await row.locator("[data-testid=job-cancel]").click();
    const cancelled = await waitForJob(s, "the cancel", (job) => job.id === running.id && job.state === "cancelled", 15_000);
    expect(harness.fake.world.job("replicate", running.handle!.id)?.state).toBe("cancelled");
    expect(harness.fake.world.creates.replicate).toBe(1);
    // "Cancel requested" shows only until Replicate confirms, so the lasting notice is the one to read.
    await waitForText(s, "[data-testid=notices]", "G2 take 1 was cancelled. Replicate may still charge for it, so it counts as spent.");
    await waitFor("the row cancelled", async () => ((await row.getAttribute("data-state")) === "cancelled" ? true : undefined), 5000);
    expect(await row.locator("[data-testid=job-cancel]").count()).toBe(0);

    // Filters: counts per status, and only the matching rows.
    const chip = (name: string) => textOf(s, `[data-testid=filter-${name}]`);
    expect([await chip("all"), await chip("active"), await chip("done"), await chip("failed"), await chip("cancelled")]).toEqual(["All 2", "Active 0", "Done 1", "Failed 0", "Cancelled 1"]);
    const rowIds = () => page.locator("[data-testid=job-row]").evaluateAll((rows) => rows.map((element) => element.getAttribute("data-job-id")));
    expect(await rowIds()).toEqual([cancelled.id, done.id]);
    await page.click("[data-testid=filter-cancelled]");
    expect(await rowIds()).toEqual([cancelled.id]);
    await page.click("[data-testid=filter-done]");
    expect(await rowIds()).toEqual([done.id]);
    await page.click("[data-testid=filter-failed]");
    expect(await textOf(s, "[data-testid=jobs-empty]")).toBe("No jobs match this filter.");
    await page.click("[data-testid=filter-all]");
    expect(await rowIds()).toHaveLength(2);

    // A take cancelled after the provider took it may be charged, so it counts; the simulator is free.
    expect(cancelled.estimate.usd).toBeGreaterThan(0);
    expect(await textOf(s, "[data-testid=spent-today]")).toBe(formatUsd(cancelled.estimate.usd));
    expect(await textOf(s, "[data-testid=spent-month]")).toBe(formatUsd(cancelled.estimate.usd));
    expect(s.pageErrors).toEqual([]);
  });
});
