import { ProviderError } from "../../src/core/errors";
import type { ProviderId, ResolvedRequest } from "../../src/core/request";
import type { JobHandle, JobStatus, VideoProvider } from "../../src/core/videoProvider";
import { SIMULATOR_MODELS } from "../../src/providers/simulatorModels";

export interface ScriptedOptions {
  id?: ProviderId;
  /** Status reads before a job succeeds. */
  readsToFinish?: number;
  /** Per submit call (1-based): an error to throw instead of creating a job. */
  submitError?: (call: number, request: ResolvedRequest) => ProviderError | undefined;
  /** Whether the provider created the job anyway when the submit failed (an ambiguous 5xx). */
  createsDespiteError?: boolean;
  /** What findByIdempotencyKey can tell: "lookup" finds created jobs, "blind" returns null. */
  lookup?: "lookup" | "blind";
  /** A final status to end a job with instead of success. */
  outcome?: (request: ResolvedRequest) => JobStatus | undefined;
}

/**
 * An in-memory provider for pipeline and scheduler tests. It counts creates (a job bought twice
 * shows up here), tracks how many jobs it holds at once, and can be scripted to fail.
 */
export function scriptedProvider(options: ScriptedOptions = {}) {
  const id = options.id ?? "simulator";
  const jobs = new Map<string, { request: ResolvedRequest; reads: number; done: boolean }>();
  const stats = { submitCalls: 0, creates: 0, maxHeld: 0, statusReads: 0 };
  const held = () => [...jobs.values()].filter((job) => !job.done).length;
  const handleOf = (key: string, request: ResolvedRequest): JobHandle => ({
    provider: id,
    model: request.model,
    id: `job-${key}`,
    idempotencyKey: key,
    submittedAt: new Date(0).toISOString(),
    data: {},
  });

  const provider: VideoProvider = {
    id,
    displayName: `Scripted ${id}`,
    models: SIMULATOR_MODELS,
    enabledByDefault: true,
    pollPolicy: { initialDelayMs: 0, queuedIntervalMs: 0, maxQueuedIntervalMs: 0, runningIntervalMs: 0, backoff: 1, source: "test" },
    idempotentSubmit: false,
    supportsCancel: false,
    networkOrigins: [],
    async submit(request) {
      stats.submitCalls++;
      const error = options.submitError?.(stats.submitCalls, request);
      if (error && !(options.createsDespiteError && !error.notReceived)) throw error;
      stats.creates++;
      jobs.set(request.idempotencyKey, { request, reads: 0, done: false });
      stats.maxHeld = Math.max(stats.maxHeld, held());
      if (error) throw error;
      return { handle: handleOf(request.idempotencyKey, request), warnings: [] };
    },
    async status(handle) {
      stats.statusReads++;
      const job = jobs.get(handle.idempotencyKey);
      if (!job) throw new ProviderError("not-found", "no such job", { provider: id });
      job.reads++;
      if (job.reads < (options.readsToFinish ?? 2)) return job.reads === 1 ? { state: "queued" } : { state: "running", progress: 0.5 };
      job.done = true;
      return options.outcome?.(job.request) ?? { state: "succeeded", videos: [{ url: `https://cdn.test/${handle.id}.mp4` }], seed: 7 };
    },
    async cancel() {},
    async download(handle) {
      return { url: `https://cdn.test/${handle.id}.mp4`, headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false };
    },
    async findByIdempotencyKey(request) {
      if (options.lookup !== "lookup") return null;
      return jobs.has(request.idempotencyKey) ? handleOf(request.idempotencyKey, request) : undefined;
    },
    async testCredentials() {},
  };
  return { provider, stats, jobs };
}
