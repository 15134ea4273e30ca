/**
 * What the fake Premiere gained for the self-check, held to the same strictness as the rest of
 * it: lock rules on the new actions, illegal parameters refused, events fired with Premiere's
 * runtime constants, and XMP read from the imported file itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Action, FolderItem, Project, ProjectItem, Sequence, TrackItemSelection } from "@adobe/premierepro";
import { SELF_CHECK_CLIP_FILES, SELF_CHECK_PROMPT } from "../../src/diagnostics/testClips";
import { fileBackedMediaStore } from "../../src/diagnostics/fileBackedMediaStore";
import { createFakePremiere, type FakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { readXmpProperties } from "../../src/media/xmpFields";
import { tree } from "../host/hostFixture";
import { ASSETS } from "./support/selfCheckWorld";

function world(media = new InMemoryMediaStore()) {
  const fake = createFakePremiere({ media });
  fake.openProject({ name: "P" });
  return { fake, media, ppro: fake.ppro };
}

async function project(fake: FakePremiere): Promise<Project> {
  return fake.ppro.Project.getActiveProject();
}

async function childNamed(folder: FolderItem, name: string): Promise<ProjectItem> {
  const found = (await folder.getItems()).find((item) => item.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe("insertion bin", () => {
  it("follows a bin selected in the Project panel, and ignores a selected clip", async () => {
    const { fake } = world();
    const shots = fake.addBin("Shots");
    const other = fake.addBin("Other");
    const clip = fake.addClip("/m/a.mp4", 2, other);
    fake.setInsertionBin(other);
    const p = await project(fake);
    fake.select([shots]);
    expect((await p.getInsertionBin()).getId()).toBe(shots);
    fake.select([clip]);
    expect((await p.getInsertionBin()).getId()).toBe(other);
  });

  it("can be made to ignore the selection", async () => {
    const { fake } = world();
    const shots = fake.addBin("Shots");
    fake.behaviour.insertionBinFollowsSelection = false;
    fake.select([shots]);
    expect((await (await project(fake)).getInsertionBin()).getId()).toBe(fake.rootId());
  });
});

describe("sequences", () => {
  it("creates one from the default preset, makes it active, and deletes it with its project item", async () => {
    const { fake, ppro } = world();
    const p = await project(fake);
    const activated: unknown[] = [];
    ppro.EventManager.addGlobalEventListener(ppro.Constants.SequenceEvent.ACTIVATED, (e) => activated.push(e));
    const sequence = await p.createSequence("Scratch");
    const settings = await sequence.getSettings();
    expect(settings.getVideoFrameRate().value).toBeCloseTo(29.97, 2);
    expect(await sequence.getVideoTrackCount()).toBe(3);
    expect((await p.getActiveSequence())?.guid.toString()).toBe(sequence.guid.toString());
    expect(activated).toHaveLength(1);
    expect(tree(fake.snapshot().root)).toEqual({ P: ["Scratch"] });

    expect(await p.deleteSequence(sequence)).toBe(true);
    expect(await p.getSequences()).toEqual([]);
    expect(tree(fake.snapshot().root)).toEqual({ P: [] });
    expect(await p.getActiveSequence()).toBeNull();
    expect(await p.deleteSequence(sequence)).toBe(false);
  });

  it("refuses what Premiere would refuse", async () => {
    const { fake } = world();
    const p = await project(fake);
    await expect(p.createSequence("")).rejects.toThrow("Illegal Parameter type");
    await expect(p.deleteSequence({} as Sequence)).rejects.toThrow("Illegal Parameter type");
    await expect(p.setActiveSequence({} as Sequence)).rejects.toThrow("Illegal Parameter type");
  });
});

describe("removing and moving project items", () => {
  it("removes a bin with its clips, their track items and markers, only under a lock", async () => {
    const { fake, ppro } = world();
    const bin = fake.addBin("Scratch");
    const clip = fake.addClip("/m/a.mp4", 4, bin);
    const seq = fake.addSequence({ name: "Edit", fps: 25 });
    const p = await project(fake);
    const root = await p.getRootItem();
    const binItem = await childNamed(root, "Scratch");
    const clipItem = await childNamed(ppro.FolderItem.cast(binItem), "a.mp4");
    const sequence = (await p.getSequences())[0] as Sequence;
    const editor = ppro.SequenceEditor.getEditor(sequence);
    p.lockedAccess(() => {
      const place = editor.createOverwriteItemAction(clipItem, ppro.TickTime.TIME_ZERO, 0, 0);
      p.executeTransaction((c) => c.addAction(place), "place");
    });
    fake.select([clip]);

    expect(() => root.createRemoveItemAction(binItem)).toThrow("actions must be created inside");
    p.lockedAccess(() => {
      const remove = root.createRemoveItemAction(binItem);
      expect(p.executeTransaction((c) => c.addAction(remove), "remove")).toBe(true);
    });
    expect(tree(fake.snapshot().root)).toEqual({ P: ["Edit"] });
    expect(fake.snapshot().sequences.find((s) => s.id === seq)?.tracks[0]?.items).toEqual([]);
    expect(fake.snapshot().selection).toEqual([]);
    expect(fake.undo()).toBe("remove");
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ Scratch: ["a.mp4"] }, "Edit"] });
  });

  it("fails the transaction for an item that is not in the bin, and moves items between bins", async () => {
    const { fake, ppro } = world();
    fake.addBin("A");
    fake.addBin("B");
    const p = await project(fake);
    const root = await p.getRootItem();
    const a = await childNamed(root, "A");
    const b = ppro.FolderItem.cast(await childNamed(root, "B"));
    let committed: boolean | undefined;
    p.lockedAccess(() => {
      const wrong = b.createRemoveItemAction(a);
      committed = p.executeTransaction((c) => c.addAction(wrong), "wrong");
    });
    expect(committed).toBe(false);
    expect(fake.lastTransactionFailure).toContain("not in this bin");
    p.lockedAccess(() => {
      const move = root.createMoveItemAction(a, b);
      committed = p.executeTransaction((c) => c.addAction(move), "move");
    });
    expect(committed).toBe(true);
    expect(tree(fake.snapshot().root)).toEqual({ P: [{ B: [{ A: [] }] }] });
  });
});

describe("timeline selection and trimming", () => {
  it("selects track items with setSelection, fires SELECTION_CHANGED, and reads the selection back", async () => {
    const { fake, ppro } = world();
    const clipId = fake.addClip("/m/a.mp4", 4);
    fake.addSequence({ name: "Edit", fps: 25 });
    const p = await project(fake);
    const clip = await childNamed(await p.getRootItem(), "a.mp4");
    const sequence = (await p.getSequences())[0] as Sequence;
    p.lockedAccess(() => {
      const place = ppro.SequenceEditor.getEditor(sequence).createOverwriteItemAction(clip, ppro.TickTime.TIME_ZERO, 0, 0);
      p.executeTransaction((c) => c.addAction(place));
    });
    const [item] = (await sequence.getVideoTrack(0)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
    const heard: unknown[] = [];
    ppro.EventManager.addGlobalEventListener(ppro.Constants.SequenceEvent.SELECTION_CHANGED, (e) => heard.push(e));
    let selection: TrackItemSelection | undefined;
    expect(ppro.TrackItemSelection.createEmptySelection((s) => (selection = s))).toBe(true);
    expect(selection?.addItem(item!)).toBe(true);
    expect(selection?.addItem(item!)).toBe(false);
    expect(sequence.setSelection(selection!)).toBe(true);
    expect(heard).toHaveLength(1);
    const read = await (await sequence.getSelection()).getTrackItems();
    expect(await Promise.all(read.map(async (i) => (await i.getProjectItem()).getId()))).toEqual([clipId]);
    expect(() => sequence.setSelection({} as TrackItemSelection)).toThrow("Illegal Parameter type");
  });

  it("trims a track item's end under a lock, never over the next item", async () => {
    const { fake, ppro } = world();
    fake.addClip("/m/a.mp4", 4);
    const seqId = fake.addSequence({ name: "Edit", fps: 25 });
    const p = await project(fake);
    const clip = await childNamed(await p.getRootItem(), "a.mp4");
    const sequence = (await p.getSequences())[0] as Sequence;
    const at = (frames: number) => ppro.TickTime.createWithFrameAndFrameRate(frames, ppro.FrameRate.createWithValue(25));
    const editor = ppro.SequenceEditor.getEditor(sequence);
    p.lockedAccess(() => {
      const first = editor.createOverwriteItemAction(clip, at(0), 0, 0);
      const second = editor.createOverwriteItemAction(clip, at(200), 0, 0);
      p.executeTransaction((c) => {
        c.addAction(first);
        c.addAction(second);
      });
    });
    const [first] = (await sequence.getVideoTrack(0)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
    expect(() => first!.createSetEndAction(at(50))).toThrow("actions must be created inside");
    const commit = (action: () => Action) => {
      let ok: boolean | undefined;
      p.lockedAccess(() => {
        const made = action();
        ok = p.executeTransaction((c) => c.addAction(made));
      });
      return ok;
    };
    expect(commit(() => first!.createSetEndAction(at(50)))).toBe(true);
    expect(commit(() => first!.createSetEndAction(at(250)))).toBe(false);
    expect(fake.snapshot().sequences.find((s) => s.id === seqId)?.tracks[0]?.items.map((i) => [i.startFrame, i.endFrame])).toEqual([
      [0, 50],
      [200, 300],
    ]);
  });
});

describe("Premiere 25.x and awkward variants", () => {
  it("lets actions be made and used anywhere when locks are not enforced", async () => {
    const { fake, ppro } = world();
    fake.addSequence({ name: "Edit", fps: 25 });
    fake.behaviour.locksEnforced = false;
    const p = await project(fake);
    const sequence = (await p.getSequences())[0] as Sequence;
    const markers = await ppro.Markers.getMarkers(sequence);
    const action = markers.createAddMarkerAction("outside");
    p.lockedAccess(() => {
      expect(p.executeTransaction((c) => c.addAction(action))).toBe(true);
    });
    expect(markers.getMarkers().map((m) => m.getName())).toEqual(["outside"]);
    expect(fake.violations).toEqual([]);
  });

  it("an overwrite can be made to read the clip's in/out when it is created", async () => {
    const { fake, ppro } = world();
    fake.addClip("/m/a.mp4", 4);
    const seqId = fake.addSequence({ name: "Edit", fps: 25 });
    fake.behaviour.overwriteReadsInOutAtCreation = true;
    const p = await project(fake);
    const item = await childNamed(await p.getRootItem(), "a.mp4");
    const clip = ppro.ClipProjectItem.cast(item);
    const sequence = (await p.getSequences())[0] as Sequence;
    const rate = ppro.FrameRate.createWithValue(25);
    p.lockedAccess(() => {
      const inOut = clip.createSetInOutPointsAction(ppro.TickTime.TIME_ZERO, ppro.TickTime.createWithFrameAndFrameRate(10, rate));
      const place = ppro.SequenceEditor.getEditor(sequence).createOverwriteItemAction(item, ppro.TickTime.TIME_ZERO, 0, 0);
      p.executeTransaction((c) => {
        c.addAction(inOut);
        c.addAction(place);
      });
    });
    expect(fake.snapshot().sequences.find((s) => s.id === seqId)?.tracks[0]?.items[0]?.endFrame).toBe(100);
  });
});

describe("imports", () => {
  it("fire IMPORT_MEDIA_COMPLETE with Premiere's state constants", async () => {
    const { fake, ppro, media } = world();
    media.add("/m/ok.mp4", { durationSeconds: 2 });
    media.add("/m/bad.mp4", { durationSeconds: 2, unreadable: true });
    const states: unknown[] = [];
    ppro.EventManager.addGlobalEventListener(ppro.Constants.OperationCompleteEvent.IMPORT_MEDIA_COMPLETE, (e) =>
      states.push((e as { state: unknown }).state),
    );
    const p = await project(fake);
    const bin = null as unknown as ProjectItem;
    expect(await p.importFiles(["/m/ok.mp4"], true, bin, false)).toBe(true);
    expect(await p.importFiles(["/m/bad.mp4"], true, bin, false)).toBe(false);
    expect(states).toEqual([ppro.Constants.OperationCompleteState.SUCCESS, ppro.Constants.OperationCompleteState.FAILED]);
    fake.behaviour.emitsImportComplete = false;
    await p.importFiles(["/m/ok.mp4"], true, bin, false);
    expect(states).toHaveLength(2);
  });

  it("answer getXMPMetadata with the packet embedded in the imported file", async () => {
    const media = fileBackedMediaStore(nodeFileSystem);
    const { fake, ppro } = world(media as unknown as InMemoryMediaStore);
    const p = await project(fake);
    const path = join(ASSETS, SELF_CHECK_CLIP_FILES.mov);
    expect(await p.importFiles([path], true, null as unknown as ProjectItem, false)).toBe(true);
    const root = await p.getRootItem();
    const clip = await childNamed(root, SELF_CHECK_CLIP_FILES.mov);
    const packet = await ppro.Metadata.getXMPMetadata(clip);
    expect(readXmpProperties(packet)["shotbin:prompt"]).toBe(SELF_CHECK_PROMPT);
    expect(readFileSync(path, "utf8")).toContain(packet.slice(0, 400));
    const bin = ppro.ProjectItem.cast(root);
    expect(readXmpProperties(await ppro.Metadata.getXMPMetadata(bin))).toEqual({});
    await expect(ppro.Metadata.getXMPMetadata({} as ProjectItem)).rejects.toThrow("Illegal Parameter type");
  });
});
