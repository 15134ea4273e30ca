import type { ClipRef, Placement } from "../../src/host/premiereHost";
import { placementForSlot, planPlacementSlots } from "../../src/host/placementSlots";
import type { SnapshotSequence, SnapshotTrackItem } from "../../src/host/fake/fakeSnapshot";
import { findNode, hostFixture, type HostFixture } from "./hostFixture";

const TICKS_PER_SECOND = 254016000000n;
/** Exact rates as fractions, worked out here rather than taken from the code under test. */
const RATES = {
  "23.976": { fps: 23.976, num: 24000n, den: 1001n },
  "25": { fps: 25, num: 25n, den: 1n },
  "29.97": { fps: 29.97, num: 30000n, den: 1001n },
};

const MIXED_SECONDS = [2, 3.5, 4.04, 5, 1.25, 6, 2.5, 3, 7.2, 4, 2.2, 5.5, 3.3, 6.6, 1, 2.75, 4.5, 3.9, 5.05, 2.1];

async function projectWithClips(fps: number, count: number, mediaSeconds = 8, videoTracks = 3) {
  const fixture = hostFixture();
  fixture.fake.openProject({ name: "P" });
  const sequenceId = fixture.fake.addSequence({ name: "Edit", fps, videoTracks });
  const files = Array.from({ length: count }, (_, i) => `/renders/shot-${String(i + 1).padStart(2, "0")}.mp4`);
  for (const file of files) fixture.media.add(file, { durationSeconds: mediaSeconds });
  const bin = await fixture.host.ensureBin(["Shotbin"]);
  const outcomes = await fixture.host.importClips(files, bin);
  const clips = outcomes.map((o) => {
    if (!o.ok) throw new Error(`import failed: ${o.error.message}`);
    return o.clip;
  });
  return { ...fixture, sequenceId, clips };
}

function sequence(fixture: HostFixture, id: string): SnapshotSequence {
  const found = fixture.fake.snapshot().sequences.find((s) => s.id === id);
  if (!found) throw new Error("no sequence");
  return found;
}

describe.each(Object.entries(RATES))("20 shots of mixed durations at %s fps", (_label, rate) => {
  const ticksPerFrame = (TICKS_PER_SECOND * rate.den) / rate.num;
  const expectedFrames = MIXED_SECONDS.map((s) => Math.round((s * Number(rate.num)) / Number(rate.den)));

  function expectExactAndContiguous(items: SnapshotTrackItem[], clips: ClipRef[], firstFrame: number) {
    expect(items.map((i) => i.clipId)).toEqual(clips.map((c) => c.id));
    let frame = BigInt(firstFrame);
    items.forEach((item, k) => {
      const start = BigInt(item.startTicks);
      const end = BigInt(item.endTicks);
      expect(start % ticksPerFrame).toBe(0n);
      expect(end % ticksPerFrame).toBe(0n);
      expect(start).toBe(frame * ticksPerFrame); // no gap and no overlap with the previous shot
      expect((end - start) / ticksPerFrame).toBe(BigInt(expectedFrames[k] as number));
      frame += BigInt(expectedFrames[k] as number);
    });
  }

  it("lands every shot on exact frames, end to end, in one call", async () => {
    const fixture = await projectWithClips(rate.fps, 20);
    const context = await fixture.host.getContext();
    if (!context.sequence) throw new Error("no sequence");
    const slots = planPlacementSlots(context.sequence, { start: "end", track: 0, durations: MIXED_SECONDS.map((seconds) => ({ seconds })) });
    const report = await fixture.host.placeClips(slots.map((slot, k) => placementForSlot(slot, fixture.clips[k] as ClipRef)));

    expect(report.undoLabel).toBe("Shotbin: place 20 shots");
    expect(report.placed.every((p) => p.exact && p.shortenedByFrames === 0)).toBe(true);
    expectExactAndContiguous(sequence(fixture, fixture.sequenceId).tracks[0]?.items ?? [], fixture.clips, 0);
  });

  it("fills reserved slots correctly when shots finish out of order, in several batches", async () => {
    const fixture = await projectWithClips(rate.fps, 20);
    const earlier: ClipRef = { id: fixture.fake.addClip("/renders/earlier.mp4", 10), name: "earlier.mp4", mediaPath: "/renders/earlier.mp4" };
    // Something is already on V1: the batch starts after it.
    await fixture.host.placeClips([{ clip: earlier, at: { frames: 0 }, track: 0, duration: { frames: 37 } }]);
    const context = await fixture.host.getContext();
    if (!context.sequence) throw new Error("no sequence");
    expect(context.sequence.endFrame).toBe(37);
    const slots = planPlacementSlots(context.sequence, { start: "end", track: 0, durations: MIXED_SECONDS.map((seconds) => ({ seconds })) });

    const order = [13, 2, 19, 0, 7, 11, 4, 16, 9, 1, 18, 5, 14, 3, 10, 6, 17, 8, 15, 12];
    for (let batch = 0; batch < 4; batch++) {
      const indexes = order.slice(batch * 5, batch * 5 + 5);
      await fixture.host.placeClips(indexes.map((k) => placementForSlot(slots[k]!, fixture.clips[k] as ClipRef)));
    }
    const items = sequence(fixture, fixture.sequenceId).tracks[0]?.items ?? [];
    expect(items[0]).toMatchObject({ clipId: earlier.id, startFrame: 0, endFrame: 37 });
    expectExactAndContiguous(items.slice(1), fixture.clips, 37);
  });
});

describe("placeClips", () => {
  it("makes one undo step for the whole batch, which Undo takes back entirely", async () => {
    const fixture = await projectWithClips(25, 12);
    const placements: Placement[] = fixture.clips.map((clip, k) => ({ clip, at: { frames: k * 50 }, track: 1, duration: { seconds: 2 } }));
    const before = fixture.fake.transactions.length;
    await fixture.host.placeClips(placements);
    expect(fixture.fake.transactions.slice(before)).toEqual([{ label: "Shotbin: place 12 shots", actionCount: 24 }]);
    expect(sequence(fixture, fixture.sequenceId).tracks[1]?.items).toHaveLength(12);

    expect(fixture.fake.undo()).toBe("Shotbin: place 12 shots");
    expect(sequence(fixture, fixture.sequenceId).tracks[1]?.items).toEqual([]);
    expect(findNode(fixture.fake.snapshot().root, fixture.clips[0]!.id)).toMatchObject({ inSeconds: null, outSeconds: null });
  });

  it("refuses clearly when there is no active sequence, and changes nothing", async () => {
    const fixture = await projectWithClips(25, 1);
    fixture.fake.closeSequence(fixture.sequenceId);
    const before = fixture.fake.snapshot();
    await expect(
      fixture.host.placeClips([{ clip: fixture.clips[0]!, at: { frames: 0 }, track: 0, duration: { seconds: 1 } }]),
    ).rejects.toMatchObject({
      name: "HostError",
      kind: "no-sequence",
      call: "Project.getActiveSequence",
      message: expect.stringContaining("Open a sequence"),
    });
    expect(fixture.fake.snapshot()).toEqual(before);
  });

  it("still places into a named sequence when none is active", async () => {
    const fixture = await projectWithClips(25, 1);
    fixture.fake.closeSequence(fixture.sequenceId);
    const report = await fixture.host.placeClips(
      [{ clip: fixture.clips[0]!, at: { frames: 10 }, track: 0, duration: { frames: 25 } }],
      { sequenceId: fixture.sequenceId },
    );
    expect(report.placed[0]).toMatchObject({ exact: true, landed: { startFrame: 10, endFrame: 35 } });
  });

  it("puts placements on track indexes beyond the track count onto new tracks, in order", async () => {
    const fixture = await projectWithClips(25, 3, 8, 2);
    const report = await fixture.host.placeClips([
      { clip: fixture.clips[0]!, at: { frames: 0 }, track: 5, duration: { frames: 25 } },
      { clip: fixture.clips[1]!, at: { frames: 0 }, track: 3, duration: { frames: 25 } },
      { clip: fixture.clips[2]!, at: { frames: 0 }, track: 1, duration: { frames: 25 } },
    ]);
    expect(report.placed.map((p) => [p.requestedTrack, p.track, p.exact])).toEqual([
      [5, 3, true],
      [3, 2, true],
      [1, 1, true],
    ]);
    const tracks = sequence(fixture, fixture.sequenceId).tracks;
    expect(tracks.map((t) => t.items.map((i) => i.clipId))).toEqual([[], [fixture.clips[2]!.id], [fixture.clips[1]!.id], [fixture.clips[0]!.id]]);
  });

  it("replaces what lies under a slot: a new take swaps into the same frames", async () => {
    const fixture = await projectWithClips(29.97, 4);
    const [a, take1, b, take2] = fixture.clips as [ClipRef, ClipRef, ClipRef, ClipRef];
    const slot = (clip: ClipRef, frames: number, at: number): Placement => ({ clip, at: { frames: at }, track: 0, duration: { frames } });
    await fixture.host.placeClips([slot(a, 30, 0), slot(take1, 45, 30), slot(b, 30, 75)]);
    const report = await fixture.host.placeClips([slot(take2, 45, 30)]);
    expect(report.undoLabel).toBe("Shotbin: place 1 shot");
    const items = sequence(fixture, fixture.sequenceId).tracks[0]?.items ?? [];
    expect(items.map((i) => [i.clipId, i.startFrame, i.endFrame])).toEqual([
      [a.id, 0, 30],
      [take2.id, 30, 75],
      [b.id, 75, 105],
    ]);
  });

  it("overwrites part of a longer clip, splitting it around the new shot", async () => {
    const fixture = await projectWithClips(25, 2, 20);
    const [long, short] = fixture.clips as [ClipRef, ClipRef];
    await fixture.host.placeClips([{ clip: long, at: { frames: 0 }, track: 0, duration: { seconds: 20 } }]);
    await fixture.host.placeClips([{ clip: short, at: { seconds: 8 }, track: 0, duration: { seconds: 2 } }]);
    const items = sequence(fixture, fixture.sequenceId).tracks[0]?.items ?? [];
    expect(items.map((i) => [i.clipId, i.startFrame, i.endFrame, i.inFrame])).toEqual([
      [long.id, 0, 200, 0],
      [short.id, 200, 250, 0],
      [long.id, 250, 500, 250],
    ]);
  });

  it("cuts the same clip to two lengths in one batch", async () => {
    const fixture = await projectWithClips(25, 1);
    const clip = fixture.clips[0]!;
    const report = await fixture.host.placeClips([
      { clip, at: { frames: 0 }, track: 0, duration: { frames: 50 } },
      { clip, at: { frames: 50 }, track: 0, duration: { frames: 20 } },
    ]);
    expect(report.placed.map((p) => [p.landed, p.exact])).toEqual([
      [{ startFrame: 0, endFrame: 50 }, true],
      [{ startFrame: 50, endFrame: 70 }, true],
    ]);
  });

  it("shortens a shot whose media is shorter than asked, and says by how much", async () => {
    const fixture = await projectWithClips(23.976, 1, 4.96);
    const [placed] = (await fixture.host.placeClips([{ clip: fixture.clips[0]!, at: { frames: 0 }, track: 0, duration: { seconds: 5 } }])).placed;
    // 4.96 s holds 118 whole frames at 23.976; 5 s rounds to 120.
    expect(placed).toMatchObject({ durationFrames: 118, shortenedByFrames: 2, exact: true, landed: { startFrame: 0, endFrame: 118 } });
  });

  it("refuses placements that overlap within one batch, before touching Premiere", async () => {
    const fixture = await projectWithClips(25, 2);
    const before = fixture.fake.transactions.length;
    await expect(
      fixture.host.placeClips([
        { clip: fixture.clips[0]!, at: { frames: 0 }, track: 0, duration: { frames: 30 } },
        { clip: fixture.clips[1]!, at: { frames: 29 }, track: 0, duration: { frames: 30 } },
      ]),
    ).rejects.toMatchObject({ kind: "invalid-request", message: expect.stringContaining("overlap on V1") });
    await expect(fixture.host.placeClips([{ clip: fixture.clips[0]!, at: { frames: -1 }, track: 0, duration: { frames: 5 } }])).rejects.toMatchObject({
      kind: "invalid-request",
    });
    await expect(fixture.host.placeClips([])).rejects.toMatchObject({ kind: "invalid-request" });
    expect(fixture.fake.transactions).toHaveLength(before);
  });

  it("reports a transaction Premiere did not commit, with nothing changed", async () => {
    const fixture = await projectWithClips(25, 2);
    fixture.fake.behaviour.refuseTransactions = true;
    const before = fixture.fake.snapshot();
    await expect(
      fixture.host.placeClips([{ clip: fixture.clips[0]!, at: { frames: 0 }, track: 0, duration: { frames: 30 } }]),
    ).rejects.toMatchObject({ kind: "transaction", call: "Project.executeTransaction", message: expect.stringContaining("Shotbin: place 1 shot") });
    expect(fixture.fake.snapshot()).toEqual(before);
  });

  it("refuses a clip that is no longer in the project", async () => {
    const fixture = await projectWithClips(25, 1);
    await expect(
      fixture.host.placeClips([{ clip: { id: "item-404", name: "gone.mp4", mediaPath: "/gone.mp4" }, at: { frames: 0 }, track: 0, duration: { frames: 5 } }]),
    ).rejects.toMatchObject({ kind: "not-found" });
  });
});
