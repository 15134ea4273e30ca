import type { ProviderId } from "../core/request";
import { DEFAULT_LIMITS, type ProviderLimit } from "../core/scheduler";

/**
 * Typical seconds from submit to a finished clip, for the wall-time estimate only. From the
 * providers' own guidance (reference/providers.md): Veo 11 s to 6 min; Kling 30 to 300 s
 * (unconfirmed); Wan "generally 1 to 5 minutes"; Sora "several minutes". Aggregators run the
 * same models, so they take the same time plus a little queueing.
 */
export const TYPICAL_JOB_SECONDS: Record<ProviderId, number> = {
  simulator: 5.5,
  gemini: 90,
  kling: 150,
  dashscope: 180,
  fal: 120,
  replicate: 120,
  openai: 180,
};

export interface ProviderWallTime {
  provider: ProviderId;
  jobs: number;
  concurrency: number;
  jobSeconds: number;
  seconds: number;
}

export interface WallTimeEstimate {
  /** Providers run side by side, so the run takes as long as the slowest provider's share. */
  seconds: number;
  providers: ProviderWallTime[];
}

/** Makespan of `jobs` equal jobs on `concurrency` lanes, started no faster than `submitsPerMinute`. */
export function providerMakespan(jobs: number, jobSeconds: number, limit: ProviderLimit): number {
  const lanes = Array.from({ length: Math.max(1, limit.concurrency) }, () => 0);
  const spacing = limit.submitsPerMinute ? 60 / limit.submitsPerMinute : 0;
  let end = 0;
  for (let k = 0; k < jobs; k++) {
    let lane = 0;
    for (let l = 1; l < lanes.length; l++) if (lanes[l]! < lanes[lane]!) lane = l;
    const start = Math.max(lanes[lane]!, k * spacing);
    lanes[lane] = start + jobSeconds;
    end = Math.max(end, lanes[lane]!);
  }
  return end;
}

export function estimateWallTime(
  providers: readonly ProviderId[],
  options: { limits?: Partial<Record<ProviderId, Partial<ProviderLimit>>>; jobSeconds?: Partial<Record<ProviderId, number>> } = {},
): WallTimeEstimate {
  const counts = new Map<ProviderId, number>();
  for (const provider of providers) counts.set(provider, (counts.get(provider) ?? 0) + 1);
  const rows: ProviderWallTime[] = [];
  for (const [provider, jobs] of counts) {
    const limit = { ...DEFAULT_LIMITS[provider], ...options.limits?.[provider] };
    const jobSeconds = options.jobSeconds?.[provider] ?? TYPICAL_JOB_SECONDS[provider];
    rows.push({ provider, jobs, concurrency: limit.concurrency, jobSeconds, seconds: providerMakespan(jobs, jobSeconds, limit) });
  }
  return { seconds: Math.max(0, ...rows.map((row) => row.seconds)), providers: rows };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
