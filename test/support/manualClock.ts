import type { Clock } from "../../src/core/seams/clock";

/** A clock whose sleeps return at once and move time forward, recording each wait. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time = Date.parse("2026-11-24T12:00:00Z")) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  }
}
