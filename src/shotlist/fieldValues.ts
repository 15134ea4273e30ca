import { RESOLUTIONS, type Resolution } from "../core/request";

/**
 * Cell text as people type it in shot lists, turned into request values. Each parser returns the
 * value, or a message and a fix for the editor.
 */
export type FieldValue<T> = { ok: true; value: T } | { ok: false; message: string; fix: string };

const ok = <T>(value: T): FieldValue<T> => ({ ok: true, value });
const bad = <T>(message: string, fix: string): FieldValue<T> => ({ ok: false, message, fix });

/** "5", "5s", "5 sec", "5.5 seconds", "0:05", "00:00:05"; `unitSeconds` 60 when the heading says minutes. */
export function parseDuration(raw: string | number, unitSeconds = 1): FieldValue<number> {
  if (typeof raw === "number") return Number.isFinite(raw) && raw > 0 ? ok(raw * unitSeconds) : bad(`duration ${raw} is not a positive number of seconds`, "write a number of seconds such as 5");
  const text = raw.trim().toLowerCase().replace(",", ".");
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (clock) {
    const seconds = Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    return seconds > 0 ? ok(seconds) : bad(`duration '${raw}' is zero`, "write the shot's length, such as 5 or 0:05");
  }
  const match = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|second|seconds|"|m|min|mins|minute|minutes|')?$/.exec(text);
  if (!match) return bad(`duration '${raw}' is not a length`, "write seconds such as 5, 5s or 0:05");
  const unit = match[2];
  const perUnit = unit && /^(m|min|mins|minute|minutes|')$/.test(unit) ? 60 : unit ? 1 : unitSeconds;
  const seconds = Number(match[1]) * perUnit;
  return seconds > 0 ? ok(Math.round(seconds * 1000) / 1000) : bad(`duration '${raw}' is zero`, "write the shot's length, such as 5");
}

/** A first-frame cell that names the previous shot instead of an image: `previous`, `prev`, `previous shot`. */
export function isPreviousShot(text: string): boolean {
  return /^\(?\s*(previous|prev)(\s+shot)?\s*\)?$/i.test(text.trim());
}

/** The Continuity column: `previous` (or yes, x, ✓) continues from the previous shot; no or empty does not. */
export function parseContinuity(raw: string | boolean): FieldValue<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const text = raw.trim().toLowerCase();
  if (isPreviousShot(text) || /^(yes|y|true|x|✓|✔|1|on)$/.test(text)) return ok(true);
  if (/^(no|n|false|-|0|off|none)$/.test(text) || text === "") return ok(false);
  return bad(`continuity '${raw}' is not understood`, "write previous to start the shot on the last frame of the shot before it, or leave it empty");
}

export function parseSeed(raw: string | number): FieldValue<number> {
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (!/^\d+$/.test(text)) return bad(`seed '${raw}' is not a whole number`, "write a whole number from 0 to 4294967295, or leave it empty");
  const value = Number(text);
  return value <= 4294967295 ? ok(value) : bad(`seed ${text} is too large`, "use a whole number from 0 to 4294967295");
}

export function parseTakes(raw: string | number): FieldValue<number> {
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 20) return bad(`takes '${raw}' is not a number of takes`, "write a whole number from 1 to 20");
  return ok(value);
}

const ASPECT_WORDS: Record<string, string> = {
  landscape: "16:9",
  widescreen: "16:9",
  horizontal: "16:9",
  portrait: "9:16",
  vertical: "9:16",
  square: "1:1",
};

/** "16:9", "16x9", "16/9", "9:16", "landscape", "portrait", "square". */
export function parseAspect(raw: string): FieldValue<string> {
  const text = raw.trim().toLowerCase();
  if (ASPECT_WORDS[text]) return ok(ASPECT_WORDS[text]!);
  const match = /^(\d{1,2})\s*[:x×/]\s*(\d{1,2})$/.exec(text);
  if (!match) return bad(`aspect '${raw}' is not an aspect ratio`, "write it like 16:9, 9:16 or 1:1");
  return ok(`${Number(match[1])}:${Number(match[2])}`);
}

const RESOLUTION_WORDS: Record<string, Resolution> = {
  "480": "480p",
  "720": "720p",
  hd: "720p",
  "1024": "1024p",
  "1080": "1080p",
  fhd: "1080p",
  fullhd: "1080p",
  "4k": "4k",
  uhd: "4k",
  "2160": "4k",
  "2160p": "4k",
};

export function parseResolution(raw: string): FieldValue<Resolution> {
  const text = raw.trim().toLowerCase().replace(/[\s-]/g, "");
  if ((RESOLUTIONS as readonly string[]).includes(text)) return ok(text as Resolution);
  if (RESOLUTION_WORDS[text]) return ok(RESOLUTION_WORDS[text]!);
  return bad(`resolution '${raw}' is not one Shotbin knows`, `write one of ${RESOLUTIONS.join(", ")}`);
}

export function parseAudio(raw: string | boolean): FieldValue<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const text = raw.trim().toLowerCase();
  if (["yes", "y", "true", "on", "1", "with audio", "sound"].includes(text)) return ok(true);
  if (["no", "n", "false", "off", "0", "silent", "mute", "none"].includes(text)) return ok(false);
  return bad(`audio '${raw}' is neither on nor off`, "write yes or no");
}

/** Several images in one cell: separated by `;`, `|` or line breaks. */
export function splitImageList(raw: string): string[] {
  return raw
    .split(/[;|\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}
