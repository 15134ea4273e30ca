/**
 * Same-origin routes from the harness page to the fake providers and the relay, so the panel's
 * fetches need no CORS: `/fake/...` and `/relay/...` are forwarded with the prefix removed, and
 * WebSocket upgrades to `/relay/...` are piped through byte for byte.
 */
import { request, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";

export interface ProxyTarget {
  host: string;
  port: number;
}

export function targetOf(origin: string): ProxyTarget {
  const url = new URL(origin);
  return { host: url.hostname, port: Number(url.port) };
}

export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, path: string): void {
  const headers = { ...req.headers, host: `${target.host}:${target.port}` };
  const upstream = request({ host: target.host, port: target.port, method: req.method, path, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`harness proxy: ${error.message}`);
  });
  req.pipe(upstream);
}

export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: ProxyTarget, path: string): void {
  const upstream: Socket = connect(target.port, target.host, () => {
    const lines = [`${req.method ?? "GET"} ${path} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      const value = name.toLowerCase() === "host" ? `${target.host}:${target.port}` : (req.rawHeaders[i + 1] as string);
      lines.push(`${name}: ${value}`);
    }
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  const close = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on("error", close);
  socket.on("error", close);
  upstream.on("close", close);
  socket.on("close", close);
}
