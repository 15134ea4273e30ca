import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { CLOSE_CODES, STREAM_PATH } from "./client/protocol";
import { StreamConnection, type StreamDeps } from "./streamConnection";

/** `GET /v1/stream`: accepts WebSocket upgrades, keeps every panel connection, sweeps heartbeats. */
export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<StreamConnection>();
  private readonly sockets = new Set<import("ws").WebSocket>();
  private readonly sweep: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly deps: StreamDeps) {
    this.sweep = setInterval(() => {
      const now = deps.clock.now();
      for (const connection of this.connections) connection.heartbeat(now);
    }, deps.heartbeatMs);
    this.sweep.unref();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? "").split("?")[0];
    if (this.closing || path !== STREAM_PATH) {
      socket.end(`HTTP/1.1 ${this.closing ? "503 Service Unavailable" : "404 Not Found"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new StreamConnection(ws, this.deps);
      this.connections.add(connection);
      this.sockets.add(ws);
      ws.on("close", () => {
        this.connections.delete(connection);
        this.sockets.delete(ws);
      });
    });
  }

  connectedPanels(): number {
    let count = 0;
    for (const connection of this.connections) if (connection.authenticated) count++;
    return count;
  }

  /** Closes every socket with a reason, then cuts any that have not finished the close handshake in time. */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    clearInterval(this.sweep);
    const closed = [...this.sockets].map((ws) => new Promise<void>((resolve) => ws.once("close", () => resolve())));
    for (const connection of this.connections) connection.close(CLOSE_CODES.shuttingDown, "relay shutting down");
    const timer = setTimeout(() => {
      for (const ws of this.sockets) ws.terminate();
    }, graceMs);
    await Promise.all(closed);
    clearTimeout(timer);
    this.wss.close();
  }
}
