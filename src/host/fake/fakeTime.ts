/** Premiere's TickTime and FrameRate, on bigint ticks so that long timelines stay exact. */
import type { FrameRate, TickTime } from "@adobe/premierepro";
import { type FrameRateShape, type TickTimeShape, asFrameRate, asTickTime } from "./officialShapes";

export const TICKS_PER_SECOND = 254016000000n;

/** Ticks per frame for a rate, exact for whole rates and their NTSC (x1000/1001) variants. */
export function ticksPerFrameFor(fps: number): bigint {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new Error(`Illegal Parameter type: frame rate ${fps}`);
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < 1e-9) return (TICKS_PER_SECOND + BigInt(whole) / 2n) / BigInt(whole);
  const ntsc = Math.round((fps * 1001) / 1000);
  if (Math.abs(fps - (ntsc * 1000) / 1001) < 0.005) return (TICKS_PER_SECOND * 1001n) / (BigInt(ntsc) * 1000n);
  return BigInt(Math.round(Number(TICKS_PER_SECOND) / fps));
}

export class FakeFrameRate implements FrameRateShape {
  constructor(public ticksPerFrame: number) {}

  get value(): number {
    return Number(TICKS_PER_SECOND) / this.ticksPerFrame;
  }

  equals(frameRate: FrameRate): boolean {
    return frameRate instanceof FakeFrameRate && frameRate.ticksPerFrame === this.ticksPerFrame;
  }
}

export class FakeTickTime implements TickTimeShape {
  constructor(readonly value: bigint) {}

  get ticks(): string {
    return this.value.toString();
  }
  get ticksNumber(): number {
    return Number(this.value);
  }
  get seconds(): number {
    return Number(this.value) / Number(TICKS_PER_SECOND);
  }

  equals(other: TickTime): boolean {
    return other instanceof FakeTickTime && other.value === this.value;
  }
  add(other: TickTime): TickTime {
    return tickTime(this.value + ticksOf(other, "TickTime.add"));
  }
  subtract(other: TickTime): TickTime {
    return tickTime(this.value - ticksOf(other, "TickTime.subtract"));
  }
  multiply(factor: number): TickTime {
    return tickTime(BigInt(Math.round(Number(this.value) * factor)));
  }
  divide(divisor: number): TickTime {
    return divisor === 0 ? TIME_INVALID : tickTime(BigInt(Math.round(Number(this.value) / divisor)));
  }
  alignToFrame(frameRate: FrameRate): TickTime {
    const perFrame = frameTicks(frameRate, "TickTime.alignToFrame");
    const frames = this.value / perFrame - (this.value % perFrame < 0n ? 1n : 0n);
    return tickTime(frames * perFrame);
  }
  alignToNearestFrame(frameRate: FrameRate): TickTime {
    const perFrame = frameTicks(frameRate, "TickTime.alignToNearestFrame");
    return tickTime(((this.value * 2n + perFrame) / (2n * perFrame)) * perFrame);
  }
}

export function tickTime(value: bigint): TickTime {
  return asTickTime(new FakeTickTime(value));
}

const TIME_INVALID = tickTime(-1n);

/** The ticks of a TickTime the caller passed in; anything else is Premiere's "Illegal Parameter type". */
export function ticksOf(value: unknown, call: string): bigint {
  if (value instanceof FakeTickTime) return value.value;
  throw new Error(`Illegal Parameter type (${call}: expected a TickTime)`);
}

export function frameTicks(value: unknown, call: string): bigint {
  if (value instanceof FakeFrameRate) return BigInt(value.ticksPerFrame);
  throw new Error(`Illegal Parameter type (${call}: expected a FrameRate)`);
}

export const fakeTickTimeStatic = {
  createWithFrameAndFrameRate(frameCount: number, frameRate: FrameRate): TickTime {
    if (!Number.isInteger(frameCount)) throw new Error(`Illegal Parameter type (frame count ${frameCount})`);
    return tickTime(BigInt(frameCount) * frameTicks(frameRate, "TickTime.createWithFrameAndFrameRate"));
  },
  createWithSeconds(seconds: number): TickTime {
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) throw new Error("Illegal Parameter type (seconds)");
    return tickTime(BigInt(Math.round(seconds * Number(TICKS_PER_SECOND))));
  },
  createWithTicks(ticks: string): TickTime {
    if (typeof ticks !== "string" || !/^-?\d+$/.test(ticks)) throw new Error("Illegal Parameter type (ticks)");
    return tickTime(BigInt(ticks));
  },
  TIME_ZERO: tickTime(0n),
  TIME_ONE_SECOND: tickTime(TICKS_PER_SECOND),
  TIME_ONE_MINUTE: tickTime(TICKS_PER_SECOND * 60n),
  TIME_ONE_HOUR: tickTime(TICKS_PER_SECOND * 3600n),
  TIME_MAX: tickTime(2n ** 62n),
  TIME_MIN: tickTime(-(2n ** 62n)),
  TIME_INVALID,
};

export const fakeFrameRateStatic = {
  createWithValue(value: number): FrameRate {
    return asFrameRate(new FakeFrameRate(Number(ticksPerFrameFor(value))));
  },
};
