/**
 * The shapes both halves of the PremiereHost use: times on a timeline, bins, clips, and a placed
 * clip. `premiereHost.ts` re-exports them, so callers import everything from there.
 */

/** A moment on a timeline: whole frames at the sequence frame rate, or seconds (rounded to the nearest frame). */
export type TimelinePoint = { frames: number } | { seconds: number };
/** A length on a timeline, in the same two units. */
export type TimelineSpan = { frames: number } | { seconds: number };

export interface BinRef {
  /** Premiere's project item id. */
  id: string;
  name: string;
  /** Bin names from the project root down to this bin; empty for the root itself. */
  path: string[];
}

export interface FrameRateInfo {
  /** Frames per second, as Premiere reports it (23.976..., 25, 29.97...). */
  fps: number;
  /** Premiere ticks per frame (254016000000 ticks per second). */
  ticksPerFrame: number;
}

export interface ClipRef {
  id: string;
  name: string;
  mediaPath: string;
}

export interface PlacedClip {
  clipId: string;
  requestedTrack: number;
  /** The track index used: requested indexes beyond the track count are packed onto new tracks in order. */
  track: number;
  startFrame: number;
  durationFrames: number;
  /** Frames cut because the media was shorter than the requested duration. */
  shortenedByFrames: number;
  /** Where the clip was found on the timeline after the edit, or null when it could not be found. */
  landed: { startFrame: number; endFrame: number } | null;
  /** The clip landed exactly on the planned frames. */
  exact: boolean;
  /**
   * Set when the clip first landed at the wrong length (Premiere did not apply the in/out set in
   * the same transaction): too long and then trimmed to its planned end, or too short and then
   * placed again with its in/out committed first.
   */
  corrected?: "trimmed" | "re-placed";
}
