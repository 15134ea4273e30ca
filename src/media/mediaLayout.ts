import { MediaError } from "../core/errors";
import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import { utf8Decode } from "../core/text/utf8";
import { readFourCC, writeU32 } from "./bigEndian";
import { payloadStart, readTopLevelBoxes, XMP_UUID, type BoxHeader } from "./boxWalker";
import { classifyContainer, looksLikeBoxFile, type ContainerFormat } from "./containerFormat";
import { parseMovie, type MovieInfo } from "./movieBox";

/**
 * Everything the embedder and the reader learn from a file before touching it: its top-level
 * boxes, its format, its `moov` (in memory), and where its XMP is. Reading it never writes.
 */

/** Adobe's XMPFiles refuses a `moov` (or XMP box) over 100 MiB (`TopBoxSizeLimit`). */
export const MAX_MOOV_BYTES = 100 * 1024 * 1024;
/** Larger existing XMP packets are refused rather than read into memory. */
export const MAX_XMP_BYTES = 16 * 1024 * 1024;

export interface MediaLayout {
  label: string;
  fileSize: number;
  format: ContainerFormat;
  boxes: BoxHeader[];
  moovBox: BoxHeader;
  /** The `moov` box's bytes; a size-0 header is given its explicit size here. */
  moov: Uint8Array;
  movie: MovieInfo;
  /** Top-level `uuid` boxes carrying the XMP UUID. */
  xmpUuids: BoxHeader[];
  /** `moov` has `mvex` or the file has `moof` boxes. */
  fragmented: boolean;
  /**
   * Further `moov` boxes after the first. Readers use the first (ffmpeg skips the others); a
   * second one is what an embed interrupted between "append the new moov" and "retire the old
   * one" leaves, and the next embed retires it.
   */
  extraMoovs: BoxHeader[];
}

export async function readMediaLayout(file: RandomAccessFile): Promise<MediaLayout> {
  const label = file.label;
  const fileSize = await file.size();
  const head = await file.read(0, 8);
  if (!looksLikeBoxFile(head)) {
    if (head.length < 8) throw new MediaError("not-media", `This is not an MP4 or MOV file: it is only ${fileSize} bytes long.`, label);
    classifyContainer(readFourCC(head, 4), undefined, label); // throws not-media with the type found
  }
  const boxes = await readTopLevelBoxes(file, fileSize);
  const first = boxes[0] as BoxHeader;
  let ftypPayload: Uint8Array | undefined;
  if (first.type === "ftyp") {
    if (first.size > 4096) throw new MediaError("corrupt", `The 'ftyp' box is ${first.size} bytes long, far more than any brand list needs.`, label);
    ftypPayload = await file.read(payloadStart(first), first.end - payloadStart(first));
  }
  const format = classifyContainer(first.type, ftypPayload, label);

  const moovBoxes = boxes.filter((box) => box.type === "moov");
  const fragments = boxes.some((box) => box.type === "moof");
  if (moovBoxes.length === 0) {
    throw fragments
      ? new MediaError("fragmented", "This fragmented MP4 has no 'moov' box (a media segment without its initialisation segment); there is nowhere to write metadata.", label)
      : new MediaError("truncated", "The file has no 'moov' box, which holds the movie's index. A recording or download that stopped early leaves a file like this.", label);
  }
  const moovBox = moovBoxes[0] as BoxHeader;
  if (moovBox.size > MAX_MOOV_BYTES) {
    throw new MediaError(
      "too-large",
      `The 'moov' box is ${(moovBox.size / 1048576).toFixed(1)} MiB; Adobe's XMP handler (and Shotbin) refuse more than ${MAX_MOOV_BYTES / 1048576} MiB.`,
      label,
    );
  }
  const moov = await file.read(moovBox.start, moovBox.size);
  if (moovBox.sizeField === "to-end") writeU32(moov, 0, moov.length);
  let movie: MovieInfo;
  try {
    movie = parseMovie(moov);
  } catch (error) {
    if (error instanceof MediaError) throw new MediaError(error.kind, error.message, label, { cause: error });
    throw error;
  }
  return {
    label,
    fileSize,
    format,
    boxes,
    moovBox,
    moov,
    movie,
    xmpUuids: boxes.filter((box) => box.type === "uuid" && box.userType === XMP_UUID),
    fragmented: movie.fragmented || fragments,
    extraMoovs: moovBoxes.slice(1),
  };
}

export interface ExistingPacket {
  location: "uuid" | "moov/udta/XMP_";
  /** Absolute offset of the packet's first byte. */
  offset: number;
  length: number;
  bytes: Uint8Array;
  text: string;
}

function decodePacket(bytes: Uint8Array, label: string): string {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0 && bytes[1] === 0x3c)) {
    throw new MediaError("corrupt", "The XMP already in the file is UTF-16, which MP4 files do not use; Shotbin will not rewrite it.", label);
  }
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return utf8Decode(bytes.subarray(0, end));
}

/**
 * The XMP packet Adobe would read: for ISO files the first XMP `uuid`, else `moov/udta/XMP_`; for
 * QuickTime `moov/udta/XMP_` (a stray `uuid` is read only when there is no `XMP_`).
 */
export async function readExistingPacket(file: RandomAccessFile, layout: MediaLayout): Promise<ExistingPacket | undefined> {
  const fromUuid = async (): Promise<ExistingPacket | undefined> => {
    const box = layout.xmpUuids[0];
    if (!box) return undefined;
    const length = box.end - payloadStart(box);
    if (length > MAX_XMP_BYTES) {
      throw new MediaError("too-large", `The XMP box is ${(length / 1048576).toFixed(1)} MiB; Shotbin reads at most ${MAX_XMP_BYTES / 1048576} MiB of XMP.`, file.label);
    }
    const bytes = await file.read(payloadStart(box), length);
    return { location: "uuid", offset: payloadStart(box), length, bytes, text: decodePacket(bytes, file.label) };
  };
  const fromMoov = (): ExistingPacket | undefined => {
    const atom = layout.movie.xmpAtoms[0];
    if (!atom) return undefined;
    const bytes = layout.moov.subarray(payloadStart(atom), atom.end);
    return {
      location: "moov/udta/XMP_",
      offset: layout.moovBox.start + payloadStart(atom),
      length: bytes.length,
      bytes,
      text: decodePacket(bytes, file.label),
    };
  };
  if (layout.format.kind === "iso") return (await fromUuid()) ?? fromMoov();
  return fromMoov() ?? (await fromUuid());
}
