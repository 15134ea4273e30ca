import type { Clock } from "../../core/seams/clock";
import { CLOSE_CODES, parseServerMessage, STREAM_PATH, type ClientMessage, type RelayEvent } from "./protocol";

/**
 * The slice of the WebSocket API the client uses: the browser/UXP one, or `ws` in Node. UXP's
 * WebSocket cannot set headers, which is why the token goes in the first message.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

export interface SessionEnd {
  /** Whether the relay accepted the token and the stream started. */
  ready: boolean;
  unauthorized: boolean;
  code?: number;
  reason?: string;
}

export interface WebSocketSessionOptions {
  baseUrl: string;
  token: string;
  /** The last sequence processed; undefined lets the relay resume from its own record of acks. */
  after: number | undefined;
  factory: WebSocketFactory;
  clock: Clock;
  /** How long to wait for `ready` after opening the socket. */
  connectTimeoutMs: number;
  signal: AbortSignal;
  onReady(after: number): void;
  onEvent(event: RelayEvent): void;
}

export interface WebSocketSession {
  /** Tells the relay everything up to `seq` is processed. */
  ack(seq: number): void;
  /** Resolves when the connection has ended, for whatever reason. */
  ended: Promise<SessionEnd>;
}

/** `https://relay/x` → `wss://relay/x/v1/stream`. */
export function streamUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "").replace(/^http(s?):\/\//i, "ws$1://")}${STREAM_PATH}`;
}

/** One WebSocket connection: authenticate, receive events, answer pings, notice when the relay goes quiet. */
export function openWebSocketSession(options: WebSocketSessionOptions): WebSocketSession {
  const { clock } = options;
  let socket: WebSocketLike | undefined;
  let ready = false;
  let finished = false;
  let lastHeardMs = clock.now();
  let silenceLimitMs = options.connectTimeoutMs;
  // Aborting this wakes the watchdog early: to stop it, or to re-time it once `ready` sets the heartbeat.
  let watchdogWake = new AbortController();
  let resolveEnded!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>((resolve) => (resolveEnded = resolve));

  const send = (message: ClientMessage) => {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  };

  const finish = (code: number | undefined, reason: string | undefined, closeSocket: boolean) => {
    if (finished) return;
    finished = true;
    watchdogWake.abort();
    options.signal.removeEventListener("abort", onAbort);
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      if (closeSocket) {
        try {
          socket.close(code, reason);
        } catch {
          // Already closing.
        }
      }
    }
    resolveEnded({
      ready,
      unauthorized: code === CLOSE_CODES.unauthorized,
      ...(code !== undefined ? { code } : {}),
      ...(reason !== undefined ? { reason } : {}),
    });
  };
  const onAbort = () => finish(CLOSE_CODES.normal, "client stopped", true);

  const watchdog = async () => {
    while (!finished) {
      try {
        await clock.sleep(Math.max(10, silenceLimitMs / 4), watchdogWake.signal);
      } catch {
        if (finished) return;
        watchdogWake = new AbortController();
        continue;
      }
      if (!finished && clock.now() - lastHeardMs > silenceLimitMs) finish(CLOSE_CODES.heartbeatTimeout, "relay went quiet", true);
    }
  };

  if (options.signal.aborted) {
    finish(CLOSE_CODES.normal, "client stopped", false);
  } else {
    options.signal.addEventListener("abort", onAbort);
    try {
      socket = options.factory(streamUrl(options.baseUrl));
    } catch (error) {
      finish(undefined, error instanceof Error ? error.message : String(error), false);
    }
  }

  if (socket && !finished) {
    const ws = socket;
    ws.onopen = () => {
      lastHeardMs = clock.now();
      send(options.after === undefined ? { type: "auth", token: options.token } : { type: "auth", token: options.token, after: options.after });
    };
    ws.onmessage = (event) => {
      lastHeardMs = clock.now();
      const message = typeof event.data === "string" ? parseServerMessage(event.data) : undefined;
      if (!message) return;
      if (message.type === "ping") send({ type: "pong" });
      else if (message.type === "ready") {
        ready = true;
        // Three missed heartbeats mean the connection is dead even if the OS has not noticed.
        silenceLimitMs = 3 * message.heartbeatMs;
        watchdogWake.abort();
        options.onReady(message.after);
      } else if (message.type === "event" && ready) options.onEvent(message.event);
    };
    ws.onclose = (event) => finish(event.code, event.reason, false);
    ws.onerror = () => undefined;
    void watchdog();
  }

  return {
    ack: (seq) => {
      if (ready && !finished) send({ type: "ack", seq });
    },
    ended,
  };
}
