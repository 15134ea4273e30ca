import { ProviderError } from "../../src/core/errors";
import type { JobHandle, JobStatus, VideoProvider } from "../../src/core/videoProvider";
import { JobWakeups } from "../../src/providers/jobWakeups";
import { nextPollDelay, pollUntilTerminal } from "../../src/providers/polling";
import { createSimulatorProvider } from "../../src/providers/simulator";
import { ManualClock } from "../support/manualClock";

const policy = { initialDelayMs: 1000, queuedIntervalMs: 2000, maxQueuedIntervalMs: 10_000, runningIntervalMs: 5000, backoff: 2, source: "test" };
const handle: JobHandle = { provider: "fal", model: "m", id: "job-1", idempotencyKey: "k", submittedAt: "2026-11-24T12:00:00Z", data: {} };

/** A provider whose status answers follow a script, one per read. */
function scripted(answers: (JobStatus | ProviderError)[]): VideoProvider & { reads: number } {
  const simulator = createSimulatorProvider({ clock: new ManualClock() });
  const provider = {
    ...simulator,
    pollPolicy: policy,
    reads: 0,
    async status() {
      const answer = answers[Math.min(provider.reads++, answers.length - 1)]!;
      if (answer instanceof ProviderError) throw answer;
      return answer;
    },
  };
  return provider;
}

describe("polling", () => {
  it("backs off while queued and polls at the running pace once running", () => {
    expect(nextPollDelay(policy, { state: "queued" }, 0)).toBe(2000);
    expect(nextPollDelay(policy, { state: "queued" }, 2000)).toBe(4000);
    expect(nextPollDelay(policy, { state: "queued" }, 8000)).toBe(10_000);
    expect(nextPollDelay(policy, { state: "running" }, 10_000)).toBe(5000);
  });

  it("waits out any time in the queue but bounds time spent running", async () => {
    const queuedForever = Array.from({ length: 200 }, (): JobStatus => ({ state: "queued" }));
    const done: JobStatus = { state: "succeeded", videos: [{ url: "https://cdn/x.mp4" }] };
    const clock = new ManualClock();
    const longQueue = scripted([...queuedForever, done]);
    await expect(pollUntilTerminal(longQueue, handle, { clock, timeoutMs: 60_000 })).resolves.toEqual(done);
    expect(longQueue.reads).toBe(201);

    const stuck = scripted([{ state: "running", progress: 0.5 }]);
    const error = await pollUntilTerminal(stuck, handle, { clock: new ManualClock(), timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "server", code: "poll_timeout", retryable: true });
    expect(stuck.reads).toBe(13);
  });

  it("rides out transient read errors but stops on a permanent one", async () => {
    const flaky = new ProviderError("server", "503", { provider: "fal" });
    const ok: JobStatus = { state: "cancelled" };
    await expect(pollUntilTerminal(scripted([flaky, flaky, ok]), handle, { clock: new ManualClock() })).resolves.toEqual(ok);

    const auth = new ProviderError("auth", "bad key", { provider: "fal" });
    await expect(pollUntilTerminal(scripted([auth]), handle, { clock: new ManualClock() })).rejects.toBe(auth);
    await expect(pollUntilTerminal(scripted([flaky]), handle, { clock: new ManualClock(), maxConsecutiveErrors: 3 })).rejects.toBe(flaky);
  });

  it("reads at once when woken by a relay event instead of waiting out the interval", async () => {
    const provider = scripted([{ state: "queued" }, { state: "succeeded", videos: [] }]);
    const never = new Promise<void>(() => undefined);
    const slowClock = { now: () => 0, sleep: (_ms: number) => never };
    const result = await pollUntilTerminal(provider, handle, { clock: slowClock, wake: () => Promise.resolve() });
    expect(result.state).toBe("succeeded");
  });

  it("cancels the interval's timer when an event wakes it, so no timer outlives the poll", async () => {
    const provider = scripted([{ state: "queued" }, { state: "succeeded", videos: [] }]);
    const pending = new Set<AbortSignal>();
    const clock = {
      now: () => 0,
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          pending.add(signal!);
          signal!.addEventListener("abort", () => {
            pending.delete(signal!);
            reject(new Error("aborted"));
          });
        }),
    };
    await pollUntilTerminal(provider, handle, { clock, wake: () => Promise.resolve() });
    expect(pending.size).toBe(0);
  });
});

describe("JobWakeups", () => {
  it("wakes the poller of the job an event names, also when the event came first", async () => {
    const wakeups = new JobWakeups();
    const wake = wakeups.wakeFor("fal", "a");
    let woken = false;
    void wake().then(() => (woken = true));
    wakeups.checkNow("fal", "b");
    await Promise.resolve();
    expect(woken).toBe(false);
    wakeups.checkNow("fal", "a");
    await Promise.resolve();
    expect(woken).toBe(true);

    wakeups.checkNow("kling", "early");
    await expect(wakeups.wakeFor("kling", "early")()).resolves.toBeUndefined();
  });

  it("shares one pending wake among repeated waits on a job", () => {
    const wakeups = new JobWakeups();
    const wake = wakeups.wakeFor("fal", "a");
    expect(wake()).toBe(wake());
  });
});
