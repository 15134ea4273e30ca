import { backoffDelay } from "../core/backoff";
import { MediaError } from "../core/errors";
import { fetchFollowingRedirects } from "./followRedirects";
import { abortReason, type Clock } from "../core/seams/clock";
import type { FileSystem } from "../core/seams/fileSystem";
import type { HttpFetch, HttpResponse } from "../core/seams/http";
import type { RandomAccessFile } from "../core/seams/randomAccessFile";
import type { DownloadDescriptor } from "../core/videoProvider";
import { concatBytes } from "./bigEndian";
import { looksLikeBoxFile } from "./containerFormat";
import { isSafeFileName, isSafeStillFileName, numberedName } from "./fileNameTemplate";
import { looksLikeStillStart } from "./stills/stillFormat";

/**
 * Fetches a finished clip into the destination folder: streamed to a temporary file next to the
 * final one (memory stays at about one write buffer, whatever the clip's size), resumed with HTTP
 * Range after a dropped connection, checked for length and type, retried with backoff, and given
 * a fresh signed URL through `refresh` when the old one has expired. Only a complete, verified
 * file is renamed to its final name, and an existing file is never replaced: the clip gets the
 * first free name of `name.mp4`, `name_2.mp4`, `name_3.mp4`, ...
 */

/** Where `shotbin-asset:<name>` clips (the simulator's) come from: each face opens its own folder. */
export interface AssetSource {
  open(name: string): Promise<RandomAccessFile>;
}

export interface DownloadProgress {
  bytes: number;
  /** Unknown until the server says (no Content-Length). */
  total?: number;
  /** Average over this download so far. */
  bytesPerSecond: number;
}

export interface RetryPolicy {
  /** Consecutive failed attempts (without new bytes) before giving up. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DownloadOptions {
  descriptor: DownloadDescriptor;
  /** Asks the provider adapter for a fresh descriptor when a signed URL has expired. */
  refresh?: () => Promise<DownloadDescriptor>;
  fetch: HttpFetch;
  files: FileSystem;
  assets?: AssetSource;
  destinationFolder: string;
  /** A single, already sanitised name (see `renderFileName`). */
  fileName: string;
  clock: Clock;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Bytes gathered before each write; bounds memory. */
  writeBufferBytes?: number;
  /** What the file must be: an MP4/MOV clip (default) or a PNG, JPEG or WebP still. */
  expect?: "video" | "still";
}

export interface DownloadResult {
  path: string;
  bytes: number;
  contentType: string;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 };
const MAX_REFRESHES = 3;
const PROGRESS_INTERVAL_MS = 100;
const MAX_NAME_ATTEMPTS = 999;
const ASSET_SCHEME = "shotbin-asset:";

/** Scheme, host and path only: signed URLs carry credentials in their query, which must not leak. */
export function describeUrl(url: string): string {
  if (url.startsWith(ASSET_SCHEME)) return url;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^/?#]*)([^?#]*)/i.exec(url);
  return match ? `${match[1]}${match[2]}${match[3]}` : "(unparseable URL)";
}

function mediaTypeOf(header: string | null): string | undefined {
  return header?.split(";")[0]?.trim().toLowerCase() || undefined;
}

function acceptableType(type: string | undefined, expect: "video" | "still" = "video"): boolean {
  if (type === undefined || ["application/octet-stream", "binary/octet-stream"].includes(type)) return true;
  return expect === "still" ? type.startsWith("image/") : type.startsWith("video/") || type === "application/mp4";
}

/** Thrown inside the transfer loop for failures worth another attempt. */
class Transient extends Error {}

interface Transfer {
  expect: "video" | "still";
  file: RandomAccessFile;
  received: number;
  highWater: number;
  total?: number;
  validator?: string;
  contentType?: string;
  head?: Uint8Array;
}

function parseContentRange(header: string | null): { start: number; total?: number } | undefined {
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header?.trim() ?? "");
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[3] === "*" ? undefined : Number(match[3]) };
}

function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export async function downloadClip(options: DownloadOptions): Promise<DownloadResult> {
  const { files, clock, signal } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const writeBufferBytes = options.writeBufferBytes ?? 1 << 20;
  if (!(options.expect === "still" ? isSafeStillFileName(options.fileName) : isSafeFileName(options.fileName))) {
    throw new MediaError("name", `'${options.fileName}' is not a safe file name; build it with renderFileName().`);
  }
  const checkAbort = () => {
    if (signal?.aborted) throw new MediaError("aborted", "The download was cancelled.", undefined, { cause: abortReason(signal) });
  };
  checkAbort();

  const [stem] = options.fileName.split(/\.(?=[^.]*$)/);
  let tempPath = "";
  let file: RandomAccessFile | undefined;
  const createTemp = async () => {
    for (let i = 0; i < 5; i++) {
      const token = `${clock.now().toString(36)}${Math.floor(Math.random() * 0xffffff).toString(36)}`;
      tempPath = files.join(options.destinationFolder, `${stem}.${token}.part`);
      try {
        return await files.createNew(tempPath);
      } catch (error) {
        if (!(await files.exists(tempPath))) {
          throw new MediaError("io", `Cannot create a file in ${options.destinationFolder}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
        }
      }
    }
    throw new MediaError("io", `Cannot find a free temporary name in ${options.destinationFolder}.`);
  };

  const started = clock.now();
  let lastProgress = Number.NEGATIVE_INFINITY;
  const report = (transfer: Transfer, force = false) => {
    if (!options.onProgress) return;
    const now = clock.now();
    if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    options.onProgress({
      bytes: transfer.received,
      ...(transfer.total !== undefined ? { total: transfer.total } : {}),
      bytesPerSecond: seconds > 0 ? transfer.received / seconds : 0,
    });
  };

  try {
    file = await createTemp();
    const transfer: Transfer = { expect: options.expect ?? "video", file, received: 0, highWater: 0 };
    const restart = async () => {
      await transfer.file.close();
      await files.remove(tempPath);
      transfer.file = file = await createTemp();
      transfer.received = 0;
      transfer.head = undefined;
    };
    let contentType: string;
    if (options.descriptor.url.startsWith(ASSET_SCHEME)) {
      await copyAsset(options, transfer, writeBufferBytes, report, checkAbort);
      contentType = options.descriptor.mediaType;
    } else {
      await fetchWithResume(options, transfer, retry, writeBufferBytes, report, checkAbort, restart);
      contentType = transfer.contentType?.startsWith(transfer.expect === "still" ? "image/" : "video/") ? transfer.contentType : options.descriptor.mediaType;
    }
    report(transfer, true);
    await transfer.file.sync();
    await transfer.file.close();
    file = undefined;

    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const target = files.join(options.destinationFolder, numberedName(options.fileName, attempt));
      if (await files.renameNoReplace(tempPath, target)) return { path: target, bytes: transfer.received, contentType };
    }
    throw new MediaError("name", `${options.fileName} and its numbered variants up to _${MAX_NAME_ATTEMPTS} all exist in ${options.destinationFolder}.`);
  } catch (error) {
    if (file) await file.close().catch(() => undefined);
    if (tempPath) await files.remove(tempPath).catch(() => undefined);
    throw error;
  }
}

async function writeChunk(transfer: Transfer, bytes: Uint8Array): Promise<void> {
  if (transfer.received === 0 && !transfer.head) transfer.head = bytes.slice(0, 8);
  else if (transfer.head && transfer.head.length < 8 && transfer.received < 8) {
    transfer.head = concatBytes([transfer.head, bytes]).slice(0, 8);
  }
  await transfer.file.write(transfer.received, bytes);
  transfer.received += bytes.length;
  transfer.highWater = Math.max(transfer.highWater, transfer.received);
  if (transfer.head && transfer.head.length >= 8 && transfer.expect === "video" && !looksLikeBoxFile(transfer.head)) {
    throw new MediaError("download", "The server sent something that is not an MP4 or MOV file (it does not start with an ftyp box).");
  }
  if (transfer.head && transfer.head.length >= 8 && transfer.expect === "still" && !looksLikeStillStart(transfer.head)) {
    throw new MediaError("download", "The server sent something that is not a PNG, JPEG or WebP still.");
  }
}

async function copyAsset(
  options: DownloadOptions,
  transfer: Transfer,
  bufferBytes: number,
  report: (t: Transfer) => void,
  checkAbort: () => void,
): Promise<void> {
  const name = options.descriptor.url.slice(ASSET_SCHEME.length);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !options.assets) {
    throw new MediaError("download", options.assets ? `'${name}' is not a bundled clip name.` : "No asset source was given for a bundled clip.");
  }
  const source = await options.assets.open(name);
  try {
    const size = await source.size();
    transfer.total = size;
    while (transfer.received < size) {
      checkAbort();
      const chunk = await source.read(transfer.received, Math.min(bufferBytes, size - transfer.received));
      if (chunk.length === 0) throw new MediaError("download", `The bundled clip ${name} ended early.`);
      await writeChunk(transfer, chunk);
      report(transfer);
    }
  } finally {
    await source.close();
  }
}

async function fetchWithResume(
  options: DownloadOptions,
  transfer: Transfer,
  retry: RetryPolicy,
  bufferBytes: number,
  report: (t: Transfer) => void,
  checkAbort: () => void,
  restart: () => Promise<void>,
): Promise<void> {
  const { clock, signal } = options;
  let descriptor = options.descriptor;
  let refreshes = 0;
  let failures = 0;
  let lastProblem = "";
  for (;;) {
    checkAbort();
    const where = describeUrl(descriptor.url);
    const progressBefore = transfer.highWater;
    let waitMs: number | undefined;
    try {
      const headers: Record<string, string> = { ...descriptor.headers };
      if (transfer.received > 0) {
        headers.Range = `bytes=${transfer.received}-`;
        if (transfer.validator) headers["If-Range"] = transfer.validator;
      }
      let response: HttpResponse;
      try {
        response = descriptor.followRedirects
          ? await fetchFollowingRedirects(options.fetch, descriptor.url, headers, signal)
          : await options.fetch(descriptor.url, { method: "GET", headers, ...(signal ? { signal } : {}), redirect: "manual" });
      } catch (error) {
        checkAbort();
        throw new Transient(`could not reach ${where} (${error instanceof Error ? error.message : String(error)})`);
      }
      const status = response.status;
      if (status === 403 || status === 404 || status === 410) {
        await response.body?.cancel().catch(() => undefined);
        if (descriptor.expires && options.refresh && refreshes < MAX_REFRESHES) {
          refreshes++;
          descriptor = await options.refresh();
          continue;
        }
        throw descriptor.expires
          ? new MediaError("expired", `The download link for this clip has expired (${where} answered ${status})${options.refresh ? ` and ${MAX_REFRESHES} fresh links did not help` : ""}.`)
          : new MediaError("download", `${where} answered ${status}; the clip cannot be downloaded from there.`);
      }
      if (status === 401) throw new MediaError("download", `${where} refused the credentials (401).`);
      if (status === 416) {
        await response.body?.cancel().catch(() => undefined);
        if (transfer.total !== undefined && transfer.received === transfer.total) return;
        await restart();
        throw new Transient(`${where} could not serve the rest of the file (416)`);
      }
      if (status === 408 || status === 425 || status === 429 || status >= 500) {
        await response.body?.cancel().catch(() => undefined);
        waitMs = retryAfterMs(response.headers.get("retry-after"), clock.now());
        throw new Transient(`${where} answered ${status}`);
      }
      if (status >= 300 && status < 400) throw new MediaError("download", `${where} redirected (${status}) where no redirect was expected.`);
      if (status !== 200 && status !== 206) throw new MediaError("download", `${where} answered ${status}.`);

      const type = mediaTypeOf(response.headers.get("content-type"));
      if (!acceptableType(type, transfer.expect)) {
        await response.body?.cancel().catch(() => undefined);
        throw new MediaError("download", `Expected ${transfer.expect === "still" ? "an image" : "a video"} from ${where} but it sent ${type}.`);
      }
      transfer.contentType = type;
      const length = response.headers.get("content-length");
      if (status === 206) {
        const range = parseContentRange(response.headers.get("content-range"));
        if (!range || range.start !== transfer.received || (transfer.total !== undefined && range.total !== undefined && range.total !== transfer.total)) {
          await response.body?.cancel().catch(() => undefined);
          await restart();
          throw new Transient(`${where} answered the resume with a different part or a different file`);
        }
        if (range.total !== undefined) transfer.total = range.total;
      } else {
        if (transfer.received > 0) await restart(); // the server ignored Range (or If-Range failed)
        transfer.total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
      }
      transfer.validator = response.headers.get("etag") ?? response.headers.get("last-modified") ?? undefined;
      if (!response.body) throw new Transient(`${where} sent no body`);

      const reader = response.body.getReader();
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pendingBytes) return;
        const bytes = pending.length === 1 ? (pending[0] as Uint8Array) : concatBytes(pending);
        pending = [];
        pendingBytes = 0;
        await writeChunk(transfer, bytes);
        report(transfer);
      };
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          pending.push(value);
          pendingBytes += value.length;
          if (pendingBytes >= bufferBytes) await flush();
        }
      } catch (error) {
        await flush();
        checkAbort();
        const of = transfer.total !== undefined ? ` of ${transfer.total}` : "";
        throw new Transient(`the body from ${where} was cut off: the connection dropped after ${transfer.received}${of} bytes (${error instanceof Error ? error.message : String(error)})`);
      }
      await flush();
      if (transfer.total !== undefined && transfer.received < transfer.total) {
        throw new Transient(`the body from ${where} was cut off: it ended after ${transfer.received} of ${transfer.total} bytes`);
      }
      if (transfer.total !== undefined && transfer.received > transfer.total) {
        throw new MediaError("download", `${where} sent ${transfer.received} bytes but announced ${transfer.total}.`);
      }
      if (transfer.received === 0) throw new MediaError("download", `${where} sent an empty file.`);
      return;
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      lastProblem = error.message;
      failures = transfer.highWater > progressBefore ? 1 : failures + 1;
      if (failures >= retry.attempts) {
        throw new MediaError("download", `Gave up after ${failures} attempts without progress: ${lastProblem}.`);
      }
      const backoff = backoffDelay({ initialDelayMs: retry.baseDelayMs, maxDelayMs: retry.maxDelayMs }, failures);
      await clock.sleep(Math.min(retry.maxDelayMs, waitMs ?? backoff), signal).catch(() => checkAbort());
    }
  }
}
