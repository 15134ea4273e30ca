import { MediaError } from "../core/errors";
import { utf8Encode } from "../core/text/utf8";

/**
 * Clip file names from a template such as `{shot}_{slug}_{model}_{seed}.mp4`, safe on Windows and
 * macOS: no separators or reserved characters, no reserved device names, no trailing dots or
 * spaces, no leading dot, at most MAX_NAME_BYTES of UTF-8. The result is always a single name, so
 * joined to the destination folder it can never point outside it.
 */

export const FILE_NAME_PLACEHOLDERS = [
  "shot", "slug", "scene", "take", "model", "provider", "seed", "job", "date", "aspect", "resolution",
] as const;
export type FileNamePlaceholder = (typeof FILE_NAME_PLACEHOLDERS)[number];
export type FileNameValues = Partial<Record<FileNamePlaceholder, string | number | undefined>>;

/**
 * Well under the 255-byte limit of APFS/ext4 and 255 UTF-16 units of NTFS, leaving room for a
 * `_NN` suffix and the downloader's `.xxxxxxxx.part` temporary name.
 */
export const MAX_NAME_BYTES = 200;
const SLUG_MAX_CHARACTERS = 48;
const VIDEO_EXTENSIONS = [".mp4", ".mov", ".m4v"];

// Windows device names, reserved with any extension (Win32 path rules, incl. superscript digits).
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Path separators, characters Windows forbids, C0/DEL controls, and bidi controls that can disguise an extension.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
}

function truncateToBytes(text: string, maxBytes: number): string {
  if (utf8Encode(text).length <= maxBytes) return text;
  const points = Array.from(text);
  while (points.length && utf8Encode(points.join("")).length > maxBytes) points.pop();
  return points.join("");
}

/** A lowercase, dash-separated version of free text: "Fox at Dawn!" becomes "fox-at-dawn". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return Array.from(slug).slice(0, SLUG_MAX_CHARACTERS).join("").replace(/-+$/, "");
}

/** Makes any text usable as one file name on Windows and macOS (see the file comment). */
export function sanitizeFileName(raw: string, defaultExtension = ".mp4"): string {
  let name = raw.normalize("NFC").replace(FORBIDDEN, "-").replace(/\s+/g, " ");
  let [stem, extension] = splitExtension(name);
  if (!VIDEO_EXTENSIONS.includes(extension.toLowerCase())) {
    stem = name;
    extension = defaultExtension;
  }
  stem = stem
    .replace(/ ?-[ -]*/g, "-")
    .replace(/([_\- ])\1+/g, "$1")
    .replace(/^[\s._-]+|[\s._-]+$/g, "");
  if (!stem) stem = "clip";
  if (RESERVED.test(stem.split(".")[0] ?? "")) stem = `_${stem}`;
  stem = truncateToBytes(stem, MAX_NAME_BYTES - utf8Encode(extension).length).replace(/[\s.]+$/, "");
  name = `${stem || "clip"}${extension.toLowerCase()}`;
  return name;
}

/** Fills a template; unknown placeholders and templates that are paths are refused. */
export function renderFileName(template: string, values: FileNameValues, defaultExtension = ".mp4"): string {
  if (/[/\\]/.test(template)) {
    throw new MediaError("name", `The file-name template '${template}' contains a path separator; it must name a file, not a folder.`);
  }
  const filled = template.replace(/\{([^{}]*)\}/g, (_, key: string) => {
    if (!(FILE_NAME_PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new MediaError("name", `The file-name template uses {${key}}, which Shotbin does not know; use ${FILE_NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}.`);
    }
    const value = values[key as FileNamePlaceholder];
    if (value === undefined) return "";
    return key === "slug" ? slugify(String(value)) : String(value).replace(FORBIDDEN, "-");
  });
  return sanitizeFileName(filled, defaultExtension);
}

/** `name_2.mp4` for attempt 2, and so on, still within the length limit. */
export function numberedName(name: string, attempt: number): string {
  if (attempt <= 1) return name;
  const [stem, extension] = splitExtension(name);
  const suffix = `_${attempt}`;
  return `${truncateToBytes(stem, MAX_NAME_BYTES - utf8Encode(suffix + extension).length)}${suffix}${extension}`;
}

/** True when `name` is already exactly what sanitizeFileName makes of it (video extension included). */
export function isSafeFileName(name: string): boolean {
  return name.length > 0 && sanitizeFileName(name) === name;
}

/** The same rule for a still's name (`.png`, `.jpg`, `.webp`): its stem must be what sanitizeFileName keeps. */
export function isSafeStillFileName(name: string): boolean {
  const match = /^(.*)\.(png|jpg|webp)$/.exec(name);
  return !!match && isSafeFileName(`${match[1]}.mp4`);
}
