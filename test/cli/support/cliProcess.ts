import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { waitUntil } from "../../support/waitUntil";

export const ROOT = join(__dirname, "..", "..", "..");
export const BIN = join(ROOT, "bin", "shotbin.js");

export interface CliProcess {
  child: ChildProcess;
  /** Resolves to the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout or stderr matches, and returns the match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const running = new Set<ChildProcess>();

/** `node bin/shotbin.js …` as a user runs it: its own process, real signals, its own output. */
export function startCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  // "close" comes after the output streams end, so nothing printed is missed.
  const exit = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    exit,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 30_000) {
      await waitUntil(() => pattern.test(out) || pattern.test(err) || child.exitCode !== null, timeoutMs, () => `no ${pattern} in the output:\n${out}\n${err}`);
      const match = out.match(pattern) ?? err.match(pattern);
      if (!match) throw new Error(`the process exited (${child.exitCode}) before printing ${pattern}:\n${out}\n${err}`);
      return match;
    },
  };
}

/** Runs a command to its end. */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, options);
  const code = await cli.exit;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** Kills whatever a failed test left running. */
export function killLeftovers(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
