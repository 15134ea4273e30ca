import { utf8Decode } from "../../core/text/utf8";
import type { RandomAccessFile } from "../../core/seams/randomAccessFile";
import type { GenerationMetadata } from "../generationMetadata";
import { readXmpProperties, shotbinFields, type XmpProperties } from "../xmpFields";
import { readStillPacket } from "./embedStill";
import { readJpegLayout } from "./jpegXmp";
import { readPngLayout } from "./pngXmp";
import { stillFormatOf, type StillFormat } from "./stillFormat";
import { readWebpLayout } from "./webpXmp";

/** What `shotbin inspect` prints for a still: its format and size, and the XMP it carries. */
export interface StillReport {
  file: string;
  size: number;
  format: StillFormat;
  width: number;
  height: number;
  /** The container's parts in order: PNG chunks, JPEG segments (to the scan), WebP chunks. */
  parts: Array<{ type: string; offset: number; size: number; xmp?: true }>;
  xmp: null | {
    location: string;
    offset: number;
    packetBytes: number;
    properties?: XmpProperties;
    shotbin?: Partial<Record<keyof GenerationMetadata, string | number | string[]>>;
    error?: string;
  };
}

export async function inspectStill(file: RandomAccessFile): Promise<StillReport> {
  const format = await stillFormatOf(file);
  let report: Omit<StillReport, "xmp">;
  let packet;
  if (format === "png") {
    const layout = await readPngLayout(file);
    const xmpStarts = new Set(layout.xmpChunks.map((x) => x.chunk.start));
    report = { file: file.label, size: layout.fileSize, format, width: layout.width, height: layout.height, parts: layout.chunks.map((c) => ({ type: c.type, offset: c.start, size: c.end - c.start, ...(xmpStarts.has(c.start) ? { xmp: true as const } : {}) })) };
    packet = await readStillPacket(file, { format, layout });
  } else if (format === "jpeg") {
    const layout = await readJpegLayout(file);
    const xmpStarts = new Set(layout.xmpSegments.map((x) => x.segment.start));
    report = {
      file: file.label,
      size: layout.fileSize,
      format,
      width: layout.width ?? 0,
      height: layout.height ?? 0,
      parts: layout.segments.map((s) => ({ type: `FF${s.marker.toString(16).toUpperCase()}`, offset: s.start, size: s.end - s.start, ...(xmpStarts.has(s.start) ? { xmp: true as const } : {}) })),
    };
    packet = await readStillPacket(file, { format, layout });
  } else {
    const layout = await readWebpLayout(file);
    report = { file: file.label, size: layout.fileSize, format, width: layout.width, height: layout.height, parts: layout.chunks.map((c) => ({ type: c.type, offset: c.start, size: c.end - c.start, ...(c.type === "XMP " ? { xmp: true as const } : {}) })) };
    packet = await readStillPacket(file, { format, layout });
  }
  if (!packet) return { ...report, xmp: null };
  const xmp: NonNullable<StillReport["xmp"]> = { location: packet.where, offset: packet.offset, packetBytes: packet.bytes.length };
  try {
    xmp.properties = readXmpProperties(utf8Decode(packet.bytes));
    xmp.shotbin = shotbinFields(xmp.properties);
  } catch (error) {
    xmp.error = error instanceof Error ? error.message : String(error);
  }
  return { ...report, xmp };
}
