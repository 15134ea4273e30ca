import type { JobRecord } from "../core/jobRecord";
import { edlText } from "./edlExport";
import { fcpxmlText } from "./fcpxmlExport";
import { otioText } from "./otioExport";
import { resolveCsvText } from "./resolveCsvExport";
import { layoutTimeline, type LayoutOptions, type TimelineLayout } from "./timelineLayout";

export interface TimelineExport {
  /** `<name>.otio` and so on. */
  fileName: string;
  text: string;
}

/** A name safe as a file stem on every platform. */
export function exportStem(name: string): string {
  const stem = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._ -]+/g, " ")
    .trim()
    .replace(/\s+/g, "_")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 80);
  return stem || "shotlist";
}

/**
 * The four timelines other tools open, from the run's jobs. Pass `clips` (readClipFactsOfJobs) so
 * that shots are laid by their clips' real frame counts and the timeline takes the clips' frame
 * size; `layout.messages` says what an editor should know (gaps that remain, short clips).
 */
export function buildTimelineExports(jobs: readonly JobRecord[], options: LayoutOptions): { layout: TimelineLayout; files: TimelineExport[] } {
  const layout = layoutTimeline(jobs, options);
  const stem = exportStem(options.name);
  return {
    layout,
    files: [
      { fileName: `${stem}.otio`, text: otioText(layout) },
      { fileName: `${stem}.fcpxml`, text: fcpxmlText(layout) },
      { fileName: `${stem}.edl`, text: edlText(layout) },
      { fileName: `${stem}.resolve.csv`, text: resolveCsvText(layout) },
    ],
  };
}
