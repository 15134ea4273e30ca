import { nominalFps, type FrameRate } from "./frameRate";

/**
 * SMPTE timecode for frame counts. Non-drop-frame (`HH:MM:SS:FF`) counts at the rate's timecode
 * base (24 for 23.976). Drop-frame (`HH:MM:SS;FF`, SMPTE 12M) exists for 29.97 and 59.94 only: it
 * skips frame numbers 0 and 1 (0 to 3 at 59.94) at the start of every minute except every tenth,
 * so the timecode keeps pace with the clock: 00:00:59;29 is followed by 00:01:00;02.
 */

/** Frame numbers dropped each minute: 2 at 29.97, 4 at 59.94, 0 where drop-frame does not apply. */
export function droppedPerMinute(rate: FrameRate): number {
  const base = nominalFps(rate);
  if (rate.num % rate.den === 0 || (base !== 30 && base !== 60)) return 0;
  return base / 15;
}

/** Whether timecode at this rate is drop-frame by default (29.97, 59.94). */
export function isDropFrameRate(rate: FrameRate): boolean {
  return droppedPerMinute(rate) > 0;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `frames` as timecode: drop-frame (`;`) at 29.97 and 59.94 unless `dropFrame` is false, non-drop-frame otherwise. */
export function timecode(frames: number, rate: FrameRate, dropFrame = isDropFrameRate(rate)): string {
  if (!Number.isInteger(frames) || frames < 0) throw new RangeError(`a timecode needs a whole, non-negative frame count, not ${frames}`);
  const base = nominalFps(rate);
  const drop = dropFrame ? droppedPerMinute(rate) : 0;
  if (dropFrame && drop === 0) throw new RangeError(`drop-frame timecode exists only at 29.97 and 59.94 fps`);
  let label = frames;
  if (drop > 0) {
    const perMinute = base * 60 - drop;
    const perTenMinutes = base * 600 - drop * 9;
    const tens = Math.floor(frames / perTenMinutes);
    const rest = frames % perTenMinutes;
    // Minutes 1..9 of each ten have `drop` fewer frame numbers; the labels skipped so far are added back.
    label = frames + drop * 9 * tens + (rest < drop ? 0 : drop * Math.floor((rest - drop) / perMinute));
  }
  const ff = label % base;
  const totalSeconds = Math.floor(label / base);
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${drop > 0 ? ";" : ":"}${pad(ff)}`;
}

/**
 * Frames of a timecode. `HH:MM:SS;FF` (or `.`/`,` before the frames) is drop-frame and is refused
 * at rates without it, as are labels drop-frame skips (00:01:00;00); `HH:MM:SS:FF` is non-drop-frame.
 */
export function timecodeFrames(text: string, rate: FrameRate): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})([:;.,])(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not a timecode (HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame)`);
  const [hours, minutes, seconds, frames] = [match[1], match[2], match[3], match[5]].map(Number) as [number, number, number, number];
  const base = nominalFps(rate);
  if (minutes > 59 || seconds > 59 || frames >= base) throw new Error(`'${text}' is not a timecode at ${base} frames a second`);
  const dropFrame = match[4] !== ":";
  const drop = droppedPerMinute(rate);
  if (dropFrame && drop === 0) throw new Error(`'${text}' is drop-frame timecode, which exists only at 29.97 and 59.94 fps`);
  const label = ((hours * 60 + minutes) * 60 + seconds) * base + frames;
  if (!dropFrame) return label;
  if (seconds === 0 && frames < drop && minutes % 10 !== 0) throw new Error(`'${text}' does not exist in drop-frame timecode (frames 00 to ${pad(drop - 1)} are skipped at the start of this minute)`);
  const totalMinutes = hours * 60 + minutes;
  return label - drop * (totalMinutes - Math.floor(totalMinutes / 10));
}
