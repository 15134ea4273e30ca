/** The TimelineHost half of the adapter: each method reads what it needs, then calls the module that does the work. */
import type { premierepro, Project, ProjectItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { trackGaps } from "../timelineGaps";
import type { TimelineHost } from "../timelineHost";
import type { PlacementMode } from "./clipPlacement";
import { exportFrame, type FrameFiles } from "./frameExport";
import type { DiscoveryTiming } from "./importedItemDiscovery";
import { hostOperation } from "./premiereCall";
import { readClipInOut, readColourLabel, setClipInOut, setColourLabel } from "./projectItemMarks";
import type { ProjectItemIndex } from "./projectItems";
import { targetSequence } from "./sequenceReading";
import { openInSourceMonitor, readSourceMonitor } from "./sourceMonitor";
import { placeClipAt, replaceTrackItem, setSequenceInOut } from "./timelineEditing";
import { readTimelineState } from "./timelineReading";

export interface TimelineDeps {
  ppro: premierepro;
  index: ProjectItemIndex;
  requireProject(): Promise<Project>;
  placementMode: PlacementMode;
  files: FrameFiles;
  timing: DiscoveryTiming;
}

export function timelineMethods(deps: TimelineDeps): TimelineHost {
  const { ppro, index } = deps;

  async function item(project: Project, ref: { id: string; name: string }): Promise<ProjectItem> {
    const found = await index.find(project, ref.id);
    if (!found) throw new HostError("not-found", `"${ref.name}" is no longer in the project.`);
    return found;
  }

  return {
    readTimeline: (options) =>
      hostOperation("read the timeline", async () => {
        const project = await deps.requireProject();
        return readTimelineState(ppro, project, index, await targetSequence(ppro, project, options?.sequenceId));
      }),

    readTrackGaps: (track, options) =>
      hostOperation("read the gaps on the track", async () => {
        const project = await deps.requireProject();
        const state = await readTimelineState(ppro, project, index, await targetSequence(ppro, project, options?.sequenceId));
        if (!Number.isInteger(track) || track < 0 || track >= state.tracks.length) {
          throw new HostError("invalid-request", `"${state.sequenceName}" has no video track V${track + 1}.`);
        }
        return trackGaps(state, track);
      }),

    exportSequenceFrame: (request) =>
      hostOperation("export the frame", async () => {
        const project = await deps.requireProject();
        return exportFrame(ppro, await targetSequence(ppro, project, request.sequenceId), request, deps.files, deps.timing);
      }),

    openInSourceMonitor: (target) =>
      hostOperation("open the Source Monitor", async () => {
        const project = await deps.requireProject();
        if ("clip" in target) return openInSourceMonitor(ppro, project, index, { item: await item(project, target.clip) });
        if (!(await deps.files.fileExists(target.file))) throw new HostError("missing-file", `The file ${target.file} does not exist (any more).`);
        return openInSourceMonitor(ppro, project, index, { file: target.file });
      }),

    readSourceMonitor: () => hostOperation("read the Source Monitor", async () => readSourceMonitor(ppro, await deps.requireProject(), index)),

    setColourLabel: (target, label) =>
      hostOperation("set the label colour", async () => {
        const project = await deps.requireProject();
        return setColourLabel(ppro, project, await item(project, target), label);
      }),

    readColourLabel: (target) =>
      hostOperation("read the label colour", async () => {
        const project = await deps.requireProject();
        return readColourLabel(ppro, await item(project, target));
      }),

    setClipInOut: (clip, range) =>
      hostOperation("set the clip's in and out", async () => {
        const project = await deps.requireProject();
        return setClipInOut(ppro, project, await item(project, clip), range);
      }),

    readClipInOut: (clip) =>
      hostOperation("read the clip's in and out", async () => {
        const project = await deps.requireProject();
        return readClipInOut(ppro, await item(project, clip));
      }),

    setSequenceInOut: (range, options) =>
      hostOperation("mark In and Out", async () => setSequenceInOut(ppro, await deps.requireProject(), index, range, options?.sequenceId)),

    placeClipAt: (request) => hostOperation("place the clip", async () => placeClipAt(ppro, await deps.requireProject(), index, deps.placementMode, request)),

    replaceTrackItem: (request) => hostOperation("replace the clip", async () => replaceTrackItem(ppro, await deps.requireProject(), index, deps.placementMode, request)),
  };
}
