/**
 * One browser test's world: a fresh harness (fake providers, relay, temp folders), Debian's
 * Chromium with a fresh profile, and the harness page showing the real panel bundle. Helpers act
 * the way an editor does (click, type, pick) and read what the editor and Premiere would see.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startHarness, type RunningHarness } from "../../../src/harness/harnessServer";
import type { FakeConfig } from "../../../src/fakes/fakeWorld";
import type { JobRecord } from "../../../src/core/jobRecord";
import type { FakeSnapshot, SnapshotNode } from "../../../src/host/fake/fakeSnapshot";
import { ensureHarnessBundle, ensurePanelBundle } from "../../../src/harness/bundles";

export const CHROMIUM = process.env.SHOTBIN_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve(__dirname, "..", "..", "..", "test-artifacts", "e2e");
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

/** The browser tests never skip: without Chromium they fail and say what to install. */
export function chromiumPath(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The panel's browser tests need Debian's "chromium" package: ` +
        `sudo apt-get install -y chromium (or set SHOTBIN_CHROMIUM to a Chromium binary).`,
    );
  }
  return CHROMIUM;
}

export interface PanelSession {
  harness: RunningHarness;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openPanel(options: { fakeConfig?: Partial<FakeConfig> } = {}): Promise<PanelSession> {
  const executablePath = chromiumPath();
  // The suite builds the bundles once in beforeAll; an edit elsewhere mid-run must not rebuild them per test.
  const harness = await startHarness({ build: false, ...(options.fakeConfig ? { fakeConfig: options.fakeConfig } : {}) });
  const profile = mkdtempSync(path.join(tmpdir(), "shotbin-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS, viewport: { width: 1400, height: 900 } });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(harness.url);
    await waitForPanel(page);
    const session: PanelSession = {
      harness,
      context,
      page,
      pageErrors,
      async close() {
        await context?.close().catch(() => undefined);
        await harness.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
    return session;
  } catch (error) {
    await context?.close().catch(() => undefined);
    await harness.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

export async function waitForPanel(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=generate-tab]", { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Stores the fakes' keys and endpoints and the relay's URL and token, as the harness toolbar does,
 * and waits for the reload. `keys: false` / `relay: false` leave those for the test to enter in Settings.
 */
export async function useFakeProviders(page: Page, options: { keys?: boolean; relay?: boolean } = {}): Promise<void> {
  await page.evaluate((what) => window.shotbinHarness.useFakeProviders({ reload: false, ...what }), options);
  await page.reload();
  await waitForPanel(page);
}

/** Sets the simulator's timings and refusal phrase (the harness's hidden rehearsal settings) and waits for the reload. */
export async function useSimulatorOptions(page: Page, simulator: { queueMs?: number; runMs?: number; refuseWhenPromptIncludes?: string }): Promise<void> {
  await page.evaluate((options) => window.shotbinHarness.useSimulatorOptions(options, { reload: false }), simulator);
  await page.reload();
  await waitForPanel(page);
}

export async function openTab(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid=tab-${id}]`);
  await page.waitForSelector(`[data-testid=${id}-tab]`);
}

export async function chooseMediaFolder(page: Page): Promise<void> {
  await page.click("[data-testid=choose-media-folder]");
  await page.waitForSelector("[data-testid=media-folder-needed]", { state: "detached" });
}

export async function selectModel(page: Page, label: string): Promise<void> {
  await page.locator("[data-testid=model] select").selectOption({ label });
}

export async function typePrompt(page: Page, text: string): Promise<void> {
  await page.fill("[data-testid=prompt] textarea", text);
}

/** The ledger as the panel wrote it to its data folder. */
export function ledgerJobs(session: PanelSession): JobRecord[] {
  const file = path.join(session.harness.folders.data, "shotbin-ledger.json");
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, "utf8")) as { jobs: JobRecord[] }).jobs;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function waitForJob(session: PanelSession, what: string, match: (job: JobRecord) => boolean, timeoutMs = 40_000): Promise<JobRecord> {
  return waitFor(what, () => ledgerJobs(session).find(match), timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}; jobs: ${JSON.stringify(ledgerJobs(session).map((job) => ({ state: job.state, failure: job.failure?.message })))}`);
  });
}

export async function snapshot(page: Page): Promise<FakeSnapshot> {
  return page.evaluate(() => window.shotbinHarness.snapshot());
}

export type SnapshotClip = Extract<SnapshotNode, { kind: "clip" }> & { binPath: string[] };

/** Every clip in the fake project with the bin names leading to it. */
export function clipsIn(snap: FakeSnapshot): SnapshotClip[] {
  const found: SnapshotClip[] = [];
  const visit = (node: SnapshotNode, trail: string[]) => {
    if (node.kind === "clip") {
      if (!node.isSequence) found.push({ ...node, binPath: trail });
      return;
    }
    for (const child of node.children) visit(child, node.kind === "root" ? [] : [...trail, node.name]);
  };
  if (snap.root) visit(snap.root, []);
  return found;
}

export function localDate(now = Date.now()): string {
  const date = new Date(now);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/**
 * A test file's browser lifecycle: the bundles are built once, and after each test the session it
 * opened is screenshotted (as a test artefact) and closed.
 */
export function useSessionLifecycle(current: () => PanelSession | undefined, forget: () => void): void {
  beforeAll(async () => {
    await ensurePanelBundle();
    await ensureHarnessBundle();
  }, 240_000);
  afterEach(async () => {
    const session = current();
    const name = expect.getState().currentTestName?.replace(/\W+/g, "-").replace(/^-|-$/g, "").toLowerCase() ?? "test";
    if (session) await screenshot(session.page, name).catch(() => undefined);
    await session?.close();
    forget();
  });
}
