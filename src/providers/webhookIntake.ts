import type { ImageJobStatus, ImageProvider } from "../core/imageProvider";
import type { ProviderId } from "../core/request";
import type { JobStatus, VideoProvider, WebhookEvent } from "../core/videoProvider";
import { utf8Decode } from "../core/text/utf8";
import { verifyFalWebhook, type FalJwksCache } from "./falWebhookSignature";
import { verifyStandardWebhook } from "./standardWebhooks";
import { WebhookVerificationFailure } from "./webhookVerification";

/** Signing secrets per provider; several during a rotation. Configured on the relay, never in the panel. */
export interface WebhookSecrets {
  openai?: readonly string[];
  replicate?: readonly string[];
  kling?: readonly string[];
  gemini?: readonly string[];
}

export interface IncomingWebhook {
  provider: ProviderId;
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received: signatures cover them, so the body is never re-serialised. */
  rawBody: Uint8Array;
  /**
   * True when the request came to a per-job URL whose unguessable token the relay has already
   * matched. Kling signs only when a secret exists in its console; the token then suffices.
   */
  pathTokenVerified?: boolean;
}

export interface WebhookIntakeDeps {
  provider(id: ProviderId): VideoProvider | undefined;
  /** The provider's image route, whose bodies share the video route's URL and signature (fal, Replicate). */
  imageProvider?(id: ProviderId): ImageProvider | undefined;
  secrets: WebhookSecrets;
  falJwks: FalJwksCache;
  nowMs: number;
}

/** An event and whether it is about a still (an image job) or a clip. */
export type IntakenEvent = (WebhookEvent<JobStatus> & { media: "video" }) | (WebhookEvent<ImageJobStatus> & { media: "image" });

/**
 * Verifies a provider's callback with that provider's scheme, then maps its body to a
 * WebhookEvent with the parser of the route it belongs to: an image route that claims the body
 * (fal's `images`, Replicate's image model) parses it, the video route otherwise. Throws
 * WebhookVerificationFailure when it must be refused. The event is a signal: whoever receives it
 * re-reads the job's status from the provider before acting.
 */
export async function intakeWebhook(incoming: IncomingWebhook, deps: WebhookIntakeDeps): Promise<IntakenEvent> {
  const provider = deps.provider(incoming.provider);
  if (!provider?.webhook) {
    throw new WebhookVerificationFailure("unknown-key", `${incoming.provider} does not send webhooks`);
  }
  switch (provider.webhook.scheme) {
    case "fal-ed25519":
      await verifyFalWebhook(incoming.rawBody, incoming.headers, deps.falJwks, deps.nowMs);
      break;
    case "path-token": {
      if (!incoming.pathTokenVerified) throw new WebhookVerificationFailure("unknown-key", `${incoming.provider} callbacks are accepted only on their per-job URL`);
      const secrets = deps.secrets[incoming.provider as keyof WebhookSecrets] ?? [];
      if (secrets.length > 0) verifyStandardWebhook(incoming.rawBody, incoming.headers, secrets, deps.nowMs);
      break;
    }
    case "standard-webhooks":
      verifyStandardWebhook(incoming.rawBody, incoming.headers, deps.secrets[incoming.provider as keyof WebhookSecrets] ?? [], deps.nowMs);
      break;
  }
  let body: unknown;
  try {
    body = JSON.parse(utf8Decode(incoming.rawBody));
  } catch {
    throw new WebhookVerificationFailure("malformed", "the webhook body is not JSON");
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  try {
    const image = deps.imageProvider?.(incoming.provider)?.webhook;
    if (image?.claims?.(body)) return { ...image.parse(body, headers), media: "image" };
    return { ...provider.webhook.parse(body, headers), media: "video" };
  } catch (error) {
    throw new WebhookVerificationFailure("malformed", `the webhook body is not a ${incoming.provider} job event (${error instanceof Error ? error.message : String(error)})`);
  }
}
