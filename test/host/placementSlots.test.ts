import { placementForSlot, planPlacementSlots } from "../../src/host/placementSlots";
import type { SequenceInfo } from "../../src/host/premiereHost";
import { framesFromTicks, toFrames } from "../../src/host/timelineFrames";

const NTSC_24 = { fps: 24000 / 1001, ticksPerFrame: 10594584000 };

const sequence: SequenceInfo = {
  id: "s",
  name: "Edit",
  frameRate: NTSC_24,
  frameSize: { width: 1920, height: 1080 },
  videoTrackCount: 2,
  endFrame: 480,
  playheadFrame: 100,
};

describe("toFrames", () => {
  it("rounds seconds to the nearest frame at the sequence rate", () => {
    expect(toFrames({ seconds: 5 }, NTSC_24)).toBe(120); // 119.88 frames
    expect(toFrames({ seconds: 1.5 }, { fps: 30000 / 1001, ticksPerFrame: 8475667200 })).toBe(45); // 44.955
    expect(toFrames({ frames: 7 }, NTSC_24)).toBe(7);
  });

  it("refuses fractional frames and non-finite seconds", () => {
    expect(() => toFrames({ frames: 1.5 }, NTSC_24)).toThrow(/whole number/);
    expect(() => toFrames({ seconds: Number.NaN }, NTSC_24)).toThrow(/finite/);
  });
});

describe("framesFromTicks", () => {
  it("floors and ceils off-grid times but keeps exact boundaries", () => {
    expect(framesFromTicks(10594584000 * 3, 10594584000, "ceil")).toBe(3);
    expect(framesFromTicks(10594584000 * 3 + 1, 10594584000, "ceil")).toBe(4);
    expect(framesFromTicks(10594584000 * 3 + 1, 10594584000, "floor")).toBe(3);
  });
});

describe("planPlacementSlots", () => {
  it("lays slots end to end from the end of the sequence", () => {
    const slots = planPlacementSlots(sequence, { start: "end", track: 1, durations: [{ seconds: 5 }, { frames: 48 }, { seconds: 2 }] });
    expect(slots).toEqual([
      { index: 0, track: 1, startFrame: 480, durationFrames: 120 },
      { index: 1, track: 1, startFrame: 600, durationFrames: 48 },
      { index: 2, track: 1, startFrame: 648, durationFrames: 48 },
    ]);
  });

  it("starts at the playhead or a given time, with optional gaps", () => {
    expect(planPlacementSlots(sequence, { start: "playhead", track: 0, durations: [{ frames: 10 }, { frames: 10 }], gapFrames: 5 })).toEqual([
      { index: 0, track: 0, startFrame: 100, durationFrames: 10 },
      { index: 1, track: 0, startFrame: 115, durationFrames: 10 },
    ]);
    expect(planPlacementSlots(sequence, { start: { seconds: 10 }, track: 0, durations: [{ frames: 1 }] })[0]?.startFrame).toBe(240);
  });

  it("refuses slots shorter than a frame and negative gaps", () => {
    expect(() => planPlacementSlots(sequence, { start: "end", track: 0, durations: [{ seconds: 0.01 }] })).toThrow(/shorter than one frame/);
    expect(() => planPlacementSlots(sequence, { start: "end", track: 0, durations: [], gapFrames: -1 })).toThrow(/gap/);
  });

  it("turns a slot and a clip into a placement", () => {
    const clip = { id: "c", name: "c.mp4", mediaPath: "/c.mp4" };
    expect(placementForSlot({ index: 0, track: 2, startFrame: 10, durationFrames: 20 }, clip)).toEqual({
      clip,
      at: { frames: 10 },
      track: 2,
      duration: { frames: 20 },
    });
  });
});
