/**
 * Frame-exact time on Premiere's time base, in one place. Premiere counts 254016000000 ticks per
 * second, chosen so that every common rate has a whole number of ticks per frame (23.976 fps:
 * 10594584000; 25: 10160640000; 29.97: 8475667200; 59.94: 4237833600). Everything here is
 * bigint ticks and whole frames; seconds appear only at the edges (a provider's duration, a
 * file's timestamp) and are never stepped through.
 *
 * Conventions: a frame N covers [N·tpf, (N+1)·tpf). A span's end is exclusive (a track item's end,
 * a sequence's out point), so the last frame of a span is the frame at (end − 1 frame).
 */

export const TICKS_PER_SECOND = 254016000000n;

/** A sequence's rate: ticks per frame, exact; fps only for display and for providers. */
export interface TickRate {
  ticksPerFrame: bigint;
  fps: number;
}

/** Ticks per frame for a rate, exact for whole rates and their NTSC (×1000/1001) variants. */
export function ticksPerFrameFor(fps: number): bigint {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new RangeError(`A frame rate must be above 0, not ${fps}.`);
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < 1e-9 && TICKS_PER_SECOND % BigInt(whole) === 0n) return TICKS_PER_SECOND / BigInt(whole);
  const ntsc = Math.round((fps * 1001) / 1000);
  if (Math.abs(fps - (ntsc * 1000) / 1001) < 0.005 && (TICKS_PER_SECOND * 1001n) % (BigInt(ntsc) * 1000n) === 0n) {
    return (TICKS_PER_SECOND * 1001n) / (BigInt(ntsc) * 1000n);
  }
  return BigInt(Math.round(Number(TICKS_PER_SECOND) / fps));
}

export function tickRate(fps: number): TickRate {
  return { ticksPerFrame: ticksPerFrameFor(fps), fps };
}

/** The rate from Premiere's ticks per frame (a number or the string `getTimebase` answers). */
export function tickRateFromTicksPerFrame(ticksPerFrame: bigint | number | string): TickRate {
  const perFrame = BigInt(ticksPerFrame);
  if (perFrame <= 0n) throw new RangeError(`A frame must last at least one tick, not ${perFrame}.`);
  return { ticksPerFrame: perFrame, fps: Number(TICKS_PER_SECOND) / Number(perFrame) };
}

/** Parses ticks as Premiere hands them over (`TickTime.ticks` is a string of digits). */
export function parseTicks(ticks: string | bigint | number): bigint {
  if (typeof ticks === "bigint") return ticks;
  if (typeof ticks === "number") {
    if (!Number.isSafeInteger(ticks)) throw new RangeError(`Ticks must be a whole number, not ${ticks}.`);
    return BigInt(ticks);
  }
  if (!/^-?\d+$/.test(ticks.trim())) throw new RangeError(`"${ticks}" is not a tick count.`);
  return BigInt(ticks.trim());
}

/** The tick at which frame `frame` starts. */
export function frameStart(frame: number, rate: TickRate): bigint {
  if (!Number.isInteger(frame)) throw new RangeError(`A frame number must be whole, not ${frame}.`);
  return BigInt(frame) * rate.ticksPerFrame;
}

/** The frame a tick falls in (`floor`), or the first frame boundary at or after it (`ceil`). */
export function frameAt(ticks: bigint, rate: TickRate, rounding: "floor" | "ceil" = "floor"): number {
  const perFrame = rate.ticksPerFrame;
  let frames = ticks / perFrame;
  const remainder = ticks % perFrame;
  // bigint division truncates toward zero; floor and ceil need the sign of the remainder.
  if (remainder < 0n) frames -= 1n;
  if (rounding === "ceil" && remainder !== 0n) frames += 1n;
  return Number(frames);
}

export function isOnFrame(ticks: bigint, rate: TickRate): boolean {
  return ticks % rate.ticksPerFrame === 0n;
}

/** The tick of the last frame of a span that ends (exclusively) at `endTicks`: the frame at end − 1 frame. */
export function lastFrameTick(endTicks: bigint, rate: TickRate): bigint {
  return frameStart(frameAt(endTicks, rate, "ceil") - 1, rate);
}

/** Whole frames in [start, end): the frames whose start lies in the span. */
export function framesBetween(startTicks: bigint, endTicks: bigint, rate: TickRate): number {
  return Math.max(0, frameAt(endTicks, rate, "ceil") - frameAt(startTicks, rate, "ceil"));
}

/** Exact seconds of a tick count, for a provider or a file; never added back up. */
export function ticksToSeconds(ticks: bigint): number {
  const whole = ticks / TICKS_PER_SECOND;
  const rest = ticks % TICKS_PER_SECOND;
  return Number(whole) + Number(rest) / Number(TICKS_PER_SECOND);
}

/** Seconds of a whole number of frames at the rate. */
export function framesToSeconds(frames: number, rate: TickRate): number {
  return ticksToSeconds(frameStart(frames, rate));
}

/** Whole seconds from the tick count (exact for durations such as 5 s or 8 s). */
export function secondsToTicks(seconds: number): bigint {
  if (!Number.isFinite(seconds)) throw new RangeError(`Seconds must be finite, not ${seconds}.`);
  const millionths = BigInt(Math.round(seconds * 1e6));
  return (millionths * TICKS_PER_SECOND) / 1000000n;
}

/**
 * The whole frames a clip of `seconds` yields on a timeline at `rate`: every frame that starts
 * before the clip ends. A 5.000 s clip has 119 whole frames at 23.976 fps (the 120th would end
 * 5 ms after the clip does), and 125 at 25 fps.
 */
export function wholeFramesIn(seconds: number, rate: TickRate): number {
  return frameAt(secondsToTicks(seconds), rate, "floor");
}

/** Whether a clip of `seconds` covers at least `frames` whole frames at `rate`. */
export function secondsCoverFrames(seconds: number, frames: number, rate: TickRate): boolean {
  return wholeFramesIn(seconds, rate) >= frames;
}

/** `HH:MM:SS:FF` of a frame number (non-drop), for messages. */
export function timecodeOf(frame: number, rate: TickRate): string {
  const base = Math.round(rate.fps);
  const sign = frame < 0 ? "-" : "";
  let rest = Math.abs(frame);
  const ff = rest % base;
  rest = (rest - ff) / base;
  const ss = rest % 60;
  rest = (rest - ss) / 60;
  const mm = rest % 60;
  const hh = (rest - mm) / 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${sign}${two(hh)}:${two(mm)}:${two(ss)}:${two(ff)}`;
}
