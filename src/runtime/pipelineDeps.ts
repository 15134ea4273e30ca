import type { PipelineDeps } from "../core/jobPipeline";
import type { ImageReference, JobRecord } from "../core/jobRecord";
import type { Ledger } from "../core/ledger";
import type { ImageInput, ImageMediaType, ResolvedRequest } from "../core/request";
import type { Clock } from "../core/seams/clock";
import type { FileSystem } from "../core/seams/fileSystem";
import type { HttpFetch } from "../core/seams/http";
import type { PollPolicy } from "../core/videoProvider";
import { downloadClip, type AssetSource, type DownloadProgress } from "../media/download";
import { embedMetadata } from "../media/embedMetadata";
import { sha256OfFile } from "../media/fileHash";
import { renderFileName } from "../media/fileNameTemplate";
import { generatedAt, jobMetadata } from "../media/jobMetadata";
import type { JobWakeups } from "../providers/jobWakeups";
import { pollUntilTerminal } from "../providers/polling";
import type { ProviderRegistry } from "../providers/registry";

/** The relay calls the pipeline makes, when a relay is configured. */
export interface RelayHooks {
  createCallback(provider: JobRecord["request"]["provider"]): Promise<{ url: string }>;
  registerJob(provider: JobRecord["request"]["provider"], providerJobId: string): Promise<void>;
}

export interface RuntimeSeams {
  clock: Clock;
  fetch: HttpFetch;
  files: FileSystem;
  /** Where `shotbin-asset:` clips (the simulator's) come from. */
  assets?: AssetSource;
}

export interface PipelineSettings {
  mediaFolder: string;
  /** e.g. `{shot}_{slug}_{model}_{seed}.mp4` */
  fileNameTemplate: string;
  /** Running time allowed per job before tracking gives up (the job is kept). */
  trackTimeoutMs?: number;
  pollPolicy?: Partial<PollPolicy>;
}

export interface PipelineWiring {
  ledger: Ledger;
  registry: ProviderRegistry;
  seams: RuntimeSeams;
  settings: PipelineSettings;
  wakeups?: JobWakeups;
  relay?: RelayHooks;
  onDownloadProgress?(job: JobRecord, progress: DownloadProgress): void;
  importClip?: PipelineDeps["importClip"];
  place?: PipelineDeps["place"];
}

const MEDIA_TYPES: Record<string, ImageMediaType> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" };

async function readWhole(files: FileSystem, path: string): Promise<Uint8Array> {
  const file = await files.open(path, "read");
  try {
    return await file.read(0, await file.size());
  } finally {
    await file.close();
  }
}

/** A stored image reference with its bytes read back (a URL stays a URL); its lineage is kept. */
export async function loadImage(files: FileSystem, image: ImageReference | undefined): Promise<ImageInput | undefined> {
  if (!image) return undefined;
  const name = { ...(image.name ? { name: image.name } : {}), ...(image.lineage ? { lineage: image.lineage } : {}) };
  if (image.url) return { kind: "url", url: image.url, ...name };
  if (!image.path) throw new Error(`The image ${image.name ?? ""} has neither a URL nor a file to reload it from.`);
  const extension = image.path.split(".").pop()?.toLowerCase() ?? "";
  const mediaType = (image.mediaType as ImageMediaType | undefined) ?? MEDIA_TYPES[extension] ?? "image/png";
  return { kind: "bytes", bytes: (await readWhole(files, image.path)) as Uint8Array<ArrayBuffer>, mediaType, ...name };
}

/** The stored request with its images read back from disk. */
export async function loadRequest(files: FileSystem, job: JobRecord): Promise<ResolvedRequest> {
  const { firstFrame, lastFrame, referenceImages, ...rest } = job.request;
  const request: ResolvedRequest = { ...rest };
  const first = await loadImage(files, firstFrame);
  const last = await loadImage(files, lastFrame);
  if (first) request.firstFrame = first;
  if (last) request.lastFrame = last;
  if (referenceImages?.length) request.referenceImages = (await Promise.all(referenceImages.map((image) => loadImage(files, image)))) as ImageInput[];
  return request;
}

export function clipFileName(template: string, job: JobRecord): string {
  const request = job.request;
  return renderFileName(template, {
    shot: job.shot.shotId,
    slug: request.prompt,
    scene: job.shot.scene,
    take: job.shot.take,
    model: request.model,
    provider: request.provider,
    seed: job.seed ?? request.seed,
    job: job.handle?.id,
    date: new Date(generatedAt(job)).toISOString().slice(0, 10),
    aspect: request.aspectRatio,
    resolution: request.resolution,
  });
}

/**
 * The pipeline's dependencies from real services: adapters from the registry, polling woken by
 * relay events, the downloader and the in-place embedder. The panel and the CLI call this with
 * their own seams; nothing else differs between them.
 */
export function createPipelineDeps(wiring: PipelineWiring): PipelineDeps {
  const { seams, settings } = wiring;
  return {
    ledger: wiring.ledger,
    clock: seams.clock,
    provider: (id) => (wiring.registry.isEnabled(id) ? wiring.registry.get(id) : undefined),
    loadRequest: (job) => loadRequest(seams.files, job),
    ...(wiring.relay
      ? {
          webhookUrl: async (_job, provider) => (await wiring.relay!.createCallback(provider.id)).url,
          onSubmitted: async (job) => {
            if (job.handle) await wiring.relay!.registerJob(job.request.provider, job.handle.id);
          },
        }
      : {}),
    waitForEnd: (provider, handle, onStatus, signal) =>
      pollUntilTerminal(provider, handle, {
        clock: seams.clock,
        onStatus,
        ...(signal ? { signal } : {}),
        ...(settings.trackTimeoutMs ? { timeoutMs: settings.trackTimeoutMs } : {}),
        ...(settings.pollPolicy ? { policy: settings.pollPolicy } : {}),
        ...(wiring.wakeups ? { wake: wiring.wakeups.wakeFor(provider.id, handle.id) } : {}),
      }),
    download: async (job, descriptor, refresh, signal) => {
      const result = await downloadClip({
        descriptor,
        refresh,
        fetch: seams.fetch,
        files: seams.files,
        ...(seams.assets ? { assets: seams.assets } : {}),
        destinationFolder: settings.mediaFolder,
        fileName: clipFileName(settings.fileNameTemplate, job),
        clock: seams.clock,
        ...(signal ? { signal } : {}),
        ...(wiring.onDownloadProgress ? { onProgress: (progress: DownloadProgress) => wiring.onDownloadProgress!(job, progress) } : {}),
      });
      return result.path;
    },
    embed: async (job, path) => {
      // A first frame that was a Shotbin still: the clip records the hash of the bytes actually sent.
      const first = job.request.firstFrame;
      const firstFrameSha256 = first?.lineage && first.path ? await sha256OfFile(seams.files, first.path).catch(() => undefined) : undefined;
      const file = await seams.files.open(path, "readWrite");
      try {
        await embedMetadata(file, jobMetadata(job, generatedAt(job), firstFrameSha256));
      } finally {
        await file.close();
      }
    },
    ...(wiring.importClip ? { importClip: wiring.importClip } : {}),
    ...(wiring.place ? { place: wiring.place } : {}),
  };
}

