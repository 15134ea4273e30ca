/**
 * "Resolve before submit": a job whose first frame comes from another shot starts only once that
 * shot's chosen take is ready, carries the resolved image and where it came from, and is blocked
 * (nothing sent, nothing charged) when its source fails, including down a chain.
 */
import { chosenTake, hasReached, type InputResolver } from "../../src/core/deferredInputs";
import { planImageJob, readyStills } from "../../src/core/imageJobRecord";
import { JobPipeline } from "../../src/core/jobPipeline";
import type { JobRecord } from "../../src/core/jobRecord";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import type { ResolvedRequest } from "../../src/core/request";
import { Scheduler } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { pollUntilTerminal } from "../../src/providers/polling";
import { resolvedRequest } from "../support/requests";
import { scriptedProvider, type ScriptedOptions } from "../support/scriptedProvider";
import { imageRequest } from "../support/stills";

const tick = { initialDelayMs: 2, queuedIntervalMs: 2, maxQueuedIntervalMs: 2, runningIntervalMs: 2, backoff: 1 };
const estimate = { usd: 1, usdPerSecond: 0.2, billedSeconds: 5, confirmed: true, source: "t", asOf: "2026-11-24" };
const stillEstimate = { usd: 0, usdPerImage: 0, images: 1, inputImages: 0, confirmed: true, source: "t", asOf: "2026-11-24" };

/**
 * The image step's resolver as the image helper would write it: ready once the image job (run by
 * its own pipeline) has an embedded still, blocked when it failed, waiting (external) meanwhile.
 */
const imageStep: InputResolver = {
  readiness(job, input, ledger) {
    const still = "jobId" in input.from ? ledger.getImage(input.from.jobId) : undefined;
    if (!still) return { state: "blocked", reason: `shot ${job.shot.shotId} needs a still that is not in the ledger.`, jobs: [] };
    if (still.state === "failed" || still.state === "cancelled") return { state: "blocked", reason: `shot ${job.shot.shotId} needs the still of job ${still.id}, which ${still.state === "failed" ? "failed" : "was cancelled"}. Nothing was sent for it.`, jobs: [] };
    return hasReached(still, "ready") && readyStills(still).length > 0 ? { state: "ready" } : { state: "waiting", on: `still ${still.id}`, jobs: [still.id], external: true };
  },
  async resolve(_job, input, { ledger }) {
    const still = ledger.requireImage((input.from as { jobId: string }).jobId);
    const file = readyStills(still)[0]!;
    return { image: { url: `https://stills.example/${file.path}`, name: file.path }, origin: { source: file.path, jobId: still.id } };
  },
};

async function world(options: ScriptedOptions = {}, resolve?: InputResolver["resolve"]) {
  const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
  const scripted = scriptedProvider({ ...options, id: "simulator" });
  const requests = new Map<string, ResolvedRequest>();
  const submitted: { prompt: string; firstFrame?: string; predecessorState?: string }[] = [];
  const resolved: string[] = [];
  const original = scripted.provider.submit;
  scripted.provider.submit = (request, submitOptions) => {
    const name = request.firstFrame?.name;
    const predecessor = name ? ledger.jobs().find((job) => job.id === name) : undefined;
    submitted.push({ prompt: request.prompt, ...(name ? { firstFrame: name } : {}), ...(predecessor ? { predecessorState: predecessor.state } : {}) });
    return original(request, submitOptions);
  };
  const continuity: InputResolver = {
    resolve:
      resolve ??
      (async (job, input, { ledger: jobs }) => {
        const source = chosenTake(jobs.jobs(), job.runId, (input.from as { shotId: string }).shotId)!;
        resolved.push(job.shot.shotId);
        return { image: { url: `https://frames.example/${source.id}.png`, name: source.id }, origin: { source: `${source.shot.shotId}.mp4`, seconds: 4.958, jobId: source.id } };
      }),
  };
  const pipelineDeps: ConstructorParameters<typeof JobPipeline>[0] = {
    ledger,
    clock: systemClock,
    provider: (id) => (id === "simulator" ? scripted.provider : undefined),
    loadRequest: async (job) => {
      const base = requests.get(job.request.idempotencyKey) ?? { ...requests.get(job.retryOf!)!, idempotencyKey: job.request.idempotencyKey };
      const first = job.request.firstFrame;
      return first?.url ? { ...base, firstFrame: { kind: "url", url: first.url, ...(first.name ? { name: first.name } : {}) } } : base;
    },
    waitForEnd: (provider, handle, onStatus, signal) => pollUntilTerminal(provider, handle, { clock: systemClock, policy: tick, onStatus, ...(signal ? { signal } : {}) }),
    download: async (job) => `/clips/${job.id}.mp4`,
    embed: async () => undefined,
    inputResolvers: { continuity, "image-step": imageStep },
  };
  const pipeline = new JobPipeline(pipelineDeps);
  /** Shots 1..n of one run; those in `continues` take shot n-1's last frame. */
  const plan = async (count: number, continues: number[], runId = "run-1") => {
    const jobs: JobRecord[] = [];
    for (let n = 1; n <= count; n++) {
      const request = resolvedRequest("simulator", "shotbin-sim", { prompt: `shot ${n}` });
      requests.set(request.idempotencyKey, request);
      const job = planJob({ request, estimate, shot: { shotId: String(n), order: n, take: 1 } }, Date.now(), runId);
      if (continues.includes(n)) job.deferred = [{ field: "firstFrame", resolver: "continuity", from: { shotId: String(n - 1) } }];
      jobs.push(job);
    }
    await ledger.add(jobs);
    return jobs.map((job) => job.id);
  };
  const scheduler = () => new Scheduler(pipeline, ledger, systemClock, { goal: "ready", retryBackoffMs: 1, maxRetries: 2 });
  return { ledger, scripted, plan, scheduler, submitted, resolved, pipelineDeps };
}

describe("inputs resolved before submit", () => {
  it("starts a continuing shot only once the shot before it is ready, with its frame and origin recorded", async () => {
    const w = await world({ readsToFinish: 3 });
    const ids = await w.plan(3, [2, 3]);
    const summary = await w.scheduler().run(ids);
    expect(summary.done).toHaveLength(3);
    expect(w.submitted.map((s) => s.prompt)).toEqual(["shot 1", "shot 2", "shot 3"]);
    // Each continuing shot was sent with its predecessor's job as its first frame, the predecessor already ready.
    expect(w.submitted[1]).toEqual({ prompt: "shot 2", firstFrame: ids[0], predecessorState: "ready" });
    expect(w.submitted[2]).toEqual({ prompt: "shot 3", firstFrame: ids[1], predecessorState: "ready" });
    const second = w.ledger.require(ids[1]!);
    expect(second.request.firstFrame).toEqual({ url: `https://frames.example/${ids[0]}.png`, name: ids[0] });
    expect(second.deferred?.[0]?.resolvedAt).toEqual(expect.any(String));
    expect(second.frameOrigin).toEqual({ action: "continuity", first: { source: "1.mp4", seconds: 4.958, jobId: ids[0] } });
  });

  it("blocks every shot down a chain when the first fails, spending nothing on them", async () => {
    const w = await world({ outcome: (request) => (request.prompt === "shot 1" ? { state: "failed", failure: { kind: "content-policy", message: "The prompt was flagged.", charged: false, retryable: false } } : undefined) });
    const ids = await w.plan(3, [2, 3]);
    const summary = await w.scheduler().run(ids);
    expect(summary.failed.sort()).toEqual([...ids].sort());
    expect(w.scripted.stats.creates).toBe(1);
    expect(w.resolved).toEqual([]);
    const [, second, third] = ids.map((id) => w.ledger.require(id));
    expect(second!.failure).toMatchObject({ step: "submit", kind: "blocked", charged: false });
    expect(second!.failure!.message).toBe("shot 2 continues from shot 1, which failed: The prompt was flagged. Nothing was sent for it.");
    expect(third!.failure!.message).toBe("shot 3 continues from shot 2, which is blocked: shot 2 continues from shot 1, which failed: The prompt was flagged. Nothing was sent for it.");
    expect(second!.handle).toBeUndefined();
    expect(third!.handle).toBeUndefined();
  });

  it("waits through a retry of the shot before (a new job) instead of blocking during its backoff", async () => {
    let failures = 0;
    const w = await world({ outcome: (request) => (request.prompt === "shot 1" && failures++ === 0 ? { state: "failed", failure: { kind: "server", message: "GPU fell over", charged: false, retryable: true } } : undefined) });
    const ids = await w.plan(2, [2]);
    const summary = await w.scheduler().run(ids);
    expect(summary.done).toHaveLength(2);
    const retry = w.ledger.jobs().find((job) => job.retryOf === ids[0])!;
    expect(retry.state).toBe("ready");
    // The continuing shot took its frame from the retry: the shot's chosen take.
    expect(w.submitted.find((s) => s.prompt === "shot 2")).toEqual({ prompt: "shot 2", firstFrame: retry.id, predecessorState: "ready" });
    expect(w.scripted.stats.creates).toBe(3);
  });

  it("blocks a shot whose source is not in this run, and one whose frame cannot be made, without sending either", async () => {
    const w = await world();
    const [lonely] = await w.plan(1, [1], "run-x");
    expect(await w.scheduler().run([lonely!])).toMatchObject({ failed: [lonely] });
    expect(w.ledger.require(lonely!).failure).toMatchObject({ kind: "blocked", message: "shot 1 continues from shot 0, which is not part of this run.", charged: false, retryable: true });

    const broken = await world({}, async () => {
      throw new Error("the clip of shot 1 is cut short");
    });
    const ids = await broken.plan(2, [2]);
    const summary = await broken.scheduler().run(ids);
    expect(summary.done).toEqual([ids[0]]);
    expect(broken.ledger.require(ids[1]!).failure).toMatchObject({ step: "submit", kind: "media", charged: false, retryable: true, message: "This shot's first frame could not be made: the clip of shot 1 is cut short. Nothing was sent." });
    expect(broken.scripted.stats.creates).toBe(1);
  });

  it("blocks a shot whose source is in the ledger but not in this run, once nothing else runs", async () => {
    const w = await world();
    const ids = await w.plan(2, [2]);
    const summary = await w.scheduler().run([ids[1]!]);
    expect(summary.failed).toEqual([ids[1]]);
    expect(w.ledger.require(ids[1]!).failure).toMatchObject({ kind: "blocked", charged: false, message: "shot 2 waits for shot 1 take 1, which did not finish in this run. Nothing was sent for it." });
    expect(w.ledger.require(ids[0]!).state).toBe("planned");
    expect(w.scripted.stats.creates).toBe(0);
  });

  it("an image step: waits, with nothing else running, for an image job run elsewhere, then sends its still (or is blocked when it fails)", async () => {
    const w = await world();
    const still = planImageJob({ request: imageRequest("simulator", "shotbin-sim-image"), estimate: stillEstimate, shot: { shotId: "1", order: 1, take: 1 } }, Date.now(), "run-1");
    await w.ledger.addImages([still]);
    const [video] = await w.plan(1, []);
    await w.ledger.update(video!, { deferred: [{ field: "firstFrame", resolver: "image-step", from: { jobId: still.id } }] });
    const running = w.scheduler().run([video!]);
    // The image pipeline's steps, as it would take them while the video job waits.
    for (const state of ["submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding"] as const) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(w.scripted.stats.creates).toBe(0);
      await w.ledger.transitionImage(still.id, state);
    }
    await w.ledger.transitionImage(still.id, "ready", { files: [{ path: "lighthouse.png", sha256: "a".repeat(64), embedded: true }] });
    const summary = await running;
    expect(summary.done).toEqual([video]);
    expect(w.ledger.require(video!).request.firstFrame).toEqual({ url: "https://stills.example/lighthouse.png", name: "lighthouse.png" });
    expect(w.ledger.require(video!).frameOrigin).toEqual({ action: "image-step", first: { source: "lighthouse.png", jobId: still.id } });

    const other = planImageJob({ request: imageRequest("simulator", "shotbin-sim-image"), estimate: stillEstimate, shot: { shotId: "2", order: 2, take: 1 } }, Date.now(), "run-1");
    await w.ledger.addImages([other]);
    const [second] = await w.plan(1, []);
    await w.ledger.update(second!, { deferred: [{ field: "firstFrame", resolver: "image-step", from: { jobId: other.id } }] });
    const blocked = w.scheduler().run([second!]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await w.ledger.transitionImage(other.id, "failed", { failure: { step: "submit", kind: "content-policy", message: "flagged", retryable: false, charged: false, at: new Date().toISOString() } });
    expect((await blocked).failed).toEqual([second]);
    expect(w.ledger.require(second!).failure).toMatchObject({ kind: "blocked", charged: false });
    expect(w.scripted.stats.creates).toBe(1);
  });

  it("looks again at a job waiting on something outside it (a take's QA) when asked to recheck, and only then sends it", async () => {
    const w = await world();
    const [video] = await w.plan(1, []);
    let measured = false;
    const gate: InputResolver = {
      readiness: () => (measured ? { state: "ready" } : { state: "waiting", on: "QA of shot 0's takes", jobs: [], external: true }),
      resolve: async () => ({ image: { url: "https://frames.example/chosen.png", name: "chosen.png" } }),
    };
    (w.pipelineDeps.inputResolvers as Record<string, InputResolver>).qa = gate;
    await w.ledger.update(video!, { deferred: [{ field: "firstFrame", resolver: "qa", from: { shotId: "0" } }] });
    const scheduler = w.scheduler();
    const running = scheduler.run([video!]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Nothing else runs, yet it is not blocked as stranded: it waits.
    expect(w.ledger.require(video!).state).toBe("planned");
    expect(w.scripted.stats.creates).toBe(0);
    measured = true;
    scheduler.recheck();
    expect((await running).done).toEqual([video]);
    expect(w.ledger.require(video!).request.firstFrame).toEqual({ url: "https://frames.example/chosen.png", name: "chosen.png" });
  });

  it("keeps deferred inputs and frame origins through a save and load of the ledger", async () => {
    const store = memoryLedgerStore();
    const { ledger } = await Ledger.open(store, systemClock);
    const request = resolvedRequest("simulator", "shotbin-sim");
    const job = planJob({ request, estimate, shot: { shotId: "2", order: 2, take: 1 } }, Date.now(), "run-1");
    job.deferred = [{ field: "firstFrame", resolver: "continuity", from: { shotId: "1" }, resolvedAt: "2026-11-24T10:00:00.000Z" }];
    job.frameOrigin = { action: "continuity", first: { source: "1.mp4", seconds: 4.958, jobId: "abc" } };
    await ledger.add([job]);
    await ledger.flushed();
    const reopened = (await Ledger.open(store, systemClock)).ledger.require(job.id);
    expect(reopened.deferred).toEqual(job.deferred);
    expect(reopened.frameOrigin).toEqual(job.frameOrigin);
  });
});
