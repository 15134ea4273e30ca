import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";

/**
 * A run's output folder: the clips, the exports, `shotbin-ledger.json` (every job's state, written
 * before each side effect) and `shotbin-run.json` (what the run is, for --resume).
 */
export interface RunFile {
  version: 1;
  name: string;
  runId: string;
  list: string;
  createdAt: string;
  approvedUsd: number;
  frameRate: string;
  /** WxH from --frame-size, kept for --resume. */
  frameSize?: string;
  /** --pick best, kept for --resume. */
  pick?: "best";
}

export const RUN_FILE = "shotbin-run.json";
export const LEDGER_FILE = "shotbin-ledger.json";

export interface RunFolder {
  dir: string;
  ledgerFile: string;
  runFile: string;
}

export function runFolder(cwd: string, out: string | undefined, listName: string): RunFolder {
  const slug = listName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "run";
  const dir = path.resolve(cwd, out ?? `shotbin-${slug}`);
  return { dir, ledgerFile: path.join(dir, LEDGER_FILE), runFile: path.join(dir, RUN_FILE) };
}

export async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}

export function writeRunFile(folder: RunFolder, info: RunFile): Promise<void> {
  return writeAtomic(folder.runFile, `${JSON.stringify(info, null, 2)}\n`);
}

/** Jobs already recorded in the folder's ledger: 0 when there is none, "unreadable" when it cannot be read. */
export async function recordedJobs(folder: RunFolder): Promise<number | "unreadable"> {
  if (!existsSync(folder.ledgerFile)) return 0;
  try {
    const existing = JSON.parse(await fs.readFile(folder.ledgerFile, "utf8")) as { jobs?: unknown[] };
    return Array.isArray(existing.jobs) ? existing.jobs.length : 0;
  } catch {
    return "unreadable";
  }
}

export function hasRun(folder: RunFolder): boolean {
  return existsSync(folder.runFile) && existsSync(folder.ledgerFile);
}

export async function readRunFile(folder: RunFolder): Promise<RunFile> {
  return JSON.parse(await fs.readFile(folder.runFile, "utf8")) as RunFile;
}
