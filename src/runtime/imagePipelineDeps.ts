import type { ImageJobRecord } from "../core/imageJobRecord";
import type { ImagePipelineDeps } from "../core/imageJobPipeline";
import type { ImageJobStatus } from "../core/imageProvider";
import { imageFormatOf, IMAGE_EXTENSION_OF, type ResolvedImageRequest } from "../core/imageRequest";
import type { ImageInput } from "../core/request";
import type { Ledger } from "../core/ledger";
import type { PollPolicy } from "../core/videoProvider";
import { downloadClip } from "../media/download";
import { sha256OfFile } from "../media/fileHash";
import { renderFileName } from "../media/fileNameTemplate";
import { imageGeneratedAt, imageJobMetadata } from "../media/imageJobMetadata";
import { embedStillMetadata } from "../media/stills/embedStill";
import { matchExtension, saveStill } from "../media/stills/saveStill";
import type { ImageProviderRegistry } from "../providers/imageRegistry";
import type { JobWakeups } from "../providers/jobWakeups";
import { pollUntilTerminal } from "../providers/polling";
import { loadImage, type RelayHooks, type RuntimeSeams } from "./pipelineDeps";

export interface ImagePipelineSettings {
  mediaFolder: string;
  /** Without extension (it follows the still's format); default `{shot}_{slug}_{model}_{seed}`. */
  fileNameTemplate?: string;
  trackTimeoutMs?: number;
  pollPolicy?: Partial<PollPolicy>;
}

export interface ImagePipelineWiring {
  ledger: Ledger;
  registry: ImageProviderRegistry;
  seams: RuntimeSeams;
  settings: ImagePipelineSettings;
  wakeups?: JobWakeups;
  relay?: RelayHooks;
  importStills?: ImagePipelineDeps["importStills"];
}

export const DEFAULT_STILL_NAME = "{shot}_{slug}_{model}_{seed}";

/** A still's file name: the template filled, `_2`, `_3`... for the stills of one call, the extension of `format`. */
export function stillFileName(template: string, job: ImageJobRecord, index: number, extension: string): string {
  const request = job.request;
  const stem = template.replace(/\.(png|jpe?g|webp)$/i, "");
  const name = renderFileName(
    stem,
    {
      shot: job.shot.shotId,
      slug: request.prompt,
      scene: job.shot.scene,
      take: job.shot.take,
      model: request.model.split("/").pop(),
      provider: request.provider,
      seed: job.seed ?? request.seed,
      job: job.handle?.id,
      date: new Date(imageGeneratedAt(job)).toISOString().slice(0, 10),
      aspect: request.aspectRatio,
      resolution: request.resolution ?? request.size,
    },
    extension,
  );
  if ((job.outputs?.length ?? request.count) <= 1) return name;
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}_${index + 1}${name.slice(dot)}`;
}

/** The stored image request with its input images read back from disk. */
export async function loadImageRequest(files: RuntimeSeams["files"], job: ImageJobRecord): Promise<ResolvedImageRequest> {
  const { inputImages, ...rest } = job.request;
  const request: ResolvedImageRequest = { ...rest };
  if (inputImages?.length) request.inputImages = (await Promise.all(inputImages.map((image) => loadImage(files, image)))) as ImageInput[];
  return request;
}

/**
 * The image pipeline's dependencies from real services, as createPipelineDeps does for video:
 * adapters from the image registry, polling woken by relay events, stills written or downloaded
 * into the media folder, XMP embedded (and hashed) in place.
 */
export function createImagePipelineDeps(wiring: ImagePipelineWiring): ImagePipelineDeps {
  const { seams, settings } = wiring;
  const template = settings.fileNameTemplate ?? DEFAULT_STILL_NAME;
  return {
    ledger: wiring.ledger,
    clock: seams.clock,
    provider: (id) => (wiring.registry.isEnabled(id) ? wiring.registry.get(id) : undefined),
    loadRequest: (job) => loadImageRequest(seams.files, job),
    ...(wiring.relay
      ? {
          webhookUrl: async (_job, provider) => (await wiring.relay!.createCallback(provider.id)).url,
          onSubmitted: async (job) => {
            if (job.handle) await wiring.relay!.registerJob(job.request.provider, job.handle.id);
          },
        }
      : {}),
    waitForEnd: (provider, handle, onStatus, signal) =>
      pollUntilTerminal<ImageJobStatus>(provider, handle, {
        clock: seams.clock,
        onStatus,
        ...(signal ? { signal } : {}),
        ...(settings.trackTimeoutMs ? { timeoutMs: settings.trackTimeoutMs } : {}),
        ...(settings.pollPolicy ? { policy: settings.pollPolicy } : {}),
        ...(wiring.wakeups ? { wake: wiring.wakeups.wakeFor(provider.id, handle.id) } : {}),
      }),
    saveStill: (job, index, image) => saveStill(seams.files, settings.mediaFolder, stillFileName(template, job, index, ".png"), image.bytes),
    fetchStill: async (job, index, descriptor, refresh, signal) => {
      const format = imageFormatOf(descriptor.mediaType) ?? job.request.outputFormat;
      const result = await downloadClip({
        descriptor,
        refresh,
        fetch: seams.fetch,
        files: seams.files,
        destinationFolder: settings.mediaFolder,
        fileName: stillFileName(template, job, index, IMAGE_EXTENSION_OF[format]),
        clock: seams.clock,
        expect: "still",
        ...(signal ? { signal } : {}),
      });
      return matchExtension(seams.files, result.path);
    },
    embed: async (job, _index, path) => {
      await embedStillMetadata(seams.files, path, imageJobMetadata(job, imageGeneratedAt(job)));
      return { sha256: await sha256OfFile(seams.files, path) };
    },
    ...(wiring.importStills ? { importStills: wiring.importStills } : {}),
  };
}
