/**
 * The Source Monitor: opening a clip (by project item) or a file (by path), and reading what it
 * shows. The API has no In/Out of its own; the marks an editor sets on a clip in the Source Monitor
 * are that clip's in/out points, read with `ClipProjectItem.getInPoint/getOutPoint(VIDEO)`.
 */
import type { premierepro, Project, ProjectItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { parseTicks, ticksToSeconds } from "../../core/ticks";
import type { SourceMonitorView } from "../timelineHost";
import { premiereCall } from "./premiereCall";
import { asClip, type ProjectItemIndex } from "./projectItems";

const read = (what: string) => ({ kind: "unexpected" as const, message: `Premiere could not read ${what}` });

/** A clip's in/out and media length, and whether the in/out mark less than the whole media. */
export async function clipMarks(ppro: premierepro, item: ProjectItem) {
  const clip = asClip(ppro, item);
  if (!clip) throw new HostError("not-found", `"${item.name}" is not a clip.`, "ClipProjectItem.cast");
  const video = ppro.Constants.MediaType.VIDEO;
  const [inPoint, outPoint, media] = await Promise.all([
    premiereCall("ClipProjectItem.getInPoint", read(`the in point of "${item.name}"`), () => clip.getInPoint(video)),
    premiereCall("ClipProjectItem.getOutPoint", read(`the out point of "${item.name}"`), () => clip.getOutPoint(video)),
    premiereCall("ClipProjectItem.getMedia", read(`the media of "${item.name}"`), () => clip.getMedia()),
  ]);
  const inTicks = parseTicks(inPoint.ticks);
  const outTicks = parseTicks(outPoint.ticks);
  const durationTicks = parseTicks(media.duration.ticks);
  return { clip, inTicks, outTicks, durationTicks, marked: inTicks > 0n || (outTicks > inTicks && outTicks < durationTicks) };
}

export async function readSourceMonitor(ppro: premierepro, project: Project, index: ProjectItemIndex): Promise<SourceMonitorView> {
  const [shown, position] = await Promise.all([
    premiereCall("SourceMonitor.getProjectItem", read("what the Source Monitor shows"), () => ppro.SourceMonitor.getProjectItem()),
    premiereCall("SourceMonitor.getPosition", read("the Source Monitor's position"), () => ppro.SourceMonitor.getPosition()),
  ]);
  const item = (shown as ProjectItem | null | undefined) ?? null;
  if (!item || !asClip(ppro, item)) return { clip: null, inOut: null, positionTicks: position?.ticks ?? "0" };
  const id = index.remember(project, item);
  const marks = await clipMarks(ppro, item);
  const mediaPath = await premiereCall("ClipProjectItem.getMediaFilePath", read("a clip's media path"), () => marks.clip.getMediaFilePath());
  return {
    clip: { id, name: item.name, mediaPath: mediaPath ?? "" },
    inOut: marks.marked
      ? { inTicks: marks.inTicks.toString(), outTicks: marks.outTicks.toString(), inSeconds: ticksToSeconds(marks.inTicks), outSeconds: ticksToSeconds(marks.outTicks) }
      : null,
    positionTicks: position?.ticks ?? "0",
  };
}

export async function openInSourceMonitor(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  target: { item: ProjectItem } | { file: string },
): Promise<SourceMonitorView> {
  const what = "item" in target ? `"${target.item.name}"` : target.file;
  const opened =
    "item" in target
      ? await premiereCall("SourceMonitor.openProjectItem", { kind: "unexpected", message: `Premiere could not open ${what} in the Source Monitor` }, () =>
          ppro.SourceMonitor.openProjectItem(target.item),
        )
      : await premiereCall("SourceMonitor.openFilePath", { kind: "unexpected", message: `Premiere could not open ${what} in the Source Monitor` }, () =>
          ppro.SourceMonitor.openFilePath(target.file),
        );
  if (opened !== true) {
    throw new HostError("not-found", `Premiere did not open ${what} in the Source Monitor (it answered ${String(opened)}).`, "item" in target ? "SourceMonitor.openProjectItem" : "SourceMonitor.openFilePath");
  }
  return readSourceMonitor(ppro, project, index);
}
