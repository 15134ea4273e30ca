import { createWriteStream, promises as fs } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export class QaDownloadError extends Error {
  override readonly name = "QaDownloadError";
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/**
 * Streams `url` (a job's own result URL, from its verified webhook) to `target`, refusing more than
 * `maxBytes`. Redirects are followed: signed CDN links often redirect to storage. The URL's query
 * (a signature) is never put into an error message.
 */
export async function downloadResult(url: string, target: string, maxBytes: number, signal: AbortSignal): Promise<void> {
  const shown = (() => {
    try {
      const parsed = new URL(url);
      return `${parsed.origin}${parsed.pathname}`;
    } catch {
      return "the result URL";
    }
  })();
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new QaDownloadError(`the result at ${shown} cannot be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new QaDownloadError(`the provider answered ${response.status} for the result at ${shown}${response.status === 403 || response.status === 404 || response.status === 410 ? " (a signed link may have expired)" : ""}`);
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    throw new QaDownloadError(`the result is ${declared} bytes, over the relay's limit of ${maxBytes}`, true);
  }
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBytes) done(new QaDownloadError(`the result is over the relay's limit of ${maxBytes} bytes`, true));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), limit, createWriteStream(target), { signal });
  } catch (error) {
    await fs.rm(target, { force: true });
    if (error instanceof QaDownloadError || signal.aborted) throw error;
    throw new QaDownloadError(`the download of ${shown} broke off (${error instanceof Error ? error.message : String(error)})`);
  }
}
