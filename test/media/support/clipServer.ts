import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small HTTP server for download tests. Each route is a behaviour: Range support, a connection
 * cut mid-body, an expiring signed URL, a truncated body, a wrong content type, transient errors.
 */
export interface ClipServer {
  url: string;
  /** Requests seen, in order: path and headers. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

const ETAG = '"clip-v1"';

function serveRange(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, options: { honourRange: boolean; cutAfter?: number }): void {
  const range = options.honourRange ? /^bytes=(\d+)-$/.exec(req.headers.range ?? "") : null;
  const ifRange = req.headers["if-range"];
  const start = range && (!ifRange || ifRange === ETAG) ? Number(range[1]) : 0;
  if (start >= body.length && range) {
    res.writeHead(416, { "Content-Range": `bytes */${body.length}` });
    res.end();
    return;
  }
  const part = body.subarray(start);
  const headers: http.OutgoingHttpHeaders = { "Content-Type": "video/mp4", "Content-Length": part.length, ETag: ETAG, "Accept-Ranges": options.honourRange ? "bytes" : "none" };
  if (start > 0) headers["Content-Range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
  res.writeHead(start > 0 ? 206 : 200, headers);
  if (options.cutAfter !== undefined && options.cutAfter < part.length) {
    res.write(part.subarray(0, options.cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(part);
}

export async function startClipServer(body: Buffer): Promise<ClipServer> {
  const requests: ClipServer["requests"] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] as string;
    requests.push({ path: req.url ?? "/", headers: req.headers });
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const half = Math.floor(body.length / 2);
    switch (path) {
      case "/clip.mp4":
        return serveRange(req, res, body, { honourRange: true });
      case "/redirect": // 302 to the URL in ?to=, as Gemini's file download does
        res.writeHead(302, { Location: new URL(req.url ?? "/", "http://x").searchParams.get("to") ?? "/clip.mp4" });
        return res.end();
      case "/cut-once.mp4": // drops the connection halfway the first time, then serves ranges
        return serveRange(req, res, body, { honourRange: true, cutAfter: count === 1 ? half : undefined });
      case "/cut-once-no-range.mp4": // drops the first time; ignores Range afterwards
        return serveRange(req, res, body, { honourRange: false, cutAfter: count === 1 ? half : undefined });
      case "/always-truncated.mp4": // announces the whole length, sends half, every time
        return serveRange(req, res, body, { honourRange: false, cutAfter: half });
      case "/signed/old.mp4":
        res.writeHead(403, { "Content-Type": "application/xml" });
        return res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      case "/signed/fresh.mp4":
        return serveRange(req, res, body, { honourRange: true });
      case "/page.html":
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end("<html><body>Sign in</body></html>");
      case "/json-as-octets":
        res.writeHead(200, { "Content-Type": "application/octet-stream" });
        return res.end(JSON.stringify({ error: "not ready" }));
      case "/busy-twice.mp4":
        if (count <= 2) {
          res.writeHead(503, count === 2 ? { "Retry-After": "2" } : {});
          return res.end();
        }
        return serveRange(req, res, body, { honourRange: true });
      case "/slow.mp4":
        res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": body.length });
        res.write(body.subarray(0, 4096));
        return; // never finishes
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
