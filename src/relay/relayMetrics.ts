import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The relay's Prometheus metrics, on a registry of its own (several relays can share a process in
 * tests), with prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles).
 */
export class RelayMetrics {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly rateLimited = new Counter({
    name: "shotbin_relay_rate_limited_total",
    help: "Requests refused with 429 because their source address went over the rate limit, by route",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });
  readonly oversizeBodies = new Counter({
    name: "shotbin_relay_oversize_bodies_total",
    help: "Requests refused with 413 because their body was over the route's limit, by route",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });
  readonly webhooksReceived = new Counter({
    name: "shotbin_relay_webhooks_received_total",
    help: "Webhooks that passed verification and were stored (duplicates included)",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });
  readonly webhooksDuplicate = new Counter({
    name: "shotbin_relay_webhooks_duplicate_total",
    help: "Verified webhooks whose delivery id was already stored",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });
  readonly webhooksRejected = new Counter({
    name: "shotbin_relay_webhooks_rejected_total",
    help: "Webhooks refused, by reason",
    labelNames: ["provider", "reason"] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: "shotbin_relay_events_delivered_total",
    help: "Events sent to panels, by transport",
    labelNames: ["transport"] as const,
    registers: [this.registry],
  });
  readonly connectedPanels = new Gauge({
    name: "shotbin_relay_connected_panels",
    help: "Authenticated WebSocket connections",
    registers: [this.registry],
  });
  readonly waitingLongPolls = new Gauge({
    name: "shotbin_relay_waiting_long_polls",
    help: "Long-poll requests waiting for an event",
    registers: [this.registry],
  });
  readonly unmatchedWebhooks = new Gauge({
    name: "shotbin_relay_unmatched_webhooks",
    help: "Stored webhooks whose job no panel has registered yet",
    registers: [this.registry],
  });
  readonly deliveryLag = new Histogram({
    name: "shotbin_relay_delivery_lag_seconds",
    help: "Time from storing a webhook to sending its event to a panel",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30, 300, 3600],
    registers: [this.registry],
  });
  readonly qaMeasurements = new Counter({
    name: "shotbin_relay_qa_measurements_total",
    help: "Take QA measurements finished, by outcome (pass, warn, fail, or the error)",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  readonly qaCacheHits = new Counter({
    name: "shotbin_relay_qa_cache_hits_total",
    help: "Take QA requests answered from a stored report",
    registers: [this.registry],
  });
  readonly qaMeasuring = new Gauge({
    name: "shotbin_relay_qa_measuring",
    help: "Take QA measurements running",
    registers: [this.registry],
  });
  readonly qaQueued = new Gauge({
    name: "shotbin_relay_qa_queued",
    help: "Take QA measurements waiting for a free slot",
    registers: [this.registry],
  });
}
