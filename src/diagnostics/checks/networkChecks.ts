/**
 * The relay from Settings, reached the two ways the panel reaches it: `fetch` (its health route)
 * and a WebSocket with first-message authentication. Without a relay both are skipped, which the
 * report shows as skipped, never as passed. The token never appears in the report.
 */
import { describeError } from "../../core/errors";
import { parseServerMessage, type ClientMessage } from "../../relay/client/protocol";
import { streamUrl, type WebSocketLike } from "../../relay/client/webSocketSession";
import type { SelfCheckContext } from "../selfCheckContext";
import { SkipCheck } from "../selfCheckContext";
import { fail, pass, type SelfCheckDefinition } from "./checkDefinition";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function relayOf(ctx: SelfCheckContext) {
  const relay = ctx.deps.relay;
  if (!relay?.url) throw new SkipCheck("No relay is configured in Settings, so there is nothing to connect to.");
  return relay;
}

/** Scheme and port, and the host only when it is this machine: enough to diagnose, nothing about where a private relay lives. */
export function describeRelay(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? `:${parsed.port}` : "";
    return LOOPBACK.has(parsed.hostname) ? `${parsed.protocol}//${parsed.hostname}${port}` : `${parsed.protocol}//<relay host>${port}`;
  } catch {
    return "an address that is not a URL";
  }
}

export const relayFetchCheck: SelfCheckDefinition = {
  id: "network-fetch",
  expected: "GET <relay>/healthz answers 200 with status ok",
  async run(ctx) {
    const relay = relayOf(ctx);
    const where = describeRelay(relay.url);
    const clock = ctx.deps.clock;
    const started = clock.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ctx.options.waitMs);
    const details = { relay: where };
    const fallback = "None for the relay: Shotbin then polls the providers itself, which works but notices finished shots later.";
    try {
      const response = await ctx.deps.fetch(`${relay.url.replace(/\/+$/, "")}/healthz`, { method: "GET", signal: abort.signal });
      const ms = clock.now() - started;
      const body = await response.text();
      let status: unknown;
      try {
        status = (JSON.parse(body) as { status?: unknown }).status;
      } catch {
        status = undefined;
      }
      const observed = `${where} answered ${response.status} in ${ms} ms${typeof status === "string" ? ` (status "${status}")` : ""}.`;
      if (response.status === 200 && status === "ok") return pass(observed, { details: { ...details, ms } });
      return fail(observed, { fallback, details: { ...details, ms, httpStatus: response.status } });
    } catch (error) {
      const hint = /failed to fetch/i.test(describeError(error)) ? " (UXP says this when the address is not in the manifest's network domains, or the connection was refused)" : "";
      return fail(`fetch to ${where} failed after ${clock.now() - started} ms: ${describeError(error)}${hint}.`, { fallback, details });
    } finally {
      clearTimeout(timer);
    }
  },
};

type SocketEnd = { opened: boolean; openedMs?: number; ready: boolean; code?: number; error?: string; timedOut: boolean };

function probeSocket(ctx: SelfCheckContext, url: string, token: string | undefined): Promise<SocketEnd> {
  const clock = ctx.deps.clock;
  const started = clock.now();
  return new Promise<SocketEnd>((resolve) => {
    const end: SocketEnd = { opened: false, ready: false, timedOut: false };
    let socket: WebSocketLike | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket) {
        socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
        try {
          socket.close(1000, "self-check done");
        } catch {
          // Already closed.
        }
      }
      resolve(end);
    };
    const timer = setTimeout(() => {
      end.timedOut = true;
      finish();
    }, ctx.options.waitMs);
    try {
      socket = ctx.deps.webSocket(url);
    } catch (error) {
      end.error = describeError(error);
      finish();
      return;
    }
    socket.onopen = () => {
      end.opened = true;
      end.openedMs = clock.now() - started;
      if (!token) return finish();
      const auth: ClientMessage = { type: "auth", token };
      socket?.send(JSON.stringify(auth));
    };
    socket.onmessage = (event) => {
      const message = typeof event.data === "string" ? parseServerMessage(event.data) : undefined;
      if (message?.type === "ready") {
        end.ready = true;
        finish();
      }
    };
    socket.onclose = (event) => {
      end.code = event.code;
      finish();
    };
    socket.onerror = () => {
      end.error ??= "the WebSocket reported an error";
    };
  });
}

export const relayWebSocketCheck: SelfCheckDefinition = {
  id: "network-websocket",
  expected: "a WebSocket to <relay>/v1/stream opens and the relay answers the token with ready",
  async run(ctx) {
    const relay = relayOf(ctx);
    const where = describeRelay(streamUrl(relay.url));
    const end = await probeSocket(ctx, streamUrl(relay.url), relay.token);
    const details = { relay: where, opened: end.opened, ready: end.ready, closeCode: end.code ?? null };
    const fallback = "The relay client falls back to long-polling over fetch (see network-fetch), and without the relay Shotbin polls the providers itself.";
    if (!end.opened) {
      return fail(`The WebSocket to ${where} did not open${end.timedOut ? ` within ${ctx.options.waitMs} ms` : ""}${end.error ? `: ${end.error}` : ""}${end.code !== undefined ? ` (closed with ${end.code})` : ""}.`, {
        fallback,
        details,
      });
    }
    if (!relay.token) {
      return pass(`The WebSocket to ${where} opened in ${end.openedMs} ms; no relay token is set, so authentication was not tried.`, { details });
    }
    if (end.ready) return pass(`The WebSocket to ${where} opened in ${end.openedMs} ms and the relay answered the token with ready.`, { details });
    if (end.code === 4401) {
      return pass(`The WebSocket to ${where} opened in ${end.openedMs} ms; the relay refused the token (4401), so the network path works but the token in Settings is wrong.`, {
        note: "Check the relay token in Settings.",
        details,
      });
    }
    return fail(`The WebSocket to ${where} opened in ${end.openedMs} ms but the relay never answered${end.timedOut ? ` within ${ctx.options.waitMs} ms` : ""}${end.code !== undefined ? ` (closed with ${end.code})` : ""}.`, {
      fallback,
      details,
    });
  },
};
