import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import { printableFourCC } from "./bigEndian";
import { readBitstreamColour, type BitstreamColour } from "./bitstreamColour";
import { XMP_UUID, type BoxHeader } from "./boxWalker";
import { parseColr, type ColourDescription } from "./colourTags";
import type { ContainerFormat } from "./containerFormat";
import type { GenerationMetadata } from "./generationMetadata";
import { readExistingPacket, readMediaLayout } from "./mediaLayout";
import { frameRate, type TimeFields } from "./movieBox";
import { fromMp4Seconds } from "./movieDates";
import { readXmpProperties, shotbinFields, type XmpProperties } from "./xmpFields";

/** What `shotbin inspect` prints: what is embedded in a clip, read without writing anything. */
export interface MediaReport {
  file: string;
  size: number;
  format: { kind: ContainerFormat["kind"]; majorBrand?: string; compatibleBrands: string[] };
  boxes: Array<{ type: string; offset: number; size: number; sizeField: BoxHeader["sizeField"]; xmp?: true }>;
  moov: { offset: number; size: number };
  /** Oddities a reader should know about (an extra moov, for example). */
  warnings: string[];
  fragmented: boolean;
  dates: {
    movie: DatePair;
    tracks: Array<{ track: number; handler: string; tkhd?: DatePair; mdhd?: DatePair }>;
  };
  video: Array<{
    track: number;
    sampleEntry: string;
    width: number;
    height: number;
    frameRate?: number;
    colr: Array<{ colourType: string } & ColourDescription>;
    bitstream: BitstreamColour;
  }>;
  xmp:
    | null
    | {
        location: "uuid" | "moov/udta/XMP_";
        offset: number;
        packetBytes: number;
        properties?: XmpProperties;
        /** The Shotbin namespace, typed as in meta.json. */
        shotbin?: Partial<Record<keyof GenerationMetadata, string | number | string[]>>;
        /** Why the packet could not be read. */
        error?: string;
      };
}

interface DatePair {
  created: string | null;
  modified: string | null;
}

function dates(fields: TimeFields): DatePair {
  return { created: fromMp4Seconds(fields.creation) ?? null, modified: fromMp4Seconds(fields.modification) ?? null };
}

export async function inspectMedia(file: RandomAccessFile): Promise<MediaReport> {
  const layout = await readMediaLayout(file);
  const { movie } = layout;
  const existing = await readExistingPacket(file, layout);
  let xmp: MediaReport["xmp"] = null;
  if (existing) {
    xmp = { location: existing.location, offset: existing.offset, packetBytes: existing.length };
    try {
      const properties = readXmpProperties(existing.text);
      xmp.properties = properties;
      xmp.shotbin = shotbinFields(properties);
    } catch (error) {
      xmp.error = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    file: file.label,
    size: layout.fileSize,
    format: {
      kind: layout.format.kind,
      ...(layout.format.majorBrand !== undefined ? { majorBrand: layout.format.majorBrand } : {}),
      compatibleBrands: layout.format.compatibleBrands,
    },
    boxes: layout.boxes.map((box) => ({
      type: printableFourCC(box.type),
      offset: box.start,
      size: box.size,
      sizeField: box.sizeField,
      ...(box.userType === XMP_UUID ? { xmp: true as const } : {}),
    })),
    moov: { offset: layout.moovBox.start, size: layout.moovBox.size },
    warnings: layout.extraMoovs.map(
      (box) => `an extra 'moov' box at offset ${box.start} is ignored (readers use the first); embedding again retires it`,
    ),
    fragmented: layout.fragmented,
    dates: {
      movie: dates(movie.mvhd),
      tracks: movie.tracks.map((track) => ({
        track: track.index,
        handler: printableFourCC(track.handler || "    ").trim(),
        ...(track.tkhd ? { tkhd: dates(track.tkhd) } : {}),
        ...(track.mdhd ? { mdhd: dates(track.mdhd) } : {}),
      })),
    },
    video: movie.tracks.flatMap((track) =>
      track.videoEntries.map((entry) => ({
        track: track.index,
        sampleEntry: printableFourCC(entry.format),
        width: entry.width,
        height: entry.height,
        ...(frameRate(track) !== undefined ? { frameRate: frameRate(track) } : {}),
        colr: entry.children
          .filter((child) => child.type === "colr")
          .map((child) => {
            const colr = parseColr(layout.moov, child, `track ${track.index} colr`);
            return { colourType: printableFourCC(colr.colourType), ...colr.colour };
          }),
        bitstream: readBitstreamColour(layout.moov, entry.format, entry.children),
      })),
    ),
    xmp,
  };
}
