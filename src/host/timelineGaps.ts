/**
 * Empty spans on a track and the choice of a free track, in whole frames, from a timeline snapshot.
 * Premiere has no call for gaps; they are the spans between the clip items of a track. An item off
 * the frame grid counts as touching every frame it overlaps, so a "free" span is really free.
 */
import type { TimelineState, TimelineTrackItem, TrackGap } from "./timelineHost";

function itemsOf(state: Pick<TimelineState, "tracks">, track: number): TimelineTrackItem[] {
  return [...(state.tracks.find((t) => t.index === track)?.items ?? [])].sort((a, b) => a.startFrame - b.startFrame);
}

/** Every empty span on a video track, in order, ending with the open span after its last item. */
export function trackGaps(state: Pick<TimelineState, "tracks">, track: number): TrackGap[] {
  const gaps: TrackGap[] = [];
  let cursor = 0;
  let before: TimelineTrackItem | null = null;
  for (const item of itemsOf(state, track)) {
    if (item.startFrame > cursor) gaps.push({ track, startFrame: cursor, endFrame: item.startFrame, before, after: item });
    if (item.endFrame >= cursor) {
      cursor = item.endFrame;
      before = item;
    }
  }
  gaps.push({ track, startFrame: cursor, endFrame: null, before, after: null });
  return gaps;
}

/** The gap a frame lies in on a track, or null when an item covers it. */
export function gapAt(state: Pick<TimelineState, "tracks">, track: number, frame: number): TrackGap | null {
  return trackGaps(state, track).find((gap) => gap.startFrame <= frame && (gap.endFrame === null || frame < gap.endFrame)) ?? null;
}

/**
 * The empty span from the playhead to the next item on a track, when the playhead is in a gap with
 * an item after it; null when a clip is under the playhead or nothing follows it.
 */
export function gapFromPlayhead(state: Pick<TimelineState, "tracks" | "playhead">, track: number): TrackGap | null {
  const frame = state.playhead.frame;
  const gap = gapAt(state, track, frame);
  if (!gap || gap.endFrame === null) return null;
  return { ...gap, startFrame: frame, before: null };
}

/** Whether no item (enabled or not) touches frames [startFrame, endFrame) on the track. */
export function spanIsFree(state: Pick<TimelineState, "tracks">, track: number, startFrame: number, endFrame: number): boolean {
  return itemsOf(state, track).every((item) => item.endFrame <= startFrame || item.startFrame >= endFrame);
}

/** The items that touch [startFrame, endFrame) on a track. */
export function itemsInSpan(state: Pick<TimelineState, "tracks">, track: number, startFrame: number, endFrame: number): TimelineTrackItem[] {
  return itemsOf(state, track).filter((item) => item.endFrame > startFrame && item.startFrame < endFrame);
}

/**
 * The lowest track above `track` on which [startFrame, endFrame) is free; the index just past the
 * last track (a new track, which an edit there adds) when none is.
 */
export function freeTrackAbove(state: Pick<TimelineState, "tracks">, track: number, startFrame: number, endFrame: number): number {
  const count = state.tracks.length;
  for (let index = track + 1; index < count; index++) if (spanIsFree(state, index, startFrame, endFrame)) return index;
  return Math.max(count, track + 1);
}
