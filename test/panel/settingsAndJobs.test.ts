/**
 * The Settings tab's logic and the Jobs tab's actions over the panel runtime, without a browser:
 * keys in secureStorage and Test key against the fake providers, the media folder and its
 * persistent token, file-name templates, bin naming, the default model, Reveal, Re-import, cancel
 * at a provider, the status filters and the money spent today and this month.
 */
import { Ledger } from "../../src/core/ledger";
import { LEDGER_VERSION } from "../../src/core/ledgerSchema";
import type { JobRecord, JobState } from "../../src/core/jobRecord";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { planJob } from "../../src/core/plan";
import { ProjectItemIndex } from "../../src/host/premiere/projectItems";
import { removeProjectItems } from "../../src/host/premiere/scratchItems";
import type { FakePremiere } from "../../src/host/fake/createFakePremiere";
import type { FakeSnapshot, SnapshotNode } from "../../src/host/fake/fakeSnapshot";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { fakeProviderSettings } from "../../src/providers/registry";
import { isInside } from "../../src/panel/platform/filePicking";
import { extraJson } from "../../src/panel/runtime/jobExtras";
import { spendingFrom } from "../../src/panel/runtime/spending";
import { providerOfKey, RELAY_TOKEN_KEY } from "../../src/panel/settings/keyNames";
import { binPathFor, defaultSettings, fileNameExample, fileNameTemplateProblem, SETTINGS_KEY } from "../../src/panel/settings/panelSettings";
import { jobGroup } from "../../src/panel/ui/jobs/jobFilters";
import { useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";
import { MEDIA, panelFixture } from "./support/panelFixture";

const fake = useFakeProviders();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fixture(options: Parameters<typeof panelFixture>[0] = {}) {
  const made = await panelFixture(options);
  stops.push(() => made.close());
  return made;
}

const fakeSettings = () => ({ providers: Object.fromEntries(Object.entries(fakeProviderSettings(fake().origin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }])) });

type ClipNode = Extract<SnapshotNode, { kind: "clip" }>;

/** Every clip in the project with the names of the bins above it. */
function clips(snap: FakeSnapshot): (ClipNode & { bins: string[] })[] {
  const found: (ClipNode & { bins: string[] })[] = [];
  const visit = (node: SnapshotNode, trail: string[]) => {
    if (node.kind === "clip") {
      if (!node.isSequence) found.push({ ...node, bins: trail });
      return;
    }
    for (const child of node.children) visit(child, node.kind === "root" ? [] : [...trail, node.name]);
  };
  if (snap.root) visit(snap.root, []);
  return found;
}

/** The bin at `path` (names from the root). */
function binAt(snap: FakeSnapshot, path: string[]): Exclude<SnapshotNode, { kind: "clip" }> | undefined {
  let node: SnapshotNode | undefined = snap.root ?? undefined;
  for (const name of path) {
    node = node && node.kind !== "clip" ? node.children.find((child) => child.kind === "bin" && child.name === name) : undefined;
  }
  return node && node.kind !== "clip" ? node : undefined;
}

async function deleteFromProject(premiere: FakePremiere, id: string): Promise<void> {
  const project = await premiere.ppro.Project.getActiveProject();
  const item = await new ProjectItemIndex(premiere.ppro).find(project!, id);
  removeProjectItems(premiere.ppro, project!, [item!], "test: delete");
}

const decode = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString("utf8") : undefined);

describe("Settings: keys", () => {
  it("stores a key as bytes in secureStorage only, makes its provider usable, and forgets it on Remove", async () => {
    const { runtime, uxp, storage } = await fixture({ settings: fakeSettings() });
    expect(runtime.state.usable).toEqual(["simulator"]);
    expect(await runtime.saveKey(KEY_NAMES.replicate, `  ${VALID_KEYS[KEY_NAMES.replicate]}\n`)).toBeUndefined();
    expect(decode(uxp.secrets.get(KEY_NAMES.replicate))).toBe(VALID_KEYS[KEY_NAMES.replicate]);
    expect(runtime.state.keysSet[KEY_NAMES.replicate]).toBe(true);
    expect(runtime.state.usable).toEqual(expect.arrayContaining(["simulator", "replicate"]));
    // The store the UI reads says "saved", never the key; the plain settings never hold it either.
    expect(JSON.stringify(runtime.state)).not.toContain(VALID_KEYS[KEY_NAMES.replicate]);
    expect([...storage.map.values()].join("\n")).not.toContain(VALID_KEYS[KEY_NAMES.replicate]);

    expect(await runtime.saveKey(KEY_NAMES.fal, "   ")).toBe("The key was not saved: The key is empty.");
    expect(uxp.secrets.has(KEY_NAMES.fal)).toBe(false);

    await runtime.removeKey(KEY_NAMES.replicate);
    expect(uxp.secrets.has(KEY_NAMES.replicate)).toBe(false);
    expect(runtime.state.keysSet[KEY_NAMES.replicate]).toBe(false);
    expect(runtime.state.usable).toEqual(["simulator"]);
  });

  it("Test key says the key works for the fakes' key, shows the provider's refusal for a wrong one, and drops the verdict when the key changes", async () => {
    const { runtime } = await fixture({ settings: fakeSettings(), keys: { [KEY_NAMES.replicate]: "r8_wrong", [KEY_NAMES.dashscope]: VALID_KEYS[KEY_NAMES.dashscope]! } });
    await runtime.testKey("replicate");
    expect(runtime.state.keyTests.replicate?.state).toBe("failed");
    expect(runtime.state.keyTests.replicate?.message).toContain("You did not pass a valid authentication token");
    expect(runtime.state.keyTests.replicate?.message).not.toContain("r8_wrong");
    await runtime.testKey("dashscope");
    expect(runtime.state.keyTests.dashscope).toEqual({ state: "ok", message: "The key works." });

    await runtime.saveKey(KEY_NAMES.replicate, VALID_KEYS[KEY_NAMES.replicate]!);
    expect(runtime.state.keyTests.replicate).toBeUndefined();
    expect(runtime.state.keyTests.dashscope?.state).toBe("ok");
    await runtime.testKey("replicate");
    expect(runtime.state.keyTests.replicate).toEqual({ state: "ok", message: "The key works." });
    await runtime.removeKey(KEY_NAMES.dashscope);
    expect(runtime.state.keyTests.dashscope).toBeUndefined();
    // Test key creates nothing at the provider.
    expect(fake().world.creates.replicate + fake().world.creates.dashscope).toBe(0);
  });

  it("knows which provider each stored name belongs to", () => {
    expect(providerOfKey(KEY_NAMES.klingSecretKey)).toBe("kling");
    expect(providerOfKey(KEY_NAMES.replicate)).toBe("replicate");
    expect(providerOfKey(RELAY_TOKEN_KEY)).toBeUndefined();
  });
});

describe("Settings: relay", () => {
  it("refuses a URL that is not http(s) and asks for a token before connecting; an empty URL switches the relay off", async () => {
    const { runtime, uxp } = await fixture();
    expect(await runtime.saveRelay("relay.example.com", "t")).toMatch(/^The relay URL is not valid: relayUrl: /);
    expect(runtime.state.settings.relayUrl).toBeUndefined();
    expect(await runtime.saveRelay("ftp://relay.example.com", "t")).toMatch(/^The relay URL is not valid/);
    expect(await runtime.saveRelay("https://relay.example.com/", undefined)).toBe("Enter the token the relay's administrator gave you.");
    expect(runtime.state.settings.relayUrl).toBe("https://relay.example.com");
    expect(runtime.state.relay.state).toBe("off");
    expect(uxp.secrets.has(RELAY_TOKEN_KEY)).toBe(false);
    expect(await runtime.saveRelay("  ", undefined)).toBeUndefined();
    expect(runtime.state.settings.relayUrl).toBeUndefined();
  });
});

describe("Settings: media folder", () => {
  it("keeps the chosen folder with a persistent token, reopens it next session, and says so when the token no longer opens it", async () => {
    const made = await fixture({ mediaFolder: false });
    expect(made.runtime.state.mediaFolder).toBeUndefined();
    made.uxp.folderAnswer = "/Volumes/Work/Clips";
    await made.runtime.chooseMediaFolder();
    expect(made.runtime.state.mediaFolder).toBe("/Volumes/Work/Clips");
    expect(made.runtime.state.settings.mediaFolderToken).toBe("token:/Volumes/Work/Clips");

    // The editor cancels the picker: nothing changes.
    made.uxp.folderAnswer = null;
    await made.runtime.chooseMediaFolder();
    expect(made.runtime.state.mediaFolder).toBe("/Volumes/Work/Clips");

    // Next session: the folder comes back from the token, not from the stored path.
    made.uxp.storage.localFileSystem.getEntryForPersistentToken = async (token) => ({ name: "Renamed", nativePath: `${token.replace(/^token:/, "")} (renamed)`, isFile: false, isFolder: true });
    let runtime = await made.restart();
    expect(runtime.state.mediaFolder).toBe("/Volumes/Work/Clips (renamed)");

    made.uxp.storage.localFileSystem.getEntryForPersistentToken = async () => {
      throw new Error("token expired");
    };
    runtime = await made.restart();
    expect(runtime.state.mediaFolder).toBeUndefined();
    expect(runtime.state.mediaFolderProblem).toBe("The media folder could not be reopened (moved, renamed or no longer allowed). Choose it again in Settings.");
    runtime.updateDraft({ prompt: "A quiet street" });
    expect(await runtime.generate()).toBe(false);
    expect(runtime.state.generateProblem).toMatch(/^Not sent: choose a folder for the clips first/);
  });

  it("refuses the plugin's temporary folder and any folder inside it", async () => {
    const { runtime, uxp } = await fixture({ mediaFolder: false });
    uxp.temporaryFolder = "/Users/ed/Library/Caches/Adobe/UXP/PluginsStorage/PPRO/26/Developer/shotbin/PluginData";
    uxp.folderAnswer = `${uxp.temporaryFolder}/clips`;
    await runtime.chooseMediaFolder();
    expect(runtime.state.mediaFolder).toBeUndefined();
    expect(runtime.state.mediaFolderProblem).toBe(`The folder was not set: ${uxp.folderAnswer} is the plugin's temporary folder, which Premiere may empty. Choose a folder of your own, next to the project for instance.`);
    expect(runtime.state.settings.mediaFolderToken).toBeUndefined();

    uxp.folderAnswer = `${uxp.temporaryFolder}-archive`;
    await runtime.chooseMediaFolder();
    expect(runtime.state.mediaFolder).toBe(uxp.folderAnswer);
    expect(runtime.state.mediaFolderProblem).toBeUndefined();
  });

  it("compares folders whatever the separators and, on Windows drives, the case", () => {
    expect(isInside("C:\\Users\\Ed\\AppData\\Local\\Temp\\shotbin\\x", "c:/users/ed/appdata/local/temp/shotbin")).toBe(true);
    expect(isInside("/tmp/shotbin/", "/tmp/shotbin")).toBe(true);
    expect(isInside("/tmp/shotbin2", "/tmp/shotbin")).toBe(false);
    expect(isInside("/Users/Ed/Clips", "/users/ed")).toBe(false);
  });
});

describe("Settings: file names and bins", () => {
  it("refuses a template that names a folder, an unknown placeholder or a lone brace, without saving it", async () => {
    const { runtime, storage } = await fixture();
    const saved = storage.getItem(SETTINGS_KEY);
    expect(runtime.updateSettings({ fileNameTemplate: "{shot}/{take}.mp4" })).toBe("The file-name template '{shot}/{take}.mp4' contains a path separator; it must name a file, not a folder.");
    expect(runtime.updateSettings({ fileNameTemplate: "{shot}_{lens}.mp4" })).toMatch(/^The file-name template uses \{lens\}, which Shotbin does not know; use \{shot\}, \{slug\}, /);
    expect(runtime.updateSettings({ fileNameTemplate: "{shot_{take}.mp4" })).toBe("The file-name template '{shot_{take}.mp4' has a { or } without its partner; placeholders look like {shot}.");
    expect(runtime.updateSettings({ fileNameTemplate: "  " })).toBe("Enter a file-name template, such as {shot}_{slug}_{model}_{seed}.mp4.");
    expect(storage.getItem(SETTINGS_KEY)).toBe(saved);
    expect(runtime.state.settings.fileNameTemplate).toBe(defaultSettings().fileNameTemplate);
    expect(fileNameTemplateProblem("{shot}_{slug}_{take}.mov")).toBeUndefined();
    expect(fileNameExample("{shot}_{slug}_take{take}")).toBe("G1_harbour-at-dawn_take1.mp4");
  });

  it("names clips with the saved template and files them by the bin setting: a fixed sub-bin, or the target bin itself", async () => {
    const { runtime, premiere, waitForJob } = await fixture({ settings: { binMode: "fixed", fixedBinName: "Selects" } });
    expect(runtime.updateSettings({ fileNameTemplate: "{shot}-{take}_{provider}.mp4" })).toBeUndefined();
    runtime.updateDraft({ prompt: "Rain on a tin roof", takes: 2 });
    expect(await runtime.generate()).toBe(true);
    const first = await waitForJob("take 1 imported", (job) => job.shot.take === 1 && job.state === "imported");
    const second = await waitForJob("take 2 imported", (job) => job.shot.take === 2 && job.state === "imported");
    expect([first.file, second.file]).toEqual([`${MEDIA}/G1-1_simulator.mp4`, `${MEDIA}/G1-2_simulator.mp4`]);
    expect(clips(premiere.snapshot()).map((clip) => [clip.mediaPath, clip.bins])).toEqual(
      expect.arrayContaining([
        [first.file, ["Shots", "Selects"]],
        [second.file, ["Shots", "Selects"]],
      ]),
    );

    expect(runtime.updateSettings({ binMode: "target" })).toBeUndefined();
    runtime.updateDraft({ prompt: "Straight into the bin", takes: 1 });
    expect(await runtime.generate()).toBe(true);
    const third = await waitForJob("G2 imported", (job) => job.shot.shotId === "G2" && job.state === "imported");
    expect(clips(premiere.snapshot()).find((clip) => clip.mediaPath === third.file)?.bins).toEqual(["Shots"]);
  });

  it("puts new clips in a sub-bin per day, a fixed one, or none; a shot list gets its own", () => {
    const now = new Date(2026, 10, 24, 23, 30).getTime();
    const settings = { ...defaultSettings(), fixedBinName: " Selects " };
    expect(binPathFor({ ...settings, binMode: "daily" }, now)).toEqual(["Shotbin", "2026-11-24"]);
    expect(binPathFor({ ...settings, binMode: "fixed" }, now)).toEqual(["Selects"]);
    expect(binPathFor({ ...settings, binMode: "fixed", fixedBinName: "  " }, now)).toEqual(["Shotbin"]);
    expect(binPathFor({ ...settings, binMode: "target" }, now)).toEqual([]);
    expect(binPathFor({ ...settings, binMode: "daily" }, now, "Rooftop chase")).toEqual(["Shotbin", "Rooftop chase"]);
  });
});

describe("Settings: default model", () => {
  it("selects the default in Generate now and at every start while its provider has a key, else the simulator", async () => {
    const made = await fixture({ settings: fakeSettings(), keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! } });
    expect(made.runtime.setDefaultModel("replicate", "no-such-model")).toBe("Shotbin does not know the model no-such-model.");
    made.runtime.updateDraft({ prompt: "Kept across the change" });
    expect(made.runtime.setDefaultModel("replicate", "google/veo-3.1-fast")).toBeUndefined();
    expect(made.runtime.state.draft).toMatchObject({ provider: "replicate", model: "google/veo-3.1-fast", prompt: "Kept across the change" });

    let runtime = await made.restart();
    expect(runtime.state.draft).toMatchObject({ provider: "replicate", model: "google/veo-3.1-fast" });
    await runtime.removeKey(KEY_NAMES.replicate);
    runtime = await made.restart();
    expect(runtime.state.draft).toMatchObject({ provider: "simulator", model: "shotbin-sim" });
  });
});

describe("Jobs: actions", () => {
  it("Reveal opens the clip's folder through UXP's shell, and gives the path when the OS refuses or there is no shell", async () => {
    const { runtime, uxp, waitForJob } = await fixture();
    runtime.updateDraft({ prompt: "A kite over the dunes" });
    await runtime.generate();
    const job = await waitForJob("imported", (candidate) => candidate.state === "imported");
    await runtime.reveal(job.id);
    expect(uxp.opened).toEqual([MEDIA]);
    expect(runtime.state.notices.at(-1)).toMatchObject({ tone: "info", text: `Opened ${MEDIA}.`, jobId: job.id });

    uxp.openAnswer = "Permission denied by the user";
    await runtime.reveal(job.id);
    expect(runtime.state.notices.at(-1)?.text).toBe(`The folder could not be opened (Permission denied by the user). The clip is at ${job.file}.`);
    delete uxp.shell;
    await runtime.reveal(job.id);
    expect(runtime.state.notices.at(-1)?.text).toBe(`The clip is at ${job.file}.`);
  });

  it("Re-import puts a clip the editor deleted back into its bin with its columns, even when the bin went too, and refuses without its project", async () => {
    const { runtime, premiere, waitForJob } = await fixture();
    runtime.updateDraft({ prompt: "Lanterns released over a lake", seedText: "7" });
    await runtime.generate();
    const job = await waitForJob("imported", (candidate) => candidate.state === "imported");
    await deleteFromProject(premiere, job.clipId!);
    expect(clips(premiere.snapshot())).toEqual([]);

    await runtime.reimport(job.id);
    const [back] = clips(premiere.snapshot());
    expect(back).toMatchObject({ mediaPath: job.file, bins: ["Shots", "Shotbin", expect.stringMatching(/^\d{4}-\d\d-\d\d$/)] });
    expect(back!.columns).toMatchObject({ "AI Prompt": "Lanterns released over a lake", "AI Seed": "7", Shot: "G1", Take: "1" });
    expect(runtime.jobById(job.id)?.clipId).toBe(back!.id);
    expect(runtime.state.notices.at(-1)).toMatchObject({ tone: "success", text: `G1 take 1 imported again as ${job.file!.split("/").pop()}.` });

    // The editor deletes the whole Shotbin bin: it is made again.
    await deleteFromProject(premiere, binAt(premiere.snapshot(), ["Shots", "Shotbin"])!.id);
    expect(clips(premiere.snapshot())).toEqual([]);
    await runtime.reimport(job.id);
    expect(clips(premiere.snapshot()).map((clip) => [clip.mediaPath, clip.bins.slice(0, 2)])).toEqual([[job.file, ["Shots", "Shotbin"]]]);

    premiere.closeProject();
    await runtime.reimport(job.id);
    expect(runtime.state.notices.at(-1)?.text).toMatch(/^G1 take 1 could not be imported: No project is open in Premiere/);
  });

  it("cancels a running take at a provider that supports it, which the provider then reports as cancelled", async () => {
    fake().world.config = { ...fake().world.config, queueMs: 50, runMs: 60_000 };
    const { runtime, waitForJob } = await fixture({ settings: fakeSettings(), keys: { [KEY_NAMES.replicate]: VALID_KEYS[KEY_NAMES.replicate]! }, fastPolling: true });
    runtime.chooseModel("replicate", "google/veo-3.1-fast");
    runtime.updateDraft({ prompt: "A take to call off" });
    expect(await runtime.generate()).toBe(true);
    const running = await waitForJob("the take running at Replicate", (job) => job.state === "running" && !!job.handle, 10_000);
    expect(runtime.canCancel(running)).toBe(true);
    await runtime.cancel(running.id);
    const cancelled = await waitForJob("the take cancelled", (job) => job.id === running.id && job.state === "cancelled", 10_000);
    expect(fake().world.job("replicate", running.handle!.id)?.state).toBe("cancelled");
    expect(fake().world.requests.filter((request) => request.provider === "replicate" && request.operation === "cancel")).toHaveLength(1);
    expect(fake().world.creates.replicate).toBe(1);
    expect(runtime.canCancel(cancelled)).toBe(false);
    expect(runtime.state.notices.map((notice) => notice.text)).toContain(`G1 take 1 was cancelled. Replicate may still charge for it, so it counts as spent.`);
    // Cancelled after the provider took it: it may be charged, so it counts.
    expect(runtime.state.spending.today).toBe(cancelled.estimate.usd);
  });

  it("does not offer cancel where the provider has none, and says why when asked anyway", async () => {
    fake().world.config = { ...fake().world.config, queueMs: 50, runMs: 60_000 };
    const { runtime, waitForJob } = await fixture({ settings: fakeSettings(), keys: { [KEY_NAMES.kling]: VALID_KEYS[KEY_NAMES.kling]! }, fastPolling: true });
    runtime.chooseModel("kling", "kling-2.6");
    runtime.updateDraft({ prompt: "Kling has no cancel" });
    expect(await runtime.generate()).toBe(true);
    const running = await waitForJob("the take at Kling", (job) => (job.state === "running" || job.state === "queued") && !!job.handle, 10_000);
    expect(runtime.canCancel(running)).toBe(false);
    await runtime.cancel(running.id);
    expect(runtime.state.notices.at(-1)?.text).toBe("G1 take 1 could not be cancelled: this job can no longer be cancelled");
    expect(fake().world.job("kling", running.handle!.id)?.state).not.toBe("cancelled");
  });
});

describe("Jobs: filters and money spent", () => {
  const request = resolvedRequest("replicate", "google/veo-3.1-fast", { prompt: "Spending" });
  const estimate = { usd: 1.2, usdPerSecond: 0.15, billedSeconds: 8, confirmed: true, source: "test", asOf: "2026-01-01" };

  function jobAt(state: JobState, at: Date, changes: Partial<JobRecord> = {}): JobRecord {
    const planned = planJob({ request: { ...request, idempotencyKey: `${state}-${at.getTime()}-${Math.random()}` }, estimate, shot: { shotId: "S", order: 0, take: 1 } }, at.getTime());
    const handle = { provider: "replicate" as const, model: request.model, id: `p-${Math.random()}`, idempotencyKey: planned.request.idempotencyKey, submittedAt: at.toISOString(), data: {} };
    return { ...planned, state, ...(state === "planned" ? {} : { handle }), ...changes };
  }

  it("counts what was or may have been charged today and this month, in local time", async () => {
    const now = new Date(2026, 2, 15, 12, 0);
    const jobs = [
      jobAt("imported", new Date(2026, 2, 15, 0, 5)),
      jobAt("cancelled", new Date(2026, 2, 15, 9)),
      jobAt("cancelled", new Date(2026, 2, 15, 9), { handle: undefined }),
      jobAt("planned", new Date(2026, 2, 15, 10)),
      jobAt("failed", new Date(2026, 2, 15, 11), { failure: { step: "track", kind: "content-policy", message: "refused", retryable: false, charged: false, at: new Date(2026, 2, 15, 11).toISOString() } }),
      jobAt("imported", new Date(2026, 2, 14, 23, 59)),
      jobAt("running", new Date(2026, 2, 1, 0, 0)),
      jobAt("imported", new Date(2026, 1, 28, 23, 59)),
    ];
    const { ledger, warning } = await Ledger.open(memoryLedgerStore(JSON.stringify({ version: LEDGER_VERSION, jobs })), { now: () => now.getTime(), sleep: async () => undefined });
    expect(warning).toBeUndefined();
    expect(spendingFrom(ledger, now.getTime())).toEqual({ today: 2.4, month: 4.8 });
    // Just after midnight, yesterday's money leaves "today" but stays in the month.
    expect(spendingFrom(ledger, new Date(2026, 2, 16, 0, 1).getTime())).toEqual({ today: 0, month: 4.8 });
    expect(spendingFrom(ledger, new Date(2026, 3, 1, 8).getTime())).toEqual({ today: 0, month: 0 });
  });

  it("files each job under one status filter", () => {
    const at = new Date();
    const goal = (state: JobState, g: "ready" | "imported" | "placed", discarded = false) => jobAt(state, at, { extra: extraJson({ goal: g, binPath: [], ...(discarded ? { discarded } : {}) }) });
    expect(jobGroup(goal("running", "imported"))).toBe("active");
    expect(jobGroup(goal("planned", "imported"))).toBe("active");
    expect(jobGroup(goal("imported", "placed"))).toBe("active");
    expect(jobGroup(goal("ready", "ready"))).toBe("review");
    expect(jobGroup(goal("ready", "ready", true))).toBe("done");
    expect(jobGroup(goal("imported", "imported"))).toBe("done");
    expect(jobGroup(goal("placed", "placed"))).toBe("done");
    expect(jobGroup(goal("failed", "imported"))).toBe("failed");
    expect(jobGroup(goal("cancelled", "imported"))).toBe("cancelled");
  });

  it("starts a new day at zero when asked after midnight, even though no job changed", async () => {
    let now = new Date(2026, 2, 14, 23, 58).getTime();
    const paid = jobAt("imported", new Date(2026, 2, 14, 23, 0), { extra: extraJson({ goal: "imported", binPath: [] }) });
    const { runtime } = await fixture({ now: () => now, ledgerText: JSON.stringify({ version: LEDGER_VERSION, jobs: [paid] }) });
    expect(runtime.state.spending).toEqual({ today: 1.2, month: 1.2 });
    now = new Date(2026, 2, 15, 0, 1).getTime();
    expect(runtime.state.spending.today).toBe(1.2);
    runtime.refreshSpending();
    expect(runtime.state.spending).toEqual({ today: 0, month: 1.2 });
  });
});
