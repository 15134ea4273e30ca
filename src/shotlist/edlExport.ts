import { clipProvenance } from "./clipProvenance";
import { timecode } from "./timecode";
import { baseName, nominalFps, type TimelineLayout } from "./timelineLayout";

/**
 * CMX3600 EDL: one video event per clip, cut by cut, with the clip's file name in a
 * `* FROM CLIP NAME:` comment (AI clips have no source timecode or reel, so tools conform by
 * name; the reel is `AX`). Record times start at 01:00:00:00; gaps are simply skipped over.
 */
export const EDL_RECORD_START_HOURS = 1;

export function edlText(layout: TimelineLayout): string {
  const base = nominalFps(layout.rate);
  const offset = EDL_RECORD_START_HOURS * 3600 * base;
  const title = layout.name.replace(/[^\x20-\x7e]/g, "").slice(0, 70) || "SHOTBIN";
  const lines = [`TITLE: ${title}`, "FCM: NON-DROP FRAME", ""];
  let event = 1;
  for (const item of layout.items) {
    if (item.kind !== "clip") continue;
    const number = String(event++).padStart(3, "0");
    const sourceIn = timecode(0, layout.rate);
    const sourceOut = timecode(item.durationFrames, layout.rate);
    const recordIn = timecode(offset + item.startFrame, layout.rate);
    const recordOut = timecode(offset + item.startFrame + item.durationFrames, layout.rate);
    const info = clipProvenance(item.job);
    lines.push(
      `${number}  AX       V     C        ${sourceIn} ${sourceOut} ${recordIn} ${recordOut}`,
      `* FROM CLIP NAME: ${baseName(item.file)}`,
      `* COMMENT: SHOT ${info.shotId} TAKE ${info.take} ${info.model}${info.seed !== undefined ? ` SEED ${info.seed}` : ""}`.replace(/[^\x20-\x7e]/g, ""),
      "",
    );
  }
  return lines.join("\r\n");
}
