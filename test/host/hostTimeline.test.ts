/**
 * The PremiereHost's timeline half against the fake Premiere over real media: the selection, marks,
 * gaps, frames exported from the sequence (checked on pixels: the ramp frame shown), the Source
 * Monitor, labels, clip in/out, and placements that keep what is on a track, at 23.976 and 25 fps.
 * Expected ticks are worked out here from the rates as fractions.
 */
import { existsSync, rmSync } from "node:fs";
import * as path from "node:path";
import { lastFrameTick, tickRate } from "../../src/core/ticks";
import { gapAt, gapFromPlayhead, trackGaps } from "../../src/host/timelineGaps";
import { extractFrame } from "../../src/media/nodeFrameExtraction";
import { pngSize, tempDir } from "../support/mediaMaker";
import { promises as fsp } from "node:fs";
import { makeRamps, rampFrameOf, timelineFixture, type TimelineFixture } from "./timelineFixture";

const TPS = 254016000000n;
const RATES = [
  { label: "23.976", fps: 24000 / 1001, media: "24000/1001", perFrame: (TPS * 1001n) / 24000n },
  { label: "25", fps: 25, media: "25", perFrame: TPS / 25n },
];

let shared: string;
const ramps: Record<string, Awaited<ReturnType<typeof makeRamps>>> = {};
beforeAll(async () => {
  shared = tempDir("timeline-media");
  for (const rate of RATES) {
    ramps[rate.label] = await makeRamps(shared, [
      { name: `a-${rate.label}`, rate: rate.media, seconds: 5 },
      { name: `b-${rate.label}`, rate: rate.media, seconds: 5 },
      { name: `c-${rate.label}`, rate: rate.media, seconds: 5 },
    ]);
  }
}, 60_000);
afterAll(() => rmSync(shared, { recursive: true, force: true }));

describe("the ramp witness", () => {
  it("tells which frame an image shows", async () => {
    const file = ramps["25"]![`a-25`]!.path;
    for (const index of [0, 1, 57, 124]) {
      const out = await extractFrame(file, { index }, path.join(shared, `witness-${index}.png`));
      expect(await rampFrameOf(out.path)).toBe(index);
    }
  });
});

describe.each(RATES)("at $label fps", (rate) => {
  let f: TimelineFixture;
  const media = () => ramps[rate.label]!;
  const clip = (name: "a" | "b" | "c") => f.clips[`${name}-${rate.label}`]!;
  beforeEach(async () => {
    f = await timelineFixture(rate.fps, media());
  });
  afterEach(() => f.remove());

  function lay(name: "a" | "b" | "c", track: number, startFrame: number, durationFrames: number, inFrame = 0): string {
    return f.fake.placeOnTimeline(f.sequenceId, { clipId: clip(name).id, track, startFrame, durationFrames, inFrame });
  }

  it("reads the selection, marks, playhead, tracks and markers exactly", async () => {
    const a = lay("a", 0, 10, 48, 5);
    lay("b", 0, 70, 24);
    const c = lay("c", 1, 20, 30);
    f.fake.selectTimelineItems(f.sequenceId, [a]);
    f.fake.selectTimelineItems(f.sequenceId, [c], { add: true });
    f.fake.setPlayhead(f.sequenceId, 64);
    await f.host.addSequenceMarker({ name: "Shot 4", comments: "a fox at dawn", at: { frames: 100 }, duration: { frames: 12 } });

    let state = await f.host.readTimeline();
    expect(state.inOut).toBeNull();
    expect(state).toMatchObject({ sequenceId: f.sequenceId, frameRate: { ticksPerFrame: Number(rate.perFrame) }, frameSize: { width: 64, height: 36 }, endFrame: 94 });
    expect(state.playhead).toEqual({ ticks: (64n * rate.perFrame).toString(), frame: 64 });
    expect(state.tracks.map((t) => t.items.map((i) => [i.name, i.startFrame, i.endFrame, i.inFrame]))).toEqual([
      [[`a-${rate.label}.mp4`, 10, 58, 5], [`b-${rate.label}.mp4`, 70, 94, 0]],
      [[`c-${rate.label}.mp4`, 20, 50, 0]],
      [],
    ]);
    expect(state.selection.map((i) => [i.track, i.mediaType, i.clip?.id, i.startTicks, i.endTicks, i.inTicks, i.outTicks, i.disabled, i.offGrid])).toEqual([
      [0, "video", clip("a").id, (10n * rate.perFrame).toString(), (58n * rate.perFrame).toString(), (5n * rate.perFrame).toString(), (53n * rate.perFrame).toString(), false, false],
      [1, "video", clip("c").id, (20n * rate.perFrame).toString(), (50n * rate.perFrame).toString(), "0", (30n * rate.perFrame).toString(), false, false],
    ]);
    expect(state.selection[0]?.clip).toEqual(clip("a"));
    expect(state.markers).toEqual([
      expect.objectContaining({ name: "Shot 4", comments: "a fox at dawn", startFrame: 100, durationFrames: 12, startTicks: (100n * rate.perFrame).toString() }),
    ]);

    f.fake.setSequenceInOut(f.sequenceId, 30, 66);
    state = await f.host.readTimeline();
    expect(state.inOut).toEqual({ in: { ticks: (30n * rate.perFrame).toString(), frame: 30 }, out: { ticks: (66n * rate.perFrame).toString(), frame: 66 } });
    // Marks covering the whole sequence mark no range.
    f.fake.setSequenceInOut(f.sequenceId, 0, 94);
    expect((await f.host.readTimeline()).inOut).toBeNull();
    // Shift-clicking a selected item deselects it.
    f.fake.selectTimelineItems(f.sequenceId, [a], { add: true });
    expect((await f.host.readTimeline()).selection.map((i) => i.track)).toEqual([1]);
  });

  it("finds the gaps on a track, and the one under the playhead", async () => {
    lay("a", 0, 10, 20);
    lay("b", 0, 45, 10);
    const gaps = await f.host.readTrackGaps(0);
    expect(gaps.map((g) => [g.startFrame, g.endFrame, g.before?.startFrame ?? null, g.after?.startFrame ?? null])).toEqual([
      [0, 10, null, 10],
      [30, 45, 10, 45],
      [55, null, 45, null],
    ]);
    const state = await f.host.readTimeline();
    expect(gapAt(state, 0, 37)).toMatchObject({ startFrame: 30, endFrame: 45 });
    expect(gapAt(state, 0, 30)).toMatchObject({ startFrame: 30, endFrame: 45 });
    expect(gapAt(state, 0, 29)).toBeNull();
    expect(gapFromPlayhead({ ...state, playhead: { ticks: "0", frame: 37 } }, 0)).toMatchObject({ startFrame: 37, endFrame: 45, before: null });
    expect(gapFromPlayhead({ ...state, playhead: { ticks: "0", frame: 60 } }, 0)).toBeNull();
    expect(gapFromPlayhead({ ...state, playhead: { ticks: "0", frame: 12 } }, 0)).toBeNull();
    expect(trackGaps(state, 2)).toEqual([{ track: 2, startFrame: 0, endFrame: null, before: null, after: null }]);
    await expect(f.host.readTrackGaps(7)).rejects.toMatchObject({ kind: "invalid-request", message: expect.stringContaining("no video track V8") });
  });

  it("exports the frame the sequence shows at a tick: the topmost enabled clip, at tick − start + in", async () => {
    lay("a", 0, 10, 48, 5);
    lay("c", 1, 40, 30, 20);
    const state = await f.host.readTimeline();
    const item = state.tracks[0]!.items[0]!;
    // a's last frame is the frame at its end − 1 frame (57); V2's clip (40–70) covers it, so that is what shows.
    const lastOfA = lastFrameTick(BigInt(item.endTicks), tickRate(rate.fps));
    expect(lastOfA).toBe(57n * rate.perFrame);
    const covered = await f.host.exportSequenceFrame({ at: { ticks: lastOfA.toString() }, outputPath: path.join(f.dir, "covered.png") });
    expect(covered).toMatchObject({ path: path.join(f.dir, "covered.png"), foundAs: "as-asked", frame: 57, width: 64, height: 36 });
    expect(await rampFrameOf(covered.path)).toBe(57 - 40 + 20);

    // With V2 switched off, the frame is a's own last frame: its media frame in + 47.
    const project = await f.fake.ppro.Project.getActiveProject();
    const sequence = await project.getActiveSequence();
    const v2 = (await sequence.getVideoTrack(1)).getTrackItems(f.fake.ppro.Constants.TrackItemType.CLIP, false)[0]!;
    project.lockedAccess(() => project.executeTransaction((c) => c.addAction(v2.createSetDisabledAction(true)), "off"));
    expect((await f.host.readTimeline()).tracks[1]!.items[0]!.disabled).toBe(true);
    const own = await f.host.exportSequenceFrame({ at: { ticks: lastOfA.toString() }, outputPath: path.join(f.dir, "own.png") });
    expect(await rampFrameOf(own.path)).toBe(5 + 47);

    // a's first frame, by frame number, at another size.
    const first = await f.host.exportSequenceFrame({ at: { frames: 10 }, outputPath: path.join(f.dir, "first.png"), width: 32, height: 18 });
    expect(pngSize(await fsp.readFile(first.path))).toEqual({ width: 32, height: 18 });
    expect(await rampFrameOf(first.path)).toBe(5);
    // Nothing at frame 200: black.
    const black = await f.host.exportSequenceFrame({ at: { frames: 200 }, outputPath: path.join(f.dir, "black.png") });
    expect(await rampFrameOf(black.path)).toBe(0);
    expect(f.fake.frameExports.map((e) => e.shown?.trackIndex ?? null)).toEqual([1, 0, 0, null]);
  });

  it("finds a frame Premiere wrote with its extension doubled, and moves it where it was asked when it can", async () => {
    lay("a", 0, 0, 48);
    f.fake.behaviour.frameExportNaming = "double-extension";
    const found = await f.host.exportSequenceFrame({ at: { frames: 12 }, outputPath: path.join(f.dir, "frame.png") });
    expect(found).toMatchObject({ path: path.join(f.dir, "frame.png.png"), foundAs: "double-extension", movedToAskedPath: false });
    expect(existsSync(found.path)).toBe(true);

    const renaming = await timelineFixture(rate.fps, media(), { renameFile: (from, to) => fsp.rename(from, to) });
    try {
      renaming.fake.behaviour.frameExportNaming = "double-extension";
      renaming.fake.placeOnTimeline(renaming.sequenceId, { clipId: renaming.clips[`a-${rate.label}`]!.id, track: 0, startFrame: 0, durationFrames: 48 });
      const moved = await renaming.host.exportSequenceFrame({ at: { frames: 12 }, outputPath: path.join(renaming.dir, "frame.png") });
      expect(moved).toMatchObject({ path: path.join(renaming.dir, "frame.png"), foundAs: "double-extension", movedToAskedPath: true });
      expect(await rampFrameOf(moved.path)).toBe(12);
      expect(existsSync(`${moved.path}.png`)).toBe(false);
    } finally {
      renaming.remove();
    }
  });

  it("refuses a frame export it cannot do, with the reason", async () => {
    await expect(f.host.exportSequenceFrame({ at: { frames: 0 }, outputPath: path.join(f.dir, "frame.webp") })).rejects.toMatchObject({ kind: "invalid-request", message: expect.stringContaining("png") });
    await expect(f.host.exportSequenceFrame({ at: { frames: 0 }, outputPath: "frame.png" })).rejects.toMatchObject({ kind: "invalid-request", message: expect.stringContaining("not a full path") });
    await expect(f.host.exportSequenceFrame({ at: { frames: 0 }, outputPath: path.join(f.dir, "f.png"), width: 10 })).rejects.toMatchObject({ kind: "invalid-request" });
    // EXR is a format Premiere writes but ffmpeg cannot: the fake answers false, the host says so.
    await expect(f.host.exportSequenceFrame({ at: { frames: 0 }, outputPath: path.join(f.dir, "f.exr") })).rejects.toMatchObject({ kind: "frame-export", message: expect.stringContaining("did not export frame 0") });
    // A missing folder: Premiere answers true in the fake only when the file is written.
    await expect(f.host.exportSequenceFrame({ at: { frames: 0 }, outputPath: path.join(f.dir, "missing", "f.png") })).rejects.toMatchObject({ kind: "frame-export" });
  });

  it("opens a clip or a file in the Source Monitor and reads the In/Out the editor marked there", async () => {
    const view = await f.host.openInSourceMonitor({ clip: clip("b") });
    expect(view).toEqual({ clip: clip("b"), inOut: null, positionTicks: "0" });
    f.fake.markSourceInOut(12n * rate.perFrame, 60n * rate.perFrame);
    expect((await f.host.readSourceMonitor()).inOut).toMatchObject({ inTicks: (12n * rate.perFrame).toString(), outTicks: (60n * rate.perFrame).toString() });
    expect(await f.host.readClipInOut(clip("b"))).toMatchObject({ marked: true, inTicks: (12n * rate.perFrame).toString() });

    const byPath = await f.host.openInSourceMonitor({ file: media()[`c-${rate.label}`]!.path });
    expect(byPath).toEqual({ clip: null, inOut: null, positionTicks: "0" });
    expect(f.fake.snapshot().sourceMonitor).toMatchObject({ itemId: null, mediaPath: media()[`c-${rate.label}`]!.path });
    await expect(f.host.openInSourceMonitor({ file: path.join(f.dir, "gone.mp4") })).rejects.toMatchObject({ kind: "missing-file" });
  });

  it("sets, reads and clears a clip's in/out, and labels clips and bins", async () => {
    const set = await f.host.setClipInOut(clip("a"), { in: { ticks: (3n * rate.perFrame).toString() }, out: { seconds: 2 } });
    expect(set).toEqual({ inTicks: (3n * rate.perFrame).toString(), outTicks: (2n * TPS).toString(), durationTicks: (5n * TPS).toString(), marked: true });
    expect(await f.host.setClipInOut(clip("a"), null)).toMatchObject({ inTicks: "0", outTicks: (5n * TPS).toString(), marked: false });
    await expect(f.host.setClipInOut(clip("a"), { in: { seconds: 4 }, out: { seconds: 6 } })).rejects.toMatchObject({ kind: "invalid-request" });

    expect(await f.host.readColourLabel(clip("a"))).toBe("iris");
    expect(await f.host.setColourLabel(clip("a"), "mango")).toBe("mango");
    const bin = await f.host.ensureBin(["Footage"]);
    expect(await f.host.setColourLabel(bin, "forest")).toBe("forest");
    const snapshot = f.fake.snapshot();
    const footage = snapshot.root?.kind === "root" ? snapshot.root.children.find((c) => c.name === "Footage") : undefined;
    expect(footage?.colourLabel).toBe("forest");
    expect(footage && footage.kind !== "clip" ? footage.children.find((c) => c.id === clip("a").id)?.colourLabel : null).toBe("mango");
    expect(f.fake.undo()).toBe(`Shotbin: label "${bin.name}" forest`);
    expect(await f.host.readColourLabel(bin)).toBe("violet");
  });

  it("marks In and Out on the sequence, Out exclusive", async () => {
    lay("a", 0, 0, 100);
    const range = await f.host.setSequenceInOut({ in: { frames: 12 }, out: { frames: 36 } });
    expect(range).toEqual({ in: { ticks: (12n * rate.perFrame).toString(), frame: 12 }, out: { ticks: (36n * rate.perFrame).toString(), frame: 36 } });
    expect(f.fake.snapshot().sequences[0]).toMatchObject({ inFrame: 12, outFrame: 36 });
    await expect(f.host.setSequenceInOut({ in: { frames: 40 }, out: { frames: 36 } })).rejects.toMatchObject({ kind: "invalid-request" });
  });

  it("places a clip where its span is free, else on the lowest free track above, else on a new track", async () => {
    lay("a", 0, 0, 50);
    lay("c", 1, 60, 20);
    // Free on V1 after a: stays on V1, source In honoured, project in/out set to cover exactly.
    const free = await f.host.placeClipAt({ clip: clip("b"), at: { frames: 50 }, track: 0, durationFrames: 30, sourceInFrame: 7 });
    expect(free).toMatchObject({ requestedTrack: 0, track: 0, placed: { startFrame: 50, durationFrames: 30, exact: true, landed: { startFrame: 50, endFrame: 80 } } });
    expect(free.movedBecause).toBeUndefined();
    expect(await f.host.readClipInOut(clip("b"))).toMatchObject({ inTicks: (7n * rate.perFrame).toString(), outTicks: (37n * rate.perFrame).toString() });

    // V1 is taken at 60–70 (by b) and V2 (by c): V3.
    const above = await f.host.placeClipAt({ clip: clip("a"), at: { frames: 60 }, track: 0, durationFrames: 10 });
    expect(above).toMatchObject({ requestedTrack: 0, track: 2, placed: { exact: true } });
    expect(above.movedBecause).toContain(`V1 has "b-${rate.label}.mp4" between frames 60 and 70`);
    // Everything taken: a new track V4.
    const fresh = await f.host.placeClipAt({ clip: clip("c"), at: { frames: 62 }, track: 0, durationFrames: 4 });
    expect(fresh).toMatchObject({ track: 3, placed: { exact: true, landed: { startFrame: 62, endFrame: 66 } } });
    await expect(f.host.placeClipAt({ clip: clip("c"), at: { frames: 62 }, track: 0, durationFrames: 4, whenTaken: "refuse" })).rejects.toMatchObject({ kind: "invalid-request", message: expect.stringContaining("does not overwrite it") });

    const tracks = f.fake.snapshot().sequences[0]!.tracks.map((t) => t.items.map((i) => [i.startFrame, i.endFrame]));
    expect(tracks).toEqual([[[0, 50], [50, 80]], [[60, 80]], [[60, 70]], [[62, 66]]]);
    expect(f.fake.violations).toEqual([]);
  });

  it("replaces a clip: the new one takes its place and length, the original is kept above, disabled, and undoing its steps brings it back", async () => {
    lay("a", 0, 0, 20);
    const target = lay("b", 0, 20, 36, 4);
    lay("c", 1, 10, 20); // V2 is taken over 20–30, so the original goes to V3
    lay("a", 0, 56, 10);
    const state = await f.host.readTimeline();
    const original = state.tracks[0]!.items.find((i) => i.startFrame === 20)!;
    const result = await f.host.replaceTrackItem({
      original: { sequenceId: state.sequenceId, track: 0, startTicks: original.startTicks, clipId: original.clip!.id },
      clip: clip("c"),
    });
    expect(result).toMatchObject({ kept: { track: 2, startFrame: 20, endFrame: 56, disabled: true }, placed: { startFrame: 20, durationFrames: 36, exact: true } });
    const after = f.fake.snapshot().sequences[0]!;
    expect(after.tracks[0]!.items.map((i) => [i.clipId, i.startFrame, i.endFrame])).toEqual([
      [clip("a").id, 0, 20],
      [clip("c").id, 20, 56],
      [clip("a").id, 56, 66],
    ]);
    expect(after.tracks[2]!.items.map((i) => [i.clipId, i.startFrame, i.endFrame, i.inFrame, i.disabled])).toEqual([[clip("b").id, 20, 56, 4, true]]);
    // What the sequence shows at frame 40 is the replacement (source frame 20 of c), not the kept copy.
    const shown = await f.host.exportSequenceFrame({ at: { frames: 40 }, outputPath: path.join(f.dir, "replaced.png") });
    expect(await rampFrameOf(shown.path)).toBe(20);
    // Three undo steps under one name: the copy, switching it off, the new clip (in/out and overwrite).
    expect(f.fake.transactions.slice(-4).map((t) => t.label)).toEqual(["Import", ...Array(3).fill(`Shotbin: replace "b-${rate.label}.mp4"`)]);
    for (let i = 0; i < 3; i++) f.fake.undo();
    expect(f.fake.snapshot().sequences[0]!.tracks.map((t) => t.items.map((i) => i.id))).toEqual(state.tracks.map((t) => t.items.map(() => expect.any(String))));
    expect(f.fake.snapshot().sequences[0]!.tracks[0]!.items.find((i) => i.startFrame === 20)?.id).toBe(target);
    expect(f.fake.violations).toEqual([]);
  });
});
