import { MediaError } from "../core/errors";
import { readFourCC, readU16, readU32, readU64, readU8 } from "./bigEndian";
import { payloadStart, readChildBoxes, type BoxHeader } from "./boxWalker";

/**
 * What Shotbin needs from a `moov` box, read from its bytes in memory: the header boxes that hold
 * dates, each track's handler and video sample entries (where `colr` lives), frame counts for the
 * frame rate, and the `udta` box that holds QuickTime XMP. Offsets are within the moov buffer.
 */

/** The creation and modification times of an `mvhd`, `tkhd` or `mdhd` (seconds since 1904). */
export interface TimeFields {
  box: BoxHeader;
  version: number;
  /** Where the creation time starts; the modification time follows it. */
  creationAt: number;
  fieldBytes: 4 | 8;
  creation: number;
  modification: number;
}

export interface VisualSampleEntry {
  box: BoxHeader;
  /** The sample entry's type: `avc1`, `hvc1`, `apch`, ... */
  format: string;
  width: number;
  height: number;
  children: BoxHeader[];
  /** moov, trak, mdia, minf, stbl, stsd: every box whose size grows when this entry grows. */
  ancestors: BoxHeader[];
}

export interface TrackInfo {
  /** 1-based, in file order. */
  index: number;
  handler: string;
  /** `duration` is the track's presentation length (its edit list's), in the movie (`mvhd`) timescale. */
  tkhd?: TimeFields & { duration: number };
  mdhd?: TimeFields & { timescale: number };
  videoEntries: VisualSampleEntry[];
  sampleCount: number;
  /** Sum of all sample durations, in the `mdhd` timescale. */
  totalDuration: number;
}

export interface MovieInfo {
  moov: BoxHeader;
  mvhd: TimeFields & { timescale: number; duration: number };
  tracks: TrackInfo[];
  udta?: BoxHeader;
  /** `XMP_` atoms inside `moov/udta` (normally at most one). */
  xmpAtoms: BoxHeader[];
  /** The movie has `mvex`: its samples live in fragments (`moof`) after it. */
  fragmented: boolean;
  /** A compressed movie header (`cmov`), which cannot be edited without decompressing it. */
  compressed: boolean;
}

function child(children: BoxHeader[], type: string): BoxHeader | undefined {
  return children.find((box) => box.type === type);
}

function childrenOf(bytes: Uint8Array, box: BoxHeader, path: string): BoxHeader[] {
  return readChildBoxes(bytes, payloadStart(box), box.end, path);
}

function readTimeFields(bytes: Uint8Array, box: BoxHeader, path: string): TimeFields {
  const at = payloadStart(box);
  const version = readU8(bytes, at);
  const fieldBytes = version === 1 ? 8 : 4;
  const needed = 4 + fieldBytes * 2 + 4;
  if (box.end - at < needed) throw new MediaError("corrupt", `The ${path} box is too short (${box.end - at} bytes).`);
  const creationAt = at + 4;
  const read = fieldBytes === 8 ? readU64 : readU32;
  return {
    box,
    version,
    creationAt,
    fieldBytes,
    creation: read(bytes, creationAt),
    modification: read(bytes, creationAt + fieldBytes),
  };
}

/** `mvhd` and `mdhd` carry a timescale right after the two times. */
function readTimescale(bytes: Uint8Array, fields: TimeFields): number {
  return readU32(bytes, fields.creationAt + fields.fieldBytes * 2);
}

/** `tkhd`: the two times, then track_ID and 4 reserved bytes, then the duration. */
function readTrackHeader(bytes: Uint8Array, box: BoxHeader, path: string): TimeFields & { duration: number } {
  const fields = readTimeFields(bytes, box, path);
  const durationAt = fields.creationAt + fields.fieldBytes * 2 + 8;
  if (box.end - durationAt < fields.fieldBytes) throw new MediaError("corrupt", `The ${path} box is too short (${box.end - payloadStart(box)} bytes).`);
  return { ...fields, duration: fields.fieldBytes === 8 ? readU64(bytes, durationAt) : readU32(bytes, durationAt) };
}

function readStts(bytes: Uint8Array, stts: BoxHeader, path: string): { sampleCount: number; totalDuration: number } {
  const at = payloadStart(stts);
  if (stts.end - at < 8) throw new MediaError("corrupt", `The ${path} box is too short.`);
  const entries = readU32(bytes, at + 4);
  if (entries * 8 > stts.end - at - 8) {
    throw new MediaError("corrupt", `The ${path} box lists ${entries} entries but holds room for ${Math.floor((stts.end - at - 8) / 8)}.`);
  }
  let sampleCount = 0;
  let totalDuration = 0;
  for (let i = 0; i < entries; i++) {
    const count = readU32(bytes, at + 8 + i * 8);
    const delta = readU32(bytes, at + 12 + i * 8);
    sampleCount += count;
    totalDuration += count * delta;
  }
  return { sampleCount, totalDuration };
}

/** VisualSampleEntry: 8-byte header, then 78 bytes of fixed fields before its child boxes. */
const VISUAL_ENTRY_FIXED_BYTES = 78;

function readVideoEntries(bytes: Uint8Array, stsd: BoxHeader, ancestors: BoxHeader[], path: string): VisualSampleEntry[] {
  const at = payloadStart(stsd);
  if (stsd.end - at < 8) throw new MediaError("corrupt", `The ${path} box is too short.`);
  const declared = readU32(bytes, at + 4);
  const entries = readChildBoxes(bytes, at + 8, stsd.end, path);
  if (entries.length !== declared) {
    throw new MediaError("corrupt", `The ${path} box declares ${declared} sample entries but holds ${entries.length}.`);
  }
  return entries.map((box, i) => {
    const entryPath = `${path}/${box.type}[${i + 1}]`;
    const fixed = payloadStart(box);
    if (box.end - fixed < VISUAL_ENTRY_FIXED_BYTES) {
      throw new MediaError("corrupt", `The video sample entry ${entryPath} is too short (${box.size} bytes).`);
    }
    return {
      box,
      format: box.type,
      width: readU16(bytes, fixed + 24),
      height: readU16(bytes, fixed + 26),
      children: readChildBoxes(bytes, fixed + VISUAL_ENTRY_FIXED_BYTES, box.end, entryPath),
      ancestors,
    };
  });
}

function readTrack(bytes: Uint8Array, moov: BoxHeader, trak: BoxHeader, index: number): TrackInfo {
  const path = `moov/trak[${index}]`;
  const trakChildren = childrenOf(bytes, trak, path);
  const tkhdBox = child(trakChildren, "tkhd");
  const mdia = child(trakChildren, "mdia");
  const track: TrackInfo = {
    index,
    handler: "",
    tkhd: tkhdBox && readTrackHeader(bytes, tkhdBox, `${path}/tkhd`),
    videoEntries: [],
    sampleCount: 0,
    totalDuration: 0,
  };
  if (!mdia) return track;
  const mdiaChildren = childrenOf(bytes, mdia, `${path}/mdia`);
  const mdhdBox = child(mdiaChildren, "mdhd");
  if (mdhdBox) {
    const fields = readTimeFields(bytes, mdhdBox, `${path}/mdia/mdhd`);
    track.mdhd = { ...fields, timescale: readTimescale(bytes, fields) };
  }
  const hdlr = child(mdiaChildren, "hdlr");
  if (hdlr && hdlr.end - payloadStart(hdlr) >= 12) track.handler = readFourCC(bytes, payloadStart(hdlr) + 8);
  const minf = child(mdiaChildren, "minf");
  if (!minf) return track;
  const stbl = child(childrenOf(bytes, minf, `${path}/mdia/minf`), "stbl");
  if (!stbl) return track;
  const stblPath = `${path}/mdia/minf/stbl`;
  const stblChildren = childrenOf(bytes, stbl, stblPath);
  const stts = child(stblChildren, "stts");
  if (stts) Object.assign(track, readStts(bytes, stts, `${stblPath}/stts`));
  const stsd = child(stblChildren, "stsd");
  if (stsd && track.handler === "vide") {
    track.videoEntries = readVideoEntries(bytes, stsd, [moov, trak, mdia, minf, stbl, stsd], `${stblPath}/stsd`);
  }
  return track;
}

/** Reads a `moov` box held in `bytes` (its header at offset 0). */
export function parseMovie(bytes: Uint8Array): MovieInfo {
  const moov: BoxHeader = {
    type: "moov",
    start: 0,
    headerSize: readU32(bytes, 0) === 1 ? 16 : 8,
    size: bytes.length,
    end: bytes.length,
    sizeField: readU32(bytes, 0) === 1 ? "u64" : "u32",
  };
  const children = childrenOf(bytes, moov, "moov");
  const compressed = children.some((box) => box.type === "cmov");
  const mvhdBox = child(children, "mvhd");
  if (!mvhdBox) {
    throw new MediaError(
      "corrupt",
      compressed ? "The movie header is compressed ('cmov'); Shotbin cannot edit it." : "The 'moov' box has no 'mvhd' movie header.",
    );
  }
  const mvhdFields = readTimeFields(bytes, mvhdBox, "moov/mvhd");
  const timescale = readTimescale(bytes, mvhdFields);
  const durationAt = mvhdFields.creationAt + mvhdFields.fieldBytes * 2 + 4;
  const duration = mvhdFields.version === 1 ? readU64(bytes, durationAt) : readU32(bytes, durationAt);
  const tracks = children.filter((box) => box.type === "trak").map((trak, i) => readTrack(bytes, moov, trak, i + 1));
  const udta = child(children, "udta");
  const xmpAtoms = udta ? childrenOf(bytes, udta, "moov/udta").filter((box) => box.type === "XMP_") : [];
  return {
    moov,
    mvhd: { ...mvhdFields, timescale, duration },
    tracks,
    udta,
    xmpAtoms,
    fragmented: children.some((box) => box.type === "mvex"),
    compressed,
  };
}

/** Average frames per second of a video track, or undefined when the track has no timing. */
export function frameRate(track: TrackInfo): number | undefined {
  const timescale = track.mdhd?.timescale ?? 0;
  if (!track.sampleCount || !track.totalDuration || !timescale) return undefined;
  return (track.sampleCount * timescale) / track.totalDuration;
}
