/**
 * The pipeline's place step for a timeline action's take: exactly where the plan said. Extend,
 * Bridge and Fill overwrite their span with the clip trimmed to it (its project-item in/out set
 * to the frame), on the planned track or, when that span was taken since, the one above; Replace
 * keeps the original above, switched off, and takes its place. A take previewed in the Source
 * Monitor starts at the In the editor marked there (Extend also ends at its Out).
 */
import { HostError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import { clipOf, requireProjectOf } from "../runtime/hostPipelineHooks";
import { markedRange, timelineActionOf } from "../runtime/timelineActionJobs";
import type { HostAccess, Notifier } from "./panelServices";

export class TimelineActionSteps {
  constructor(private readonly deps: { host: HostAccess; notices: Notifier }) {}

  readonly place = async (job: JobRecord): Promise<void> => {
    const action = timelineActionOf(job);
    if (!action) throw new HostError("invalid-request", "This take has no timeline placement recorded.");
    const host = this.deps.host.requireHost();
    await requireProjectOf(host, job);
    const clip = clipOf(job);
    const range = action.preview ? markedRange(action, await host.readClipInOut(clip)) : { sourceInFrame: 0, durationFrames: action.durationFrames };
    if (action.kind === "replace") {
      if (!action.replaces) throw new HostError("invalid-request", "This Replace take does not say which clip it replaces.");
      const result = await host.replaceTrackItem({ original: action.replaces, clip, sourceInFrame: range.sourceInFrame });
      this.deps.notices.notify("success", `Replaced on V${action.track + 1} at frame ${result.placed.startFrame} (${result.placed.durationFrames} frames); the original is kept on V${result.kept.track + 1}, switched off.`, job.id);
      return;
    }
    const result = await host.placeClipAt({
      clip,
      at: { frames: action.startFrame },
      track: action.track,
      durationFrames: range.durationFrames,
      sourceInFrame: range.sourceInFrame,
      sequenceId: action.sequenceId,
      whenTaken: "track-above",
    });
    const moved = result.movedBecause ? ` (${result.movedBecause}, so it went on V${result.track + 1})` : "";
    this.deps.notices.notify("success", `Placed ${clip.name} on V${result.track + 1} at frame ${result.placed.startFrame}, ${result.placed.durationFrames} frames${moved}.`, job.id);
  };
}
