import { ProviderError } from "../../src/core/errors";
import { JobPipeline, SubmitDeferred, type PipelineDeps } from "../../src/core/jobPipeline";
import type { JobRecord } from "../../src/core/jobRecord";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import type { VideoProvider } from "../../src/core/videoProvider";
import { pollUntilTerminal } from "../../src/providers/polling";
import { ManualClock } from "../support/manualClock";
import { resolvedRequest } from "../support/requests";
import { scriptedProvider, type ScriptedOptions } from "../support/scriptedProvider";

const ESTIMATE = { usd: 2, usdPerSecond: 0.4, billedSeconds: 5, confirmed: true, source: "t", asOf: "2026-11-24" };

async function setup(options: ScriptedOptions = {}, overrides: Partial<PipelineDeps> = {}) {
  const clock = new ManualClock();
  const store = memoryLedgerStore();
  const { ledger } = await Ledger.open(store, clock);
  const scripted = scriptedProvider(options);
  const requests = new Map<string, ReturnType<typeof resolvedRequest>>();
  const calls: string[] = [];
  const deps: PipelineDeps = {
    ledger,
    clock,
    provider: (id) => (id === scripted.provider.id ? scripted.provider : undefined),
    loadRequest: async (job) => requests.get(job.id)!,
    waitForEnd: (provider: VideoProvider, handle, onStatus, signal) => pollUntilTerminal(provider, handle, { clock, onStatus, ...(signal ? { signal } : {}) }),
    download: async (job) => {
      calls.push(`download:${job.id}`);
      return `/clips/${job.shot.shotId}.mp4`;
    },
    embed: async (job, file) => {
      calls.push(`embed:${file}`);
    },
    ...overrides,
  };
  const add = async (order = 1) => {
    const request = resolvedRequest("simulator", "shotbin-sim");
    requests.set(request.idempotencyKey, request);
    const job = planJob({ request, estimate: ESTIMATE, shot: { shotId: `S${order}`, order, take: 1 } }, clock.now());
    await ledger.add([job]);
    return job;
  };
  return { clock, store, ledger, scripted, deps, pipeline: new JobPipeline(deps), add, calls };
}

function states(job: JobRecord): string[] {
  return job.history.map((entry) => entry.state);
}

describe("the job pipeline", () => {
  it("takes a job from plan to a ready clip, recording each step", async () => {
    const { pipeline, add, calls, scripted } = await setup({ readsToFinish: 3 });
    const job = await add();
    const done = await pipeline.advance(job.id, "ready");
    expect(states(done)).toEqual(["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready"]);
    expect(done).toMatchObject({ file: "/clips/S1.mp4", seed: 7, progress: 1 });
    expect(calls).toEqual([`download:${job.id}`, "embed:/clips/S1.mp4"]);
    expect(scripted.stats.creates).toBe(1);
  });

  it("writes `submitting` to the ledger before the request leaves", async () => {
    let seenOnDisk = "";
    const context = await setup();
    context.scripted.provider.submit = (async (request) => {
      seenOnDisk = JSON.parse(context.store.text!).jobs[0].state;
      return { handle: { provider: "simulator", model: request.model, id: "p", idempotencyKey: request.idempotencyKey, submittedAt: "", data: {} }, warnings: [] };
    }) as VideoProvider["submit"];
    const job = await context.add();
    await context.pipeline.advance(job.id, "queued");
    expect(seenOnDisk).toBe("submitting");
  });

  it("after a crash in `submitting`, adopts the job the provider has instead of buying it again", async () => {
    const { pipeline, add, ledger, scripted, deps } = await setup({ lookup: "lookup" });
    const job = await add();
    // The first process sent the request, then died before recording the answer.
    await ledger.transition(job.id, "submitting");
    await scripted.provider.submit(await deps.loadRequest(job));
    const done = await pipeline.advance(job.id, "ready");
    expect(done.state).toBe("ready");
    expect(scripted.stats.creates).toBe(1);
  });

  it("after a crash in `submitting`, submits once when the provider says it never got it", async () => {
    const { pipeline, add, ledger, scripted } = await setup({ lookup: "lookup" });
    const job = await add();
    await ledger.transition(job.id, "submitting");
    expect((await pipeline.advance(job.id, "ready")).state).toBe("ready");
    expect(scripted.stats.creates).toBe(1);
  });

  it("asks the user rather than guess when the provider cannot say", async () => {
    const { pipeline, add, ledger, scripted } = await setup({ lookup: "blind" });
    const job = await add();
    await ledger.transition(job.id, "submitting");
    const result = await pipeline.advance(job.id, "ready");
    expect(result.failure).toMatchObject({ step: "submit", kind: "unknown-submit", charged: "unknown", retryable: false });
    expect(result.failure!.message).toContain("Check the provider's dashboard before retrying");
    expect(scripted.stats.creates).toBe(0);
  });

  it("never resends a submit that may have reached the provider", async () => {
    const ambiguous = new ProviderError("server", "502 from the gateway", { provider: "simulator", status: 502 });
    const { pipeline, add, scripted } = await setup({ submitError: () => ambiguous, createsDespiteError: true, lookup: "blind" });
    const job = await add();
    const result = await pipeline.advance(job.id, "ready");
    expect(result.failure?.kind).toBe("unknown-submit");
    expect(scripted.stats.submitCalls).toBe(1);
  });

  it("adopts the job after an ambiguous submit when the provider can look the key up", async () => {
    const ambiguous = new ProviderError("network", "timeout", { provider: "simulator", code: "timeout" });
    const { pipeline, add, scripted } = await setup({ submitError: (call) => (call === 1 ? ambiguous : undefined), createsDespiteError: true, lookup: "lookup" });
    const job = await add();
    expect((await pipeline.advance(job.id, "ready")).state).toBe("ready");
    expect(scripted.stats.creates).toBe(1);
    expect(scripted.stats.submitCalls).toBe(1);
  });

  it("hands a refusal that created nothing back to the scheduler", async () => {
    const limited = new ProviderError("quota", "slow down", { provider: "simulator", status: 429, notReceived: true, retryAfterMs: 3000 });
    const { pipeline, add, ledger } = await setup({ submitError: () => limited });
    const job = await add();
    const error = await pipeline.advance(job.id, "ready").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmitDeferred);
    expect(ledger.require(job.id).state).toBe("planned");
  });

  it("records a definite refusal as a failed, uncharged submit", async () => {
    const invalid = new ProviderError("invalid-request", "duration: not allowed", { provider: "simulator", status: 400 });
    const { pipeline, add } = await setup({ submitError: () => invalid });
    const job = await add();
    expect((await pipeline.advance(job.id, "ready")).failure).toMatchObject({ step: "submit", kind: "invalid-request", charged: false, retryable: false });
  });

  it("records the provider's own failure with its reason", async () => {
    const { pipeline, add } = await setup({
      outcome: () => ({ state: "failed", failure: { kind: "content-policy", code: "1301", message: "flagged", charged: false, retryable: false } }),
    });
    const job = await add();
    expect((await pipeline.advance(job.id, "ready")).failure).toMatchObject({ step: "track", kind: "content-policy", code: "1301", charged: false });
  });

  it("resumes a download cut by a restart without resubmitting, and can rerun a failed step", async () => {
    let downloads = 0;
    const context = await setup({}, {
      download: async () => {
        downloads++;
        if (downloads === 1) throw new Error("disk full");
        return "/clips/again.mp4";
      },
    });
    const job = await context.add();
    const failed = await context.pipeline.advance(job.id, "ready");
    expect(failed.failure).toMatchObject({ step: "download", kind: "media", retryable: true, charged: true });
    await context.pipeline.resumeStep(job.id);
    expect((await context.pipeline.advance(job.id, "ready")).state).toBe("ready");
    expect(context.scripted.stats.creates).toBe(1);

    // A second process finds a job left in `downloading` and downloads again.
    const other = await context.add(2);
    await context.pipeline.advance(other.id, "succeeded");
    await context.ledger.transition(other.id, "downloading");
    const fresh = new JobPipeline(context.deps);
    expect((await fresh.advance(other.id, "ready")).file).toBe("/clips/again.mp4");
    expect(context.scripted.stats.creates).toBe(2);
  });

  it("goes on to import and place when the face can", async () => {
    const placed: string[] = [];
    const { pipeline, add } = await setup({}, { importClip: async () => "clip-9", place: async (job) => void placed.push(job.clipId!) });
    const job = await add();
    const done = await pipeline.advance(job.id, "placed");
    expect(done).toMatchObject({ state: "placed", clipId: "clip-9" });
    expect(placed).toEqual(["clip-9"]);
  });
});
