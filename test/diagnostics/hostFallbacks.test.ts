/**
 * The adapter's fallbacks for assumptions the self-check tests, each against a fake that breaks
 * the assumption: the fallback must still leave the project as Shotbin meant it.
 */
import type { Project, ProjectItem } from "@adobe/premierepro";
import { createSequence, deleteSequence, removeProjectItems } from "../../src/host/premiere/scratchItems";
import type { ClipRef } from "../../src/host/premiereHost";
import { hostFixture, tree } from "../host/hostFixture";

async function placedWorld() {
  const fixture = hostFixture();
  const { fake, media, host } = fixture;
  media.add("/r/a.mp4", { durationSeconds: 4 });
  media.add("/r/b.mp4", { durationSeconds: 4 });
  fake.openProject({ name: "P" });
  const sequenceId = fake.addSequence({ name: "Edit", fps: 25 });
  const bin = await host.ensureBin(["Shotbin"]);
  const outcomes = await host.importClips(["/r/a.mp4", "/r/b.mp4"], bin);
  const clips = outcomes.map((o) => (o.ok ? o.clip : null)) as ClipRef[];
  const items = () => fake.snapshot().sequences.find((s) => s.id === sequenceId)?.tracks.map((t) => t.items.map((i) => [i.startFrame, i.endFrame]));
  return { ...fixture, sequenceId, clips, items };
}

describe("placement when Premiere ignores an in/out set in the same transaction", () => {
  it("trims the clip that landed too long, then sets in/out in a step of its own from then on", async () => {
    const { fake, host, clips, items } = await placedWorld();
    const [a, b] = clips as [ClipRef, ClipRef];
    fake.behaviour.overwriteReadsInOutAtCreation = true;
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);

    const first = await host.placeClips([
      { clip: a, at: { frames: 0 }, track: 0, duration: { frames: 20 } },
      { clip: b, at: { frames: 20 }, track: 0, duration: { frames: 10 } },
    ]);
    // a is cut by b's overwrite; b lands 4 s (100 frames) long and is trimmed.
    expect(first.placed.map((p) => [p.exact, p.corrected])).toEqual([
      [true, undefined],
      [true, "trimmed"],
    ]);
    expect(items()?.[0]).toEqual([
      [0, 20],
      [20, 30],
    ]);
    expect(fake.transactions.slice(-2).map((t) => [t.label, t.actionCount])).toEqual([
      ["Shotbin: place 2 shots", 4],
      ["Shotbin: place 2 shots", 1],
    ]);

    const second = await host.placeClips([{ clip: a, at: { frames: 100 }, track: 1, duration: { frames: 15 } }]);
    expect(second.placed[0]).toMatchObject({ exact: true, landed: { startFrame: 100, endFrame: 115 } });
    expect(second.placed[0]?.corrected).toBeUndefined();
    expect(fake.transactions.slice(-2).map((t) => [t.label, t.actionCount])).toEqual([
      ["Shotbin: place 1 shot", 1],
      ["Shotbin: place 1 shot", 1],
    ]);
    expect(fake.violations).toEqual([]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining("did not apply the in/out of 1 clip")]);
    warn.mockRestore();
  });

  it("places a clip again, in/out first, when it landed shorter than planned", async () => {
    const { fake, host, clips, items } = await placedWorld();
    const a = clips[0] as ClipRef;
    // A first placement leaves the clip's out point at 10 frames.
    await host.placeClips([{ clip: a, at: { frames: 0 }, track: 0, duration: { frames: 10 } }]);
    fake.behaviour.overwriteReadsInOutAtCreation = true;
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const report = await host.placeClips([{ clip: a, at: { frames: 50 }, track: 0, duration: { frames: 30 } }]);
      expect(report.placed[0]).toMatchObject({ exact: true, corrected: "re-placed", landed: { startFrame: 50, endFrame: 80 } });
      expect(items()?.[0]).toEqual([
        [0, 10],
        [50, 80],
      ]);
      expect(fake.transactions.slice(-3).map((t) => t.actionCount)).toEqual([2, 1, 1]);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("keeps one transaction per placement while Premiere honours the in/out", async () => {
    const { fake, host, clips } = await placedWorld();
    const report = await host.placeClips([{ clip: clips[0] as ClipRef, at: { frames: 5 }, track: 0, duration: { frames: 20 } }]);
    expect(report.placed[0]).toMatchObject({ exact: true });
    expect(report.placed[0]?.corrected).toBeUndefined();
    expect(fake.transactions.at(-1)).toEqual({ label: "Shotbin: place 1 shot", actionCount: 2 });
  });
});

describe("scratch items", () => {
  async function activeProject(fixture: ReturnType<typeof hostFixture>): Promise<Project> {
    return fixture.fake.ppro.Project.getActiveProject();
  }

  it("creates a sequence and finds it by guid when createSequence resolves with nothing", async () => {
    const fixture = hostFixture();
    fixture.fake.openProject({ name: "P" });
    const project = await activeProject(fixture);
    const made = await createSequence(project, "Scratch A");
    expect(made.foundBy).toBe("returned");

    const original = project.createSequence.bind(project);
    const spy = jest.spyOn(Object.getPrototypeOf(project), "createSequence").mockImplementation(async function (this: Project, ...args: unknown[]) {
      await original(args[0] as string);
      return undefined;
    });
    try {
      const found = await createSequence(project, "Scratch B");
      expect(found.foundBy).toBe("guid-diff");
      expect(found.sequence.name).toBe("Scratch B");
    } finally {
      spy.mockRestore();
    }
    expect(await deleteSequence(project, made.sequence)).toBe(true);
    expect((await project.getSequences()).map((s) => s.name)).toEqual(["Scratch B"]);
  });

  it("removes a bin with its clips in one locked undo step, and refuses the root", async () => {
    const fixture = hostFixture();
    const { fake, media, host, ppro } = { ...fixture, ppro: fixture.fake.ppro };
    media.add("/r/a.mp4", { durationSeconds: 2 });
    fake.openProject({ name: "P" });
    fake.addBin("Keep");
    const bin = await host.ensureBin(["Scratch"]);
    await host.importClips(["/r/a.mp4"], bin);
    const project = await activeProject(fixture);
    const root = await project.getRootItem();
    const scratch = (await root.getItems()).find((i) => i.name === "Scratch") as ProjectItem;
    removeProjectItems(ppro, project, [scratch], "Shotbin self-check: remove scratch items");
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Keep: [] }] });
    expect(fake.transactions.at(-1)).toEqual({ label: "Shotbin self-check: remove scratch items", actionCount: 1 });
    expect(fake.violations).toEqual([]);
    expect(() => removeProjectItems(ppro, project, [ppro.ProjectItem.cast(root)], "no")).toThrow("cannot be removed");
  });
});
