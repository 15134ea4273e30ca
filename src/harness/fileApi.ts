/**
 * The harness's file API: what the browser's stand-in for UXP's `fs` calls, so that clips really
 * land on disk in the harness's media folder and the fake Premiere imports real files. Paths are
 * UXP's: `plugin:/` (the built dist/, read-only), `plugin-data:/`, `plugin-temp:/`, or native
 * paths, which must lie inside the harness's own folder.
 */
import { createReadStream } from "node:fs";
import { open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";

export interface HarnessFolders {
  /** The harness's own folder; native paths must be inside it. */
  root: string;
  plugin: string;
  data: string;
  temp: string;
}

class FileApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const FLAGS = new Set(["r", "r+", "w", "w+", "wx", "wx+", "a", "a+"]);
const MAX_READ = 16 * 1024 * 1024;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(text);
}

export class HarnessFileApi {
  private readonly handles = new Map<number, { handle: FileHandle; path: string }>();
  private nextFd = 3;

  constructor(private readonly folders: HarnessFolders) {}

  /** A UXP path as a native path, refusing anything outside the harness's folders. */
  resolve(uxpPath: string, forWriting: boolean): string {
    const schemes: [string, string][] = [
      ["plugin:", this.folders.plugin],
      ["plugin-data:", this.folders.data],
      ["plugin-temp:", this.folders.temp],
    ];
    for (const [scheme, folder] of schemes) {
      if (!uxpPath.startsWith(scheme)) continue;
      if (scheme === "plugin:" && forWriting) throw new FileApiError(403, `The plugin folder is read-only (${uxpPath}).`);
      const resolved = path.resolve(folder, `.${path.posix.normalize(`/${uxpPath.slice(scheme.length).replace(/^\/+/, "")}`)}`);
      if (!resolved.startsWith(folder)) throw new FileApiError(403, `${uxpPath} leaves its folder.`);
      return resolved;
    }
    const native = path.resolve(uxpPath.replace(/^file:(\/\/)?/, ""));
    if (native !== this.folders.root && !native.startsWith(`${this.folders.root}${path.sep}`)) {
      throw new FileApiError(403, `The harness only reaches files under ${this.folders.root}, not ${native}.`);
    }
    return native;
  }

  async closeAll(): Promise<void> {
    for (const { handle } of this.handles.values()) await handle.close().catch(() => undefined);
    this.handles.clear();
  }

  private handle(fd: unknown) {
    const open = this.handles.get(Number(fd));
    if (!open) throw new FileApiError(400, `Bad file descriptor ${String(fd)}.`);
    return open;
  }

  /** Serves `/api/fs/<op>`; returns false when the path is not one of its routes. */
  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith("/api/fs/")) return false;
    const op = url.pathname.slice("/api/fs/".length);
    try {
      if (op === "raw") await this.raw(req, res, url.searchParams.get("path") ?? "");
      else if (op === "write") await this.write(req, res, url);
      else await this.json(op, JSON.parse((await body(req)).toString("utf8") || "{}") as Record<string, unknown>, res);
    } catch (error) {
      const status = error instanceof FileApiError ? error.status : (error as NodeJS.ErrnoException).code === "ENOENT" ? 404 : (error as NodeJS.ErrnoException).code === "EEXIST" ? 409 : 500;
      if (!res.headersSent) send(res, status, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    }
    return true;
  }

  private async json(op: string, args: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const text = (key: string) => {
      const value = args[key];
      if (typeof value !== "string" || !value) throw new FileApiError(400, `${op} needs ${key}.`);
      return value;
    };
    switch (op) {
      case "lstat": {
        // "Not there" is an ordinary answer (the downloader asks it often), so it is not an HTTP error.
        const info = await stat(this.resolve(text("path"), false)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return undefined;
          throw error;
        });
        if (!info) return send(res, 200, { missing: true });
        return send(res, 200, { size: info.size, isFile: info.isFile(), isDirectory: info.isDirectory(), mtimeMs: info.mtimeMs });
      }
      case "open": {
        const flag = text("flag");
        if (!FLAGS.has(flag)) throw new FileApiError(400, `Unknown open flag ${flag}.`);
        const target = this.resolve(text("path"), flag !== "r");
        const handle = await open(target, flag);
        const fd = this.nextFd++;
        this.handles.set(fd, { handle, path: target });
        return send(res, 200, { fd });
      }
      case "close": {
        const open = this.handle(args.fd);
        this.handles.delete(Number(args.fd));
        await open.handle.close();
        return send(res, 200, {});
      }
      case "read": {
        const open = this.handle(args.fd);
        const length = Math.min(MAX_READ, Math.max(0, Number(args.length) || 0));
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await open.handle.read(buffer, 0, length, Number(args.position) || 0);
        res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-store" });
        res.end(buffer.subarray(0, bytesRead));
        return;
      }
      case "rename":
        await rename(this.resolve(text("from"), true), this.resolve(text("to"), true));
        return send(res, 200, {});
      case "unlink":
        await unlink(this.resolve(text("path"), true));
        return send(res, 200, {});
      case "readFile":
        return send(res, 200, { text: await readFile(this.resolve(text("path"), false), "utf8") });
      case "writeFile":
        await writeFile(this.resolve(text("path"), true), typeof args.text === "string" ? args.text : "", "utf8");
        return send(res, 200, {});
      case "list": {
        const folder = this.resolve(text("path"), false);
        const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
        return send(res, 200, { names });
      }
      default:
        throw new FileApiError(404, `No file operation ${op}.`);
    }
  }

  private async write(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const open = this.handle(url.searchParams.get("fd"));
    const data = await body(req);
    const { bytesWritten } = await open.handle.write(data, 0, data.length, Number(url.searchParams.get("position")) || 0);
    send(res, 200, { bytesWritten });
  }

  /** A file as `<video src>` loads it, with Range support so seeking works. */
  private async raw(req: IncomingMessage, res: ServerResponse, uxpPath: string): Promise<void> {
    const target = this.resolve(uxpPath, false);
    const { size } = await stat(target);
    const type = /\.(mp4|m4v)$/i.test(target) ? "video/mp4" : /\.mov$/i.test(target) ? "video/quicktime" : /\.png$/i.test(target) ? "image/png" : "application/octet-stream";
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (range && size > 0) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
      res.writeHead(206, { "content-type": type, "accept-ranges": "bytes", "content-range": `bytes ${start}-${end}/${size}`, "content-length": end - start + 1 });
      createReadStream(target, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { "content-type": type, "accept-ranges": "bytes", "content-length": size });
    createReadStream(target).pipe(res);
  }
}
