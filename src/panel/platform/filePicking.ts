/**
 * The UXP pickers, and what the panel keeps of their answers: an image's bytes and its path (the
 * ledger stores the path, never the bytes), and the media folder's persistent token, so the
 * folder reopens in the next session without asking again.
 */
import type { ImageMediaType } from "../../core/request";
import type { StillLineage } from "../../core/stillLineage";
import type { UxpFile, UxpModule } from "../uxp/uxpModule";
import { textOfFile } from "./textFile";

export interface PickedImage {
  name: string;
  /** Where a resumed job reloads the bytes from. */
  path: string;
  mediaType: ImageMediaType;
  bytes: Uint8Array<ArrayBuffer>;
  /** A concept frame Shotbin made: the clip animated from it records where it came from. */
  lineage?: StillLineage;
}

export interface PickedFolder {
  path: string;
  token: string;
}

const IMAGE_TYPES: Record<string, ImageMediaType> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" };

export function imageMediaType(name: string): ImageMediaType | undefined {
  return IMAGE_TYPES[name.split(".").pop()?.toLowerCase() ?? ""];
}

/** Opens the file picker for one image; undefined when the user cancels. */
export async function pickImage(uxp: UxpModule): Promise<PickedImage | undefined> {
  const picked = await uxp.storage.localFileSystem.getFileForOpening({ types: Object.keys(IMAGE_TYPES), allowMultiple: false });
  const file: UxpFile | undefined = Array.isArray(picked) ? picked[0] : (picked ?? undefined);
  if (!file) return undefined;
  const mediaType = imageMediaType(file.name);
  if (!mediaType) throw new Error(`${file.name} is not an image Shotbin can send; choose a PNG, JPEG, WebP or BMP file.`);
  const data = await file.read({ format: uxp.storage.formats.binary });
  if (typeof data === "string") throw new Error(`${file.name} could not be read as binary data.`);
  return { name: file.name, path: file.nativePath, mediaType, bytes: new Uint8Array(data) };
}

export interface PickedText {
  name: string;
  /** Where "Read again" rereads it from. */
  path: string;
  text: string;
}

const SHOT_LIST_TYPES = ["csv", "tsv", "txt", "json", "fountain", "spmd"];

/**
 * Opens the file picker for a shot list (CSV, JSON, Fountain) and reads it as UTF-8; undefined
 * when cancelled. A file that is not UTF-8 text (a picture, a clip, a spreadsheet) is refused
 * with a sentence saying so, before any parsing.
 */
export async function pickShotList(uxp: UxpModule, maxBytes: number): Promise<PickedText | undefined> {
  const picked = await uxp.storage.localFileSystem.getFileForOpening({ types: SHOT_LIST_TYPES, allowMultiple: false });
  const file: UxpFile | undefined = Array.isArray(picked) ? picked[0] : (picked ?? undefined);
  if (!file) return undefined;
  // Read as bytes and decoded here: UXP has no TextDecoder, and its utf8 format is not the same on every version.
  const data = await file.read({ format: uxp.storage.formats.binary });
  const bytes = typeof data === "string" ? undefined : new Uint8Array(data);
  if (!bytes) return { name: file.name, path: file.nativePath, text: data as string };
  return { name: file.name, path: file.nativePath, text: shotListText(file.name, bytes, maxBytes) };
}

/** A shot list's bytes as text: refused when too big to be one, or not UTF-8 text. */
export function shotListText(name: string, bytes: Uint8Array, maxBytes: number): string {
  checkShotListSize(name, bytes.length, maxBytes);
  return textOfFile(name, bytes);
}

export function checkShotListSize(name: string, size: number, maxBytes: number): void {
  if (size > maxBytes) throw new Error(`${name} is ${Math.round(size / 1024)} KB; a shot list should be well under ${Math.round(maxBytes / 1024 / 1024)} MB. Is it the right file?`);
}

/**
 * Opens the folder picker and makes a persistent token for the answer; undefined when cancelled.
 * The plugin's temporary folder (or a folder inside it) is refused: UXP may empty it, and paid
 * clips must outlive it.
 */
export async function pickFolder(uxp: UxpModule): Promise<PickedFolder | undefined> {
  const fsProvider = uxp.storage.localFileSystem;
  const folder = await fsProvider.getFolder();
  if (!folder) return undefined;
  if (!folder.isFolder) throw new Error(`${folder.name} is not a folder.`);
  const temporary = await fsProvider.getTemporaryFolder?.().catch(() => undefined);
  if (temporary && isInside(folder.nativePath, temporary.nativePath)) {
    throw new Error(`${folder.nativePath} is the plugin's temporary folder, which Premiere may empty. Choose a folder of your own, next to the project for instance.`);
  }
  return { path: folder.nativePath, token: await fsProvider.createPersistentToken(folder) };
}

/** Whether `path` is `folder` or lies under it, whatever the separators (and, on Windows drives, the case). */
export function isInside(path: string, folder: string): boolean {
  const normal = (value: string) => {
    const slashed = value.replace(/\\/g, "/").replace(/\/+$/, "");
    return /^[A-Za-z]:\//.test(slashed) ? slashed.toLowerCase() : slashed;
  };
  const child = normal(path);
  const parent = normal(folder);
  return !!parent && (child === parent || child.startsWith(`${parent}/`));
}

/** The folder behind a persistent token, or an error saying to choose it again. */
export async function restoreFolder(uxp: UxpModule, token: string): Promise<string> {
  try {
    const entry = await uxp.storage.localFileSystem.getEntryForPersistentToken(token);
    if (!entry?.isFolder) throw new Error("not a folder");
    return entry.nativePath;
  } catch {
    throw new Error("The media folder could not be reopened (moved, renamed or no longer allowed). Choose it again in Settings.");
  }
}

/** `file:///C:/Clips/a%20b.mp4` or `file:///Users/me/a.mp4` from a native path. */
export function fileUrl(nativePath: string): string {
  const slashed = nativePath.replace(/\\/g, "/");
  const rooted = slashed.startsWith("/") ? slashed : `/${slashed}`;
  return `file://${encodeURI(rooted).replace(/#/g, "%23").replace(/\?/g, "%3F")}`;
}

/** A URL `<video>` can play for a clip on disk: UXP's own file URL when it gives one. */
export async function previewUrl(uxp: UxpModule, nativePath: string): Promise<string> {
  const fsProvider = uxp.storage.localFileSystem;
  const url = fileUrl(nativePath);
  if (!fsProvider.getEntryWithUrl || !fsProvider.getFsUrl) return url;
  try {
    return fsProvider.getFsUrl(await fsProvider.getEntryWithUrl(url));
  } catch {
    return url;
  }
}
