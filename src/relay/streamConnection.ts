import type { Logger } from "pino";
import WebSocket from "ws";
import type { Clock } from "../core/seams/clock";
import type { AckCursors } from "./ackCursors";
import { CLOSE_CODES, parseClientMessage, type ServerMessage } from "./client/protocol";
import type { EventFeed } from "./eventFeed";
import { eventFrame } from "./eventFrames";
import type { EventStore, StoredEvent } from "./eventStore";
import type { RelayMetrics } from "./relayMetrics";
import type { UserTokens } from "./userTokens";

export interface StreamDeps {
  store: EventStore;
  feed: EventFeed;
  users: UserTokens;
  acks: AckCursors;
  metrics: RelayMetrics;
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
  authTimeoutMs: number;
}

const REPLAY_PAGE = 500;
/** Above this many buffered bytes a panel is read from the database instead of fed live. */
const HIGH_WATER_BYTES = 1024 * 1024;

/**
 * One panel's WebSocket. It authenticates with its first message, is replayed every event after
 * its cursor from the database, then follows the live feed. Live delivery and replay never overlap:
 * while catching up, live notifications are ignored and the next page read picks them up.
 */
export class StreamConnection {
  user: string | undefined;
  lastHeardMs: number;
  private mode: "auth" | "catching-up" | "live" | "closed" = "auth";
  private lastSentSeq = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: StreamDeps,
  ) {
    this.lastHeardMs = deps.clock.now();
    this.authTimer = setTimeout(() => this.close(CLOSE_CODES.authTimeout, "authenticate first"), deps.authTimeoutMs);
    ws.on("message", (data, isBinary) => this.onMessage(isBinary ? "" : data.toString()));
    ws.on("close", () => this.onClosed());
    ws.on("error", () => undefined);
  }

  get authenticated(): boolean {
    return this.user !== undefined && this.mode !== "closed";
  }

  /** Heartbeat sweep: a ping to a healthy panel, a hard close for one that has gone quiet. */
  heartbeat(nowMs: number): void {
    if (this.mode === "closed" || this.mode === "auth") return;
    if (nowMs - this.lastHeardMs > 3 * this.deps.heartbeatMs) {
      this.deps.logger.info({ user: this.user }, "panel missed its heartbeats; closing");
      this.ws.terminate();
      return;
    }
    this.send({ type: "ping" });
  }

  close(code: number, reason: string): void {
    if (this.mode === "closed") return;
    this.ws.close(code, reason);
  }

  private onMessage(text: string): void {
    this.lastHeardMs = this.deps.clock.now();
    const message = parseClientMessage(text);
    if (!message) {
      this.close(CLOSE_CODES.badMessage, "unreadable message");
      return;
    }
    if (this.mode === "auth") {
      if (message.type !== "auth") {
        this.close(CLOSE_CODES.badMessage, "the first message must be auth");
        return;
      }
      this.authenticate(message.token, message.after);
      return;
    }
    if (message.type === "ack" && this.user) this.deps.acks.note(this.user, Math.min(message.seq, this.lastSentSeq));
    else if (message.type === "auth") this.close(CLOSE_CODES.badMessage, "already authenticated");
  }

  private authenticate(token: string, after: number | undefined): void {
    clearTimeout(this.authTimer);
    const user = this.deps.users.userFor(token);
    if (!user) {
      this.deps.logger.warn("panel refused: unknown token");
      this.close(CLOSE_CODES.unauthorized, "unknown token");
      return;
    }
    this.user = user;
    this.lastSentSeq = after ?? this.deps.acks.cursor(user);
    this.deps.acks.note(user, this.lastSentSeq);
    this.deps.metrics.connectedPanels.inc();
    this.send({ type: "ready", user, after: this.lastSentSeq, heartbeatMs: this.deps.heartbeatMs });
    this.unsubscribe = this.deps.feed.subscribe(user, { notify: (events) => this.notify(events) });
    this.deps.logger.info({ user, after: this.lastSentSeq }, "panel connected");
    void this.catchUp();
  }

  private notify(events: readonly StoredEvent[]): void {
    if (this.mode !== "live") return;
    for (const event of events) if (event.seq > this.lastSentSeq) this.sendEvent(event);
    if (this.ws.bufferedAmount > HIGH_WATER_BYTES) void this.catchUp();
  }

  /** Sends stored events page by page, waiting for each page to drain, then goes live in the same turn as the last read. */
  private async catchUp(): Promise<void> {
    this.mode = "catching-up";
    while (this.mode === "catching-up" && this.user) {
      if (this.ws.bufferedAmount > HIGH_WATER_BYTES / 4) {
        await this.drained();
        continue;
      }
      const page = this.deps.store.eventsAfter(this.user, this.lastSentSeq, REPLAY_PAGE);
      for (const event of page) this.sendEvent(event);
      if (page.length < REPLAY_PAGE) {
        this.mode = "live";
        return;
      }
      await this.drained();
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      if (this.mode === "closed") resolve();
      // The callback runs once everything queued so far has been handed to the socket.
      else this.ws.send(JSON.stringify({ type: "ping" } satisfies ServerMessage), () => resolve());
    });
  }

  private sendEvent(event: StoredEvent): void {
    this.lastSentSeq = event.seq;
    this.ws.send(eventFrame(event));
    this.deps.metrics.eventsDelivered.inc({ transport: "websocket" });
    this.deps.metrics.deliveryLag.observe(Math.max(0, this.deps.clock.now() - event.receivedAtMs) / 1000);
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onClosed(): void {
    clearTimeout(this.authTimer);
    if (this.user && this.mode !== "closed") this.deps.metrics.connectedPanels.dec();
    this.mode = "closed";
    this.unsubscribe?.();
  }
}
