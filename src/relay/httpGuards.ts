import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import proxyAddr from "@fastify/proxy-addr";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { STREAM_PATH } from "./client/protocol";
import type { RelayConfig } from "./config";
import type { RateLimiter } from "./rateLimiter";
import type { RelayMetrics } from "./relayMetrics";

/**
 * What every request to the relay goes through, whatever its route: the per-address rate limit
 * (429 with Retry-After, counted), the 413 for a body over its route's limit (answered, counted
 * and logged whatever the body's size), and one access-log line. Log lines carry the route's
 * pattern (`/hooks/:provider/:token`), never the URL, so no token, signature or query reaches them.
 */
export interface GuardDeps {
  limiter: RateLimiter;
  metrics: RelayMetrics;
  logger: Logger;
  accessLog: boolean;
}

/** The route's pattern, or a fixed word: never the request's own path (it may hold a token). */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? "(no route)";
}

function declaredBytes(headers: IncomingMessage["headers"]): number | undefined {
  const value = Number(headers["content-length"]);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function isBodyTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "FST_ERR_CTP_BODY_TOO_LARGE";
}

/**
 * 413 for a body over `limitBytes`. It is counted and logged first, then answered at once; the
 * rest of the body is read and thrown away so that the client, still sending, reads the 413
 * instead of a reset connection, which is then closed.
 */
export function answerOversize(request: FastifyRequest, reply: FastifyReply, deps: { metrics: RelayMetrics; logger: Logger; limitBytes: number; extra?: Record<string, unknown> }) {
  const route = routeOf(request);
  deps.metrics.oversizeBodies.inc({ route });
  deps.logger.warn({ method: request.method, route, status: 413, declaredBytes: declaredBytes(request.headers), limitBytes: deps.limitBytes, ip: request.ip, ...deps.extra }, "request refused: body over the limit");
  request.raw.resume();
  return reply
    .code(413)
    .header("connection", "close")
    .send({ error: "oversize", message: `the body is over ${deps.limitBytes} bytes` });
}

export function registerGuards(app: FastifyInstance, deps: GuardDeps): void {
  app.addHook("onRequest", async (request, reply) => {
    const decision = deps.limiter.take(request.ip);
    if (decision.allowed) return;
    deps.metrics.rateLimited.inc({ route: routeOf(request) });
    await reply
      .code(429)
      .header("retry-after", String(decision.retryAfterSeconds))
      .send({ error: "rate-limited", message: `too many requests from this address; try again in ${decision.retryAfterSeconds} s` });
  });

  if (deps.accessLog) {
    app.addHook("onResponse", async (request, reply) => {
      const sent = Number(reply.getHeader("content-length"));
      deps.logger.info(
        {
          access: true,
          method: request.method,
          route: routeOf(request),
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          requestBytes: declaredBytes(request.headers) ?? (Buffer.isBuffer(request.body) ? request.body.length : 0),
          responseBytes: Number.isFinite(sent) ? sent : 0,
          ip: request.ip,
        },
        "request",
      );
    });
  }

  // Routes without a handler of their own (the panel API, health, metrics): fastify's answers, but a
  // body over the limit gets the same 413 as a webhook.
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (isBodyTooLarge(error)) return answerOversize(request, reply, { metrics: deps.metrics, logger: deps.logger, limitBytes: request.routeOptions.bodyLimit ?? 0 });
    if ((error.statusCode ?? 500) >= 500) deps.logger.error({ err: { message: error.message, stack: error.stack }, route: routeOf(request) }, "request failed");
    return reply.send(error);
  });
}

/** The source address of a raw request, believing X-Forwarded-For only from the configured proxies. */
export function sourceAddress(request: IncomingMessage, trustProxy: RelayConfig["trustProxy"]): string | undefined {
  if (trustProxy === false) return request.socket.remoteAddress;
  const trust = trustProxy === true ? () => true : proxyAddr.compile(trustProxy);
  return proxyAddr(request, trust);
}

/**
 * The same limit and access line for a WebSocket upgrade, which the stream server takes before
 * fastify sees it. Returns false (and answers 429 on the socket) when the address is over its limit.
 */
export function admitUpgrade(request: IncomingMessage, socket: Duplex, deps: GuardDeps & { trustProxy: RelayConfig["trustProxy"] }): boolean {
  const ip = sourceAddress(request, deps.trustProxy);
  const route = (request.url ?? "").split("?")[0] === STREAM_PATH ? STREAM_PATH : "(no route)";
  const decision = deps.limiter.take(ip);
  const allowed = decision.allowed;
  if (!allowed) {
    deps.metrics.rateLimited.inc({ route });
    socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${decision.retryAfterSeconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  if (deps.accessLog) {
    const status = !allowed ? 429 : route === STREAM_PATH ? 101 : 404;
    deps.logger.info({ access: true, method: request.method ?? "GET", route, status, durationMs: 0, requestBytes: 0, responseBytes: 0, ip }, "upgrade");
  }
  return allowed;
}
