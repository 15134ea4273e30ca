/**
 * The Generate tab's "From timeline" section as data: what the editor has selected, and for each
 * action (Extend, Bridge, Fill, Replace) either what it will send (which frame of which clip, at
 * which tick), the request and its price, and what the editor should know, or why it cannot run.
 * Built from the planners' outcomes (src/timeline); the section only shows it.
 */
import { formatUsd } from "../../core/pricing";
import type { TimelineState } from "../../host/timelineHost";
import type { MarkerShotList } from "../../timeline/markerShotList";
import type { ActionOutcome, FrameToSend, TimelineActionKind } from "../../timeline/planTypes";

export const TIMELINE_ACTIONS: readonly TimelineActionKind[] = ["extend", "bridge", "fill", "replace"];

export const ACTION_LABELS: Record<TimelineActionKind, string> = { extend: "Extend", bridge: "Bridge", fill: "Fill", replace: "Replace" };

export interface TimelineActionView {
  kind: TimelineActionKind;
  ok: boolean;
  summary?: string;
  /** One line per frame sent: which frame of which clip, at which tick, as the first or last frame. */
  sends: string[];
  /** "Kling 2.6 (Kling API): 5 s at 1080p, no audio". */
  request?: string;
  costUsd?: number;
  costText?: string;
  notes: string[];
  /** Why it cannot run now. */
  refusal?: string;
}

export interface MarkersView {
  /** Markers that become shots. */
  shots: number;
  skipped: string[];
  refusal?: string;
  costText?: string;
}

export interface TimelineSectionState {
  /** A sequence is open and was read. */
  following: boolean;
  sequence?: { id: string; name: string; fps: number };
  /** What is selected, in words ("A001.mov on V1, frames 0–48"). */
  selection: string;
  actions?: Record<TimelineActionKind, TimelineActionView>;
  markers?: MarkersView;
  /** Why the timeline could not be read. */
  problem?: string;
  /** An action being sent now. */
  running?: TimelineActionKind | "markers";
  /** The last refusal of a button, under the section. */
  runProblem?: string;
  /** The last action sent: its job, followed under the buttons. */
  latest?: { kind: TimelineActionKind; jobId: string; summary: string };
  /** A take open in the Source Monitor, waiting for Place. */
  awaitingPlacement?: { jobId: string; clipName: string };
}

export function emptyTimelineSection(): TimelineSectionState {
  return { following: false, selection: "Nothing selected" };
}

function trackName(track: number): string {
  return `V${track + 1}`;
}

/** "A001.mov on V1 (frames 0–48)", or "Nothing selected". */
export function selectionText(timeline: TimelineState): string {
  const video = timeline.selection.filter((item) => item.mediaType === "video");
  if (video.length === 0) return "Nothing selected in the Timeline";
  return video.map((item) => `"${item.name}" on ${trackName(item.track)} (frames ${item.startFrame}–${item.endFrame})`).join(", ");
}

/** One frame sent, in words an editor can check against the timeline. */
export function frameText(frame: FrameToSend): string {
  const as = `as the ${frame.role} frame`;
  const tick = `frame ${frame.at.frame} of the sequence (tick ${frame.at.ticks})`;
  if (!frame.clip) return `${tick} ${as}`;
  const which = frame.which === "clip-last" ? "the last frame" : frame.which === "clip-first" ? "the first frame" : "the frame just before the span";
  const media = frame.source ? `, its media at ${frame.source.seconds.toFixed(3)} s` : "";
  return `${which} of "${frame.clip.name}" on ${trackName(frame.clip.track)}: ${tick}${media}, ${as}${frame.warning ? ` (${frame.warning})` : ""}`;
}

export function actionView(outcome: ActionOutcome): TimelineActionView {
  if (!outcome.ok) return { kind: outcome.action, ok: false, sends: [], notes: [], refusal: outcome.reason };
  const request = outcome.request;
  const audio = request.audio ? ", audio" : "";
  return {
    kind: outcome.action,
    ok: true,
    summary: outcome.summary,
    sends: outcome.frames.length > 0 ? outcome.frames.map(frameText) : ["no frame: the prompt only"],
    request: `${request.model.displayName}: ${request.durationSeconds} s at ${request.resolution}${request.aspectRatio ? `, ${request.aspectRatio}` : ""}${audio}`,
    costUsd: outcome.cost.usd,
    costText: Number.isFinite(outcome.cost.usd) ? `${formatUsd(outcome.cost.usd)}${outcome.cost.confirmed ? "" : " (price not confirmed)"}` : "price unknown",
    // The planner's "Sends frame N ..." notes say what the Sends lines already show.
    notes: outcome.notes.filter((note) => !note.startsWith("Sends ")),
  };
}

export function markersView(planned: MarkerShotList, costUsd: number | undefined): MarkersView {
  const skipped = planned.skipped.map((entry) => entry.reason);
  if (planned.rows.length === 0) {
    return {
      shots: 0,
      skipped,
      refusal: planned.skipped.length > 0 ? `No marker can become a shot: ${skipped.join("; ")}.` : "The sequence has no markers. Add markers with a prompt in their comment, one per shot.",
    };
  }
  return { shots: planned.rows.length, skipped, ...(costUsd !== undefined ? { costText: formatUsd(costUsd) } : {}) };
}
