import { HostError } from "../../src/core/errors";
import type { ImportOutcome } from "../../src/host/premiereHost";
import { findNode, hostFixture, tree } from "./hostFixture";

function clips(outcomes: ImportOutcome[]) {
  return outcomes.map((o) => (o.ok ? { file: o.file, name: o.clip.name, by: o.discoveredBy } : { file: o.file, error: o.error.kind }));
}

describe("ensureBin", () => {
  it("creates nested bins under the target bin, and finds them again instead of duplicating", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "P" });
    const work = fake.addBin("Work");
    fake.select([work]);

    const day = await host.ensureBin(["Shotbin", "Day 1"]);
    expect(day).toEqual({ id: expect.any(String), name: "Day 1", path: ["Work", "Shotbin", "Day 1"] });
    expect(await host.ensureBin(["Shotbin", "Day 1"])).toEqual(day);
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Work: [{ Shotbin: [{ "Day 1": [] }] }] }] });
    expect(fake.transactions.map((t) => t.label)).toEqual(['Shotbin: create bin "Shotbin"', 'Shotbin: create bin "Day 1"']);
  });

  it("finds the new bin when Premiere renames it on a name collision, and reuses it afterwards", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "P" });
    fake.addClip("/old/Shotbin", 1); // a clip already called "Shotbin" makes Premiere rename the new bin
    const bin = await host.ensureBin(["Shotbin"]);
    expect(bin.name).toBe("Shotbin 01");
    expect(await host.ensureBin(["Shotbin"])).toEqual(bin);
    expect(tree(fake.snapshot().root)).toEqual({ P: ["Shotbin", { "Shotbin 01": [] }] });
  });

  it("makes one bin when several takes ask for the same new bin at once", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "P" });
    const asked = await Promise.all([host.ensureBin(["Shotbin", "Takes"]), host.ensureBin(["Shotbin", "Takes"]), host.ensureBin(["Shotbin", "Takes"])]);
    expect(new Set(asked.map((bin) => bin.id)).size).toBe(1);
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Shotbin: [{ Takes: [] }] }] });
  });

  it("creates under an explicit parent bin", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "P" });
    const a = fake.addBin("A");
    const parent = { id: a, name: "A", path: ["A"] };
    expect((await host.ensureBin(["B"], parent)).path).toEqual(["A", "B"]);
  });

  it("refuses an empty bin name", async () => {
    const { fake, host } = hostFixture();
    fake.openProject();
    await expect(host.ensureBin(["Shotbin", "  "])).rejects.toMatchObject({ kind: "invalid-request" });
  });
});

describe("importClips", () => {
  it("imports into nested bins in one call and returns each new clip in order", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/renders/job-1/shot-01.mp4", { durationSeconds: 5 }).add("/renders/job-1/shot-02.mp4", { durationSeconds: 8 });
    fake.openProject({ name: "P" });
    const bin = await host.ensureBin(["Shotbin", "Batch 1"]);
    const outcomes = await host.importClips(["/renders/job-1/shot-02.mp4", "/renders/job-1/shot-01.mp4"], bin);
    expect(clips(outcomes)).toEqual([
      { file: "/renders/job-1/shot-02.mp4", name: "shot-02.mp4", by: "new-item" },
      { file: "/renders/job-1/shot-01.mp4", name: "shot-01.mp4", by: "new-item" },
    ]);
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Shotbin: [{ "Batch 1": ["shot-02.mp4", "shot-01.mp4"] }] }] });
    const first = outcomes[0];
    if (!first?.ok) throw new Error("expected a clip");
    expect(findNode(fake.snapshot().root, first.clip.id)).toMatchObject({ mediaPath: "/renders/job-1/shot-02.mp4" });
  });

  it("tells apart two files with the same name, imported together or one after the other", async () => {
    const { fake, host, media } = hostFixture();
    media
      .add("/jobs/a/take.mp4", { durationSeconds: 4 })
      .add("/jobs/b/take.mp4", { durationSeconds: 6 })
      .add("/jobs/c/take.mp4", { durationSeconds: 2 });
    fake.openProject({ name: "P" });
    const bin = await host.ensureBin(["Shotbin"]);
    const together = await host.importClips(["/jobs/b/take.mp4", "/jobs/a/take.mp4"], bin);
    const later = await host.importClips(["/jobs/c/take.mp4"], bin);
    const byFile = new Map([...together, ...later].map((o) => [o.file, o.ok ? o.clip : undefined]));
    const snapshot = fake.snapshot();
    for (const [file, clip] of byFile) {
      expect(clip).toBeDefined();
      expect(findNode(snapshot.root, clip?.id ?? "")).toMatchObject({ name: "take.mp4", mediaPath: file });
    }
    expect(new Set([...byFile.values()].map((c) => c?.id)).size).toBe(3);
  });

  it("imports the same file twice as two clips, returning the new one the second time", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/jobs/shot.mp4", { durationSeconds: 4 });
    fake.openProject();
    const root = (await host.getContext()).targetBin?.bin;
    if (!root) throw new Error("no target bin");
    const [first] = await host.importClips(["/jobs/shot.mp4"], root);
    const [second] = await host.importClips(["/jobs/shot.mp4"], root);
    expect(first?.ok && second?.ok).toBe(true);
    if (!first?.ok || !second?.ok) return;
    expect(second.clip.id).not.toBe(first.clip.id);
    expect(second.discoveredBy).toBe("new-item");
  });

  it("reports a missing file precisely, without calling Premiere for it, and imports the rest", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/r/ok.mp4", { durationSeconds: 3 });
    fake.openProject({ name: "P" });
    const bin = await host.ensureBin(["Shotbin"]);
    const outcomes = await host.importClips(["/r/gone.mp4", "/r/ok.mp4"], bin);
    expect(clips(outcomes)).toEqual([
      { file: "/r/gone.mp4", error: "missing-file" },
      { file: "/r/ok.mp4", name: "ok.mp4", by: "new-item" },
    ]);
    const missing = outcomes[0];
    expect(missing?.ok === false && missing.error).toBeInstanceOf(HostError);
    expect(missing?.ok === false && missing.error.message).toContain("/r/gone.mp4");
  });

  it("reports a file Premiere will not import as import-refused", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/r/corrupt.mp4", { durationSeconds: 3, unreadable: true });
    fake.openProject();
    const bin = await host.ensureBin(["Shotbin"]);
    const [outcome] = await host.importClips(["/r/corrupt.mp4"], bin);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "import-refused", call: "Project.importFiles" } });
  });

  it("waits, bounded, for clips Premiere lists late", async () => {
    const { fake, host, media, clock } = hostFixture({ discoveryPollMs: 100, discoveryTimeoutMs: 5000 });
    media.add("/r/slow.mp4", { durationSeconds: 3 });
    fake.openProject();
    const bin = await host.ensureBin(["Shotbin"]);
    fake.behaviour.importVisibleAfterListings = 3;
    const [outcome] = await host.importClips(["/r/slow.mp4"], bin);
    expect(outcome).toMatchObject({ ok: true, discoveredBy: "new-item" });
    expect(clock.slept()).toBe(300);
  });

  it("gives up after the bounded wait with not-found when Premiere accepted a file but no clip appears", async () => {
    const { fake, host, media, clock } = hostFixture({ discoveryPollMs: 250, discoveryTimeoutMs: 2000 });
    media.add("/r/lost.mp4", { durationSeconds: 3 });
    fake.openProject();
    const bin = await host.ensureBin(["Shotbin"]);
    fake.behaviour.importLosesPath = (path) => path === "/r/lost.mp4";
    const [outcome] = await host.importClips(["/r/lost.mp4"], bin);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "not-found", message: expect.stringContaining("within 2 s") } });
    expect(clock.slept()).toBe(2000);
  });

  it("finds the clip elsewhere in the project when Premiere ignores the target bin", async () => {
    const { fake, host, media } = hostFixture({ discoveryTimeoutMs: 500 });
    media.add("/r/stray.mp4", { durationSeconds: 3 });
    fake.openProject({ name: "P" });
    const bin = await host.ensureBin(["Shotbin"]);
    fake.behaviour.importIgnoresTargetBin = true;
    const [outcome] = await host.importClips(["/r/stray.mp4"], bin);
    expect(outcome).toMatchObject({ ok: true, discoveredBy: "elsewhere-in-project" });
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Shotbin: [] }, "stray.mp4"] });
  });

  it("imports into the root again with null when Premiere refuses the root's ProjectItem as an illegal parameter", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/r/root.mp4", { durationSeconds: 3 });
    fake.openProject({ name: "P" });
    const prototype = Object.getPrototypeOf(await fake.ppro.Project.getActiveProject()) as { importFiles: (...args: unknown[]) => Promise<boolean> };
    const original = prototype.importFiles;
    const targets: (string | null)[] = [];
    const importFiles = jest.spyOn(prototype, "importFiles").mockImplementation(function (this: unknown, ...args: unknown[]) {
      const target = args[2] as { getId(): string } | null;
      targets.push(target ? target.getId() : null);
      if (target) return Promise.reject(new Error("Illegal Parameter type"));
      return original.apply(this, args);
    });
    const [outcome] = await host.importClips(["/r/root.mp4"], { id: fake.rootId(), name: "P", path: [] });
    expect(outcome).toMatchObject({ ok: true, discoveredBy: "new-item" });
    expect(targets).toEqual([fake.rootId(), null]);
    expect(tree(fake.snapshot().root)).toEqual({ P: ["root.mp4"] });
    importFiles.mockRestore();
  });

  it("passes the root's own ProjectItem (as the types ask), never null or undefined, when importing into the root", async () => {
    const { fake, host, media } = hostFixture();
    media.add("/r/root.mp4", { durationSeconds: 3 });
    fake.openProject({ name: "P" });
    const importFiles = jest.spyOn(Object.getPrototypeOf(await fake.ppro.Project.getActiveProject()), "importFiles");
    const [outcome] = await host.importClips(["/r/root.mp4"], { id: fake.rootId(), name: "P", path: [] });
    expect(outcome?.ok).toBe(true);
    expect(importFiles).toHaveBeenCalledTimes(1);
    const [paths, suppress, target, stills] = importFiles.mock.calls[0] as [string[], boolean, { getId(): string; type: number } | null, boolean];
    expect([paths, suppress, stills]).toEqual([["/r/root.mp4"], true, false]);
    expect(target).not.toBeNull();
    expect(target?.getId()).toBe(fake.rootId());
    expect(target?.type).toBe(fake.ppro.ProjectItem.TYPE_ROOT);
    expect(tree(fake.snapshot().root)).toEqual({ P: ["root.mp4"] });
    expect(fake.violations).toEqual([]);
    importFiles.mockRestore();
  });

  it("matches media paths across separator styles and Windows drive-letter case", async () => {
    const { normalizeMediaPath } = await import("../../src/host/premiere/importedItemDiscovery");
    expect(normalizeMediaPath("C:\\Renders\\Shot.mp4")).toBe(normalizeMediaPath("c:/renders/shot.mp4"));
    expect(normalizeMediaPath("/Volumes/Media/Shot.mp4")).not.toBe(normalizeMediaPath("/volumes/media/shot.mp4"));
  });

  it("refuses a bin that no longer exists", async () => {
    const { fake, host } = hostFixture();
    fake.openProject();
    await expect(host.importClips(["/x.mp4"], { id: "item-999", name: "Gone", path: ["Gone"] })).rejects.toMatchObject({
      kind: "not-found",
    });
  });
});
