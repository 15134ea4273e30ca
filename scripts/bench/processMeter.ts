import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Runs a program and measures its wall time and peak resident memory. The peak is the kernel's
 * high-water mark (VmHWM in /proc/<pid>/status), sampled every few milliseconds until the process
 * exits, so it is exact up to growth in the last few milliseconds. Linux only; elsewhere the peak
 * is reported as undefined.
 */
export interface Measured {
  wallMs: number;
  peakRssBytes?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function highWaterMark(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function measure(command: string, args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let peak: number | undefined;
    const sample = () => {
      const now = child.pid === undefined ? undefined : highWaterMark(child.pid);
      if (now !== undefined) peak = Math.max(peak ?? 0, now);
    };
    const timer = setInterval(sample, 2);
    sample();
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("exit", () => sample());
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({
        wallMs: performance.now() - started,
        ...(peak !== undefined ? { peakRssBytes: peak } : {}),
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}
