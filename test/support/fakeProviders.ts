import { startFakeProviders, type RunningFakeProviders } from "../../src/fakes/server";
import { DEFAULT_CONFIG, FAKE_KEYS, type FakeConfig, type FakeWorld } from "../../src/fakes/fakeWorld";
import type { FakeJob } from "../../src/fakes/fakeJobs";
import type { JobState } from "../../src/core/videoProvider";
import type { AdapterContext } from "../../src/providers/adapterContext";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { systemClock } from "../../src/core/seams/clock";
import { waitUntil } from "./waitUntil";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";

/** Fast job timings for tests: jobs queue for 60 ms and run for 150 ms. */
export const FAST: Partial<FakeConfig> = { queueMs: 60, runMs: 150 };

/** Polling pace that keeps up with FAST jobs. */
export const FAST_POLL = { initialDelayMs: 20, queuedIntervalMs: 30, maxQueuedIntervalMs: 60, runningIntervalMs: 30, backoff: 1.2 };

/** Starts the fake providers for one test file and resets their state between tests. */
export function useFakeProviders(config: Partial<FakeConfig> = FAST): () => RunningFakeProviders {
  let fake: RunningFakeProviders | undefined;
  beforeAll(async () => {
    fake = await startFakeProviders({ config });
  });
  afterEach(async () => {
    await fake?.world.webhooks.idle();
    fake?.world.reset();
    if (fake) fake.world.config = { ...DEFAULT_CONFIG, ...config };
  });
  afterAll(async () => {
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error("fake providers not started");
    return fake;
  };
}

/**
 * Holds the fake jobs created from now on in each state until a poll has seen them there, so a
 * test observes queued, then running, then succeeded however slow the machine is. A running job
 * finishes after its second look, and shows half done on that look, so progress can be asserted.
 * A provider that reports a waiting job as running (Gemini) moves it on at that first look.
 */
export function lockstepJobs(world: FakeWorld): { seen(job: FakeJob, state: JobState): void } {
  world.config = { ...world.config, queueMs: Number.POSITIVE_INFINITY, runMs: Number.POSITIVE_INFINITY };
  const runningLooks = new Map<FakeJob, number>();
  return {
    seen(job, state) {
      if (state === "queued" || state === "running") job.queueMs = 0;
      if (state !== "running") return;
      const looks = (runningLooks.get(job) ?? 0) + 1;
      runningLooks.set(job, looks);
      if (looks === 1) {
        const hour = 3_600_000;
        job.runMs = hour;
        job.startedAt = world.now() - hour / 2;
      } else {
        job.runMs = 0;
      }
    },
  };
}

/** Resolves once the fake has moved a job to `state`, for tests that must act while it is there. */
export async function fakeJobReaches(world: FakeWorld, provider: FakeJob["provider"], id: string, state: FakeJob["state"]): Promise<FakeJob> {
  await waitUntil(() => world.job(provider, id)?.state === state, 10_000, () => `fake ${provider} job ${id} is ${world.job(provider, id)?.state ?? "missing"}, never ${state}`);
  return world.job(provider, id)!;
}

/** The states in the order they were seen, repeats of the same state collapsed. */
export function distinctInOrder<T>(states: readonly T[]): T[] {
  return states.filter((state, i) => i === 0 || states[i - 1] !== state);
}

export const VALID_KEYS: Record<string, string> = {
  [KEY_NAMES.openai]: FAKE_KEYS.openai,
  [KEY_NAMES.gemini]: FAKE_KEYS.gemini,
  [KEY_NAMES.kling]: FAKE_KEYS.kling,
  [KEY_NAMES.klingAccessKey]: FAKE_KEYS.klingAccessKey,
  [KEY_NAMES.klingSecretKey]: FAKE_KEYS.klingSecretKey,
  [KEY_NAMES.dashscope]: FAKE_KEYS.dashscope,
  [KEY_NAMES.fal]: FAKE_KEYS.fal,
  [KEY_NAMES.replicate]: FAKE_KEYS.replicate,
};

/** Seams for an adapter under test: real fetch, real clock, fast retries. */
export function testContext(keys: Record<string, string | undefined> = VALID_KEYS): AdapterContext {
  return {
    fetch: globalFetch(),
    clock: systemClock,
    keys: staticKeyStore(keys),
    timeoutMs: 5000,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  };
}
