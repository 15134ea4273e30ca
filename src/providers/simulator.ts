import type { Clock } from "../core/seams/clock";
import type { ResolvedRequest } from "../core/request";
import type { DownloadDescriptor, JobHandle, JobStatus, SubmitResult, VideoProvider } from "../core/videoProvider";
import { ProviderError } from "../core/errors";
import { SIMULATOR_MODELS } from "./simulatorModels";

/**
 * The clips bundled in assets/clips (the faces' asset folder), by aspect ratio and length in
 * seconds, each at 1080p (`sim_…`) and 720p (`sim720p_…`): the frame size the simulator claims,
 * with "placeholder, not a generated shot" on every frame (scripts/make-sim-clips.sh).
 */
const BUNDLED_CLIPS: Record<string, readonly number[]> = {
  "16x9": [4, 5, 6, 8, 10],
  "9x16": [5, 8],
  "1x1": [5],
};

export function simulatorClipName(aspectRatio: string | undefined, durationSeconds: number, resolution?: string): string {
  const aspect = (aspectRatio ?? "16:9").replace(":", "x");
  const lengths = BUNDLED_CLIPS[aspect] ?? BUNDLED_CLIPS["16x9"]!;
  const chosen = lengths.find((length) => length >= durationSeconds) ?? lengths[lengths.length - 1]!;
  const prefix = resolution === "720p" ? "sim720p" : "sim";
  return `${prefix}_${BUNDLED_CLIPS[aspect] ? aspect : "16x9"}_${chosen}s.mp4`;
}

export interface SimulatorOptions {
  clock: Clock;
  /** Time a job spends queued, then running. Defaults: 1.5 s and 4 s. */
  queueMs?: number;
  runMs?: number;
  /** Prompts containing this text fail with a content-policy refusal, to rehearse failures. */
  refuseWhenPromptIncludes?: string;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff);
}

/**
 * A provider that needs no key and no network: jobs move through queued and running on the clock
 * and end with a bundled clip. Its state is a function of the handle and the time, so a job
 * survives a restart exactly like a real one.
 */
export function createSimulatorProvider(options: SimulatorOptions): VideoProvider {
  const queueMs = options.queueMs ?? 1500;
  const runMs = options.runMs ?? 4000;
  const cancelled = new Set<string>();

  function statusAt(handle: JobHandle, now: number): JobStatus {
    if (cancelled.has(handle.id)) return { state: "cancelled" };
    const elapsed = now - Date.parse(handle.submittedAt);
    const queue = Number(handle.data.queueMs);
    const run = Number(handle.data.runMs);
    if (elapsed < queue) return { state: "queued" };
    if (elapsed < queue + run) return { state: "running", progress: Math.min(0.99, (elapsed - queue) / run) };
    if (handle.data.refusal) {
      return {
        state: "failed",
        failure: { kind: "content-policy", code: "simulated_refusal", message: String(handle.data.refusal), charged: false, retryable: false },
      };
    }
    return {
      state: "succeeded",
      videos: [{ url: `shotbin-asset:${String(handle.data.clip)}`, mediaType: "video/mp4" }],
      seed: Number(handle.data.seed),
      chargedUsd: 0,
    };
  }

  return {
    id: "simulator",
    displayName: "Simulator",
    models: SIMULATOR_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 250,
      queuedIntervalMs: 250,
      maxQueuedIntervalMs: 1000,
      runningIntervalMs: 500,
      backoff: 1.5,
      source: "local; fast enough to show progress",
    },
    idempotentSubmit: true,
    supportsCancel: true,
    networkOrigins: [],

    async submit(request: ResolvedRequest): Promise<SubmitResult> {
      const refusal =
        options.refuseWhenPromptIncludes && request.prompt.includes(options.refuseWhenPromptIncludes)
          ? `The simulator refused this prompt because it contains "${options.refuseWhenPromptIncludes}".`
          : null;
      const handle: JobHandle = {
        provider: "simulator",
        model: request.model,
        id: `sim_${request.idempotencyKey}`,
        idempotencyKey: request.idempotencyKey,
        submittedAt: new Date(options.clock.now()).toISOString(),
        data: {
          queueMs,
          runMs,
          clip: simulatorClipName(request.aspectRatio, request.durationSeconds, request.resolution),
          seed: request.seed ?? randomSeed(),
          refusal,
        },
      };
      return { handle, warnings: [] };
    },

    async status(handle) {
      return statusAt(handle, options.clock.now());
    },

    async cancel(handle) {
      cancelled.add(handle.id);
    },

    async download(handle, index = 0): Promise<DownloadDescriptor> {
      const status = statusAt(handle, options.clock.now());
      const video = status.state === "succeeded" ? status.videos[index] : undefined;
      if (!video) {
        throw new ProviderError("not-found", `Simulator: job ${handle.id} has no finished clip ${index + 1}.`, { provider: "simulator" });
      }
      return { url: video.url, headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false };
    },

    // The simulator creates nothing remotely: a handle that was never recorded is a job that never existed.
    async findByIdempotencyKey() {
      return undefined;
    },

    async testCredentials() {},
  };
}
