/**
 * Which frame of the sequence to export for an action, and whether it really is the clip's: the
 * sequence shows the topmost enabled clip at a frame, so a clip covered by another (a title on V2)
 * or switched off would send the wrong picture. Frames are exact ticks at the sequence's rate.
 */
import { frameAt, frameStart, parseTicks, type TickRate, tickRateFromTicksPerFrame, ticksToSeconds, lastFrameTick } from "../core/ticks";
import type { TimelineState, TimelineTrackItem } from "../host/timelineHost";
import type { ActionSettings, FrameToSend } from "./planTypes";

export function rateOf(timeline: TimelineState): TickRate {
  return tickRateFromTicksPerFrame(timeline.frameRate.ticksPerFrame);
}

export const trackName = (track: number) => `V${track + 1}`;

/** The selected video clips (linked audio is ignored), bottom track first, then by start. */
export function selectedVideoClips(timeline: TimelineState): TimelineTrackItem[] {
  return timeline.selection.filter((item) => item.mediaType === "video").sort((a, b) => a.track - b.track || a.startFrame - b.startFrame);
}

function sameItem(a: TimelineTrackItem, b: TimelineTrackItem): boolean {
  return a.track === b.track && a.startTicks === b.startTicks && a.clip?.id === b.clip?.id;
}

/** What the sequence shows at a frame: the topmost enabled clip covering it, or null (black). */
export function shownAt(timeline: TimelineState, frame: number): TimelineTrackItem | null {
  for (const track of [...timeline.tracks].sort((a, b) => b.index - a.index)) {
    const item = track.items.find((candidate) => !candidate.disabled && candidate.startFrame <= frame && frame < candidate.endFrame);
    if (item) return item;
  }
  return null;
}

function describe(item: TimelineTrackItem): string {
  return `${trackName(item.track)}'s "${item.name}"`;
}

export type FrameChoice = { ok: true; frame: FrameToSend } | { ok: false; reason: string };

/** A clip's first or last frame, with where it is in the clip's media; refused when the sequence shows something else there. */
export function clipFrame(timeline: TimelineState, item: TimelineTrackItem, which: "clip-first" | "clip-last", role: "first" | "last", settings: ActionSettings): FrameChoice {
  const rate = rateOf(timeline);
  const start = parseTicks(item.startTicks);
  const tick = which === "clip-last" ? lastFrameTick(parseTicks(item.endTicks), rate) : frameStart(frameAt(start, rate, "ceil"), rate);
  const frame = frameAt(tick, rate);
  const sourceTicks = tick - start + parseTicks(item.inTicks);
  const shown = shownAt(timeline, frame);
  const label = which === "clip-last" ? "last" : "first";
  let warning: string | undefined;
  if (!shown || !sameItem(shown, item)) {
    warning = item.disabled
      ? `${describe(item)} is switched off, so the sequence shows ${shown ? describe(shown) : "black"} at its ${label} frame (frame ${frame})`
      : `${shown ? describe(shown) : "nothing"} covers the ${label} frame of ${describe(item)} (frame ${frame})`;
    if (!settings.allowCoveredFrames) {
      return { ok: false, reason: `${warning[0]!.toUpperCase()}${warning.slice(1)}: the exported frame would not be the clip's. Switch it off or move it, then try again.` };
    }
  }
  return {
    ok: true,
    frame: {
      role,
      at: { ticks: tick.toString(), frame },
      clip: { name: item.name, clipId: item.clip?.id ?? null, mediaPath: item.clip?.mediaPath ?? null, track: item.track, startFrame: item.startFrame, endFrame: item.endFrame },
      which,
      source: { frame: frameAt(sourceTicks, rate), ticks: sourceTicks.toString(), seconds: ticksToSeconds(sourceTicks) },
      ...(warning ? { warning: `${warning}; the frame sent is what the sequence shows` } : {}),
    },
  };
}

/** The frame just before a range, as the sequence shows it (Fill with a model that needs a first frame). */
export function frameBefore(timeline: TimelineState, startFrame: number): FrameToSend | null {
  if (startFrame < 1) return null;
  const rate = rateOf(timeline);
  const frame = startFrame - 1;
  const shown = shownAt(timeline, frame);
  if (!shown) return null;
  const tick = frameStart(frame, rate);
  const sourceTicks = tick - parseTicks(shown.startTicks) + parseTicks(shown.inTicks);
  return {
    role: "first",
    at: { ticks: tick.toString(), frame },
    clip: { name: shown.name, clipId: shown.clip?.id ?? null, mediaPath: shown.clip?.mediaPath ?? null, track: shown.track, startFrame: shown.startFrame, endFrame: shown.endFrame },
    which: "before-range",
    source: { frame: frameAt(sourceTicks, rate), ticks: sourceTicks.toString(), seconds: ticksToSeconds(sourceTicks) },
  };
}
