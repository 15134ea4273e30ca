import type { ProviderId } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import type { CallbackGrant, RelayEvent, WebhookAcceptance } from "./protocol";
import { RelayHttp, RelayRequestError } from "./relayHttp";
import { openWebSocketSession, type WebSocketFactory, type WebSocketSession } from "./webSocketSession";

/**
 * Where the caller keeps the last processed sequence number: UXP secureStorage or a file in the
 * panel, a file or the ledger in the CLI. Losing it only means some events are seen again.
 */
export interface RelayCursorStore {
  load(): Promise<number | undefined>;
  save(seq: number): Promise<void>;
}

export type RelayConnectionState = "idle" | "connecting" | "live" | "long-polling" | "waiting" | "unauthorized" | "stopped";

export interface RelayClientOptions {
  /** `https://relay.example.com` */
  baseUrl: string;
  /** This editor's (or machine's) token from the relay's configuration. */
  token: string;
  /** Opens a WebSocket; leave it out to use long-polling only. */
  webSocket?: WebSocketFactory;
  fetch: HttpFetch;
  clock: Clock;
  cursor: RelayCursorStore;
  backoff?: Partial<BackoffPolicy>;
  /** WebSocket attempts that fail in a row before the client switches to long-polling. */
  longPollAfterFailures?: number;
  /** How long to long-poll before trying the WebSocket again. */
  retryWebSocketAfterMs?: number;
  longPollWaitSeconds?: number;
  /** How long a new WebSocket may take to become ready. */
  connectTimeoutMs?: number;
  random?: () => number;
}

export interface RelayClientListeners {
  /** One event, in sequence order, once. The next waits until the returned promise settles. */
  event: (event: RelayEvent) => void | Promise<void>;
  state: (state: RelayConnectionState) => void;
  /** Failures worth showing: a listener threw, the cursor could not be saved, the token was refused. */
  error: (error: Error) => void;
}

/**
 * What the panel and the CLI use to follow the relay. It connects over WebSocket, resumes after the
 * last processed sequence, reconnects with backoff and long-polls when WebSockets keep failing.
 * Listeners see every event once, in order; the cursor is saved and the relay acknowledged only
 * after they finish. No Node APIs: it runs in UXP.
 */
export class RelayClient {
  private readonly http: RelayHttp;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly listeners: { [K in keyof RelayClientListeners]: Set<RelayClientListeners[K]> } = {
    event: new Set(),
    state: new Set(),
    error: new Set(),
  };
  private currentState: RelayConnectionState = "idle";
  private cursor: number | undefined;
  private processing: Promise<void> = Promise.resolve();
  private queued = 0;
  private sinceAck = 0;
  private stopController: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: RelayClientOptions) {
    this.http = new RelayHttp(options.baseUrl, options.token, options.fetch);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
  }

  get state(): RelayConnectionState {
    return this.currentState;
  }

  /** The last sequence number processed, or undefined before the first one. */
  get lastSeq(): number | undefined {
    return this.cursor;
  }

  on<K extends keyof RelayClientListeners>(type: K, listener: RelayClientListeners[K]): () => void {
    (this.listeners[type] as Set<RelayClientListeners[K]>).add(listener);
    return () => {
      (this.listeners[type] as Set<RelayClientListeners[K]>).delete(listener);
    };
  }

  /** Loads the saved cursor and starts following the relay in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.cursor = await this.options.cursor.load();
    this.stopController = new AbortController();
    this.running = this.run(this.stopController.signal);
  }

  /** Disconnects and waits for the event being processed, if any, to finish. */
  async stop(): Promise<void> {
    this.stopController?.abort();
    await this.running;
    await this.processing;
    this.running = undefined;
    this.setState("stopped");
  }

  registerJob(provider: ProviderId, providerJobId: string, signal?: AbortSignal): Promise<void> {
    return this.http.registerJob(provider, providerJobId, signal);
  }

  createCallback(provider: ProviderId, providerJobId?: string, signal?: AbortSignal): Promise<CallbackGrant> {
    return this.http.createCallback(provider, providerJobId, signal);
  }

  /** Which providers' webhooks the relay accepts; throws RelayRequestError (status 0: unreachable, 401: token refused, 404: an older relay). */
  webhookAcceptance(signal?: AbortSignal): Promise<WebhookAcceptance[]> {
    return this.http.webhookAcceptance(signal);
  }

  private async run(signal: AbortSignal): Promise<void> {
    const failuresBeforePolling = this.options.longPollAfterFailures ?? 2;
    let socketFailures = 0;
    let pollFailures = 0;
    let pollUntilMs = this.options.webSocket ? 0 : Infinity;
    while (!signal.aborted) {
      if (this.options.clock.now() >= pollUntilMs) {
        this.setState("connecting");
        const end = await this.runWebSocket(signal);
        if (signal.aborted) break;
        if (end.unauthorized) return this.refused("the relay refused this token");
        socketFailures = end.ready ? 0 : socketFailures + 1;
        if (socketFailures >= failuresBeforePolling) {
          pollUntilMs = this.options.clock.now() + (this.options.retryWebSocketAfterMs ?? 60_000);
          socketFailures = 0;
          continue;
        }
        await this.pause(Math.max(1, socketFailures), signal);
      } else {
        this.setState("long-polling");
        try {
          await this.longPollUntil(pollUntilMs, signal);
          pollFailures = 0;
        } catch (error) {
          if (signal.aborted) break;
          if (error instanceof RelayRequestError && error.unauthorized) return this.refused("the relay refused this token");
          pollFailures++;
          await this.pause(pollFailures, signal);
        }
      }
    }
  }

  private async runWebSocket(signal: AbortSignal) {
    const session = openWebSocketSession({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      after: this.cursor,
      factory: this.options.webSocket as WebSocketFactory,
      clock: this.options.clock,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      signal,
      onReady: (after) => {
        if (this.cursor === undefined || after > this.cursor) this.cursor = after;
        this.setState("live");
      },
      // enqueue never rejects: process() reports listener and cursor errors through emitError.
      onEvent: (event) => void this.enqueue([event], session),
    });
    return session.ended;
  }

  /** Long-polls until `untilMs` (then the WebSocket is tried again) or until stopped. */
  private async longPollUntil(untilMs: number, signal: AbortSignal): Promise<void> {
    const wait = this.options.longPollWaitSeconds ?? 25;
    while (!signal.aborted && this.options.clock.now() < untilMs) {
      const events = await this.http.events(this.cursor, wait, signal);
      // The next request's `after` acknowledges them, so they are processed before asking again.
      await this.enqueue(events, undefined);
    }
  }

  private enqueue(events: RelayEvent[], session: WebSocketSession | undefined): Promise<void> {
    this.queued += events.length;
    this.processing = this.processing.then(async () => {
      for (const event of events) {
        this.queued--;
        await this.process(event);
        this.sinceAck++;
        // Acks are batched: after the queue empties, or every 50 events under load.
        if (session && this.cursor !== undefined && (this.queued === 0 || this.sinceAck >= 50)) {
          session.ack(this.cursor);
          this.sinceAck = 0;
        }
      }
    });
    return this.processing;
  }

  private async process(event: RelayEvent): Promise<void> {
    if (this.cursor !== undefined && event.seq <= this.cursor) return;
    for (const listener of [...this.listeners.event]) {
      try {
        await listener(event);
      } catch (error) {
        this.emitError(error);
      }
    }
    this.cursor = event.seq;
    try {
      await this.options.cursor.save(event.seq);
    } catch (error) {
      this.emitError(error);
    }
  }

  private async pause(failures: number, signal: AbortSignal): Promise<void> {
    this.setState("waiting");
    try {
      await this.options.clock.sleep(backoffDelay(this.backoff, failures, this.random), signal);
    } catch {
      // Stopped while waiting.
    }
  }

  private refused(message: string): void {
    this.setState("unauthorized");
    this.emitError(new RelayRequestError(message, 401));
  }

  private setState(state: RelayConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of [...this.listeners.state]) listener(state);
  }

  private emitError(error: unknown): void {
    const wrapped = error instanceof Error ? error : new Error(String(error));
    for (const listener of [...this.listeners.error]) listener(wrapped);
  }
}
