/**
 * Which label colour a clip Shotbin made gets: one state per clip, one colour per state (Settings).
 * - generated: in the bin (imported), not (or no longer) the take on the timeline;
 * - chosen: the take placed on the timeline (for a shot list, the take in the shot's slot);
 * - failedQa: take QA found a defect that fails it (a QA verdict of "fail" on the job), which wins.
 * Premiere labels project items, so the colour shows on every use of the clip.
 */
import type { JobRecord } from "../../core/jobRecord";
import type { ColourLabel } from "../../host/timelineHost";

export const LABEL_STATES = ["generated", "chosen", "failedQa"] as const;
export type LabelState = (typeof LABEL_STATES)[number];

export const LABEL_STATE_NAMES: Record<LabelState, string> = { generated: "Generated", chosen: "Chosen take", failedQa: "Failed QA" };

export type LabelColours = Record<LabelState, ColourLabel>;

/**
 * The take-QA verdict recorded on a job, if any. Take QA (src/quality) records its verdict as
 * `extra.qa.verdict` ("pass", "warn" or "fail"); until it does, no job has one.
 */
export function qaVerdictOf(job: Pick<JobRecord, "extra">): "pass" | "warn" | "fail" | undefined {
  const qa = job.extra?.qa as { verdict?: unknown } | undefined;
  return qa?.verdict === "pass" || qa?.verdict === "warn" || qa?.verdict === "fail" ? qa.verdict : undefined;
}

/** A shot-list take is the chosen one when its shot's slot holds it; any other placed clip is chosen. */
function isChosenTake(job: JobRecord): boolean {
  const slot = job.extra?.timeline as { take?: unknown } | undefined;
  return typeof slot?.take === "number" ? slot.take === job.shot.take : true;
}

/** The state a job's clip is labelled for, or undefined when it has no clip in the project. */
export function labelStateOf(job: JobRecord): LabelState | undefined {
  if (!job.clipId || job.state === "importing") return undefined;
  if (qaVerdictOf(job) === "fail") return "failedQa";
  if (job.state === "placed" && isChosenTake(job)) return "chosen";
  return "generated";
}
