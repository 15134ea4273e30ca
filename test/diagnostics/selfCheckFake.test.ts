/**
 * The self-check against the fake Premiere (reading the committed test clips' real XMP) and a real
 * relay: every check must pass, and the run must leave the editor's project, files and key store
 * as it found them. When a report from real Premiere disagrees with this, the fake is wrong.
 */
import { existsSync, readdirSync } from "node:fs";
import { CHECK_IDS } from "../../src/diagnostics/checkCatalogue";
import type { SelfCheckProgress } from "../../src/diagnostics/selfCheckDeps";
import { selfCheckReportSchema } from "../../src/diagnostics/reportSchema";
import { startTestRelay, TOKENS, type TestRelay } from "../relay/support/relayHarness";
import { tree } from "../host/hostFixture";
import { PRIVATE, selfCheckWorld } from "./support/selfCheckWorld";

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.close();
});

function statuses(report: { checks: { id: string; status: string }[] }): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

describe("the self-check against the fake Premiere", () => {
  it("passes every check, with a relay, and leaves the project, files and keys as they were", async () => {
    const world = selfCheckWorld({ relay: { url: relay.relay.url, token: TOKENS.ana } });
    try {
      const before = world.fake.snapshot();
      const progress: SelfCheckProgress[] = [];
      const report = await world.run({ onProgress: (p) => progress.push(p) });

      const failures = report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status}: ${c.observed}`);
      expect(failures).toEqual([]);
      expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
      expect(report.summary).toEqual({ total: CHECK_IDS.length, pass: CHECK_IDS.length, fail: 0, skipped: 0 });
      expect(selfCheckReportSchema.parse(report)).toEqual(report);
      expect(report).toMatchObject({
        format: "shotbin-self-check",
        formatVersion: 1,
        shotbin: { version: "0.1.0" },
        premiere: { host: "premierepro", version: "26.3.0", uxp: "8.3.0", plugin: "0.1.0", application: "26.3.0" },
        os: { platform: "darwin", release: "24.5.0", arch: "arm64" },
        relay: { configured: true },
        scratch: { folder: "temporary", kept: false },
      });
      expect(report.checks.find((c) => c.id === "network-websocket")?.observed).toContain("answered the token with ready");

      // The project is as it was: same bins, clips and sequences, the editor's sequence active again.
      const after = world.fake.snapshot();
      expect(tree(after.root)).toEqual(tree(before.root));
      expect(after.sequences.map((s) => [s.name, s.active])).toEqual(before.sequences.map((s) => [s.name, s.active]));
      expect(readdirSync(world.scratch)).toEqual([]);
      // Only the two deliberate lock probes broke a rule.
      expect(world.fake.violations.map((v) => v.rule)).toEqual(["action-outside-lock", "stale-action"]);
      expect(world.fake.listenerErrors).toEqual([]);
      // secureStorage: one scratch key touched and gone; the editor's keys untouched.
      expect([...world.secure.keysTouched]).toEqual([`shotbin.self-check.${report.runId}`]);
      expect(Object.fromEntries(world.secure.values)).toEqual(PRIVATE.apiKeys);

      // Progress: started, a start and a finish per check in order, the prompt for a click, then the report.
      expect(progress[0]).toEqual({ type: "started", total: CHECK_IDS.length, runId: report.runId });
      expect(progress.filter((p) => p.type === "check-finished").map((p) => (p.type === "check-finished" ? p.entry : null))).toEqual(report.checks);
      expect(progress.filter((p) => p.type === "check-started").map((p) => (p.type === "check-started" ? p.id : null))).toEqual([...CHECK_IDS]);
      expect(progress.find((p) => p.type === "waiting-for-user")).toMatchObject({ instruction: expect.stringContaining("Click a bin") });
      expect(progress.at(-1)).toEqual({ type: "finished", report });
    } finally {
      world.remove();
    }
  });

  it("reports the network checks as skipped, not passed, when no relay is configured", async () => {
    const world = selfCheckWorld();
    try {
      const report = await world.run();
      const s = statuses(report);
      expect([s["network-fetch"], s["network-websocket"]]).toEqual(["skipped", "skipped"]);
      expect(report.checks.find((c) => c.id === "network-fetch")?.observed).toContain("No relay is configured");
      expect(report.summary).toEqual({ total: CHECK_IDS.length, pass: CHECK_IDS.length - 2, fail: 0, skipped: 2 });
      expect(report.relay).toEqual({ configured: false });
    } finally {
      world.remove();
    }
  });

  it("keeps the scratch bin, sequence and clips for inspection when asked", async () => {
    const world = selfCheckWorld();
    try {
      const report = await world.run({ keepScratch: true });
      expect(statuses(report).cleanup).toBe("skipped");
      expect(report.scratch.kept).toBe(true);
      const snapshot = world.fake.snapshot();
      const scratchBin = snapshot.root?.kind === "root" ? snapshot.root.children.find((c) => c.name === report.scratch.bin) : undefined;
      expect(scratchBin && scratchBin.kind === "bin" ? scratchBin.children.map((c) => c.name).sort() : null).toEqual(
        [`shotbin-self-check-${report.runId}-clip.mov`, `shotbin-self-check-${report.runId}-clip.mp4`, `shotbin-self-check-${report.runId}-probe.mp4`].sort(),
      );
      const sequence = snapshot.sequences.find((s) => s.name === report.scratch.sequence);
      expect(sequence?.tracks[0]?.items.map((i) => [i.startFrame, i.endFrame])).toEqual([
        [37, 66],
        [66, 83],
      ]);
      expect(sequence?.markers.map((m) => m.name)).toEqual([1, 2, 3].map((n) => `Shotbin self-check undo group ${n}/3`));
      expect(readdirSync(world.scratch).sort()).toEqual(
        ["clip.mov", "clip.mp4", "probe.mp4", "frame.png", "root-item.mp4", "root-null.mp4"].map((name) => `shotbin-self-check-${report.runId}-${name}`).sort(),
      );
      // The one-undo-step claim, as far as the fake can show it: one Undo removes all three markers.
      const undone = world.fake.snapshot().transactions.filter((t) => t.label === "Shotbin self-check: one undo step");
      expect(undone).toEqual([{ label: "Shotbin self-check: one undo step", actionCount: 3 }]);
    } finally {
      world.remove();
    }
  });

  it("skips the selection checks with a reason when nobody clicks, and the rest still pass", async () => {
    const world = selfCheckWorld({ clickWhenAsked: false });
    try {
      const report = await world.run({ userWaitMs: 2000 });
      const entry = (id: string) => report.checks.find((c) => c.id === id);
      expect(entry("event-project-selection")).toMatchObject({ status: "skipped", observed: expect.stringContaining("Nothing was selected within 2 s") });
      expect(entry("target-bin")).toMatchObject({ status: "skipped", observed: expect.stringContaining("Nothing is selected") });
      expect(report.summary.fail).toBe(0);
      expect(world.clock.sleeps.filter((ms) => ms === 250).length).toBe(8);
    } finally {
      world.remove();
    }
  });

  it("without interaction, says so instead of waiting", async () => {
    const world = selfCheckWorld();
    try {
      const report = await world.run({ interactive: false });
      expect(report.checks.find((c) => c.id === "event-project-selection")).toMatchObject({
        status: "skipped",
        observed: expect.stringContaining("cannot change the Project-panel selection"),
      });
    } finally {
      world.remove();
    }
  });

  it("uses a scratch folder the panel gives, and skips the file checks with the reason when there is none", async () => {
    const world = selfCheckWorld();
    try {
      const given = await world.run({ keepScratch: false });
      expect(given.scratch.folder).toBe("temporary");
      world.deps.scratchFolder = world.scratch;
      expect((await world.run()).scratch.folder).toBe("given");

      delete world.deps.scratchFolder;
      world.deps.uxp = { ...world.deps.uxp, storage: { secureStorage: world.secure } };
      const report = await world.run();
      const entry = (id: string) => report.checks.find((c) => c.id === id);
      for (const id of ["import-discovery", "import", "positional-fs"]) {
        expect(entry(id)).toMatchObject({ status: "skipped", observed: expect.stringContaining("UXP offers no temporary folder") });
      }
      expect(entry("xmp-mp4")).toMatchObject({ status: "skipped", observed: expect.stringContaining("was not imported") });
      expect(report.summary.fail).toBe(0);
    } finally {
      world.remove();
    }
  });

  it("with no project open, skips the Premiere checks and still runs the platform checks", async () => {
    const world = selfCheckWorld();
    try {
      world.fake.closeProject();
      const report = await world.run();
      const s = statuses(report);
      expect(s.versions).toBe("pass");
      expect([s["secure-storage"], s["positional-fs"], s.cleanup]).toEqual(["pass", "pass", "pass"]);
      const premiere = CHECK_IDS.filter((id) => !["versions", "secure-storage", "positional-fs", "cleanup", "network-fetch", "network-websocket"].includes(id));
      expect(premiere.map((id) => s[id])).toEqual(premiere.map(() => "skipped"));
      expect(report.checks.find((c) => c.id === "import")?.observed).toContain("No project is open in Premiere");
      expect(existsSync(world.scratch) && readdirSync(world.scratch)).toEqual([]);
    } finally {
      world.remove();
    }
  });
});
