import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { z } from "../core/zodConfig";
import { PROVIDER_IDS, type ProviderId } from "../core/request";
import type { Clock } from "../core/seams/clock";
import type { VideoProvider } from "../core/videoProvider";
import type { AckCursors } from "./ackCursors";
import { WEBHOOKS_PATH, type CallbackGrant, type EventsPage, type WebhookAcceptance, type WebhooksPage } from "./client/protocol";
import type { EventFeed } from "./eventFeed";
import { publicEvent, type EventStore, type StoredEvent } from "./eventStore";
import type { RelayMetrics } from "./relayMetrics";
import { mintCallbackToken, tokenHash, UserTokens } from "./userTokens";

export const MAX_LONG_POLL_SECONDS = 60;
const PAGE_LIMIT = 1000;

const providerField = z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` });
const jobIdField = z.string({ error: "must be a string" }).min(1, "must not be empty").max(512, "must be at most 512 characters");
const registerJobBody = z.object({ provider: providerField, providerJobId: jobIdField }).strict();
const callbackBody = z.object({ provider: providerField, providerJobId: jobIdField.optional() }).strict();
const ackBody = z.object({ seq: z.number().int().min(0) }).strict();
const eventsQuery = z.object({
  after: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").optional(),
  wait: z.coerce.number({ error: "must be a number of seconds" }).min(0, "must be 0 or more").max(MAX_LONG_POLL_SECONDS, `must be at most ${MAX_LONG_POLL_SECONDS}`).default(0),
  limit: z.coerce.number({ error: "must be a whole number" }).int().min(1, "must be at least 1").max(PAGE_LIMIT, `must be at most ${PAGE_LIMIT}`).default(500),
});

export interface PanelApiDeps {
  store: EventStore;
  feed: EventFeed;
  users: UserTokens;
  acks: AckCursors;
  metrics: RelayMetrics;
  providers: (id: ProviderId) => VideoProvider | undefined;
  clock: Clock;
  logger: Logger;
  /** Where providers reach the relay; per-job callback URLs start with it. */
  publicBaseUrl: () => string;
  /** Ends waiting long-polls when the relay shuts down. */
  onClosing: (listener: () => void) => () => void;
  /** Which providers' webhooks this relay accepts. */
  webhookAcceptance: () => WebhookAcceptance[];
}

/** The user of the request's Bearer token; without one, answers 401 and returns undefined. */
export function authenticateUser(users: UserTokens, request: FastifyRequest, reply: FastifyReply): string | undefined {
  const user = users.userForHeader(request.headers.authorization);
  if (!user) void reply.code(401).header("www-authenticate", 'Bearer realm="shotbin-relay"').send({ error: "unauthorized", message: "a valid Bearer token is required" });
  return user;
}

export function invalid(reply: FastifyReply, error: z.ZodError) {
  const problems = error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  return reply.code(400).send({ error: "invalid-request", message: problems.join("; ") });
}

/** The API a panel or the CLI calls with `Authorization: Bearer <token>`. */
export async function panelApiRoutes(scope: FastifyInstance, deps: PanelApiDeps): Promise<void> {
  const { store, feed, users, acks, metrics, logger } = deps;

  const authenticate = (request: FastifyRequest, reply: FastifyReply) => authenticateUser(users, request, reply);

  scope.post("/v1/jobs", async (request, reply) => {
    const user = authenticate(request, reply);
    if (!user) return reply;
    const body = registerJobBody.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error);
    const outcome = store.registerJob(user, body.data.provider, body.data.providerJobId, deps.clock.now());
    if (outcome.kind === "conflict") {
      return reply.code(409).send({ error: "conflict", message: "another user registered this job" });
    }
    release(outcome.released);
    logger.debug({ user, provider: body.data.provider, released: outcome.released.length }, "job registered");
    return reply.code(200).send({ registered: true, released: outcome.released.length });
  });

  scope.post("/v1/callbacks", async (request, reply) => {
    const user = authenticate(request, reply);
    if (!user) return reply;
    const body = callbackBody.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error);
    const { provider, providerJobId } = body.data;
    if (!deps.providers(provider)?.webhook) {
      return reply.code(400).send({ error: "invalid-request", message: `provider: ${provider} does not send webhooks` });
    }
    if (providerJobId) {
      const outcome = store.registerJob(user, provider, providerJobId, deps.clock.now());
      if (outcome.kind === "conflict") return reply.code(409).send({ error: "conflict", message: "another user registered this job" });
      release(outcome.released);
    }
    const token = mintCallbackToken();
    store.createCallback(tokenHash(token), { user, provider, ...(providerJobId ? { jobId: providerJobId } : {}) }, deps.clock.now());
    const grant: CallbackGrant = { url: `${deps.publicBaseUrl()}/hooks/${provider}/${token}`, token };
    return reply.code(201).send(grant);
  });

  scope.post("/v1/ack", async (request, reply) => {
    const user = authenticate(request, reply);
    if (!user) return reply;
    const body = ackBody.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error);
    acks.note(user, body.data.seq);
    return reply.code(204).send();
  });

  // Which providers' webhooks are refused here (no secret): clients poll those at the normal pace.
  scope.get(WEBHOOKS_PATH, async (request, reply) => {
    const user = authenticate(request, reply);
    if (!user) return reply;
    const page: WebhooksPage = { providers: deps.webhookAcceptance() };
    return reply.code(200).send(page);
  });

  // The long-poll fallback: the same events, in the same order, as the WebSocket stream.
  scope.get("/v1/events", async (request, reply) => {
    const user = authenticate(request, reply);
    if (!user) return reply;
    const query = eventsQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    const after = query.data.after ?? acks.cursor(user);
    acks.note(user, after);
    let events = store.eventsAfter(user, after, query.data.limit);
    if (events.length === 0 && query.data.wait > 0) {
      await waitForEvent(user, query.data.wait * 1000, reply);
      events = store.eventsAfter(user, after, query.data.limit);
    }
    recordDelivery(events);
    const page: EventsPage = { events: events.map(publicEvent) };
    return reply.code(200).send(page);
  });

  /** Webhooks that beat their job's registration, now routed. */
  function release(events: StoredEvent[]): void {
    metrics.unmatchedWebhooks.dec(events.length);
    feed.publish(events);
  }

  function recordDelivery(events: StoredEvent[]): void {
    if (events.length === 0) return;
    const now = deps.clock.now();
    metrics.eventsDelivered.inc({ transport: "long-poll" }, events.length);
    for (const event of events) metrics.deliveryLag.observe(Math.max(0, now - event.receivedAtMs) / 1000);
  }

  /** Resolves at the user's next event, after `waitMs`, when the client goes away, or at shutdown. */
  function waitForEvent(user: string, waitMs: number, reply: FastifyReply): Promise<void> {
    return new Promise<void>((resolve) => {
      metrics.waitingLongPolls.inc();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe();
        stopWatchingClose();
        reply.raw.off("close", finish);
        metrics.waitingLongPolls.dec();
        resolve();
      };
      const timer = setTimeout(finish, waitMs);
      const unsubscribe = feed.subscribe(user, { notify: finish });
      const stopWatchingClose = deps.onClosing(finish);
      // The response closes early only when the client went away.
      reply.raw.on("close", finish);
    });
  }
}

export async function operationsRoutes(
  scope: FastifyInstance,
  deps: { metrics: RelayMetrics; isClosing: () => boolean; connectedPanels: () => number; metricsToken: string | undefined },
): Promise<void> {
  // /metrics answers only the scraper holding metricsToken; with none configured it stays off.
  const scraper = deps.metricsToken ? new UserTokens([{ name: "metrics", token: deps.metricsToken }]) : undefined;
  scope.get("/healthz", async (_request, reply) => {
    if (deps.isClosing()) return reply.code(503).send({ status: "closing" });
    return reply.code(200).send({ status: "ok", connectedPanels: deps.connectedPanels() });
  });
  scope.get("/metrics", async (request, reply) => {
    if (!scraper) {
      return reply.code(403).send({ error: "metrics-off", message: "set metricsToken (SHOTBIN_RELAY_METRICS_TOKEN) on the relay, then scrape with Authorization: Bearer <that token>" });
    }
    if (!scraper.userForHeader(request.headers.authorization)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="shotbin-relay-metrics"').send({ error: "unauthorized", message: "/metrics needs Authorization: Bearer <metricsToken>" });
    }
    const text = await deps.metrics.registry.metrics();
    return reply.code(200).header("content-type", deps.metrics.registry.contentType).send(text);
  });
}
