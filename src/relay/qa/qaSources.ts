import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { ProviderId } from "../../core/request";
import type { QaSubject } from "../client/qaProtocol";
import type { QaStore } from "./qaStore";

/**
 * What take QA may measure, and nothing else: a job's own result URL as the relay stored it from
 * that job's verified webhook, for the user the job is routed to; or, on a relay bound to loopback
 * with a QA folder, a regular file whose real path (symlinks resolved) lies inside that folder.
 */

export type QaSource =
  | { kind: "url"; url: string }
  | { kind: "file"; path: string };

export interface ResolvedSubject {
  /** The cache key: a job, or a file's real path with its size and modification time. */
  key: string;
  /** The user who may read the report (a job's owner); undefined: every user of this relay (folder files). */
  owner: string | undefined;
  subject: QaSubject;
  source: QaSource;
}

export type QaRefusal = { status: number; error: string; message: string };

export const VIDEO_EXTENSIONS = [".mp4", ".mov", ".m4v", ".webm", ".mkv"];

function hashKey(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 32);
}

export function jobKey(provider: ProviderId, jobId: string): string {
  return `j${hashKey(`job\n${provider}\n${jobId}`)}`;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

export function resolveJob(store: QaStore, user: string, provider: ProviderId, jobId: string): ResolvedSubject | QaRefusal {
  // Another user's job answers like an unknown one: a token learns nothing of other users' jobs.
  if (store.jobOwner(provider, jobId) !== user) {
    return { status: 404, error: "unknown-job", message: `no ${provider} job ${jobId} is registered to you on this relay` };
  }
  const url = store.resultUrl(provider, jobId);
  if (!url) {
    return {
      status: 409,
      error: "no-result",
      message: `the relay has no result for ${provider} job ${jobId} yet: it measures a job once its provider's verified "succeeded" webhook names the result (OpenAI and Gemini webhooks name none: measure the downloaded file instead)`,
    };
  }
  return { key: jobKey(provider, jobId), owner: user, subject: { kind: "job", provider, jobId }, source: { kind: "url", url } };
}

export interface FolderPolicy {
  /** The configured QA folder, if any. */
  folder: string | undefined;
  /** Whether the relay listens on loopback only. */
  loopback: boolean;
}

export async function resolveFile(policy: FolderPolicy, requested: string): Promise<ResolvedSubject | QaRefusal> {
  if (!policy.folder) {
    return { status: 403, error: "file-qa-off", message: "this relay measures files only when a QA folder is configured (qaFolder or SHOTBIN_RELAY_QA_FOLDER); ask by job id instead" };
  }
  if (!policy.loopback) {
    return { status: 403, error: "file-qa-off", message: "this relay listens beyond loopback, so it measures no files: only jobs' results (file QA needs host 127.0.0.1 or ::1)" };
  }
  if (requested.includes("\0") || requested.split(/[\\/]+/).includes("..")) {
    return { status: 403, error: "outside-folder", message: "the file's path may not contain '..'" };
  }
  let folder: string;
  try {
    folder = await fs.realpath(policy.folder);
  } catch {
    return { status: 503, error: "qa-folder-missing", message: "the relay's QA folder does not exist" };
  }
  const wanted = path.isAbsolute(requested) ? requested : path.join(folder, requested);
  let real: string;
  try {
    real = await fs.realpath(wanted);
  } catch {
    // Compared with the folder as configured too, so a path under it that does not exist is "no such file".
    const inside = [folder, path.resolve(policy.folder)].some((base) => !path.relative(base, path.resolve(wanted)).startsWith(".."));
    return inside
      ? { status: 404, error: "no-such-file", message: `no file ${path.basename(requested)} in the QA folder` }
      : { status: 403, error: "outside-folder", message: "the file is outside the relay's QA folder" };
  }
  const relative = path.relative(folder, real);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    return { status: 403, error: "outside-folder", message: "the file is outside the relay's QA folder (links are followed to where they point)" };
  }
  const stat = await fs.stat(real);
  if (!stat.isFile()) return { status: 422, error: "not-a-video", message: `${path.basename(real)} is not a file` };
  if (!VIDEO_EXTENSIONS.includes(path.extname(real).toLowerCase())) {
    return { status: 422, error: "not-a-video", message: `${path.basename(real)} is not a video (${VIDEO_EXTENSIONS.join(", ")})` };
  }
  return {
    key: `f${hashKey(`file\n${real}\n${stat.size}\n${stat.mtimeMs}`)}`,
    owner: undefined,
    subject: { kind: "file", file: relative.split(path.sep).join("/") },
    source: { kind: "file", path: real },
  };
}
