import { ProviderError } from "../../src/core/errors";
import { JobPipeline } from "../../src/core/jobPipeline";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import type { ProviderId } from "../../src/core/request";
import { Scheduler, type SchedulerEvent, type SchedulerOptions } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { pollUntilTerminal } from "../../src/providers/polling";
import { resolvedRequest } from "../support/requests";
import { scriptedProvider, type ScriptedOptions } from "../support/scriptedProvider";

const MODELS: Partial<Record<ProviderId, string>> = { simulator: "shotbin-sim", fal: "fal-ai/veo3.1/fast" };
const tick = { initialDelayMs: 2, queuedIntervalMs: 2, maxQueuedIntervalMs: 2, runningIntervalMs: 2, backoff: 1 };

async function world(providers: Partial<Record<ProviderId, ScriptedOptions>>) {
  const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
  const scripted = Object.fromEntries(Object.entries(providers).map(([id, options]) => [id, scriptedProvider({ ...options, id: id as ProviderId })]));
  const requests = new Map<string, ReturnType<typeof resolvedRequest>>();
  const pipeline = new JobPipeline({
    ledger,
    clock: systemClock,
    provider: (id) => scripted[id]?.provider,
    loadRequest: async (job) => requests.get(job.request.idempotencyKey) ?? { ...requests.get(job.retryOf!)!, idempotencyKey: job.request.idempotencyKey },
    waitForEnd: (provider, handle, onStatus, signal) => pollUntilTerminal(provider, handle, { clock: systemClock, policy: tick, onStatus, ...(signal ? { signal } : {}) }),
    download: async (job) => `/clips/${job.id}.mp4`,
    embed: async () => undefined,
  });
  const plan = async (provider: ProviderId, orders: number[], usd = 1) => {
    const jobs = orders.map((order) => {
      const request = resolvedRequest(provider, MODELS[provider]!, { prompt: `shot ${order}` });
      requests.set(request.idempotencyKey, request);
      return planJob({ request, estimate: { usd, usdPerSecond: usd / 5, billedSeconds: 5, confirmed: true, source: "t", asOf: "2026-11-24" }, shot: { shotId: `S${order}`, order, take: 1 } }, Date.now());
    });
    await ledger.add(jobs);
    return jobs.map((job) => job.id);
  };
  const events: SchedulerEvent[] = [];
  const scheduler = (options: Partial<SchedulerOptions> = {}) =>
    new Scheduler(pipeline, ledger, systemClock, { goal: "ready", retryBackoffMs: 1, onEvent: (event) => events.push(event), ...options });
  return { ledger, scripted, plan, scheduler, events };
}

describe("the scheduler", () => {
  it("never holds more jobs at a provider than its limit, and finishes them all", async () => {
    const w = await world({ fal: { readsToFinish: 4 } });
    const ids = await w.plan("fal", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const summary = await w.scheduler({ limits: { fal: { concurrency: 2 } } }).run(ids);
    expect(summary.done).toHaveLength(10);
    expect(w.scripted.fal!.stats.maxHeld).toBe(2);
    expect(w.scripted.fal!.stats.creates).toBe(10);
  });

  it("submits in shot order, so the timeline fills from the start", async () => {
    const w = await world({ fal: {} });
    const submitted: string[] = [];
    const original = w.scripted.fal!.provider.submit;
    w.scripted.fal!.provider.submit = (request, options) => {
      submitted.push(request.prompt);
      return original(request, options);
    };
    const ids = await w.plan("fal", [5, 3, 9, 1, 7]);
    await w.scheduler({ limits: { fal: { concurrency: 1 } } }).run(ids);
    expect(submitted).toEqual(["shot 1", "shot 3", "shot 5", "shot 7", "shot 9"]);
  });

  it("slows only the provider that throttles", async () => {
    const throttle = new ProviderError("quota", "rate limited", { provider: "fal", status: 429, notReceived: true, retryAfterMs: 40 });
    const w = await world({ fal: { submitError: (call) => (call <= 3 ? throttle : undefined) }, simulator: {} });
    const ids = [...(await w.plan("fal", [1, 2, 3])), ...(await w.plan("simulator", [4, 5, 6]))];
    const summary = await w.scheduler().run(ids);
    expect(summary.done).toHaveLength(6);
    expect(w.events.filter((e) => e.type === "throttled").map((e) => e.type === "throttled" && e.provider)).toEqual(["fal", "fal", "fal"]);
    expect(w.scripted.fal!.stats.creates).toBe(3);
    expect(w.scripted.simulator!.stats.creates).toBe(3);
  });

  it("retries a transient provider failure as a new job, and reports a refusal without retrying", async () => {
    let failures = 0;
    const w = await world({
      fal: {
        outcome: (request) => {
          if (request.prompt === "shot 1" && failures++ === 0) return { state: "failed", failure: { kind: "server", message: "GPU fell over", charged: false, retryable: true } };
          if (request.prompt === "shot 2") return { state: "failed", failure: { kind: "content-policy", message: "flagged", charged: false, retryable: false } };
          return undefined;
        },
      },
    });
    const ids = await w.plan("fal", [1, 2, 3]);
    const summary = await w.scheduler().run(ids);
    expect(summary.done).toHaveLength(2);
    expect(summary.failed.map((id) => w.ledger.require(id).failure?.kind)).toEqual(["content-policy"]);
    expect(w.events.map((e) => e.type)).toEqual(["retrying"]);
    expect(w.scripted.fal!.stats.creates).toBe(4);
    const retry = w.ledger.jobs().find((job) => job.retryOf === ids[0])!;
    expect(retry).toMatchObject({ state: "ready", attempt: 2, shot: { shotId: "S1" } });
  });

  it("pauses before a retry that would go over the approved budget, and goes on when more is approved", async () => {
    let failed = false;
    const w = await world({
      fal: { outcome: () => (failed ? undefined : ((failed = true), { state: "failed", failure: { kind: "server", message: "boom", charged: true, retryable: true } })) },
    });
    const ids = await w.plan("fal", [1, 2], 3);
    const scheduler = w.scheduler({ approvedUsd: 6, limits: { fal: { concurrency: 1 } } });
    const running = scheduler.run(ids);
    while (!w.events.some((e) => e.type === "budget-paused")) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(w.events.find((e) => e.type === "budget-paused")).toMatchObject({ neededUsd: 3, approvedUsd: 6, reservedUsd: 6 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Shot 2 was within the approved plan; the retry is not, and waits for the user.
    expect(w.ledger.jobs().filter((job) => job.retryOf)).toHaveLength(0);
    expect(w.scripted.fal!.stats.creates).toBeLessThanOrEqual(2);
    scheduler.approveMore(3);
    const summary = await running;
    expect(summary.done).toHaveLength(2);
    expect(w.scripted.fal!.stats.creates).toBe(3);
    expect(summary.committedUsd).toBe(9);
  });

  it("resumes a run: finished jobs stay finished, submitted jobs are followed, the rest go on", async () => {
    const w = await world({ fal: {} });
    const ids = await w.plan("fal", [1, 2, 3]);
    await w.scheduler().run([ids[0]!]);
    // Job 2 was submitted before the crash.
    const request = { ...w.ledger.require(ids[1]!).request };
    await w.ledger.transition(ids[1]!, "submitting");
    const { handle } = await w.scripted.fal!.provider.submit({ ...request, firstFrame: undefined, lastFrame: undefined, referenceImages: undefined } as never);
    await w.ledger.transition(ids[1]!, "queued", { handle });
    const summary = await w.scheduler().run(ids);
    expect(summary.done).toHaveLength(3);
    expect(w.scripted.fal!.stats.creates).toBe(3);
  });

  it("stops submitting when asked but follows what is already paid for", async () => {
    const w = await world({ fal: { readsToFinish: 6 } });
    const ids = await w.plan("fal", [1, 2, 3, 4]);
    const scheduler = w.scheduler({ limits: { fal: { concurrency: 2 } } });
    const running = scheduler.run(ids);
    while (w.scripted.fal!.stats.creates < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    scheduler.stop();
    const summary = await running;
    expect(summary.done).toHaveLength(2);
    expect(ids.slice(2).map((id) => w.ledger.require(id).state)).toEqual(["planned", "planned"]);
  });

  it("on abort stops following jobs at the provider and returns, leaving them to resume", async () => {
    const w = await world({ fal: { readsToFinish: 1000 } });
    const ids = await w.plan("fal", [1, 2]);
    const controller = new AbortController();
    const running = w.scheduler({ limits: { fal: { concurrency: 2 } } }).run(ids, controller.signal);
    while (w.scripted.fal!.stats.creates < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort();
    const summary = await running;
    expect(summary.done).toHaveLength(0);
    expect(ids.map((id) => w.ledger.require(id).state).every((state) => state === "queued" || state === "running")).toBe(true);
    const reads = w.scripted.fal!.stats.statusReads;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(w.scripted.fal!.stats.statusReads).toBe(reads);
  });
});
