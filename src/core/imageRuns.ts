import type { ProviderError } from "./errors";
import type { ImageGoal, ImageJobPipeline } from "./imageJobPipeline";
import type { ImageJobRecord } from "./imageJobRecord";
import { SubmitDeferred } from "./jobPipeline";
import type { Clock } from "./seams/clock";

export interface ImageRunOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** How many refusals that created nothing (rate limits) to wait out before giving up. Default 5. */
  maxDeferrals?: number;
}

/**
 * Drives one image job to `goal`, waiting out a submit the provider refused before creating
 * anything (a 429, a refused connection: `SubmitDeferred`, the job back in `planned`) as it asks,
 * then sending again. Nothing else is ever sent twice: every other outcome is the pipeline's, in
 * the ledger. The panel, `shotbin image` and a shot list's image step all run stills this way.
 */
export async function driveImageJob(pipeline: ImageJobPipeline, id: string, goal: ImageGoal, options: ImageRunOptions): Promise<ImageJobRecord> {
  const limit = options.maxDeferrals ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await pipeline.advance(id, goal, options.signal);
    } catch (error) {
      if (!(error instanceof SubmitDeferred) || attempt >= limit || options.signal?.aborted) throw error;
      const asked = (error.cause as ProviderError | undefined)?.retryAfterMs;
      await options.clock.sleep(Math.max(1000, asked ?? 2000 * attempt), options.signal).catch(() => undefined);
    }
  }
}
