import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import { readBitstreamColour } from "./bitstreamColour";
import { parseColr } from "./colourTags";
import { readMediaLayout } from "./mediaLayout";
import { frameRate } from "./movieBox";

/**
 * What take QA needs to know about an MP4 or MOV before decoding it, read from its `moov` in
 * process: the picture size, the frame rate, how many frames it presents and its sample range.
 * Most takes arrive as H.264 or HEVC MP4s, and reading this here spares starting ffprobe, which
 * costs about as much CPU as decoding a tenth of a 10 s 1080p clip (docs/qa.md, Benchmark).
 *
 * It answers only when the file is unambiguous; anything else (another container or codec, a
 * fragmented movie, two video tracks, a colour range the bitstream and the `colr` box disagree
 * on, a damaged header) gets `undefined`, and the caller asks ffprobe, which also words the
 * error for a file that is not a whole video.
 */
export interface MovieClipFacts {
  width: number;
  height: number;
  /** Average frames per second: samples over the track's sample durations. */
  fps: number;
  /** Seconds the video track presents (its edit list's length). */
  duration: number;
  /** Frames a decoder presents: the samples, or fewer when an edit list trims them. */
  declaredFrames: number;
  range: "limited" | "full";
}

/** Sample entries whose codec configuration carries the range (avcC / hvcC). */
const DESCRIBED_CODECS = new Set(["avc1", "avc3", "hvc1", "hev1"]);

export async function readMovieClipFacts(file: RandomAccessFile): Promise<MovieClipFacts | undefined> {
  let layout;
  try {
    layout = await readMediaLayout(file);
  } catch {
    return undefined;
  }
  const { movie } = layout;
  if (layout.fragmented || layout.extraMoovs.length > 0) return undefined;
  const videoTracks = movie.tracks.filter((track) => track.handler === "vide");
  if (videoTracks.length !== 1) return undefined;
  const track = videoTracks[0]!;
  const entry = track.videoEntries.length === 1 ? track.videoEntries[0]! : undefined;
  if (!entry || !DESCRIBED_CODECS.has(entry.format)) return undefined;
  const fps = frameRate(track);
  if (fps === undefined || !track.tkhd || movie.mvhd.timescale === 0 || entry.width < 2 || entry.height < 2) return undefined;

  let fullRange: boolean | undefined;
  try {
    const bitstream = readBitstreamColour(layout.moov, entry.format, entry.children);
    if (bitstream.kind !== "described") return undefined;
    const colr = entry.children.filter((box) => box.type === "colr").map((box) => parseColr(layout.moov, box, "colr").colour?.fullRange);
    const declared = [bitstream.colour.fullRange, ...colr].filter((value): value is boolean => value !== undefined);
    if (declared.some((value) => value !== declared[0])) return undefined;
    fullRange = declared[0];
  } catch {
    return undefined;
  }

  // A track header may leave its duration unknown (0 or all ones): then the samples' own length.
  const known = track.tkhd.duration > 0 && track.tkhd.duration !== 0xffffffff;
  const duration = known ? track.tkhd.duration / movie.mvhd.timescale : track.totalDuration / (track.mdhd?.timescale ?? 1);
  const presented = Math.round(duration * fps);
  return {
    width: entry.width,
    height: entry.height,
    fps,
    duration,
    declaredFrames: presented > 0 ? Math.min(track.sampleCount, presented) : track.sampleCount,
    range: fullRange ? "full" : "limited",
  };
}
