import { crc32 } from "../../core/bytes/crc32";
import { MediaError } from "../../core/errors";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";
import { concatBytes, writeU32 } from "../bigEndian";
import type { GenerationMetadata } from "../generationMetadata";
import { parseGenerationMetadata } from "../generationMetadataCheck";
import { rewriteFile, type RewritePiece } from "./fileRewrite";
import { MAX_JPEG_PACKET, readJpegLayout, xmpApp1Segment, type JpegLayout } from "./jpegXmp";
import { readPngLayout, xmpItxtChunk, type PngLayout } from "./pngXmp";
import { packetOf, planStillPacket, tightPacket, type StillPacketPlan } from "./stillPacket";
import { readExactly, stillFormatOf, type StillFormat } from "./stillFormat";
import { readWebpLayout, u32LE, vp8xChunk, VP8X_XMP_FLAG, xmpWebpChunk, type WebpLayout } from "./webpXmp";

/**
 * Embeds generation metadata (the same XMP fields and namespace as a clip's) into a PNG, JPEG or
 * WebP still, merged with the XMP the file already has. An existing packet with room is
 * overwritten where it is, and a WebP gets its XMP chunk appended at the end; everything else
 * (a first PNG iTXt before IDAT, a first JPEG APP1, a simple WebP becoming VP8X) is a streaming
 * rewrite to a temporary file that then takes the original's name. The whole file is checked
 * before anything is written, so a damaged still is refused and left as it was.
 */

export interface StillEmbedSummary {
  file: string;
  format: StillFormat;
  width: number;
  height: number;
  fileSizeBefore: number;
  fileSizeAfter: number;
  xmp: {
    location: "iTXt" | "APP1" | "XMP chunk";
    written: "overwritten in place" | "appended" | "rewritten";
    packetBytes: number;
    paddingBytes: number;
    keptForeignProperties: number;
    replacedProperties: number;
    removedCharacters: number;
  };
  /** A simple WebP given a VP8X chunk so it can carry XMP. */
  converted?: "VP8X";
  warnings: string[];
}

type Layout = { format: "png"; layout: PngLayout } | { format: "jpeg"; layout: JpegLayout } | { format: "webp"; layout: WebpLayout };

async function readLayout(file: RandomAccessFile): Promise<Layout> {
  const format = await stillFormatOf(file);
  if (format === "png") return { format, layout: await readPngLayout(file) };
  if (format === "jpeg") return { format, layout: await readJpegLayout(file) };
  return { format, layout: await readWebpLayout(file) };
}

/** The XMP packet already in a still, with where it is; undefined when there is none. */
export async function readStillPacket(file: RandomAccessFile, layout: Layout): Promise<{ bytes: Uint8Array; offset: number; where: string } | undefined> {
  if (layout.format === "png") {
    const found = layout.layout.xmpChunks;
    if (found.some((x) => x.compressed)) {
      throw new MediaError("unsupported-layout", "This PNG's XMP is compressed (an iTXt chunk with the compression flag set), which the XMP specification does not allow; Shotbin cannot merge with it. Rewrite the XMP with exiftool and embed again.", file.label);
    }
    const first = found[0];
    if (!first) return undefined;
    const end = first.chunk.dataStart + first.chunk.length;
    return { bytes: await readExactly(file, first.textStart, end - first.textStart, "the XMP chunk"), offset: first.textStart, where: "iTXt XML:com.adobe.xmp" };
  }
  if (layout.format === "jpeg") {
    const first = layout.layout.xmpSegments[0];
    if (!first) return undefined;
    return { bytes: await readExactly(file, first.packetStart, first.segment.end - first.packetStart, "the XMP segment"), offset: first.packetStart, where: "APP1 http://ns.adobe.com/xap/1.0/" };
  }
  const xmp = layout.layout.xmp;
  if (!xmp) return undefined;
  return { bytes: await readExactly(file, xmp.dataStart, xmp.size, "the XMP chunk"), offset: xmp.dataStart, where: "WebP 'XMP ' chunk" };
}

export async function embedStillMetadata(files: FileSystem, path: string, input: GenerationMetadata): Promise<StillEmbedSummary> {
  const meta = parseGenerationMetadata(input, path);
  const file = await files.open(path, "read");
  let layout: Layout;
  let plan: StillPacketPlan;
  try {
    layout = await readLayout(file);
    const existing = await readStillPacket(file, layout);
    plan = planStillPacket(meta, existing?.bytes, existing?.where ?? "", path);
  } finally {
    await file.close();
  }
  const warnings = plan.removedCharacters ? [`removed ${plan.removedCharacters} characters that XML cannot carry (control characters)`] : [];
  const common = { keptForeignProperties: plan.keptForeignProperties, replacedProperties: plan.replacedProperties, removedCharacters: plan.removedCharacters };
  if (layout.format === "png") return embedPng(files, path, layout.layout, plan, common, warnings);
  if (layout.format === "jpeg") return embedJpeg(files, path, layout.layout, plan, common, warnings);
  return embedWebp(files, path, layout.layout, plan, common, warnings);
}

type Common = Pick<StillEmbedSummary["xmp"], "keptForeignProperties" | "replacedProperties" | "removedCharacters">;

async function sizeOf(files: FileSystem, path: string): Promise<number> {
  const file = await files.open(path, "read");
  try {
    return await file.size();
  } finally {
    await file.close();
  }
}

async function writeInPlace(files: FileSystem, path: string, writes: Array<{ at: number; bytes: Uint8Array }>): Promise<void> {
  const file = await files.open(path, "readWrite");
  try {
    for (const write of writes) {
      await file.write(write.at, write.bytes);
      await file.sync();
    }
  } finally {
    await file.close();
  }
}

async function embedPng(files: FileSystem, path: string, png: PngLayout, plan: StillPacketPlan, common: Common, warnings: string[]): Promise<StillEmbedSummary> {
  const base = { file: path, format: "png" as const, width: png.width, height: png.height, fileSizeBefore: png.fileSize, warnings };
  const only = png.xmpChunks.length === 1 ? png.xmpChunks[0]! : undefined;
  const fit = only ? packetOf(plan, only.chunk.dataStart + only.chunk.length - only.textStart) : undefined;
  if (only && fit) {
    // Same length: the packet and the chunk's CRC change, nothing moves.
    const file = await files.open(path, "read");
    const head = await readExactly(file, only.chunk.dataStart, only.textStart - only.chunk.dataStart, "the XMP chunk").finally(() => file.close());
    const crc = new Uint8Array(4);
    writeU32(crc, 0, crc32(fit.bytes, crc32(concatBytes([Uint8Array.of(0x69, 0x54, 0x58, 0x74), head]))));
    await writeInPlace(files, path, [{ at: only.textStart, bytes: fit.bytes }, { at: only.chunk.end - 4, bytes: crc }]);
    return { ...base, fileSizeAfter: png.fileSize, xmp: { location: "iTXt", written: "overwritten in place", packetBytes: fit.bytes.length, paddingBytes: fit.paddingBytes, ...common } };
  }
  const packet = packetOf(plan)!;
  const ihdr = png.chunks[0]!;
  const pieces: RewritePiece[] = [{ copy: [0, ihdr.end] }, { bytes: xmpItxtChunk(packet.bytes) }];
  const xmpStarts = new Set(png.xmpChunks.map((x) => x.chunk.start));
  for (const chunk of png.chunks.slice(1)) if (!xmpStarts.has(chunk.start)) pieces.push({ copy: [chunk.start, chunk.end] });
  const last = png.chunks[png.chunks.length - 1]!;
  if (last.end < png.fileSize) pieces.push({ copy: [last.end, png.fileSize] });
  if (png.xmpChunks.length > 1) warnings.push(`merged ${png.xmpChunks.length} XMP chunks into one (the first one's properties were kept)`);
  const fileSizeAfter = await rewriteFile(files, path, pieces);
  return { ...base, fileSizeAfter, xmp: { location: "iTXt", written: "rewritten", packetBytes: packet.bytes.length, paddingBytes: packet.paddingBytes, ...common } };
}

function jpegPacket(plan: StillPacketPlan, label: string) {
  const padded = packetOf(plan)!;
  if (padded.bytes.length <= MAX_JPEG_PACKET) return padded;
  const tight = tightPacket(plan);
  if (tight.bytes.length <= MAX_JPEG_PACKET) return tight;
  throw new MediaError(
    "too-large",
    `The XMP for this JPEG is ${tight.bytes.length} bytes; one APP1 segment holds at most ${MAX_JPEG_PACKET}. Shotbin does not split XMP into ExtendedXMP segments, so it left the file unchanged: shorten the prompt, or make the still as PNG or WebP, which have no such limit.`,
    label,
  );
}

async function embedJpeg(files: FileSystem, path: string, jpeg: JpegLayout, plan: StillPacketPlan, common: Common, warnings: string[]): Promise<StillEmbedSummary> {
  const base = { file: path, format: "jpeg" as const, width: jpeg.width ?? 0, height: jpeg.height ?? 0, fileSizeBefore: jpeg.fileSize, warnings };
  const only = jpeg.xmpSegments.length === 1 ? jpeg.xmpSegments[0]! : undefined;
  const fit = only ? packetOf(plan, only.segment.end - only.packetStart) : undefined;
  if (only && fit) {
    await writeInPlace(files, path, [{ at: only.packetStart, bytes: fit.bytes }]);
    return { ...base, fileSizeAfter: jpeg.fileSize, xmp: { location: "APP1", written: "overwritten in place", packetBytes: fit.bytes.length, paddingBytes: fit.paddingBytes, ...common } };
  }
  const packet = jpegPacket(plan, path);
  const old = jpeg.xmpSegments.map((x) => x.segment).sort((a, b) => a.start - b.start);
  const pieces: RewritePiece[] = [{ copy: [0, jpeg.insertAt] }, { bytes: xmpApp1Segment(packet.bytes) }];
  let from = jpeg.insertAt;
  for (const segment of old) {
    if (segment.start < from) continue;
    pieces.push({ copy: [from, segment.start] });
    from = segment.end;
  }
  pieces.push({ copy: [from, jpeg.fileSize] });
  const fileSizeAfter = await rewriteFile(files, path, pieces);
  return { ...base, fileSizeAfter, xmp: { location: "APP1", written: "rewritten", packetBytes: packet.bytes.length, paddingBytes: packet.paddingBytes, ...common } };
}

/** A packet of even length, so the chunk needs no pad byte and can later be overwritten exactly. */
function evenPacket(plan: StillPacketPlan) {
  const packet = packetOf(plan)!;
  return packet.bytes.length % 2 === 0 ? packet : packetOf(plan, packet.bytes.length + 1)!;
}

async function embedWebp(files: FileSystem, path: string, webp: WebpLayout, plan: StillPacketPlan, common: Common, warnings: string[]): Promise<StillEmbedSummary> {
  const base = { file: path, format: "webp" as const, width: webp.width, height: webp.height, fileSizeBefore: webp.fileSize, warnings };
  const riffEnd = webp.riffSize + 8;
  const result = (written: StillEmbedSummary["xmp"]["written"], packet: { bytes: Uint8Array; paddingBytes: number }, fileSizeAfter: number, converted = false): StillEmbedSummary => ({
    ...base,
    fileSizeAfter,
    ...(converted ? { converted: "VP8X" as const } : {}),
    xmp: { location: "XMP chunk", written, packetBytes: packet.bytes.length, paddingBytes: packet.paddingBytes, ...common },
  });

  if (webp.kind !== "extended") {
    const packet = evenPacket(plan);
    const xmp = xmpWebpChunk(packet.bytes);
    const vp8x = vp8xChunk(webp.width, webp.height, webp.hasAlpha);
    const riffSize = webp.riffSize + vp8x.length + xmp.length;
    const header = concatBytes([Uint8Array.of(0x52, 0x49, 0x46, 0x46), u32LE(riffSize), Uint8Array.of(0x57, 0x45, 0x42, 0x50)]);
    const size = await rewriteFile(files, path, [{ bytes: header }, { bytes: vp8x }, { copy: [12, riffEnd] }, { bytes: xmp }]);
    return result("rewritten", packet, size, true);
  }

  const vp8x = webp.chunks[0]!;
  const flagsFile = await files.open(path, "read");
  const flags = (await readExactly(flagsFile, vp8x.dataStart, 1, "the VP8X flags").finally(() => flagsFile.close()))[0]!;
  const setFlag = { at: vp8x.dataStart, bytes: Uint8Array.of(flags | VP8X_XMP_FLAG) };
  const old = webp.xmp;
  const fit = old ? packetOf(plan, old.size) : undefined;
  if (old && fit) {
    await writeInPlace(files, path, [{ at: old.dataStart, bytes: fit.bytes }, setFlag]);
    return result("overwritten in place", fit, webp.fileSize);
  }
  const packet = evenPacket(plan);
  const chunk = xmpWebpChunk(packet.bytes);
  if (!old) {
    // Appended past the end of the RIFF data, where readers do not look until the RIFF size says
    // so: the size and the flag are written only once the chunk is on disk.
    const riffSize = riffEnd + chunk.length - 8;
    await writeInPlace(files, path, [{ at: riffEnd, bytes: chunk }, { at: 4, bytes: u32LE(riffSize) }, setFlag]);
    return result("appended", packet, await sizeOf(files, path));
  }
  const flagged = Uint8Array.of(flags | VP8X_XMP_FLAG);
  const pieces: RewritePiece[] = [];
  const riffSize = webp.riffSize - (old.end - old.start) + chunk.length;
  pieces.push({ bytes: concatBytes([Uint8Array.of(0x52, 0x49, 0x46, 0x46), u32LE(riffSize), Uint8Array.of(0x57, 0x45, 0x42, 0x50)]) });
  pieces.push({ copy: [12, vp8x.dataStart] }, { bytes: flagged }, { copy: [vp8x.dataStart + 1, old.start] }, { copy: [old.end, riffEnd] }, { bytes: chunk });
  const size = await rewriteFile(files, path, pieces);
  return result("rewritten", packet, size);
}
