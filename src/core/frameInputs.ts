/**
 * The data a job keeps about frames that come from elsewhere: inputs resolved just before submit
 * (deferredInputs.ts has the mechanism) and where each frame sent came from (for the clip's
 * metadata). Plain data with no imports, so the job record can hold it.
 */

export type DeferredField = "firstFrame" | "lastFrame";

/** What a deferred input is made from: a shot of the same run (its chosen take), or one job. */
export type DeferredSource = { shotId: string } | { jobId: string };

export interface DeferredInput {
  /** The request field it fills. */
  field: DeferredField;
  /** The resolver that fills it: "continuity"; "image-step" next. */
  resolver: string;
  from: DeferredSource;
  /** Set once resolved: the image is then the request's `field`. */
  resolvedAt?: string;
}

/** Where one frame sent came from: a clip (its file or name), the time in its media, the sequence tick it was exported at. */
export interface FrameSource {
  source: string;
  /** Seconds into the source clip's media. */
  seconds?: number;
  /** Premiere ticks on the sequence where the frame was exported (digits). */
  sequenceTicks?: string;
  /** The job whose clip it came from (continuity). */
  jobId?: string;
}

/** How a job's frames were taken from the timeline or from other shots (embedded in its clip). */
export interface FrameOrigin {
  /** extend, bridge, fill, replace or continuity. */
  action: string;
  first?: FrameSource;
  last?: FrameSource;
}
