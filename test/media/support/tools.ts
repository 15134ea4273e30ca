import { accessSync, constants, existsSync } from "node:fs";
import * as path from "node:path";

/**
 * Finds the external programs the media tests read files back with. A missing tool fails the
 * test with what to install; nothing is skipped silently.
 */
export type Tool = "ffmpeg" | "ffprobe" | "exempi" | "mediainfo" | "perl";

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function npmBinary(pkg: string): string | undefined {
  try {
    const found = (require(pkg) as { path?: string }).path;
    return found && existsSync(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

const cache = new Map<Tool, string>();

export function tool(name: Tool): string {
  const known = cache.get(name);
  if (known) return known;
  let found: string | undefined;
  let advice: string;
  switch (name) {
    case "ffmpeg":
      // Debian's ffmpeg when present (it is what the research notes were checked with), else npm's.
      found = process.env.SHOTBIN_TEST_FFMPEG || onPath("ffmpeg") || npmBinary("@ffmpeg-installer/ffmpeg");
      advice = "install the Debian package ffmpeg (apt-get install ffmpeg) or the npm package @ffmpeg-installer/ffmpeg (npm ci)";
      break;
    case "ffprobe":
      found = process.env.SHOTBIN_TEST_FFPROBE || onPath("ffprobe") || npmBinary("@ffprobe-installer/ffprobe");
      advice = "install the Debian package ffmpeg (apt-get install ffmpeg) or the npm package @ffprobe-installer/ffprobe (npm ci)";
      break;
    case "exempi":
      found = onPath("exempi");
      advice = "install the Debian package exempi (apt-get install exempi)";
      break;
    case "mediainfo":
      found = onPath("mediainfo");
      advice = "install the Debian package mediainfo (apt-get install mediainfo)";
      break;
    case "perl":
      found = onPath("perl");
      advice = "install the Debian package perl (apt-get install perl); the npm package exiftool-vendored runs ExifTool with it";
      break;
  }
  if (!found) throw new Error(`The media tests need ${name}, which was not found: ${advice}.`);
  cache.set(name, found);
  return found;
}

/** The ExifTool script bundled by the npm package exiftool-vendored.pl (run with perl). */
export function exiftoolScript(): string {
  tool("perl");
  try {
    const script = path.join(path.dirname(require.resolve("exiftool-vendored.pl/package.json")), "bin", "exiftool");
    if (existsSync(script)) return script;
  } catch {
    // fall through
  }
  throw new Error("The media tests need ExifTool: install the npm package exiftool-vendored (npm ci).");
}
