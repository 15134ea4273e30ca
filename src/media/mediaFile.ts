import type { FileSystem } from "../core/seams/fileSystem";
import { embedMetadata, type EmbedOptions, type EmbedSummary } from "./embedMetadata";
import type { GenerationMetadata } from "./generationMetadata";
import { inspectMedia, type MediaReport } from "./inspectMedia";
import { embedStillMetadata, type StillEmbedSummary } from "./stills/embedStill";
import { inspectStill, type StillReport } from "./stills/inspectStill";
import { sniffStill } from "./stills/stillFormat";

/**
 * One door for `shotbin embed` and `shotbin inspect` (and the pipelines): a still (PNG, JPEG,
 * WebP, told by its first bytes) goes to the stills code, anything else to the MP4/MOV code,
 * which refuses what it does not know.
 */

async function isStill(files: FileSystem, path: string): Promise<boolean> {
  const file = await files.open(path, "read");
  try {
    return sniffStill(await file.read(0, 12)) !== undefined;
  } finally {
    await file.close();
  }
}

export async function embedMediaFile(files: FileSystem, path: string, meta: GenerationMetadata, options: EmbedOptions = {}): Promise<EmbedSummary | StillEmbedSummary> {
  if (await isStill(files, path)) return embedStillMetadata(files, path, meta);
  const file = await files.open(path, "readWrite");
  try {
    return await embedMetadata(file, meta, options);
  } finally {
    await file.close();
  }
}

export async function inspectMediaFile(files: FileSystem, path: string): Promise<MediaReport | StillReport> {
  const still = await isStill(files, path);
  const file = await files.open(path, "read");
  try {
    return still ? await inspectStill(file) : await inspectMedia(file);
  } finally {
    await file.close();
  }
}
