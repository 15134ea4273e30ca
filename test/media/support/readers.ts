import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { topLevel } from "./boxes";
import { run, runOk } from "./run";
import { exiftoolScript, tool } from "./tools";

/** Third-party readers, each asked what a file says. */

export type ExifTags = Record<string, unknown>;

/** ExifTool 13 (exiftool-vendored), XMP tags grouped by namespace, values unconverted. */
export async function exiftoolXmp(file: string): Promise<ExifTags> {
  const out = await runOk(tool("perl"), [exiftoolScript(), "-j", "-G1", "-a", "-struct", "-api", "XMPAutoConv=0", "-XMP:all", file]);
  return (JSON.parse(out) as ExifTags[])[0] as ExifTags;
}

/** ExifTool's colour tags from the container (colr) and its warnings. */
export async function exiftoolColour(file: string): Promise<ExifTags> {
  const out = await runOk(tool("perl"), [
    exiftoolScript(), "-j", "-n", "-G1", "-a",
    "-ColorProfiles", "-ColorPrimaries", "-TransferCharacteristics", "-MatrixCoefficients", "-VideoFullRangeFlag", "-Warning", file,
  ]);
  return (JSON.parse(out) as ExifTags[])[0] as ExifTags;
}

/** ExifTool's structural check of the file (`-validate`): "OK", or its errors and warnings. */
export async function exiftoolValidate(file: string): Promise<string> {
  const out = await runOk(tool("perl"), [exiftoolScript(), "-j", "-validate", "-warning", "-error", "-a", file]);
  const tags = (JSON.parse(out) as ExifTags[])[0] as ExifTags;
  return [tags.Validate, tags.Error, tags.Warning].filter((v) => v !== undefined).flat().map(String).join("; ");
}

/**
 * What exempi (Adobe's XMP toolkit) reads from the file, reconciled with mvhd as Premiere would
 * see it: its dump, parsed back by ExifTool so that neither parse is ours.
 */
export async function exempiXmp(file: string, dir: string): Promise<{ xml: string; tags: ExifTags }> {
  const dump = await runOk(tool("exempi"), ["-x", file]);
  const xml = dump.replace(/^dump_xmp for file .*\n/, "");
  const xmpFile = path.join(dir, `${path.basename(file)}.exempi.xmp`);
  await fsp.writeFile(xmpFile, xml);
  return { xml, tags: await exiftoolXmp(xmpFile) };
}

export async function exempiProperty(file: string, property: string): Promise<string> {
  return (await runOk(tool("exempi"), ["-g", property, file])).trim();
}

export interface MediaInfoVideo {
  colour_primaries?: string;
  colour_primaries_Source?: string;
  transfer_characteristics?: string;
  transfer_characteristics_Source?: string;
  matrix_coefficients?: string;
  matrix_coefficients_Source?: string;
  colour_range?: string;
  colour_range_Source?: string;
  [key: string]: unknown;
}

export async function mediainfoVideo(file: string): Promise<MediaInfoVideo> {
  const out = await runOk(tool("mediainfo"), ["--Output=JSON", "-f", file]);
  const tracks = (JSON.parse(out) as { media: { track: Array<{ "@type": string } & MediaInfoVideo> } }).media.track;
  const video = tracks.find((track) => track["@type"] === "Video");
  if (!video) throw new Error(`mediainfo found no video track in ${file}`);
  return video;
}

/** Full decode with ffmpeg: resolves to its error output (empty when clean). */
export async function ffmpegDecodeErrors(file: string): Promise<string> {
  const result = await run(tool("ffmpeg"), ["-v", "error", "-i", file, "-f", "null", "-"]);
  if (result.code !== 0) return result.stderr || `ffmpeg exited with ${result.code}`;
  return result.stderr;
}

/** Seeks to 0.1 s before the end and decodes; returns how many video frames came out. */
export async function framesDecodedNearEnd(file: string): Promise<number> {
  const duration = Number((await runOk(tool("ffprobe"), ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file])).trim());
  const result = await run(tool("ffmpeg"), ["-v", "error", "-ss", String(Math.max(0, duration - 0.1)), "-i", file, "-map", "0:v:0", "-f", "framecrc", "-"]);
  if (result.code !== 0 || result.stderr.trim()) throw new Error(`seek decode failed: ${result.stderr}`);
  return result.stdout.split("\n").filter((line) => line && !line.startsWith("#")).length;
}

export async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await fsp.readFile(file)).digest("hex");
}

/** Hash of the mdat payload(s), found by the test-side box reader. */
export async function mdatHash(file: string): Promise<string> {
  const buf = await fsp.readFile(file);
  const hash = createHash("sha256");
  const mdats = topLevel(buf).filter((box) => box.type === "mdat");
  if (mdats.length === 0) throw new Error(`no mdat in ${file}`);
  for (const box of mdats) hash.update(buf.subarray(box.start + box.headerSize, box.start + box.size));
  return hash.digest("hex");
}
