import { nominalFps, type FrameRate } from "./timelineLayout";

/** Non-drop-frame timecode `HH:MM:SS:FF` at the rate's timecode base (24 for 23.976). */
export function timecode(frames: number, rate: FrameRate): string {
  const base = nominalFps(rate);
  const ff = frames % base;
  const totalSeconds = Math.floor(frames / base);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}

/** Frames of a non-drop-frame timecode. */
export function timecodeFrames(text: string, rate: FrameRate): number {
  const match = /^(\d{2}):(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a timecode`);
  const base = nominalFps(rate);
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * base + Number(match[4]);
}
