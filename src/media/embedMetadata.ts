import { MediaError } from "../core/errors";
import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import { bytesEqual, concatBytes, fourCCBytes, hexToBytesStrict, printableFourCC, writeU32, writeU64 } from "./bigEndian";
import { readBitstreamColour } from "./bitstreamColour";
import { payloadStart, readChildBoxes, XMP_UUID, type BoxHeader } from "./boxWalker";
import { applySplices, type Splice } from "./boxSplice";
import type { ContainerKind } from "./containerFormat";
import {
  buildColr,
  decideColour,
  parseColr,
  patchColr,
  type ColourDescription,
  type ColourSource,
  type ColourTags,
} from "./colourTags";
import { SHOTBIN_NAMESPACE, type GenerationMetadata } from "./generationMetadata";
import { parseGenerationMetadata } from "./generationMetadataCheck";
import { readExistingPacket, readMediaLayout, type MediaLayout } from "./mediaLayout";
import { frameRate, parseMovie, type VisualSampleEntry } from "./movieBox";
import { patchTimes, toMp4Seconds } from "./movieDates";
import { XmlSyntaxError } from "../core/text/xmlParser";
import { extractForeignXmp, XmpStructureError, type ForeignXmp } from "./xmpMerge";
import { buildOurDescription, encodePacket, ownedKey, packetCore, xmpDate, type VideoFacts } from "./xmpPacket";

/**
 * Embeds generation metadata into an MP4 or MOV in place: XMP, `colr`, and the header dates.
 *
 * The file is never rewritten. `mdat` is never moved, so no chunk offset changes. Edits that keep
 * `moov` the same size are patched where they are; when `moov` must grow (a new `colr`, or a
 * QuickTime XMP packet that no longer fits), the new `moov` is appended at the end of the file
 * and the old one becomes `free`, as Adobe's own XMP toolkit does. The order of writes keeps the
 * file valid at every step: fix a size-0 last box, append, sync, and only then retire the old
 * boxes. Everything is checked before the first write, so a refused file is left untouched.
 *
 * About 400 lines on purpose: the plan (what to patch, append and retire) and its write order are
 * one invariant; split apart, a reader could no longer check that the file is valid at every step.
 */

export interface EmbedOptions {
  /** The colour the provider is known to produce; the bitstream's own VUI still wins. */
  providerColour?: ColourDescription;
}

export interface ColourReport {
  track: number;
  sampleEntry: string;
  action: "patched" | "inserted" | "unchanged" | "left alone";
  colrType?: string;
  tags?: ColourTags;
  sources?: Record<keyof ColourTags, ColourSource>;
  /** Why nothing was written ("left alone"), or what disagreed with the bitstream. */
  notes: string[];
}

export interface EmbedSummary {
  file: string;
  format: ContainerKind;
  fileSizeBefore: number;
  fileSizeAfter: number;
  xmp: {
    location: "uuid" | "moov/udta/XMP_";
    /** How the packet got there. */
    written: "overwritten in place" | "already in place" | "appended" | "inside the relocated moov" | "inside moov, in place";
    /** Absolute offset of the packet's first byte. */
    offset: number;
    packetBytes: number;
    paddingBytes: number;
    keptForeignProperties: number;
    replacedProperties: number;
    removedCharacters: number;
  };
  colour: ColourReport[];
  dates: { value: string; boxes: string[] };
  moov: { action: "unchanged" | "patched in place" | "relocated"; offset: number; size: number; previousOffset?: number };
  /** Boxes turned into `free` (zero-filled). */
  retired: Array<{ type: string; offset: number; size: number }>;
  /** A last box of size 0 ("to end of file") given its explicit size before appending. */
  sizeFixed?: { type: string; offset: number; size: number };
  warnings: string[];
}

const XMP_UUID_BYTES = hexToBytesStrict(XMP_UUID);
const ZERO_CHUNK_BYTES = 1 << 20;
/** Size 0 ("to the end of the file") and type `free`. */
const HIDDEN_HEADER = Uint8Array.from([0, 0, 0, 0, 0x66, 0x72, 0x65, 0x65]);

function box(type: string, payload: Uint8Array, userType?: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  writeU32(header, 0, 8 + (userType?.length ?? 0) + payload.length);
  header.set(fourCCBytes(type), 4);
  return concatBytes(userType ? [header, userType, payload] : [header, payload]);
}

function lastChildEnd(bytes: Uint8Array, parent: BoxHeader, path: string): number {
  const children = readChildBoxes(bytes, payloadStart(parent), parent.end, path);
  return children.length ? (children[children.length - 1] as BoxHeader).end : payloadStart(parent);
}

const CODEC_CONFIG_BOXES = new Set(["avcC", "hvcC", "vpcC", "av1C", "esds", "dvcC", "dvvC"]);

/** Right after the codec configuration (where ffmpeg puts colr), else after the last child. */
function colrInsertionPoint(entry: VisualSampleEntry): number {
  const config = entry.children.find((child) => CODEC_CONFIG_BOXES.has(child.type));
  if (config) return config.end;
  const last = entry.children[entry.children.length - 1];
  return last ? last.end : payloadStart(entry.box) + 78;
}

/** Marks a box inside the moov buffer as `free` and zeroes its payload. */
function retireInMoov(moov: Uint8Array, atom: BoxHeader): void {
  moov.set(fourCCBytes("free"), atom.start + 4);
  moov.fill(0, atom.start + (atom.sizeField === "u64" ? 16 : 8), atom.end);
}

/** Byte ranges where two equal-length buffers differ, merging ranges less than 16 bytes apart. */
function changedRanges(before: Uint8Array, after: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    let end = i + 1;
    while (end < before.length && before[end] !== after[end]) end++;
    const previous = ranges[ranges.length - 1];
    if (previous && i - previous[1] < 16) previous[1] = end;
    else ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

function foreignXmp(existingText: string, owns: (uri: string, local: string) => boolean, location: string, label: string): ForeignXmp {
  try {
    return extractForeignXmp(existingText, owns);
  } catch (error) {
    if (error instanceof XmlSyntaxError || error instanceof XmpStructureError) {
      throw new MediaError(
        "corrupt",
        `The XMP already in this file (${location}) is not well-formed: ${error.message}. Shotbin keeps existing XMP rather than discarding it, so it stopped; remove that XMP (for example: exiftool -XMP:all= file) and embed again.`,
        label,
        { cause: error },
      );
    }
    throw error;
  }
}

function videoFacts(layout: MediaLayout): VideoFacts {
  const track = layout.movie.tracks.find((t) => t.videoEntries.length > 0);
  if (!track) return {};
  const entry = track.videoEntries[0] as VisualSampleEntry;
  return { frameRate: frameRate(track), width: entry.width || undefined, height: entry.height || undefined };
}

export async function embedMetadata(
  file: RandomAccessFile,
  input: GenerationMetadata,
  options: EmbedOptions = {},
): Promise<EmbedSummary> {
  const label = file.label;
  const meta = parseGenerationMetadata(input, label);
  const layout = await readMediaLayout(file);
  const { movie, format } = layout;
  if (movie.compressed) throw new MediaError("unsupported-layout", "The movie header is compressed ('cmov'); Shotbin cannot edit it.", label);
  const mp4Time = toMp4Seconds(meta.generatedAt);
  const warnings: string[] = [];
  const moov = layout.moov.slice();
  const splices: Splice[] = [];

  // Dates: same size, patched in the moov copy.
  const dateBoxes: string[] = [];
  const withLabel = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof MediaError && !error.file) throw new MediaError(error.kind, error.message, label, { cause: error });
      throw error;
    }
  };
  withLabel(() => {
    patchTimes(moov, movie.mvhd, mp4Time, "moov/mvhd");
    dateBoxes.push("moov/mvhd");
    for (const track of movie.tracks) {
      if (track.tkhd) {
        patchTimes(moov, track.tkhd, mp4Time, `moov/trak[${track.index}]/tkhd`);
        dateBoxes.push(`moov/trak[${track.index}]/tkhd`);
      }
      if (track.mdhd) {
        patchTimes(moov, track.mdhd, mp4Time, `moov/trak[${track.index}]/mdia/mdhd`);
        dateBoxes.push(`moov/trak[${track.index}]/mdia/mdhd`);
      }
    }
  });

  // Colour: one colr per video sample entry.
  const colour: ColourReport[] = [];
  const newColrType = format.kind === "iso" ? "nclx" : "nclc";
  for (const track of movie.tracks) {
    for (const entry of track.videoEntries) {
      const path = `moov/trak[${track.index}]/mdia/minf/stbl/stsd/${printableFourCC(entry.format)}`;
      const report: ColourReport = { track: track.index, sampleEntry: entry.format, action: "left alone", notes: [] };
      colour.push(report);
      const bitstream = readBitstreamColour(layout.moov, entry.format, entry.children);
      if (bitstream.kind === "unreadable") {
        report.notes.push(`no colr written: ${bitstream.reason}, so Shotbin cannot be sure a colr would agree with the bitstream`);
        warnings.push(`track ${track.index}: colour left alone (${bitstream.reason})`);
        continue;
      }
      const colrBoxes = withLabel(() => entry.children.filter((c) => c.type === "colr").map((c) => parseColr(layout.moov, c, path)));
      const target = colrBoxes.find((c) => c.colour !== undefined);
      const decision = decideColour({
        bitstream: bitstream.kind === "described" ? bitstream.colour : {},
        provider: options.providerColour,
        existing: target?.colour,
      });
      report.tags = decision.tags;
      report.sources = decision.sources;
      report.notes.push(...decision.conflicts);
      if (target) {
        const before = moov.slice(target.box.start, target.box.end);
        patchColr(moov, target, decision.tags);
        report.action = bytesEqual(before, moov.subarray(target.box.start, target.box.end)) ? "unchanged" : "patched";
        report.colrType = target.colourType;
      } else {
        splices.push({
          at: colrInsertionPoint(entry),
          remove: 0,
          insert: buildColr(newColrType, decision.tags),
          ancestors: [...entry.ancestors, entry.box],
        });
        report.action = "inserted";
        report.colrType = newColrType;
      }
      if (report.colrType === "nclc") report.notes.push("nclc has no range flag; the range stays the bitstream's");
    }
  }

  // XMP: merge with what is there, then place it.
  const existing = await readExistingPacket(file, layout);
  const facts = videoFacts(layout);
  const probe = buildOurDescription(meta, facts, "");
  const owns = (uri: string, local: string) => uri === SHOTBIN_NAMESPACE || probe.owned.has(ownedKey(uri, local));
  const foreign: ForeignXmp = existing
    ? foreignXmp(existing.text, owns, existing.location, label)
    : { nodes: [], about: "", keptProperties: 0, replacedProperties: 0 };
  const ours = foreign.about === "" ? probe : buildOurDescription(meta, facts, foreign.about);
  if (ours.removedCharacters) warnings.push(`removed ${ours.removedCharacters} characters that XML cannot carry (control characters)`);
  const core = packetCore([ours.xml, ...foreign.nodes]);

  const inPlace: Array<{ at: number; bytes: Uint8Array }> = [];
  const retire: BoxHeader[] = [];
  let appendedUuid: Uint8Array | undefined;
  let xmpWritten: EmbedSummary["xmp"]["written"];
  let packet: { bytes: Uint8Array; paddingBytes: number };
  let uuidInPlaceAt = 0;

  if (format.kind === "iso") {
    const current = layout.xmpUuids[0];
    const fit = current ? encodePacket(core, current.end - payloadStart(current)) : undefined;
    if (current && fit) {
      packet = fit;
      uuidInPlaceAt = payloadStart(current);
      const unchanged = existing?.location === "uuid" && bytesEqual(existing.bytes, fit.bytes);
      if (!unchanged) inPlace.push({ at: uuidInPlaceAt, bytes: fit.bytes });
      retire.push(...layout.xmpUuids.slice(1));
      xmpWritten = unchanged ? "already in place" : "overwritten in place";
    } else {
      packet = encodePacket(core) as { bytes: Uint8Array; paddingBytes: number };
      appendedUuid = box("uuid", packet.bytes, XMP_UUID_BYTES);
      retire.push(...layout.xmpUuids);
      xmpWritten = "appended";
    }
    // Adobe deletes a stale moov/udta/XMP_ when it writes the uuid; its content was merged above.
    for (const atom of movie.xmpAtoms) retireInMoov(moov, atom);
  } else {
    const atom = movie.xmpAtoms[0];
    const fit = atom ? encodePacket(core, atom.end - payloadStart(atom)) : undefined;
    if (atom && fit) {
      packet = fit;
      moov.set(fit.bytes, payloadStart(atom));
    } else {
      packet = encodePacket(core) as { bytes: Uint8Array; paddingBytes: number };
      const xmpAtom = box("XMP_", packet.bytes);
      if (atom && movie.udta) {
        splices.push({ at: atom.start, remove: atom.size, insert: xmpAtom, ancestors: [movie.moov, movie.udta] });
      } else if (movie.udta) {
        splices.push({ at: withLabel(() => lastChildEnd(moov, movie.udta as BoxHeader, "moov/udta")), remove: 0, insert: xmpAtom, ancestors: [movie.moov, movie.udta] });
      } else {
        splices.push({ at: withLabel(() => lastChildEnd(moov, movie.moov, "moov")), remove: 0, insert: box("udta", xmpAtom), ancestors: [movie.moov] });
      }
    }
    for (const extra of movie.xmpAtoms.slice(1)) retireInMoov(moov, extra);
    // Adobe ignores (and wipes) a top-level XMP uuid in QuickTime files.
    retire.push(...layout.xmpUuids);
    xmpWritten = "inside moov, in place";
  }

  const finalMoov = withLabel(() => applySplices(moov, splices));
  const relocate = finalMoov.length !== layout.moov.length;
  if (relocate && layout.fragmented) {
    throw new MediaError(
      "fragmented",
      "This is a fragmented MP4 and its 'moov' would have to grow (to add a colr box or XMP), which would move it after the fragments where players cannot find it. Re-wrap it as a regular MP4 (ffmpeg -i in.mp4 -c copy out.mp4) and embed again.",
      label,
    );
  }
  if (relocate && format.kind === "quicktime") xmpWritten = "inside the relocated moov";
  const finalMovie = withLabel(() => parseMovie(finalMoov)); // our own output must parse

  const appendParts: Uint8Array[] = [];
  retire.push(...layout.extraMoovs);
  if (layout.extraMoovs.length) warnings.push(`retired ${layout.extraMoovs.length} extra moov box(es) after the first (left by an interrupted edit?)`);
  if (relocate) {
    appendParts.push(finalMoov);
    retire.push(layout.moovBox);
  } else {
    for (const [start, end] of changedRanges(layout.moov, finalMoov)) {
      inPlace.push({ at: layout.moovBox.start + start, bytes: finalMoov.slice(start, end) });
    }
  }
  if (appendedUuid) appendParts.push(appendedUuid);

  const last = layout.boxes[layout.boxes.length - 1] as BoxHeader;
  if (appendParts.length && layout.fragmented && last.type === "mfra") {
    throw new MediaError(
      "fragmented",
      "This fragmented MP4 ends with its fragment index ('mfra'), which players find by reading the end of the file; appending XMP after it would hide the index. Re-wrap it as a regular MP4 (ffmpeg -i in.mp4 -c copy out.mp4) and embed again.",
      label,
    );
  }
  let sizeFix: { at: number; bytes: Uint8Array; report: NonNullable<EmbedSummary["sizeFixed"]> } | undefined;
  if (appendParts.length && last.sizeField === "to-end") {
    if (last.size <= 0xffffffff) {
      const bytes = new Uint8Array(4);
      writeU32(bytes, 0, last.size);
      sizeFix = { at: last.start, bytes, report: { type: last.type, offset: last.start, size: last.size } };
    } else {
      // A 64-bit size needs 8 more header bytes: take them from an 8-byte free/wide box just before
      // (QuickTime's `wide` exists for exactly this), so the payload, and every offset, stays put.
      const previous = layout.boxes[layout.boxes.length - 2];
      if (!previous || previous.size !== 8 || previous.end !== last.start || !["free", "skip", "wide"].includes(previous.type)) {
        throw new MediaError(
          "unsupported-layout",
          `The last box ('${printableFourCC(last.type)}', ${last.size} bytes) has size 0 ("to end of file") and is too large for a 32-bit size, with no 8-byte 'wide' or 'free' box before it to make room for a 64-bit one; Shotbin cannot append after it safely.`,
          label,
        );
      }
      const bytes = new Uint8Array(16);
      writeU32(bytes, 0, 1);
      bytes.set(fourCCBytes(last.type), 4);
      writeU64(bytes, 8, last.size + 8);
      sizeFix = { at: previous.start, bytes, report: { type: last.type, offset: previous.start, size: last.size + 8 } };
    }
  }

  // Everything is decided; now write, in the crash-safe order.
  const fileSizeBefore = layout.fileSize;
  if (sizeFix) await file.write(sizeFix.at, sizeFix.bytes);
  let appendedAt = fileSizeBefore;
  if (appendParts.length) {
    // Appended as one `free` box running to the end of the file, so that a crash while appending
    // leaves a valid file; the real header is revealed only once everything is on disk.
    const appended = concatBytes(appendParts);
    const realHeader = appended.slice(0, 8);
    appended.set(HIDDEN_HEADER, 0);
    appendedAt = await file.append(appended);
    await file.sync();
    await file.write(appendedAt, realHeader);
    await file.sync();
  }
  for (const write of inPlace) await file.write(write.at, write.bytes);
  for (const old of retire) await file.write(old.start + 4, fourCCBytes("free"));
  for (const old of retire) {
    const from = old.start + (old.sizeField === "u64" ? 16 : 8);
    const zeros = new Uint8Array(Math.min(ZERO_CHUNK_BYTES, Math.max(0, old.end - from)));
    for (let at = from; at < old.end; at += zeros.length) await file.write(at, zeros.subarray(0, Math.min(zeros.length, old.end - at)));
  }
  await file.sync();

  const moovOffset = relocate ? appendedAt : layout.moovBox.start;
  let xmpOffset: number;
  if (format.kind === "iso") {
    xmpOffset = appendedUuid ? appendedAt + (relocate ? finalMoov.length : 0) + 24 : uuidInPlaceAt;
  } else {
    const atom = finalMovie.xmpAtoms[0] as BoxHeader;
    xmpOffset = moovOffset + payloadStart(atom);
  }
  return {
    file: label,
    format: format.kind,
    fileSizeBefore,
    fileSizeAfter: await file.size(),
    xmp: {
      location: format.kind === "iso" ? "uuid" : "moov/udta/XMP_",
      written: xmpWritten,
      offset: xmpOffset,
      packetBytes: packet.bytes.length,
      paddingBytes: packet.paddingBytes,
      keptForeignProperties: foreign.keptProperties,
      replacedProperties: foreign.replacedProperties,
      removedCharacters: ours.removedCharacters,
    },
    colour,
    dates: { value: xmpDate(meta.generatedAt), boxes: dateBoxes },
    moov: {
      action: relocate ? "relocated" : inPlace.some((w) => w.at >= layout.moovBox.start && w.at < layout.moovBox.end) ? "patched in place" : "unchanged",
      offset: moovOffset,
      size: finalMoov.length,
      ...(relocate ? { previousOffset: layout.moovBox.start } : {}),
    },
    retired: retire.map((old) => ({ type: old.type, offset: old.start, size: old.size })),
    ...(sizeFix ? { sizeFixed: sizeFix.report } : {}),
    warnings,
  };
}
