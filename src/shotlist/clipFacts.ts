import type { JobRecord } from "../core/jobRecord";
import { describeError } from "../core/errors";
import type { OpenRandomAccessFile } from "../core/seams/randomAccessFile";
import { readMediaLayout } from "../media/mediaLayout";
import type { MediaDuration } from "./frameRate";

/**
 * What the timeline exports need from a finished clip, read from the file itself (its `moov`,
 * headers only): how long its video is, in the track's own time units, and its frame size. The
 * exports lay each shot by the whole frames its clip really holds, never by the seconds asked for.
 */
export interface ClipFacts {
  /** The video track's length: the sum of its sample durations, in its `mdhd` timescale. */
  duration: MediaDuration;
  width: number;
  height: number;
}

export async function readClipFacts(open: OpenRandomAccessFile, path: string): Promise<ClipFacts> {
  const file = await open(path, "read");
  try {
    const { movie } = await readMediaLayout(file);
    const video = movie.tracks.find((track) => track.handler === "vide" && track.videoEntries.length > 0);
    if (!video) throw new Error("it has no video track");
    const entry = video.videoEntries[0]!;
    const timescale = video.mdhd?.timescale ?? 0;
    // A fragmented file keeps its samples in fragments; its movie header's duration is the fallback.
    const duration =
      video.totalDuration > 0 && timescale > 0 ? { value: video.totalDuration, timescale } : movie.mvhd.duration > 0 && movie.mvhd.timescale > 0 ? { value: movie.mvhd.duration, timescale: movie.mvhd.timescale } : undefined;
    if (!duration) throw new Error("its video track gives no duration");
    return { duration, width: entry.width, height: entry.height };
  } finally {
    await file.close();
  }
}

/** Facts of every take's clip on disk, by job id; a clip that cannot be read is named in `problems`. */
export async function readClipFactsOfJobs(jobs: readonly JobRecord[], open: OpenRandomAccessFile): Promise<{ clips: Map<string, ClipFacts>; problems: Map<string, string> }> {
  const clips = new Map<string, ClipFacts>();
  const problems = new Map<string, string>();
  for (const job of jobs) {
    if (!job.file) continue;
    try {
      clips.set(job.id, await readClipFacts(open, job.file));
    } catch (error) {
      problems.set(job.id, describeError(error));
    }
  }
  return { clips, problems };
}
