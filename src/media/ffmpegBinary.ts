/**
 * Where the CLI, the relay and the fakes find ffmpeg and ffprobe (Node only; UXP cannot run a
 * program). Shotbin uses the system's: the Debian/Ubuntu package `ffmpeg`, Homebrew's, or any build
 * named by SHOTBIN_FFMPEG / SHOTBIN_FFPROBE. No npm package is used: the maintained ones download
 * their binary from outside the npm registry at install time, and the one that ships it inside the
 * registry (@ffmpeg-installer) carries a 2018 build.
 */
import { accessSync, constants } from "node:fs";
import * as path from "node:path";

export type FfmpegProgram = "ffmpeg" | "ffprobe";

const ENV: Record<FfmpegProgram, string> = { ffmpeg: "SHOTBIN_FFMPEG", ffprobe: "SHOTBIN_FFPROBE" };

export class FfmpegNotFoundError extends Error {
  constructor(readonly program: FfmpegProgram) {
    super(
      `${program} was not found. Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) ` +
        `or set ${ENV[program]} to the program's path.`,
    );
    this.name = "FfmpegNotFoundError";
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === "win32" ? [`${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const candidate of names.map((n) => path.join(dir, n))) if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The path of `program`: $SHOTBIN_FFMPEG / $SHOTBIN_FFPROBE when set (and executable), else the PATH. */
export function findFfmpegProgram(program: FfmpegProgram, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[ENV[program]];
  if (configured) {
    if (!executable(configured)) throw new Error(`${ENV[program]} is set to ${configured}, which is not an executable file.`);
    return configured;
  }
  const found = onPath(program, env);
  if (!found) throw new FfmpegNotFoundError(program);
  return found;
}
