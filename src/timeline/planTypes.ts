/**
 * What a timeline action will do, planned before anything is sent or spent: the frames it sends
 * (which clip, which tick, which frame of the media), the request it makes (model, duration,
 * resolution) and its price, and where the result goes (track, frames, what it replaces). Or a
 * refusal with a reason an editor can act on. Pure data: the panel shows it, the runner carries
 * it out (export the frames, submit, import, place).
 */
import type { ModelSpec } from "../core/modelSpec";
import type { CostEstimate } from "../core/pricing";
import type { Resolution } from "../core/request";
import type { ValidationWarning } from "../core/validation";
import type { TimelineState, TimelineTime, TrackItemRef } from "../host/timelineHost";

export type TimelineActionKind = "extend" | "bridge" | "fill" | "replace";

/** Why an action cannot run on this selection with this model. */
export type RefusalCode =
  | "nothing-selected"
  | "wrong-selection"
  | "model-no-first-frame"
  | "model-no-last-frame"
  | "model-needs-first-frame"
  | "not-on-one-track"
  | "clips-between"
  | "too-long"
  | "no-range"
  | "frame-covered"
  | "request-invalid";

export interface ActionRefusal {
  ok: false;
  action: TimelineActionKind;
  code: RefusalCode;
  /** For the editor: what is wrong and what to do. */
  reason: string;
}

/** One image the action sends: a frame of the sequence, exported at an exact tick. */
export interface FrameToSend {
  role: "first" | "last";
  /** The tick to pass to exportSequenceFrame, and its frame. */
  at: TimelineTime;
  /** The clip the frame belongs to on the timeline; null when it is simply what the sequence shows there. */
  clip: { name: string; clipId: string | null; mediaPath: string | null; track: number; startFrame: number; endFrame: number } | null;
  /** Which frame: a clip's last (its end − 1 frame), a clip's first, or the frame just before a range. */
  which: "clip-last" | "clip-first" | "before-range";
  /** Where that frame is in the clip's media: frames at the sequence rate from its start, and exact ticks/seconds. */
  source: { frame: number; ticks: string; seconds: number } | null;
  /** Set when what the sequence shows there is not exactly this clip (allowed with `allowCoveredFrames`). */
  warning?: string;
}

export interface PlannedRequest {
  model: ModelSpec;
  durationSeconds: number;
  resolution: Resolution;
  audio: boolean;
  /** Undefined when the model takes its aspect ratio from the first frame. */
  aspectRatio?: string;
  firstFrame: boolean;
  lastFrame: boolean;
  /** No prompt was given: the plan is priced, but the request needs one before it is sent (unless frames carry it). */
  needsPrompt: boolean;
  warnings: ValidationWarning[];
}

/** The request's length against the frames the timeline needs. */
export interface PlannedTiming {
  /** Frames the result must cover (a gap, a range, a clip's length); null when the duration is the editor's choice (Extend). */
  neededFrames: number | null;
  /** Whole frames a clip of `requestedSeconds` yields at the sequence's rate. */
  yieldsFrames: number;
  /** Frames of the result beyond what is needed, cut by its out point. */
  surplusFrames: number;
}

export interface PlannedPlacement {
  /** The track the result goes on (0 is V1); at the track count, a new track. */
  track: number;
  /** The track the action would naturally use, when the result goes elsewhere. */
  preferredTrack: number;
  startFrame: number;
  /** Frames on the timeline: the result is trimmed to exactly this (its project item's out point). */
  durationFrames: number;
  /** Replace: the item the result takes the place of, kept above and disabled. */
  replaces?: TrackItemRef;
  /** Replace: the track the original is kept on. */
  keepOriginalOnTrack?: number;
  /** Why the result does not go on `preferredTrack`. */
  movedBecause?: string;
}

export interface TimelineActionPlan {
  ok: true;
  action: TimelineActionKind;
  sequenceId: string;
  /** One line for the editor: `Extend "A001.mov" by 8 s (191 frames) on V1`. */
  summary: string;
  frames: FrameToSend[];
  request: PlannedRequest;
  cost: CostEstimate;
  timing: PlannedTiming;
  placement: PlannedPlacement;
  /** What the editor should know: the duration difference, a gap that is not there, a track change. */
  notes: string[];
}

export type ActionOutcome = TimelineActionPlan | ActionRefusal;

/** What the editor chose, beyond the timeline: the model and the settings it allows. */
export interface ActionSettings {
  prompt?: string;
  /** Extend's length, and a marker's when it has neither a duration nor a next marker; default: the model's default. */
  durationSeconds?: number;
  resolution?: Resolution;
  audio?: boolean;
  aspectRatio?: string;
  /** Send a frame even when something else covers it on the timeline (the frame is what the sequence shows). */
  allowCoveredFrames?: boolean;
}

export interface PlanInput {
  timeline: TimelineState;
  model: ModelSpec;
  settings?: ActionSettings;
}
