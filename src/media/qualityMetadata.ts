/**
 * Take QA's verdict, score and defect kinds written into a clip's XMP next to its prompt, in place
 * (the same writer as every embed: the media data is never moved, foreign XMP is kept). The clip
 * must already carry Shotbin's generation metadata (provider, model, generatedAt): the QA fields
 * are added to it, every other field is written back as it was read.
 */
import { MediaError } from "../core/errors";
import type { FileSystem } from "../core/seams/fileSystem";
import type { EmbedSummary } from "./embedMetadata";
import type { GenerationMetadata } from "./generationMetadata";
import { parseGenerationMetadata } from "./generationMetadataCheck";
import { embedMediaFile, inspectMediaFile } from "./mediaFile";
import type { MediaReport } from "./inspectMedia";

export interface QualityFields {
  qaVerdict: "pass" | "warn" | "fail";
  qaScore: number;
  /** Each kind once, in the order found. */
  qaDefects: string[];
}

const VIDEO_NAME = /\.(mp4|m4v|mov|qt)$/i;

/**
 * Adds (or replaces) the QA fields in the clip's Shotbin XMP. Rejects with a MediaError, leaving
 * the file as it was, for anything but an MP4 or MOV, and for a clip with no Shotbin metadata.
 */
export async function embedQualityFields(files: FileSystem, path: string, fields: QualityFields): Promise<EmbedSummary> {
  if (!VIDEO_NAME.test(path)) {
    throw new MediaError("not-media", `${path}: QA fields are written into MP4 and MOV clips only (.mp4, .m4v, .mov); this file was left as it was.`, path);
  }
  const report = await inspectMediaFile(files, path);
  if (!("boxes" in report)) throw new MediaError("not-media", `${path} is a still image: QA fields are written into MP4 and MOV clips only.`, path);
  const existing = (report as MediaReport).xmp?.shotbin;
  if (!existing?.provider || !existing.model || !existing.generatedAt) {
    throw new MediaError(
      "invalid-metadata",
      `${path} carries no Shotbin generation metadata (provider, model, generatedAt), so there is no prompt to write the QA next to; give it some with \`shotbin embed\` first. The file was left as it was.`,
      path,
    );
  }
  const meta: GenerationMetadata = parseGenerationMetadata({ ...existing, ...fields, qaDefects: [...new Set(fields.qaDefects)] }, path);
  const summary = await embedMediaFile(files, path, meta);
  return summary as EmbedSummary;
}
