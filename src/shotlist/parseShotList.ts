import { parseCsvShotList } from "./csvShotList";
import { parseFountainShotList } from "./fountainShotList";
import { parseJsonShotList } from "./jsonShotList";
import type { ShotList, ShotListFormat } from "./shotListTypes";

/** The format from the file's extension, else from its first characters. */
export function detectFormat(text: string, file?: string): ShotListFormat {
  const extension = file?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === "json") return "json";
  if (extension === "fountain" || extension === "spmd") return "fountain";
  if (extension === "csv" || extension === "tsv") return "csv";
  const start = text.replace(/^\ufeff/, "").trimStart();
  if (start.startsWith("[") && !start.startsWith("[[") || start.startsWith("{")) return "json";
  if (/^\s*\[\[\s*shot\s*:/im.test(text) || /^(INT|EXT)[. ]/m.test(text)) return "fountain";
  return "csv";
}

/** Reads a shot list in any supported format. Never throws for bad content: problems are in the result. */
export function parseShotList(text: string, options: { file?: string; format?: ShotListFormat } = {}): ShotList {
  const format = options.format ?? detectFormat(text, options.file);
  const file = options.file ? { file: options.file } : {};
  if (format === "json") return parseJsonShotList(text, file);
  if (format === "fountain") return parseFountainShotList(text, file);
  return parseCsvShotList(text, file);
}
