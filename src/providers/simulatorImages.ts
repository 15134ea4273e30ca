import { ProviderError } from "../core/errors";
import type { ImageJobStatus, ImageProvider } from "../core/imageProvider";
import type { Clock } from "../core/seams/clock";
import type { JobHandle } from "../core/videoProvider";
import { SIMULATOR_IMAGE_MODELS } from "./simulatorImageModels";
import { patternKey, pngDimensions, readSimPattern, renderSimStill, simStillSize, type SimPattern } from "./simulatorStill";

export interface SimulatorImagesOptions {
  clock: Clock;
  /** Time a job spends queued, then running. Defaults: 300 ms and 1200 ms. */
  queueMs?: number;
  runMs?: number;
  /** Prompts containing this text are refused (content policy), to rehearse failures. */
  refuseWhenPromptIncludes?: string;
}

/**
 * Stills with no key and no network: a job moves through queued and running on the clock and its
 * stills are drawn on download from what the handle records (prompt key, seed, edit source), so a
 * job survives a restart exactly like a real one, and the same request always draws the same image.
 */
export function createSimulatorImagesProvider(options: SimulatorImagesOptions): ImageProvider {
  const queueMs = options.queueMs ?? 300;
  const runMs = options.runMs ?? 1200;
  const cancelled = new Set<string>();

  function statusAt(handle: JobHandle, now: number): ImageJobStatus {
    if (cancelled.has(handle.id)) return { state: "cancelled" };
    const elapsed = now - Date.parse(handle.submittedAt);
    if (elapsed < Number(handle.data.queueMs)) return { state: "queued" };
    if (elapsed < Number(handle.data.queueMs) + Number(handle.data.runMs)) return { state: "running", progress: Math.min(0.99, (elapsed - Number(handle.data.queueMs)) / Number(handle.data.runMs)) };
    if (handle.data.refusal) return { state: "failed", failure: { kind: "content-policy", code: "simulated_refusal", message: String(handle.data.refusal), charged: false, retryable: false } };
    const count = Number(handle.data.count);
    return { state: "succeeded", images: Array.from({ length: count }, (_, i) => ({ url: `shotbin-sim-still:${i}`, mediaType: "image/png" })), seed: Number(handle.data.seed), chargedUsd: 0 };
  }

  return {
    id: "simulator",
    displayName: "Simulator",
    models: SIMULATOR_IMAGE_MODELS,
    enabledByDefault: true,
    synchronous: false,
    pollPolicy: { initialDelayMs: 150, queuedIntervalMs: 150, maxQueuedIntervalMs: 500, runningIntervalMs: 250, backoff: 1.5, source: "local" },
    idempotentSubmit: true,
    supportsCancel: true,
    networkOrigins: [],

    async submit(request) {
      const seed = request.seed ?? Math.floor(Math.random() * 0xffffffff);
      const source = request.inputImages?.[0];
      const sourcePattern = source?.kind === "bytes" ? readSimPattern(source.bytes) : undefined;
      // An edit of a still the simulator did not draw starts from a pattern keyed by that image's name and size.
      const base: SimPattern | undefined = source
        ? (sourcePattern ?? { key: patternKey(`input:${source.kind === "bytes" ? `${source.name ?? ""}:${source.bytes.length}` : source.url}`), edits: [] })
        : undefined;
      const refusal =
        options.refuseWhenPromptIncludes && request.prompt.includes(options.refuseWhenPromptIncludes)
          ? `The simulator refused this prompt because it contains "${options.refuseWhenPromptIncludes}".`
          : null;
      const handle: JobHandle = {
        provider: "simulator",
        model: request.model,
        id: `simimg_${request.idempotencyKey}`,
        idempotencyKey: request.idempotencyKey,
        submittedAt: new Date(options.clock.now()).toISOString(),
        data: {
          queueMs,
          runMs,
          count: request.count,
          seed,
          prompt: patternKey(`${request.prompt}\u0000${seed}`),
          aspectRatio: request.aspectRatio ?? null,
          // An edit without an aspect ratio keeps its source's size, as match_input_image does.
          size: !request.aspectRatio && source?.kind === "bytes" && sourcePattern ? (pngDimensions(source.bytes) ?? null) : null,
          base: base ? JSON.stringify(base) : null,
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

    async download(handle, index) {
      const status = statusAt(handle, options.clock.now());
      if (status.state !== "succeeded" || !status.images[index]) {
        throw new ProviderError("not-found", `Simulator: job ${handle.id} has no finished still ${index + 1}.`, { provider: "simulator" });
      }
      const own = patternKey(`${String(handle.data.prompt)}:${index}`);
      const base = typeof handle.data.base === "string" ? (JSON.parse(handle.data.base) as SimPattern) : undefined;
      const pattern: SimPattern = base ? { key: base.key, edits: [...base.edits, own] } : { key: own, edits: [] };
      const kept = Array.isArray(handle.data.size) ? (handle.data.size as number[]) : undefined;
      const [width, height] = kept && kept.length === 2 ? (kept as [number, number]) : simStillSize(typeof handle.data.aspectRatio === "string" ? handle.data.aspectRatio : undefined);
      return { kind: "bytes", image: { bytes: renderSimStill(pattern, width, height), mediaType: "image/png" } };
    },

    async findByIdempotencyKey() {
      return undefined;
    },

    async testCredentials() {},
  };
}
