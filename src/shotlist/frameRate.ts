/**
 * Frame rates as exact fractions, and frame counts computed from a clip's own duration in whole
 * units (Premiere ticks, or an MP4 track's timescale) with integer arithmetic. Nothing here steps
 * in floating-point seconds: at 23.976 fps a 5.000 s clip is 119.88 frames, and whether that is
 * 119 or 120 must not depend on rounding error.
 */

/** A frame rate as an exact fraction: 24000/1001 for 23.976. */
export interface FrameRate {
  num: number;
  den: number;
}

/** Premiere's time base: 254016000000 ticks a second, a whole number of ticks per frame at every common rate. */
export const TICKS_PER_SECOND = 254016000000;

const NAMED_RATES: Record<string, FrameRate> = {
  "23.976": { num: 24000, den: 1001 },
  "23.98": { num: 24000, den: 1001 },
  "24": { num: 24, den: 1 },
  "25": { num: 25, den: 1 },
  "29.97": { num: 30000, den: 1001 },
  "30": { num: 30, den: 1 },
  "48": { num: 48, den: 1 },
  "50": { num: 50, den: 1 },
  "59.94": { num: 60000, den: 1001 },
  "60": { num: 60, den: 1 },
};

export function parseFrameRate(text: string): FrameRate | undefined {
  const trimmed = text.trim();
  if (NAMED_RATES[trimmed]) return NAMED_RATES[trimmed];
  const fraction = /^(\d+)\/(\d+)$/.exec(trimmed);
  if (fraction && Number(fraction[1]) > 0 && Number(fraction[2]) > 0) return { num: Number(fraction[1]), den: Number(fraction[2]) };
  return undefined;
}

export function fps(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** The timecode base: 24 for 23.976, 30 for 29.97. */
export function nominalFps(rate: FrameRate): number {
  return Math.round(rate.num / rate.den);
}

/** "23.976", "29.97", "59.94", "25": how editors write a rate. */
export function rateLabel(rate: FrameRate): string {
  if (rate.num % rate.den === 0) return String(rate.num / rate.den);
  const ntsc = nominalFps(rate) * 1000;
  if (rate.num * 1001 === ntsc * rate.den) {
    // 24000/1001 → 23.976, 30000/1001 → 29.97, 60000/1001 → 59.94: NTSC rates as they are named.
    const value = ntsc / 1001;
    return nominalFps(rate) % 30 === 0 ? value.toFixed(2) : value.toFixed(3);
  }
  return fps(rate).toFixed(3);
}

/** The sequence rate of a Premiere sequence, exactly: ticks a second over ticks a frame. */
export function rateFromTicksPerFrame(ticksPerFrame: number): FrameRate {
  return { num: TICKS_PER_SECOND, den: ticksPerFrame };
}

/** A duration in whole units of a time base: MP4 `mdhd` units, or Premiere ticks. */
export interface MediaDuration {
  value: number;
  timescale: number;
}

/** The whole frames at `rate` that a piece of media of this duration holds (the last partial frame does not count). */
export function wholeFrames(duration: MediaDuration, rate: FrameRate): number {
  if (!Number.isInteger(duration.value) || !Number.isInteger(duration.timescale) || duration.timescale <= 0 || duration.value < 0) {
    throw new RangeError(`not a duration in whole units: ${duration.value}/${duration.timescale}`);
  }
  return Number((BigInt(duration.value) * BigInt(rate.num)) / (BigInt(duration.timescale) * BigInt(rate.den)));
}

/** A time in seconds (as a shot list writes it) in whole Premiere ticks. */
export function secondsToTicks(seconds: number): number {
  return Math.round(seconds * TICKS_PER_SECOND);
}

/**
 * The whole frames that fit in a shot of `seconds`: what a clip of exactly that length fills.
 * 5 s is 119 frames at 23.976, 125 at 25 and 149 at 29.97.
 */
export function shotFrames(seconds: number, rate: FrameRate): number {
  return wholeFrames({ value: secondsToTicks(seconds), timescale: TICKS_PER_SECOND }, rate);
}

/** The frame nearest a time in ticks (a marker or a fixed start on another grid). */
export function ticksToNearestFrame(ticks: bigint, rate: FrameRate): number {
  const numerator = ticks * BigInt(rate.num);
  const denominator = BigInt(TICKS_PER_SECOND) * BigInt(rate.den);
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
