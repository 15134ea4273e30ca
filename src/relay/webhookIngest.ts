import type { Logger } from "pino";
import type { ProviderId } from "../core/request";
import type { Clock } from "../core/seams/clock";
import type { ImageProvider } from "../core/imageProvider";
import type { VideoProvider } from "../core/videoProvider";
import type { FalJwksCache } from "../providers/falWebhookSignature";
import { intakeWebhook, type IntakenEvent, type WebhookSecrets } from "../providers/webhookIntake";
import type { EventFeed } from "./eventFeed";
import type { EventStore, StoredEvent, VerifiedWebhook, WebhookOutcome } from "./eventStore";
import { GroupCommit } from "./groupCommit";
import type { RelayMetrics } from "./relayMetrics";
import { tokenHash } from "./userTokens";

/** A verified video webhook's result URL (http or https only), kept so take QA can fetch that job's own result. */
function resultUrlOf(event: IntakenEvent): { resultUrl?: string } {
  if (event.media !== "video" || event.status?.state !== "succeeded") return {};
  const url = event.status.videos[0]?.url;
  return url && /^https?:\/\//i.test(url) ? { resultUrl: url } : {};
}

/** Refusals the relay adds to the provider layer's verification failures. */
export type RelayRefusalReason = "unknown-token" | "token-mismatch";

export class RelayRefusal extends Error {
  override readonly name = "RelayRefusal";
  constructor(
    readonly reason: RelayRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export interface WebhookIngestDeps {
  store: EventStore;
  feed: EventFeed;
  metrics: RelayMetrics;
  providers: (id: ProviderId) => VideoProvider | undefined;
  /** Image routes, so a still's webhook is parsed as one (its claimed state is then right). */
  imageProviders?: (id: ProviderId) => ImageProvider | undefined;
  secrets: WebhookSecrets;
  falJwks: FalJwksCache;
  clock: Clock;
  logger: Logger;
}

export interface IncomingRequest {
  provider: ProviderId;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Uint8Array;
  /** The token from a per-job URL, when the webhook came to one. */
  pathToken?: string;
}

/**
 * One webhook's way in: verify and parse it through the provider layer, store it (deduplicated,
 * in a shared commit), then hand routed events to the live feed. Resolves only once the webhook is
 * on disk, so a 2xx always means stored. Throws WebhookVerificationFailure or RelayRefusal.
 */
export class WebhookIngest {
  private readonly commits: GroupCommit<VerifiedWebhook, WebhookOutcome>;

  constructor(private readonly deps: WebhookIngestDeps) {
    this.commits = new GroupCommit((items) => {
      const outcomes = deps.store.recordWebhooks(items);
      const routed: StoredEvent[] = [];
      outcomes.forEach((outcome, index) => {
        const provider = items[index]!.provider;
        deps.metrics.webhooksReceived.inc({ provider });
        if (outcome.kind === "duplicate") deps.metrics.webhooksDuplicate.inc({ provider });
        else if (outcome.kind === "unmatched") deps.metrics.unmatchedWebhooks.inc();
        else routed.push(outcome.event);
      });
      // Published inside the commit's turn, so live subscribers see events in sequence order.
      deps.feed.publish(routed);
      return outcomes;
    });
  }

  async accept(request: IncomingRequest): Promise<WebhookOutcome> {
    const { deps } = this;
    const callbackHash = request.pathToken === undefined ? undefined : tokenHash(request.pathToken);
    const callback = callbackHash === undefined ? undefined : deps.store.findCallback(callbackHash);
    if (callbackHash !== undefined && (!callback || callback.provider !== request.provider)) {
      throw new RelayRefusal("unknown-token", "no per-job callback has this token");
    }
    const receivedAtMs = deps.clock.now();
    const event = await intakeWebhook(
      { provider: request.provider, headers: request.headers, rawBody: request.rawBody, pathTokenVerified: callback !== undefined },
      { provider: deps.providers, ...(deps.imageProviders ? { imageProvider: deps.imageProviders } : {}), secrets: deps.secrets, falJwks: deps.falJwks, nowMs: receivedAtMs },
    );
    if (callback?.jobId !== undefined && callback.jobId !== event.jobId) {
      throw new RelayRefusal("token-mismatch", "this callback token belongs to another job");
    }
    return this.commits.submit({
      provider: event.provider,
      deliveryId: event.deliveryId,
      jobId: event.jobId,
      ...(event.status ? { claimedState: event.status.state } : {}),
      receivedAtMs,
      ...(callback ? { tokenUser: callback.user, callbackTokenHash: callbackHash } : {}),
      ...resultUrlOf(event),
    });
  }

  /** Commits anything still queued (on shutdown). */
  flush(): void {
    this.commits.flush();
  }
}
