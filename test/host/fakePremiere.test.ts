/** The fake enforces Premiere's rules: checked directly against its `premierepro` surface. */
import type { Action, FolderItem, Project, ProjectItem } from "@adobe/premierepro";
import { createFakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";
import type { FakeTrackItemRecord } from "../../src/host/fake/fakeState";
import { overwriteTrack } from "../../src/host/fake/fakeTimeline";
import { tree } from "./hostFixture";

async function setup() {
  const media = new InMemoryMediaStore().add("/media/a.mp4", { durationSeconds: 4 }).add("/media/b.mp4", { durationSeconds: 2 });
  const fake = createFakePremiere({ media });
  fake.openProject({ name: "Rules" });
  const ppro = fake.ppro;
  const project = (await ppro.Project.getActiveProject()) as Project;
  const root = await project.getRootItem();
  return { fake, ppro, project, root, media };
}

describe("lock rules", () => {
  it("throws for an action created outside lockedAccess and executeTransaction", async () => {
    const { fake, root } = await setup();
    expect(() => root.createBinAction("Outside", true)).toThrow(/inside Project.lockedAccess/);
    expect(fake.violations.map((v) => v.rule)).toEqual(["action-outside-lock"]);
  });

  it("accepts actions created in lockedAccess and committed in a nested transaction, as one undo step", async () => {
    const { fake, project, root } = await setup();
    let committed = false;
    project.lockedAccess(() => {
      const a = root.createBinAction("One", true);
      const b = root.createBinAction("Two", true);
      committed = project.executeTransaction((compound) => {
        compound.addAction(a);
        compound.addAction(b);
      }, "Make two bins");
    });
    expect(committed).toBe(true);
    expect(fake.transactions).toEqual([{ label: "Make two bins", actionCount: 2 }]);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: [{ One: [] }, { Two: [] }] });
    expect(fake.violations).toEqual([]);
  });

  it("throws when a lockedAccess callback is async, and the work after its await never lands", async () => {
    const { fake, project, root } = await setup();
    expect(() =>
      project.lockedAccess((async () => {
        await Promise.resolve();
        const action = root.createBinAction("Late", true);
        project.executeTransaction((compound) => compound.addAction(action), "Late");
      }) as unknown as () => void),
    ).toThrow(/must be synchronous/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.violations.map((v) => v.rule)).toEqual(["async-callback", "action-outside-lock"]);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: [] });
  });

  it("throws when an executeTransaction callback is async and commits nothing", async () => {
    const { fake, project, root } = await setup();
    expect(() =>
      project.executeTransaction((async (compound: { addAction(a: Action): boolean }) => {
        compound.addAction(root.createBinAction("Async", true));
      }) as unknown as () => void, "Async"),
    ).toThrow(/must be synchronous/);
    expect(fake.transactions).toEqual([]);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: [] });
  });

  it("throws when an action is used after the lock it was made in has ended", async () => {
    const { fake, project, root } = await setup();
    let kept: Action | undefined;
    project.lockedAccess(() => {
      kept = root.createBinAction("Stale", true);
    });
    expect(() =>
      project.lockedAccess(() => {
        project.executeTransaction((compound) => compound.addAction(kept as Action), "Stale");
      }),
    ).toThrow(/lock that has ended/);
    expect(fake.violations.map((v) => v.rule)).toEqual(["stale-action"]);
  });

  it("does not nest transactions", async () => {
    const { project } = await setup();
    expect(() => project.executeTransaction(() => project.executeTransaction(() => undefined, "inner"), "outer")).toThrow(
      /inside another transaction/,
    );
  });

  it("returns false and changes nothing when one action of a transaction fails", async () => {
    const { fake, ppro, project, root } = await setup();
    await project.importFiles(["/media/b.mp4"], true, null as unknown as ProjectItem, false);
    const [item] = await root.getItems();
    const clip = ppro.ClipProjectItem.cast(item as ProjectItem);
    let committed: boolean | undefined;
    project.lockedAccess(() => {
      const bin = root.createBinAction("Kept?", true);
      // Out point past the 2-second media: this action fails when applied.
      const bad = clip.createSetInOutPointsAction(ppro.TickTime.TIME_ZERO, ppro.TickTime.createWithSeconds(3));
      committed = project.executeTransaction((c) => {
        c.addAction(bin);
        c.addAction(bad);
      }, "Half");
    });
    expect(committed).toBe(false);
    expect(fake.lastTransactionFailure).toMatch(/outside the media/);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: ["b.mp4"] });
  });

  it("undoes a whole transaction", async () => {
    const { fake, project, root } = await setup();
    project.lockedAccess(() => {
      const a = root.createBinAction("A", true);
      project.executeTransaction((c) => c.addAction(a), "Make A");
    });
    expect(fake.undo()).toBe("Make A");
    expect(tree(fake.snapshot().root)).toEqual({ Rules: [] });
  });
});

describe("importFiles", () => {
  it('throws "Illegal Parameter type" for an undefined bin, and imports into the root with null', async () => {
    const { fake, project } = await setup();
    await expect(project.importFiles(["/media/a.mp4"], true, undefined, false)).rejects.toThrow(/Illegal Parameter type/);
    await expect(project.importFiles(["/media/a.mp4"])).rejects.toThrow(/Illegal Parameter type/);
    await expect(project.importFiles([42 as unknown as string], true, null as unknown as ProjectItem)).rejects.toThrow(
      /Illegal Parameter type/,
    );
    expect(await project.importFiles(["/media/a.mp4"], true, null as unknown as ProjectItem, false)).toBe(true);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: ["a.mp4"] });
  });

  it("answers only a boolean, and skips files that do not exist", async () => {
    const { fake, project } = await setup();
    expect(await project.importFiles(["/media/a.mp4", "/media/gone.mp4"], true, null as unknown as ProjectItem, false)).toBe(false);
    expect(tree(fake.snapshot().root)).toEqual({ Rules: ["a.mp4"] });
  });
});

describe("project items", () => {
  it("casts to null for the wrong kind", async () => {
    const { ppro, project, root } = await setup();
    await project.importFiles(["/media/a.mp4"], true, null as unknown as ProjectItem, false);
    project.lockedAccess(() => {
      const bin = root.createBinAction("Bin", true);
      project.executeTransaction((c) => c.addAction(bin), "Bin");
    });
    const [clipItem, binItem] = (await root.getItems()) as [ProjectItem, ProjectItem];
    expect(ppro.FolderItem.cast(clipItem)).toBeNull();
    expect(ppro.ClipProjectItem.cast(binItem)).toBeNull();
    expect(ppro.FolderItem.cast(binItem)).not.toBeNull();
    expect(ppro.ClipProjectItem.cast(clipItem)).not.toBeNull();
  });

  it("returns fresh arrays of fresh objects from getItems; ids identify items", async () => {
    const { project, root } = await setup();
    await project.importFiles(["/media/a.mp4"], true, null as unknown as ProjectItem, false);
    const first = await root.getItems();
    const second = await root.getItems();
    expect(first).not.toBe(second);
    expect(first[0]).not.toBe(second[0]);
    expect(first[0]?.getId()).toBe(second[0]?.getId());
    first.pop();
    expect(await root.getItems()).toHaveLength(1);
  });

  it("has no getId on a FolderItem, as in the official types", async () => {
    const { root } = await setup();
    expect((root as FolderItem & { getId?: unknown }).getId).toBeUndefined();
  });

  it("returns null for the active sequence when none is open", async () => {
    const { project } = await setup();
    expect(await project.getActiveSequence()).toBeNull();
  });
});

describe("overwriteTrack", () => {
  const F = 1000n;
  const item = (id: string, start: number, end: number, inFrame = 0): FakeTrackItemRecord => ({
    id,
    clipId: id,
    name: id,
    startTicks: BigInt(start) * F,
    endTicks: BigInt(end) * F,
    inTicks: BigInt(inFrame) * F,
  });
  const frames = (items: FakeTrackItemRecord[]) =>
    items.map((i) => [i.clipId, Number(i.startTicks / F), Number(i.endTicks / F), Number(i.inTicks / F)]);
  let n = 0;
  const newId = () => `split-${++n}`;

  it("trims the item under the head and the item under the tail", () => {
    const out = overwriteTrack([item("a", 0, 10), item("b", 10, 20)], item("x", 5, 15), newId);
    expect(frames(out)).toEqual([
      ["a", 0, 5, 0],
      ["x", 5, 15, 0],
      ["b", 15, 20, 5],
    ]);
  });

  it("removes items it covers and splits an item it falls inside", () => {
    expect(frames(overwriteTrack([item("a", 2, 4)], item("x", 0, 10), newId))).toEqual([["x", 0, 10, 0]]);
    const split = overwriteTrack([item("a", 0, 30)], item("x", 10, 20), newId);
    expect(frames(split)).toEqual([
      ["a", 0, 10, 0],
      ["x", 10, 20, 0],
      ["a", 20, 30, 20],
    ]);
    expect(new Set(split.map((i) => i.id)).size).toBe(3);
  });

  it("leaves items that only touch it alone", () => {
    expect(frames(overwriteTrack([item("a", 0, 10), item("b", 20, 30)], item("x", 10, 20), newId))).toEqual([
      ["a", 0, 10, 0],
      ["x", 10, 20, 0],
      ["b", 20, 30, 0],
    ]);
  });
});
