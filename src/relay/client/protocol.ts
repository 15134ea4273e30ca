import type { ProviderId } from "../../core/request";
import type { JobState } from "../../core/videoProvider";

/**
 * The relay's wire protocol, shared by the server and the panel/CLI client. Plain JSON text
 * frames: UXP's WebSocket takes strings, and cannot send headers, so the first message authenticates.
 */

/** One stored webhook, routed to one user. A signal: the receiver re-reads the job's status from the provider. */
export interface RelayEvent {
  /** Increases with every event the relay stores; a user's events are a rising subsequence. */
  seq: number;
  provider: ProviderId;
  /** The provider's job id (OpenAI video id, fal request id, Replicate prediction id, ...). */
  jobId: string;
  /** The provider's delivery id, which the relay deduplicates on. */
  deliveryId: string;
  /** What the webhook body claimed. Never acted on without reading the status from the provider. */
  claimedState?: JobState;
  /** ISO 8601, when the relay stored the webhook. */
  receivedAt: string;
}

export type ClientMessage =
  /** `after` omitted: resume after the last sequence this user acknowledged to the relay. */
  | { type: "auth"; token: string; after?: number }
  | { type: "ack"; seq: number }
  | { type: "pong" };

export type ServerMessage =
  | { type: "ready"; user: string; after: number; heartbeatMs: number }
  | { type: "event"; event: RelayEvent }
  | { type: "ping" };

/** Answer of `GET /v1/events?after=N&wait=S`. */
export interface EventsPage {
  events: RelayEvent[];
}

/** Answer of `POST /v1/callbacks`. */
export interface CallbackGrant {
  /** The per-job URL to hand the provider; its last path segment is the token. */
  url: string;
  token: string;
}

/**
 * Answer of `GET /v1/webhooks`: for each provider that sends webhooks, whether this relay accepts
 * them. A provider signing with Standard Webhooks is refused when the relay has no secret for it,
 * so a client polls that provider at its normal pace instead of waiting for webhooks.
 */
export interface WebhookAcceptance {
  provider: ProviderId;
  accepted: boolean;
  /** Why not, and how the relay's operator fixes it. */
  reason?: string;
}

export interface WebhooksPage {
  providers: WebhookAcceptance[];
}

export const WEBHOOKS_PATH = "/v1/webhooks";

/** WebSocket close codes the relay uses (4000-4999 are free for applications). */
export const CLOSE_CODES = {
  normal: 1000,
  shuttingDown: 1001,
  badMessage: 4400,
  unauthorized: 4401,
  authTimeout: 4408,
  heartbeatTimeout: 4409,
} as const;

export const STREAM_PATH = "/v1/stream";
export const EVENTS_PATH = "/v1/events";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON object in a frame's text, or undefined when it is not JSON or not an object. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRelayEvent(value: unknown): value is RelayEvent {
  return (
    isObject(value) &&
    Number.isSafeInteger(value.seq) &&
    typeof value.provider === "string" &&
    typeof value.jobId === "string" &&
    typeof value.deliveryId === "string" &&
    typeof value.receivedAt === "string" &&
    (value.claimedState === undefined || typeof value.claimedState === "string")
  );
}

/** A server frame, or undefined when the text is not one this client understands. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  const value = parseObject(text);
  if (!value) return undefined;
  switch (value.type) {
    case "ready":
      return typeof value.user === "string" && Number.isSafeInteger(value.after) && typeof value.heartbeatMs === "number"
        ? { type: "ready", user: value.user, after: value.after as number, heartbeatMs: value.heartbeatMs }
        : undefined;
    case "event":
      return isRelayEvent(value.event) ? { type: "event", event: value.event } : undefined;
    case "ping":
      return { type: "ping" };
    default:
      return undefined;
  }
}

/** A client frame, or undefined when malformed. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  const value = parseObject(text);
  if (!value) return undefined;
  switch (value.type) {
    case "auth":
      if (typeof value.token !== "string") return undefined;
      if (value.after !== undefined && !(Number.isSafeInteger(value.after) && (value.after as number) >= 0)) return undefined;
      return value.after === undefined ? { type: "auth", token: value.token } : { type: "auth", token: value.token, after: value.after as number };
    case "ack":
      return Number.isSafeInteger(value.seq) && (value.seq as number) >= 0 ? { type: "ack", seq: value.seq as number } : undefined;
    case "pong":
      return { type: "pong" };
    default:
      return undefined;
  }
}
