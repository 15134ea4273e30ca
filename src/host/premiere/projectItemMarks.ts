/**
 * Marks on project items: label colours (`createSetColorLabelAction`, which the types offer on
 * project items, clips and bins but not on track items) and a clip's in/out points (set or
 * cleared). Each change is one locked transaction, read back afterwards.
 */
import type { premierepro, Project, ProjectItem, TickTime } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { parseTicks, secondsToTicks } from "../../core/ticks";
import { COLOUR_LABELS, type ClipInOut, type ColourLabel, type MediaTime } from "../timelineHost";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";
import { clipMarks } from "./sourceMonitor";

/** The `Constants.ProjectItemColorLabel` value of a label, read from the module (never a literal). */
export function colourLabelIndex(ppro: premierepro, label: ColourLabel): number {
  const labels = ppro.Constants.ProjectItemColorLabel as unknown as Record<string, number>;
  const index = labels[label.toUpperCase()];
  if (typeof index !== "number") throw new HostError("unexpected", `This Premiere has no "${label}" label colour.`, "Constants.ProjectItemColorLabel");
  return index;
}

export function colourLabelOfIndex(ppro: premierepro, index: number): ColourLabel | null {
  return COLOUR_LABELS.find((label) => (ppro.Constants.ProjectItemColorLabel as unknown as Record<string, number>)[label.toUpperCase()] === index) ?? null;
}

export async function readColourLabel(ppro: premierepro, item: ProjectItem): Promise<ColourLabel | null> {
  const index = await premiereCall("ProjectItem.getColorLabelIndex", { kind: "unexpected", message: `Premiere could not read the label of "${item.name}"` }, () =>
    item.getColorLabelIndex(),
  );
  return colourLabelOfIndex(ppro, index);
}

export async function setColourLabel(ppro: premierepro, project: Project, item: ProjectItem, label: ColourLabel): Promise<ColourLabel> {
  const index = colourLabelIndex(ppro, label);
  commitInLock(project, `Shotbin: label "${item.name}" ${label}`, () => [
    premiereCallSync("ProjectItem.createSetColorLabelAction", { kind: "lock", message: "Premiere refused to prepare the label" }, () => item.createSetColorLabelAction(index)),
  ]);
  const now = await readColourLabel(ppro, item);
  if (now !== label) {
    throw new HostError("metadata", `Premiere did not apply the ${label} label to "${item.name}" (it reads ${now ?? "an unknown label"}).`, "ProjectItem.getColorLabelIndex");
  }
  return now;
}

function mediaTicks(time: MediaTime): bigint {
  return "ticks" in time ? parseTicks(time.ticks) : secondsToTicks(time.seconds);
}

export async function readClipInOut(ppro: premierepro, item: ProjectItem): Promise<ClipInOut> {
  const marks = await clipMarks(ppro, item);
  return { inTicks: marks.inTicks.toString(), outTicks: marks.outTicks.toString(), durationTicks: marks.durationTicks.toString(), marked: marks.marked };
}

/** Sets (or, with null, clears) a clip's in/out, then reads them back and checks them to the tick. */
export async function setClipInOut(ppro: premierepro, project: Project, item: ProjectItem, range: { in: MediaTime; out: MediaTime } | null): Promise<ClipInOut> {
  const { clip, durationTicks } = await clipMarks(ppro, item);
  const prepare = { kind: "lock" as const, message: "Premiere refused to prepare the in/out change" };
  if (range === null) {
    commitInLock(project, `Shotbin: clear in/out of "${item.name}"`, () => [
      premiereCallSync("ClipProjectItem.createClearInOutPointsAction", prepare, () => clip.createClearInOutPointsAction()),
    ]);
  } else {
    const inTicks = mediaTicks(range.in);
    const outTicks = mediaTicks(range.out);
    if (inTicks < 0n || outTicks <= inTicks || outTicks > durationTicks) {
      throw new HostError("invalid-request", `In ${inTicks} and out ${outTicks} ticks must lie inside "${item.name}" (${durationTicks} ticks), in before out.`);
    }
    const time = (ticks: bigint): TickTime =>
      premiereCallSync("TickTime.createWithTicks", { kind: "unexpected", message: "Premiere could not compute a time" }, () => ppro.TickTime.createWithTicks(ticks.toString()));
    const [inTime, outTime] = [time(inTicks), time(outTicks)];
    commitInLock(project, `Shotbin: in/out of "${item.name}"`, () => [
      premiereCallSync("ClipProjectItem.createSetInOutPointsAction", prepare, () => clip.createSetInOutPointsAction(inTime, outTime)),
    ]);
    const after = await readClipInOut(ppro, item);
    if (after.inTicks !== inTicks.toString() || after.outTicks !== outTicks.toString()) {
      throw new HostError("metadata", `Premiere set the in/out of "${item.name}" to ${after.inTicks}–${after.outTicks} ticks, not ${inTicks}–${outTicks}.`, "ClipProjectItem.getInPoint");
    }
    return after;
  }
  return readClipInOut(ppro, item);
}
