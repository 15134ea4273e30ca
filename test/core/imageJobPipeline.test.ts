import { ProviderError } from "../../src/core/errors";
import { planImageJob, type ImageJobRecord } from "../../src/core/imageJobRecord";
import { ImageJobPipeline, type ImagePipelineDeps } from "../../src/core/imageJobPipeline";
import type { ImageJobStatus, ImageProvider, ImageSubmitResult } from "../../src/core/imageProvider";
import type { ResolvedImageRequest } from "../../src/core/imageRequest";
import { splitImageRequest } from "../../src/core/imageValidation";
import { SubmitDeferred } from "../../src/core/jobPipeline";
import { Ledger } from "../../src/core/ledger";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import type { JobHandle } from "../../src/core/videoProvider";
import { findImageModel } from "../../src/providers/imageCatalog";
import { pollUntilTerminal } from "../../src/providers/polling";
import { ManualClock } from "../support/manualClock";
import { imageRequest } from "../support/stills";

const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);

interface Script {
  synchronous?: boolean;
  submit?: (call: number, request: ResolvedImageRequest) => ImageSubmitResult | Error;
  reads?: ImageJobStatus[];
}

/** An image route for pipeline tests: counts submits, answers as scripted. */
function scriptedImageProvider(script: Script) {
  const stats = { submits: 0, reads: 0 };
  const handleOf = (request: ResolvedImageRequest): JobHandle => ({ provider: "openai", model: request.model, id: `img-${request.idempotencyKey}`, idempotencyKey: request.idempotencyKey, submittedAt: new Date(0).toISOString(), data: {} });
  const provider: ImageProvider = {
    id: "openai",
    displayName: "Scripted images",
    models: [],
    enabledByDefault: true,
    synchronous: script.synchronous ?? false,
    pollPolicy: { initialDelayMs: 0, queuedIntervalMs: 0, maxQueuedIntervalMs: 0, runningIntervalMs: 0, backoff: 1, source: "test" },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [],
    async submit(request) {
      stats.submits++;
      const answer = script.submit?.(stats.submits, request) ?? { handle: handleOf(request), warnings: [] };
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async status() {
      return script.reads?.[stats.reads++] ?? { state: "succeeded", images: [{ url: "https://cdn.test/a.png" }, { url: "https://cdn.test/b.png" }], seed: 3 };
    },
    async cancel() {},
    async download(_handle, index) {
      return { kind: "url", descriptor: { url: `https://cdn.test/${index}.png`, headers: {}, followRedirects: true, mediaType: "image/png", expires: true } };
    },
    async findByIdempotencyKey() {
      return null;
    },
    async testCredentials() {},
  };
  return { provider, stats, handleOf };
}

async function setup(script: Script, overrides: Partial<ImagePipelineDeps> = {}) {
  const clock = new ManualClock();
  const store = memoryLedgerStore();
  const { ledger } = await Ledger.open(store, clock);
  const scripted = scriptedImageProvider(script);
  const requests = new Map<string, ResolvedImageRequest>();
  const calls: string[] = [];
  const deps: ImagePipelineDeps = {
    ledger,
    clock,
    provider: (id) => (id === "openai" ? scripted.provider : undefined),
    loadRequest: async (job) => requests.get(job.id)!,
    waitForEnd: (provider, handle, onStatus) => pollUntilTerminal<ImageJobStatus>(provider, handle, { clock, onStatus }),
    saveStill: async (job, index) => {
      calls.push(`save:${index}:${ledger.requireImage(job.id).state}`);
      return `/stills/${job.shot.shotId}_${index}.png`;
    },
    fetchStill: async (job, index, descriptor) => {
      calls.push(`fetch:${index}:${descriptor.url}`);
      return `/stills/${job.shot.shotId}_${index}.png`;
    },
    embed: async (_job, index, path) => {
      calls.push(`embed:${index}:${path}`);
      return { sha256: String(index).repeat(64) };
    },
    ...overrides,
  };
  const add = async (fields: Record<string, unknown> = {}) => {
    const request = imageRequest("openai", "gpt-image-1.5", { count: 2, quality: "low", ...fields });
    const [part] = splitImageRequest(findImageModel("openai", "gpt-image-1.5")!, request);
    requests.set(request.idempotencyKey, part!.request);
    const job = planImageJob({ request: part!.request, estimate: part!.cost, shot: { shotId: "F1", order: 1, take: 1 } }, clock.now());
    await ledger.addImages([job]);
    return job;
  };
  return { clock, store, ledger, scripted, deps, pipeline: new ImageJobPipeline(deps), add, calls };
}

const states = (job: ImageJobRecord) => job.history.map((entry) => entry.state);

describe("the image pipeline", () => {
  it("takes an asynchronous image job from plan to embedded stills, recording each file and its hash", async () => {
    const { pipeline, add, calls, scripted } = await setup({ reads: [{ state: "queued" }, { state: "running", progress: 0.5 }] });
    const job = await add();
    const done = await pipeline.advance(job.id);
    expect(states(done)).toEqual(["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready"]);
    expect(done.files).toEqual([
      { path: "/stills/F1_0.png", sha256: "0".repeat(64), embedded: true },
      { path: "/stills/F1_1.png", sha256: "1".repeat(64), embedded: true },
    ]);
    expect(done.seed).toBe(3);
    expect(calls).toEqual(["fetch:0:https://cdn.test/0.png", "fetch:1:https://cdn.test/1.png", "embed:0:/stills/F1_0.png", "embed:1:/stills/F1_1.png"]);
    expect(scripted.stats.submits).toBe(1);
  });

  it("writes a synchronous answer's stills to disk before it records the job as succeeded", async () => {
    const { pipeline, add, calls } = await setup({
      synchronous: true,
      submit: (_call, request) => ({ handle: scriptedImageProvider({}).handleOf(request), warnings: [], completed: { images: [{ bytes: PNG, mediaType: "image/png" }, { bytes: PNG, mediaType: "image/png" }] } }),
    });
    const job = await add();
    const done = await pipeline.advance(job.id);
    expect(calls.slice(0, 2)).toEqual(["save:0:submitting", "save:1:submitting"]);
    expect(states(done)).toEqual(["planned", "submitting", "succeeded", "downloading", "downloaded", "embedding", "ready"]);
    expect(done.outputs).toEqual([{ path: "/stills/F1_0.png", mediaType: "image/png" }, { path: "/stills/F1_1.png", mediaType: "image/png" }]);
  });

  it("never sends a synchronous call again after a crash in submitting: it reports, and the money may be spent", async () => {
    const { add, ledger, store, clock, scripted, deps } = await setup({ synchronous: true });
    const job = await add();
    await ledger.transitionImage(job.id, "submitting");
    // The process dies here; a new one opens the ledger and advances the job.
    const reopened = (await Ledger.open(store, clock)).ledger;
    const restarted = new ImageJobPipeline({ ...deps, ledger: reopened });
    const after = await restarted.advance(job.id);
    expect(after).toMatchObject({ state: "failed", failure: { step: "submit", kind: "unknown-submit", charged: "unknown", retryable: false } });
    expect(after.failure!.message).toMatch(/Its stills came only in that answer/);
    expect(scripted.stats.submits).toBe(0);
    await expect(restarted.resumeStep(job.id)).rejects.toThrow(/a retry cannot fix/);
  });

  it("records a stills answer that could not be written as a paid, lost result", async () => {
    const { pipeline, add } = await setup(
      { synchronous: true, submit: (_c, request) => ({ handle: scriptedImageProvider({}).handleOf(request), warnings: [], completed: { images: [{ bytes: PNG, mediaType: "image/png" }] } }) },
      { saveStill: async () => Promise.reject(new Error("ENOSPC: no space left on device")) },
    );
    const job = await add();
    const done = await pipeline.advance(job.id);
    expect(done).toMatchObject({ state: "failed", failure: { step: "download", charged: true, retryable: false } });
    expect(done.failure!.message).toMatch(/ENOSPC/);
    expect(done.handle).toBeDefined();
  });

  it("fails a definite refusal without a charge, puts a rate-limited submit back to planned, and keeps a sync answer's failure", async () => {
    const refused = await setup({ submit: () => new ProviderError("content-policy", "blocked", { provider: "openai", status: 400, charged: false }) });
    const job = await refused.add();
    expect(await refused.pipeline.advance(job.id)).toMatchObject({ state: "failed", failure: { kind: "content-policy", charged: false } });

    const limited = await setup({ submit: () => new ProviderError("quota", "slow down", { provider: "openai", status: 429, notReceived: true }) });
    const second = await limited.add();
    await expect(limited.pipeline.advance(second.id)).rejects.toBeInstanceOf(SubmitDeferred);
    expect(limited.ledger.requireImage(second.id).state).toBe("planned");

    const blocked = await setup({
      synchronous: true,
      submit: (_c, request) => ({ handle: scriptedImageProvider({}).handleOf(request), warnings: [], completed: { images: [], failure: { kind: "content-policy", message: "blocked", charged: "unknown", retryable: false } } }),
    });
    const third = await blocked.add();
    expect(await blocked.pipeline.advance(third.id)).toMatchObject({ state: "failed", failure: { step: "submit", kind: "content-policy", charged: "unknown" } });
  });

  it("resumes a broken download with the stills it does not have yet, never resubmitting", async () => {
    let failOnce = true;
    const { pipeline, add, calls, scripted } = await setup(
      {},
      {
        fetchStill: async (job, index) => {
          calls.push(`fetch:${index}`);
          if (index === 1 && failOnce) {
            failOnce = false;
            throw new Error("connection reset");
          }
          return `/stills/${job.shot.shotId}_${index}.png`;
        },
      },
    );
    const job = await add();
    const failed = await pipeline.advance(job.id);
    expect(failed).toMatchObject({ state: "failed", failure: { step: "download", retryable: true, charged: true }, files: [{ path: "/stills/F1_0.png" }] });
    await pipeline.resumeStep(job.id);
    const done = await pipeline.advance(job.id);
    expect(done.state).toBe("ready");
    expect(calls.filter((c) => c.startsWith("fetch"))).toEqual(["fetch:0", "fetch:1", "fetch:1"]);
    expect(scripted.stats.submits).toBe(1);
  });
});
