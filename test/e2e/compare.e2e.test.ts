/**
 * Generate's Compare mode in Debian's Chromium against the harness: three models (the simulator
 * and two fake providers), the total before anything is sent, one click that sends one take to
 * each, three columns side by side as the takes come in, the same comparison after a reload, and
 * the choice: the chosen take in the shot's bin, the others in its Takes sub-bin of the fake
 * Premiere's project.
 */
import axe from "axe-core";
import {
  chooseMediaFolder,
  clipsIn,
  ledgerJobs,
  localDate,
  openPanel,
  screenshot,
  snapshot,
  typePrompt,
  useFakeProviders,
  useSessionLifecycle,
  waitFor,
  waitForPanel,
  type PanelSession,
} from "./support/panelSession";
import type { SnapshotNode } from "../../src/host/fake/fakeSnapshot";

jest.setTimeout(150_000);

let session: PanelSession | undefined;
useSessionLifecycle(() => session, () => (session = undefined));

const SIM = "simulator|shotbin-sim";
const VEO = "replicate|google/veo-3.1-fast";
const KLING = "kling|kling-2.6";

describe("Compare mode on Generate", () => {
  it("sends one prompt to three models after showing the total, shows the takes side by side, and keeps the others in Takes", async () => {
    session = await openPanel({ fakeConfig: { queueMs: 300, runMs: 1500 } });
    const { page } = session;
    await useFakeProviders(page, { relay: false });
    await chooseMediaFolder(page);
    await typePrompt(page, "A heron takes off from a misty lake at dawn");

    await page.click("[data-testid=mode-compare]");
    await page.waitForSelector("[data-testid=compare-models]");
    // The simulator, which Generate had selected, is ticked; tick two more.
    for (const key of [VEO, KLING]) await page.click(`[data-testid=compare-model][data-key="${key}"] sp-checkbox`);

    // Each model's price, and their sum, before anything is sent.
    const costs = await waitFor("three priced models", async () => {
      const rows = await page.$$eval("[data-testid=compare-model-cost]", (nodes) => nodes.map((node) => ({ key: node.getAttribute("data-key"), usd: Number(node.getAttribute("data-usd")) })));
      return rows.length === 3 ? rows : undefined;
    });
    expect(costs.map((row) => row.key)).toEqual([SIM, VEO, KLING]);
    expect(costs[0]!.usd).toBe(0);
    expect(costs[1]!.usd).toBeGreaterThan(0);
    expect(costs[2]!.usd).toBeGreaterThan(0);
    const total = Number(await page.getAttribute("[data-testid=compare-total]", "data-usd"));
    expect(total).toBeCloseTo(costs[1]!.usd + costs[2]!.usd, 6);
    expect(await page.textContent("[data-testid=compare-total]")).toMatch(/^Total: \$\d+\.\d\d for 3 models, 1 take each/);
    expect(ledgerJobs(session)).toEqual([]);
    expect(await page.textContent("[data-testid=compare-send-button]")).toBe("Send 3 takes to 3 models");

    await page.click("[data-testid=compare-send-button]");
    // Three columns, one per model, each take reaching its file.
    await waitFor(
      "three columns with a take each, all in",
      async () => {
        const states = await page.$$eval("[data-testid=compare-column]", (columns) => columns.map((column) => [column.getAttribute("data-key"), column.querySelector("[data-testid=compare-take]")?.getAttribute("data-state")]));
        return states.length === 3 && states.every(([, state]) => state === "ready") ? true : undefined;
      },
      60_000,
    );
    const columns = page.locator("[data-testid=compare-column]");
    expect(await columns.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-key")))).toEqual([SIM, VEO, KLING]);
    expect(await columns.locator("[data-testid=compare-column-model]").allTextContents()).toEqual(["Simulator (offline, free)", "Veo 3.1 Fast (Replicate)", "Kling 2.6 (Kling API)"]);
    expect(await columns.locator("[data-testid=compare-take-time]").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+:\d\d to result$/)]));
    expect(await columns.locator("[data-testid=compare-take-clip]").count()).toBe(3);
    // No relay in this session: the badge says QA needs one.
    expect(await columns.locator("[data-testid=compare-qa]").allTextContents()).toEqual(["QA needs a relay", "QA needs a relay", "QA needs a relay"]);
    // Nothing is in the project before the choice, and each provider was asked once.
    expect(clipsIn(await snapshot(page)).filter((clip) => clip.columns["AI Prompt"])).toEqual([]);
    expect(session.harness.fake.world.creates.replicate).toBe(1);
    expect(session.harness.fake.world.creates.kling).toBe(1);

    await screenshot(page, "compare-before-choice");
    // The columns and the choice read in Premiere's light and dark themes (axe-core's color-contrast).
    await page.addScriptTag({ content: axe.source });
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((name) => window.shotbinHarness.setTheme(name, { hostVariables: true }), theme);
      await page.waitForSelector(`[data-theme=${theme}]`);
      const result = await page.evaluate(async () => {
        const scope = document.querySelector("[data-testid=compare-groups]")!;
        const run = await (window as unknown as { axe: typeof axe }).axe.run(scope, { runOnly: { type: "rule", values: ["color-contrast"] } });
        return { violations: run.violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(" > "))), checked: run.passes.reduce((sum, rule) => sum + rule.nodes.length, 0) };
      });
      expect([theme, result.violations]).toEqual([theme, []]);
      expect(result.checked).toBeGreaterThan(10);
    }

    // The comparison survives a reload: rebuilt from the ledger, offered from the mode switch.
    await page.reload();
    await waitForPanel(page);
    await page.click("[data-testid=compare-waiting]");
    await page.waitForSelector(`[data-testid=compare-column][data-key="${VEO}"] [data-testid=compare-choose]`);
    expect(await page.locator("[data-testid=compare-column]").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-key")))).toEqual([SIM, VEO, KLING]);

    await page.click(`[data-testid=compare-column][data-key="${VEO}"] [data-testid=compare-choose]`);
    const jobs = await waitFor("the three takes in the project", () => {
      const all = ledgerJobs(session!);
      return all.length === 3 && all.every((job) => job.state === "imported") ? all : undefined;
    });
    const chosen = jobs.find((job) => job.request.provider === "replicate")!;
    const day = localDate();
    const clips = clipsIn(await snapshot(page));
    for (const job of jobs) {
      const clip = clips.find((candidate) => candidate.mediaPath === job.file);
      expect(clip?.binPath).toEqual(job.id === chosen.id ? ["Shots", "Shotbin", day] : ["Shots", "Shotbin", day, "Takes"]);
    }
    // One Takes sub-bin for all the takes kept, beside nothing else.
    const binsUnder = (node: SnapshotNode | null | undefined, path: string[]): string[] => {
      if (!node || node.kind === "clip") return [];
      if (path.length === 0) return node.children.filter((child) => child.kind === "bin").map((child) => child.name);
      return binsUnder(node.children.find((child) => child.kind === "bin" && child.name === path[0]), path.slice(1));
    };
    expect(binsUnder((await snapshot(page)).root, ["Shots", "Shotbin", day])).toEqual(["Takes"]);
    await waitFor("the column to say which take was chosen", async () => ((await page.getAttribute(`[data-testid=compare-column][data-key="${VEO}"] [data-testid=compare-take]`, "data-role")) === "chosen" ? true : undefined));
    expect(await page.locator("[data-testid=compare-choose]").count()).toBe(0);
    expect(session.harness.fake.world.creates.replicate).toBe(1);
    expect(session.pageErrors).toEqual([]);
  });
});
