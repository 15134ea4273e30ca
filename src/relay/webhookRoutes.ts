import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { PROVIDER_IDS, type ProviderId } from "../core/request";
import type { VideoProvider } from "../core/videoProvider";
import { WebhookVerificationFailure } from "../providers/webhookVerification";
import type { RelayMetrics } from "./relayMetrics";
import { answerOversize, isBodyTooLarge } from "./httpGuards";
import { redactHookPath } from "./relayLogger";
import { RelayRefusal, type WebhookIngest } from "./webhookIngest";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface WebhookRouteDeps {
  ingest: WebhookIngest;
  metrics: RelayMetrics;
  providers: (id: ProviderId) => VideoProvider | undefined;
  logger: Logger;
}

/**
 * `POST /hooks/:provider` (shared URL: routed by the provider's job id) and
 * `POST /hooks/:provider/:token` (per-job URL: routed by the token). Bodies stay raw bytes, since
 * signatures cover them exactly. Nothing in a body is ever fetched or followed.
 */
export async function webhookRoutes(scope: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const { metrics, logger } = deps;
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_WEBHOOK_BYTES }, (_request, body, done) => done(null, body));

  const knownProvider = (name: string): ProviderId | undefined =>
    (PROVIDER_IDS as readonly string[]).includes(name) && deps.providers(name as ProviderId)?.webhook ? (name as ProviderId) : undefined;

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, reason: string, message: string) => {
    const provider = knownProvider((request.params as { provider?: string }).provider ?? "") ?? "unknown";
    metrics.webhooksRejected.inc({ provider, reason });
    logger.warn({ provider, reason, path: redactHookPath(request.url), status }, `webhook refused: ${message}`);
    return reply.code(status).send({ error: reason, message });
  };

  scope.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (isBodyTooLarge(error)) {
      const provider = knownProvider((request.params as { provider?: string }).provider ?? "") ?? "unknown";
      metrics.webhooksRejected.inc({ provider, reason: "oversize" });
      return answerOversize(request, reply, { metrics, logger, limitBytes: MAX_WEBHOOK_BYTES, extra: { provider, path: redactHookPath(request.url) } });
    }
    if (error.statusCode && error.statusCode < 500) return refuse(request, reply, error.statusCode, "bad-request", error.message);
    logger.error({ err: error, path: redactHookPath(request.url) }, "webhook handler failed");
    return reply.code(500).send({ error: "internal" });
  });

  const handle = async (request: FastifyRequest<{ Params: { provider: string; token?: string } }>, reply: FastifyReply) => {
    const provider = knownProvider(request.params.provider);
    if (!provider) return refuse(request, reply, 404, "unknown-provider", "no provider with webhooks has this name");
    if (!JSON_CONTENT_TYPE.test(request.headers["content-type"] ?? "")) {
      return refuse(request, reply, 415, "content-type", "webhooks must be sent as application/json");
    }
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      const outcome = await deps.ingest.accept({
        provider,
        headers: request.headers,
        rawBody,
        ...(request.params.token !== undefined ? { pathToken: request.params.token } : {}),
      });
      logger.debug({ provider, outcome: outcome.kind, seq: outcome.kind === "routed" ? outcome.event.seq : undefined }, "webhook stored");
      return reply.code(200).send({ stored: true, duplicate: outcome.kind === "duplicate" });
    } catch (error) {
      if (error instanceof WebhookVerificationFailure) {
        return refuse(request, reply, error.reason === "malformed" ? 400 : 401, error.reason, error.message);
      }
      if (error instanceof RelayRefusal) return refuse(request, reply, 401, error.reason, error.message);
      // Storage or JWKS trouble is ours, not the sender's: a 503 makes the provider retry later.
      logger.error({ provider, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "webhook could not be stored");
      return reply.code(503).send({ error: "unavailable" });
    }
  };

  scope.post("/hooks/:provider", handle);
  scope.post("/hooks/:provider/:token", handle);
}
