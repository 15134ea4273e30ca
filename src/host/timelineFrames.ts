/**
 * Frame arithmetic on Premiere's time base. Premiere counts time in ticks, 254016000000 per
 * second, chosen so that every common frame rate (23.976, 25, 29.97, 59.94...) has a whole
 * number of ticks per frame. Shotbin plans edits in whole frames and converts only at the edges.
 */
import { HostError } from "../core/errors";
import type { FrameRateInfo, TimelinePoint, TimelineSpan } from "./premiereHost";

export const TICKS_PER_SECOND = 254016000000;

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
  return Math.round((value.seconds * TICKS_PER_SECOND) / frameRate.ticksPerFrame);
}

/** The frame a tick time falls in (`floor`), or the first frame boundary at or after it (`ceil`). */
export function framesFromTicks(ticks: number, ticksPerFrame: number, rounding: "floor" | "ceil"): number {
  // Ticks below 2^53 are exact doubles, so the remainder is computed exactly and a time one tick
  // off the grid is told apart from one on it; the quotient's float error is corrected first.
  let frames = Math.floor(ticks / ticksPerFrame);
  let remainder = ticks - frames * ticksPerFrame;
  if (remainder < 0) {
    frames -= 1;
    remainder += ticksPerFrame;
  } else if (remainder >= ticksPerFrame) {
    frames += 1;
    remainder -= ticksPerFrame;
  }
  return rounding === "ceil" && remainder > 0 ? frames + 1 : frames;
}
