/**
 * The fake Premiere's new calls hold the real API's rules: actions only under a lock, typed
 * parameters ("Illegal Parameter type" otherwise), the official constants rather than literals,
 * and no change when a call answers false.
 */
import type { ProjectItem, TickTime, VideoClipTrackItem } from "@adobe/premierepro";
import { createFakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";

async function setup() {
  const media = new InMemoryMediaStore().add("/m/a.mp4", { durationSeconds: 4 }).add("/m/broken.mp4", { durationSeconds: 0, unreadable: true });
  const rendered: string[] = [];
  const fake = createFakePremiere({ media, frames: { render: async (request) => void rendered.push(`${request.outputPath}:${request.source?.sourceTicks ?? "black"}`) } });
  fake.openProject({ name: "Rules" });
  const clipId = fake.addClip("/m/a.mp4", 4);
  const sequenceId = fake.addSequence({ name: "S", fps: 25, videoTracks: 2 });
  const trackItemId = fake.placeOnTimeline(sequenceId, { clipId, track: 0, startFrame: 10, durationFrames: 50, inFrame: 5 });
  const ppro = fake.ppro;
  const project = await ppro.Project.getActiveProject();
  const sequence = await project.getActiveSequence();
  const root = await project.getRootItem();
  const item = (await root.getItems()).find((i) => i.getId() === clipId) as ProjectItem;
  const trackItem = (await sequence.getVideoTrack(0)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false)[0] as VideoClipTrackItem;
  return { fake, ppro, project, sequence, item, trackItem, rendered, sequenceId, trackItemId, clipId };
}

const frame = (n: number, ppro: Awaited<ReturnType<typeof setup>>["ppro"]): TickTime => ppro.TickTime.createWithTicks(String(BigInt(n) * 10160640000n));

describe("the fake's timeline calls", () => {
  it("make every new action only under a lock", async () => {
    const { ppro, sequence, item, trackItem, fake } = await setup();
    const clip = ppro.ClipProjectItem.cast(item);
    const editor = ppro.SequenceEditor.getEditor(sequence);
    const makers = [
      () => sequence.createSetInPointAction(frame(1, ppro)),
      () => sequence.createSetOutPointAction(frame(9, ppro)),
      () => item.createSetColorLabelAction(ppro.Constants.ProjectItemColorLabel.MANGO),
      () => clip.createClearInOutPointsAction(),
      () => trackItem.createSetDisabledAction(true),
      () => editor.createCloneTrackItemAction(trackItem, ppro.TickTime.TIME_ZERO, 1, 0, true, false),
    ];
    for (const make of makers) expect(make).toThrow(/must be created inside Project.lockedAccess/);
    expect(fake.violations.map((v) => v.rule)).toEqual(Array(makers.length).fill("action-outside-lock"));
  });

  it("take only the official constants and typed parameters", async () => {
    const { ppro, project, sequence, item, trackItem } = await setup();
    const clip = ppro.ClipProjectItem.cast(item);
    const editor = ppro.SequenceEditor.getEditor(sequence);
    project.lockedAccess(() => {
      expect(() => item.createSetColorLabelAction(3)).toThrow(/Illegal Parameter type.*colour label 3/);
      expect(() => trackItem.createSetDisabledAction("yes" as unknown as boolean)).toThrow(/Illegal Parameter type/);
      expect(() => editor.createCloneTrackItemAction(trackItem, ppro.TickTime.TIME_ZERO, 1.5, 0, true, false)).toThrow(/Illegal Parameter type/);
      expect(() => editor.createCloneTrackItemAction(trackItem, ppro.TickTime.TIME_ZERO, 1, 0, true, true)).toThrow(/overwrites only/);
      expect(() => sequence.createSetInPointAction(5 as unknown as TickTime)).toThrow(/Illegal Parameter type/);
    });
    await expect(clip.getInPoint(undefined as unknown as never)).rejects.toThrow(/Illegal Parameter type.*media type/);
    await expect(ppro.SourceMonitor.openProjectItem(clip as unknown as ProjectItem)).rejects.toThrow(/Illegal Parameter type/);
    await expect(ppro.Exporter.exportSequenceFrame(sequence, ppro.TickTime.TIME_ZERO, "f.png", "/tmp/", 64.5, 36)).rejects.toThrow(/Illegal Parameter type.*width/);
    await expect(ppro.Exporter.exportSequenceFrame({} as typeof sequence, ppro.TickTime.TIME_ZERO, "f.png", "/tmp/", 64, 36)).rejects.toThrow(/Illegal Parameter type.*sequence/);
  });

  it("export what the sequence shows, answer false for a format without an exporter, and log every call", async () => {
    const { fake, ppro, sequence, rendered } = await setup();
    expect(await ppro.Exporter.exportSequenceFrame(sequence, frame(12, ppro), "a.png", "/out/", 64, 36)).toBe(true);
    expect(await ppro.Exporter.exportSequenceFrame(sequence, frame(12, ppro), "a.webp", "/out/", 64, 36)).toBe(false);
    expect(await ppro.Exporter.exportSequenceFrame(sequence, frame(80, ppro), "b.png", "/out", 64, 36)).toBe(true);
    // Frame 12 is 2 frames into the item, whose media starts at frame 5: source frame 7.
    expect(rendered).toEqual([`/out/a.png:${7n * 10160640000n}`, "/out/b.png:black"]);
    expect(fake.frameExports.map((e) => [e.writtenTo, e.failure ?? null])).toEqual([
      ["/out/a.png", null],
      [null, 'no exporter for "a.webp" (bmp, dpx, gif, jpg, exr, png, tga, tif)'],
      ["/out/b.png", null],
    ]);
  });

  it("show project items and files in the Source Monitor, and refuse what it cannot open", async () => {
    const { ppro, item, fake, clipId } = await setup();
    expect(await ppro.SourceMonitor.getProjectItem()).toBeNull();
    expect(await ppro.SourceMonitor.openFilePath("/m/missing.mp4")).toBe(false);
    expect(await ppro.SourceMonitor.openFilePath("/m/broken.mp4")).toBe(false);
    expect(await ppro.SourceMonitor.openProjectItem(item)).toBe(true);
    expect((await ppro.SourceMonitor.getProjectItem()).getId()).toBe(clipId);
    expect(await ppro.SourceMonitor.setPosition(frame(25, ppro))).toBe(true);
    expect(await ppro.SourceMonitor.setPosition(frame(1000, ppro))).toBe(false);
    expect((await ppro.SourceMonitor.getPosition()).ticks).toBe(String(25n * 10160640000n));
    expect(await ppro.SourceMonitor.openFilePath("/m/a.mp4")).toBe(true);
    expect(await ppro.SourceMonitor.getProjectItem()).toBeNull();
    expect(() => fake.markSourceInOut(0n, 10n)).toThrow(/not in the project/);
    expect(await ppro.SourceMonitor.closeClip()).toBe(true);
    expect((await ppro.SourceMonitor.getProjectItem()).getId()).toBe(clipId);
    expect(await ppro.SourceMonitor.closeAllClips()).toBe(true);
    expect(fake.snapshot().sourceMonitor).toBeNull();
  });

  it("clone a track item onto the track just past the last (adding it), keeping its source range; not further", async () => {
    const { fake, ppro, project, sequence, trackItem, sequenceId } = await setup();
    const editor = ppro.SequenceEditor.getEditor(sequence);
    expect(project.lockedAccess(() => project.executeTransaction((c) => c.addAction(editor.createCloneTrackItemAction(trackItem, frame(2, ppro), 2, 0, true, false)), "clone"))).toBeUndefined();
    const tracks = fake.snapshot().sequences.find((s) => s.id === sequenceId)!.tracks;
    expect(tracks.map((t) => t.items.map((i) => [i.startFrame, i.endFrame, i.inFrame]))).toEqual([[[10, 60, 5]], [], [[12, 62, 5]]]);
    let answered: boolean | undefined;
    project.lockedAccess(() => {
      answered = project.executeTransaction((c) => c.addAction(editor.createCloneTrackItemAction(trackItem, ppro.TickTime.TIME_ZERO, 5, 0, true, false)), "too far");
    });
    expect(answered).toBe(false);
    expect(fake.lastTransactionFailure).toContain("video track 6 does not exist");
  });
});
