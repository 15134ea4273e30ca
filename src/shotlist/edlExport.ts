import { clipProvenance } from "./clipProvenance";
import { timecode, timecodeFrames } from "./timecode";
import { baseName, type TimelineLayout } from "./timelineLayout";

/**
 * CMX3600 EDL: one video event per clip, cut by cut, with the clip's file name in a
 * `* FROM CLIP NAME:` comment (AI clips have no source timecode or reel, so tools conform by
 * name; the reel is `AX`). Record times start at 01:00:00:00; gaps are simply skipped over.
 * At 29.97 and 59.94 the list is drop-frame (`FCM: DROP FRAME`, `HH:MM:SS;FF`), else non-drop-frame.
 */
export const EDL_RECORD_START_HOURS = 1;

export function edlText(layout: TimelineLayout): string {
  const tc = (frames: number) => timecode(frames, layout.rate, layout.dropFrame);
  // One hour of timecode: 107892 frames at 29.97 drop-frame, 86400 at 24.
  const hour = `${String(EDL_RECORD_START_HOURS).padStart(2, "0")}:00:00${layout.dropFrame ? ";" : ":"}00`;
  const offset = timecodeFrames(hour, layout.rate);
  const title = layout.name.replace(/[^\x20-\x7e]/g, "").slice(0, 70) || "SHOTBIN";
  const lines = [`TITLE: ${title}`, `FCM: ${layout.dropFrame ? "DROP FRAME" : "NON-DROP FRAME"}`, ""];
  let event = 1;
  for (const item of layout.items) {
    if (item.kind !== "clip") continue;
    const number = String(event++).padStart(3, "0");
    const info = clipProvenance(item.job);
    lines.push(
      `${number}  AX       V     C        ${tc(0)} ${tc(item.durationFrames)} ${tc(offset + item.startFrame)} ${tc(offset + item.startFrame + item.durationFrames)}`,
      `* FROM CLIP NAME: ${baseName(item.file)}`,
      `* COMMENT: SHOT ${info.shotId} TAKE ${info.take} ${info.model}${info.seed !== undefined ? ` SEED ${info.seed}` : ""}`.replace(/[^\x20-\x7e]/g, ""),
      "",
    );
  }
  return lines.join("\r\n");
}
