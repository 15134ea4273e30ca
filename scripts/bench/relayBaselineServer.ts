/**
 * The ceiling for `npm run bench:relay`: a bare HTTP server that broadcasts every POST body to
 * every WebSocket client on /stream. No verification, no storage, no routing. Prints its port as
 * one JSON line, and runs until killed.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const server = createServer((request, response) => {
  if (request.method !== "POST") {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    for (const client of wss.clients) client.send(text);
    response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
const wss = new WebSocketServer({ server, path: "/stream" });
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
