/**
 * Frames for the host's callers, who give times as frames or seconds (`TimelinePoint`) and get
 * Premiere's `ticksNumber` back. The arithmetic itself lives in src/core/ticks.ts; this adapts it
 * to the host's shapes. Seconds round to the nearest frame here, and only here.
 */
import { HostError } from "../core/errors";
import { frameAt, secondsToTicks, TICKS_PER_SECOND as TICKS_PER_SECOND_BIG } from "../core/ticks";
import type { FrameRateInfo, TimelinePoint, TimelineSpan } from "./premiereHost";

export const TICKS_PER_SECOND = Number(TICKS_PER_SECOND_BIG);

/** Whole frames for a point or span at the given rate. Seconds round to the nearest frame. */
export function toFrames(value: TimelinePoint | TimelineSpan, frameRate: FrameRateInfo): number {
  if ("frames" in value) {
    if (!Number.isInteger(value.frames)) {
      throw new HostError("invalid-request", `A frame count must be a whole number, not ${value.frames}.`);
    }
    return value.frames;
  }
  if (!Number.isFinite(value.seconds)) {
    throw new HostError("invalid-request", `A time in seconds must be a finite number, not ${value.seconds}.`);
  }
  const perFrame = BigInt(frameRate.ticksPerFrame);
  // The nearest frame: half a frame later, then down to the frame it falls in.
  return frameAt(secondsToTicks(value.seconds) + perFrame / 2n, { ticksPerFrame: perFrame, fps: frameRate.fps }, "floor");
}

/** The frame a tick time falls in (`floor`), or the first frame boundary at or after it (`ceil`). */
export function framesFromTicks(ticks: number, ticksPerFrame: number, rounding: "floor" | "ceil"): number {
  return frameAt(BigInt(Math.round(ticks)), { ticksPerFrame: BigInt(ticksPerFrame), fps: TICKS_PER_SECOND / ticksPerFrame }, rounding);
}
