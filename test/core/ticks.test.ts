/**
 * Frame-exact tick arithmetic at the rates editors use. Expected values are worked out here from
 * the rates as exact fractions (24000/1001 and so on), not taken from the code under test.
 */
import {
  frameAt,
  frameStart,
  framesBetween,
  framesToSeconds,
  isOnFrame,
  lastFrameTick,
  parseTicks,
  secondsCoverFrames,
  tickRate,
  tickRateFromTicksPerFrame,
  ticksPerFrameFor,
  TICKS_PER_SECOND,
  timecodeOf,
  wholeFramesIn,
} from "../../src/core/ticks";

const RATES = [
  { label: "23.976", fps: 24000 / 1001, num: 24000n, den: 1001n, perFrame: 10594584000n, fiveSecondFrames: 119 },
  { label: "24", fps: 24, num: 24n, den: 1n, perFrame: 10584000000n, fiveSecondFrames: 120 },
  { label: "25", fps: 25, num: 25n, den: 1n, perFrame: 10160640000n, fiveSecondFrames: 125 },
  { label: "29.97", fps: 30000 / 1001, num: 30000n, den: 1001n, perFrame: 8475667200n, fiveSecondFrames: 149 },
  { label: "59.94", fps: 60000 / 1001, num: 60000n, den: 1001n, perFrame: 4237833600n, fiveSecondFrames: 299 },
];

describe.each(RATES)("at $label fps", (r) => {
  const rate = tickRate(r.fps);

  it("has a whole number of ticks per frame, exactly TPS·den/num", () => {
    expect((TICKS_PER_SECOND * r.den) % r.num).toBe(0n);
    expect(rate.ticksPerFrame).toBe((TICKS_PER_SECOND * r.den) / r.num);
    expect(rate.ticksPerFrame).toBe(r.perFrame);
    // The rounded display value (23.976, 29.97, 59.94) finds the same exact rate.
    expect(ticksPerFrameFor(Number(r.label))).toBe(r.perFrame);
    expect(tickRateFromTicksPerFrame(r.perFrame.toString()).ticksPerFrame).toBe(r.perFrame);
  });

  it("puts frame N at N·tpf and finds it again from any tick inside it", () => {
    for (const frame of [0, 1, 119, 120, 86399, 1_000_000]) {
      const start = frameStart(frame, rate);
      expect(start).toBe(BigInt(frame) * r.perFrame);
      expect(frameAt(start, rate)).toBe(frame);
      expect(frameAt(start + r.perFrame - 1n, rate)).toBe(frame);
      expect(frameAt(start + 1n, rate, "ceil")).toBe(frame + 1);
      expect(frameAt(start, rate, "ceil")).toBe(frame);
      expect(isOnFrame(start, rate)).toBe(true);
      expect(isOnFrame(start + 1n, rate)).toBe(false);
    }
    expect(frameAt(-1n, rate)).toBe(-1);
    expect(frameAt(-1n, rate, "ceil")).toBe(0);
  });

  it("takes the last frame of a clip at end − 1 frame, even when the end is off the grid", () => {
    const end = frameStart(240, rate);
    expect(lastFrameTick(end, rate)).toBe(end - r.perFrame);
    expect(frameAt(lastFrameTick(end, rate), rate)).toBe(239);
    // An end one tick past a boundary still has its last (partial) frame at 240.
    expect(frameAt(lastFrameTick(end + 1n, rate), rate)).toBe(240);
  });

  it("counts whole frames in a span and in a clip of whole seconds", () => {
    expect(framesBetween(frameStart(10, rate), frameStart(130, rate), rate)).toBe(120);
    expect(framesBetween(frameStart(10, rate), frameStart(10, rate), rate)).toBe(0);
    // A 5.000 s clip: every frame that starts before 5 s, floor(5·num/den).
    expect(BigInt(r.fiveSecondFrames)).toBe((5n * r.num) / r.den);
    expect(wholeFramesIn(5, rate)).toBe(r.fiveSecondFrames);
    expect(secondsCoverFrames(5, r.fiveSecondFrames, rate)).toBe(true);
    expect(secondsCoverFrames(5, r.fiveSecondFrames + 1, rate)).toBe(false);
  });

  it("gives seconds only at the edge, exact to the frame", () => {
    expect(framesToSeconds(Number(r.num), rate)).toBeCloseTo(Number(r.den), 12);
    expect(framesToSeconds(0, rate)).toBe(0);
  });
});

describe("ticks as Premiere hands them over", () => {
  it("parses TickTime.ticks strings and refuses anything else", () => {
    expect(parseTicks("10594584000")).toBe(10594584000n);
    expect(parseTicks("-5")).toBe(-5n);
    expect(() => parseTicks("1.5")).toThrow(/not a tick count/);
    expect(() => parseTicks(0.5)).toThrow(/whole number/);
  });

  it("refuses a rate of zero and a frame that is not whole", () => {
    expect(() => tickRate(0)).toThrow(/above 0/);
    expect(() => frameStart(1.5, tickRate(25))).toThrow(/whole/);
    expect(() => tickRateFromTicksPerFrame(0)).toThrow(/at least one tick/);
  });

  it("writes timecode for messages", () => {
    expect(timecodeOf(0, tickRate(25))).toBe("00:00:00:00");
    expect(timecodeOf(25 * 3661 + 7, tickRate(25))).toBe("01:01:01:07");
    expect(timecodeOf(119, tickRate(24000 / 1001))).toBe("00:00:04:23");
  });
});
