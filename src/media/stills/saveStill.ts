import { MediaError } from "../../core/errors";
import type { FileSystem } from "../../core/seams/fileSystem";
import { isSafeStillFileName, numberedName } from "../fileNameTemplate";
import { splitPath } from "./fileRewrite";
import { sniffStill, STILL_EXTENSIONS, type StillFormat } from "./stillFormat";

const MAX_NAME_ATTEMPTS = 999;

function withExtension(name: string, format: StillFormat): string {
  const dot = name.lastIndexOf(".");
  return `${dot > 0 ? name.slice(0, dot) : name}${STILL_EXTENSIONS[format]}`;
}

/**
 * Writes a still that is already in memory (an inline answer, the simulator's drawing) into
 * `folder`: to a temporary name, synced, then renamed to the first free name of `name.png`,
 * `name_2.png`, ... The extension follows what the bytes are, whatever was asked for.
 */
export async function saveStill(files: FileSystem, folder: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const format = sniffStill(bytes.subarray(0, 12));
  if (!format) throw new MediaError("download", "The provider's still is not a PNG, JPEG or WebP image.");
  const name = withExtension(fileName, format);
  if (!isSafeStillFileName(name)) throw new MediaError("name", `'${name}' is not a safe file name.`);
  const temp = files.join(folder, `.${name}.${Date.now().toString(36)}${Math.floor(Math.random() * 0xffffff).toString(36)}.part`);
  const file = await files.createNew(temp).catch((error: unknown) => {
    throw new MediaError("io", `Cannot create a file in ${folder}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
  });
  try {
    await file.write(0, bytes);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await files.remove(temp).catch(() => undefined);
    throw error;
  }
  await file.close();
  return moveToFreeName(files, temp, folder, name);
}

/** Renames `from` to the first free name of `name`, `name_2`, ... in `folder`. */
export async function moveToFreeName(files: FileSystem, from: string, folder: string, name: string): Promise<string> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const target = files.join(folder, numberedName(name, attempt));
    if (await files.renameNoReplace(from, target)) return target;
  }
  await files.remove(from).catch(() => undefined);
  throw new MediaError("name", `${name} and its numbered variants up to _${MAX_NAME_ATTEMPTS} all exist in ${folder}.`);
}

/** Gives a downloaded still the extension its bytes call for (a provider may answer JPEG for PNG). */
export async function matchExtension(files: FileSystem, path: string): Promise<string> {
  const file = await files.open(path, "read");
  let format: StillFormat | undefined;
  try {
    format = sniffStill(await file.read(0, 12));
  } finally {
    await file.close();
  }
  if (!format) throw new MediaError("download", "The downloaded file is not a PNG, JPEG or WebP still.", path);
  const { folder, name } = splitPath(path);
  const wanted = withExtension(name, format);
  if (wanted === name) return path;
  return moveToFreeName(files, path, folder, wanted);
}
