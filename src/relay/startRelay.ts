import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import type { DestinationStream, Logger } from "pino";
import type { ProviderId } from "../core/request";
import { systemClock, type Clock } from "../core/seams/clock";
import { globalFetch, type HttpFetch } from "../core/seams/http";
import { staticKeyStore } from "../core/seams/keyStore";
import type { ImageProvider } from "../core/imageProvider";
import type { VideoProvider } from "../core/videoProvider";
import { FalJwksCache } from "../providers/falWebhookSignature";
import { createImageProviderRegistry } from "../providers/imageRegistry";
import { createProviderRegistry } from "../providers/registry";
import { AckCursors } from "./ackCursors";
import { describeConfig, type RelayConfig } from "./config";
import { admitUpgrade, registerGuards } from "./httpGuards";
import { RateLimiter } from "./rateLimiter";
import { EventFeed } from "./eventFeed";
import { EventStore } from "./eventStore";
import { operationsRoutes, panelApiRoutes } from "./panelApiRoutes";
import { openRelayDatabase } from "./relayDatabase";
import { createRelayLogger } from "./relayLogger";
import { RelayMetrics } from "./relayMetrics";
import { startRetention } from "./retention";
import { StreamServer } from "./streamServer";
import { UserTokens } from "./userTokens";
import { WebhookIngest } from "./webhookIngest";
import { webhookAcceptance } from "./webhookAcceptance";
import { webhookRoutes } from "./webhookRoutes";
import { findFfmpegProgram } from "../media/ffmpegBinary";
import type { FfmpegPrograms } from "../quality/measureClip";
import { qaRoutes } from "./qa/qaRoutes";
import { QaService } from "./qa/qaService";
import { isLoopbackHost } from "./qa/qaSources";
import { QaStore } from "./qa/qaStore";

export interface StartRelayOptions {
  /** A validated configuration (loadRelayConfig / parseRelayConfig). */
  config: RelayConfig;
  /**
   * Finds a provider's adapter, whose `webhook.parse` maps bodies to events. Defaults to the
   * provider registry built with no keys: the relay verifies and parses, it never calls providers.
   */
  providers?: (id: ProviderId) => VideoProvider | undefined;
  /** The image routes, whose webhooks share their provider's URL (default: the image registry with no keys). */
  imageProviders?: (id: ProviderId) => ImageProvider | undefined;
  /** For fal's JWKS, the only outgoing request the relay makes. */
  fetch?: HttpFetch;
  clock?: Clock;
  /** Where log lines go (stdout by default). */
  logDestination?: DestinationStream;
  /** How often retention runs. */
  retentionIntervalMs?: number;
  /** How long a new WebSocket may stay silent before it must have authenticated. */
  authTimeoutMs?: number;
  /** ffmpeg and ffprobe for take QA (default: SHOTBIN_FFMPEG / SHOTBIN_FFPROBE, else the PATH). */
  ffmpegPrograms?: () => FfmpegPrograms;
}

export interface RunningRelay {
  /** `http://host:port` the relay listens on. */
  url: string;
  port: number;
  /** The base of per-job callback URLs. */
  publicBaseUrl: string;
  metrics: RelayMetrics;
  logger: Logger;
  /** Take QA measurements running and waiting. */
  qaLoad(): { measuring: number; queued: number };
  /** Stops accepting, lets in-flight requests finish, closes panel sockets with a reason, closes the database. */
  close(): Promise<void>;
}

const ACK_FLUSH_MS = 1000;

export async function startRelay(options: StartRelayOptions): Promise<RunningRelay> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalFetch();
  const logger = createRelayLogger(config.logLevel, options.logDestination);
  const providers =
    options.providers ??
    ((registry) => (id: ProviderId) => registry.get(id))(createProviderRegistry({ context: { fetch: fetchImpl, clock, keys: staticKeyStore({}) } }));
  const imageProviders =
    options.imageProviders ??
    ((registry) => (id: ProviderId) => registry.get(id))(createImageProviderRegistry({ context: { fetch: fetchImpl, clock, keys: staticKeyStore({}) } }));

  const db = openRelayDatabase(config.database, config.durability);
  const store = new EventStore(db);
  const feed = new EventFeed();
  const metrics = new RelayMetrics();
  const users = new UserTokens(config.users);
  const acks = new AckCursors(store);
  metrics.unmatchedWebhooks.set(store.unmatchedCount());

  const ingest = new WebhookIngest({
    store,
    feed,
    metrics,
    providers,
    imageProviders,
    secrets: config.secrets,
    falJwks: new FalJwksCache(fetchImpl, clock, config.falJwksUrl),
    clock,
    logger,
  });
  const stream = new StreamServer({
    store,
    feed,
    users,
    acks,
    metrics,
    clock,
    logger,
    heartbeatMs: config.heartbeatSeconds * 1000,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
  });

  const qaStore = new QaStore(db);
  const programs = options.ffmpegPrograms ?? (() => ({ ffmpeg: findFfmpegProgram("ffmpeg"), ffprobe: findFfmpegProgram("ffprobe") }));
  const qa = new QaService({
    store: qaStore,
    metrics,
    logger,
    clock,
    programs,
    concurrency: config.qaConcurrency,
    maxDownloadBytes: config.qaMaxDownloadMegabytes * 1024 * 1024,
  });

  let closing = false;
  const closingListeners = new Set<() => void>();
  let publicBaseUrl = config.publicBaseUrl?.replace(/\/+$/, "") ?? "";

  const limiter = new RateLimiter(config.rateLimit, () => clock.now());
  const guards = { limiter, metrics, logger, accessLog: config.accessLog };
  const accepted = webhookAcceptance(providers, config.secrets);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, return503OnClosing: true, forceCloseConnections: "idle", trustProxy: config.trustProxy });
  app.server.on("upgrade", (request, socket, head) => {
    if (admitUpgrade(request, socket, { ...guards, trustProxy: config.trustProxy })) stream.handleUpgrade(request, socket, head);
  });
  registerGuards(app, guards);
  // Connections that finish a request during shutdown must not linger as idle keep-alives.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) void reply.header("connection", "close");
    return payload;
  });
  await app.register(async (scope) => webhookRoutes(scope, { ingest, metrics, providers, logger }));
  await app.register(async (scope) =>
    panelApiRoutes(scope, {
      store,
      feed,
      users,
      acks,
      metrics,
      providers,
      clock,
      logger,
      publicBaseUrl: () => publicBaseUrl,
      webhookAcceptance: () => accepted,
      onClosing: (listener) => {
        closingListeners.add(listener);
        return () => closingListeners.delete(listener);
      },
    }),
  );
  await app.register(async (scope) =>
    qaRoutes(scope, {
      users,
      store: qaStore,
      service: qa,
      folder: { folder: config.qaFolder, loopback: isLoopbackHost(config.host) },
      checkPrograms: () => void programs(),
    }),
  );
  await app.register(async (scope) => operationsRoutes(scope, { metrics, isClosing: () => closing, connectedPanels: () => stream.connectedPanels(), metricsToken: config.metricsToken }));

  const stopRetention = startRetention({
    store,
    retention: config.retention,
    clock,
    logger,
    intervalMs: options.retentionIntervalMs,
    onPruned: () => metrics.unmatchedWebhooks.set(store.unmatchedCount()),
  });
  const ackTimer = setInterval(() => {
    acks.flush(clock.now());
    limiter.forgetIdle();
  }, ACK_FLUSH_MS);
  ackTimer.unref();

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    stopRetention();
    clearInterval(ackTimer);
    qa.close();
    await stream.close(0);
    db.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const localHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${localHost.includes(":") ? `[${localHost}]` : localHost}:${port}`;
  if (!publicBaseUrl) {
    publicBaseUrl = url;
    logger.warn({ publicBaseUrl }, "publicBaseUrl is not set: per-job callback URLs point at this machine, which providers cannot reach");
  }
  if (users.size === 0) logger.warn("no user tokens are configured: webhooks are stored, but no panel can connect");
  const unsigned = accepted.filter((entry) => !entry.accepted).map((entry) => entry.provider);
  if (unsigned.length > 0) logger.warn({ providers: unsigned }, "no webhook secret is set for these providers: their webhooks will be refused, and clients poll them instead");
  if (config.qaFolder && !isLoopbackHost(config.host)) logger.warn({ host: config.host }, "qaFolder is set but the relay listens beyond loopback: take QA measures jobs' results only, never files");
  if (!config.metricsToken) logger.info("/metrics is off: set metricsToken (SHOTBIN_RELAY_METRICS_TOKEN) to scrape it");
  logger.info({ url, config: describeConfig(config) }, "relay listening");

  return {
    url,
    port,
    get publicBaseUrl() {
      return publicBaseUrl;
    },
    metrics,
    logger,
    qaLoad: () => qa.load(),
    async close() {
      if (closing) return;
      closing = true;
      logger.info("relay shutting down");
      stopRetention();
      clearInterval(ackTimer);
      for (const listener of [...closingListeners]) listener();
      qa.close();
      await Promise.all([stream.close(), app.close()]);
      ingest.flush();
      acks.flush(clock.now());
      db.close();
      logger.info("relay stopped");
      logger.flush?.();
    },
  };
}
