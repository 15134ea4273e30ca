/**
 * Runs ffmpeg or ffprobe (Node only: the CLI, the fakes, the harness server and tests; never the
 * panel bundle). No shell: arguments go to the program as they are.
 */
import { spawn } from "node:child_process";
import { findFfmpegProgram, type FfmpegProgram } from "./ffmpegBinary";

export interface FfmpegRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface FfmpegRunOptions {
  /** Killed after this long (default 120 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs the program to completion and collects its output; rejects only when it cannot start. */
export function runFfmpegProgram(program: FfmpegProgram, args: readonly string[], options: FfmpegRunOptions = {}): Promise<FfmpegRun> {
  const command = findFfmpegProgram(program, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** The last lines of ffmpeg's error output, for a message. */
export function ffmpegComplaint(stderr: string, lines = 3): string {
  return stderr.trim().split(/\r?\n/).filter(Boolean).slice(-lines).join(" / ");
}
