import WebSocket from "ws";
import type { PipelineDeps } from "../core/jobPipeline";
import type { Ledger } from "../core/ledger";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch } from "../core/seams/http";
import type { JobHandle, JobStatus, PollPolicy, VideoProvider } from "../core/videoProvider";
import type { JobWakeups } from "../providers/jobWakeups";
import { pollUntilTerminal } from "../providers/polling";
import type { WebhookAcceptance } from "../relay/client/protocol";
import { RelayClient, type RelayConnectionState } from "../relay/client/relayClient";
import { RelayRequestError } from "../relay/client/relayHttp";
import type { WebSocketLike } from "../relay/client/webSocketSession";

/**
 * `shotbin run --relay URL --relay-token T`: webhooks reach the CLI through the relay. Each event
 * that says a job ended wakes that job's poller, which reads the status from the provider (a
 * webhook is a signal, the status is the truth). While a webhook is expected, polling slows to a
 * safety net (every 3 minutes by default), so most jobs cost one status read.
 *
 * A webhook is expected only where it can come: the relay accepts that provider's webhooks (it
 * refuses a signed provider it has no secret for), the job got its callback URL or was
 * registered, and the relay is reachable. Anything else is said at once, as a warning, and those
 * jobs are polled at the provider's normal interval, so nothing waits three minutes in silence.
 */
export interface CliRelay {
  /** Sets the pipeline's callbacks, registration and waits (deps.webhookUrl, onSubmitted, waitForEnd). */
  wire(deps: PipelineDeps, options: { clock: Clock; wakeups: JobWakeups; safetyIntervalMs: number; trackTimeoutMs?: number }): void;
  stop(): Promise<void>;
}

export interface RelayWiringOptions {
  url: string;
  token: string;
  ledger: Ledger;
  fetch: HttpFetch;
  clock: Clock;
  wakeups: JobWakeups;
  /** The providers this run uses: refusals are reported for these only. */
  providers: ReadonlySet<string>;
  /** One line for the user (the caller prefixes it). */
  warn(line: string): void;
  /** Tests: a WebSocket factory (default: the `ws` package). */
  webSocket?: (url: string) => WebSocketLike;
}

const ENDED = new Set(["succeeded", "failed", "cancelled"]);
const UNHEALTHY: readonly RelayConnectionState[] = ["waiting", "unauthorized"];

function whyUnusable(error: unknown, url: string): string {
  if (error instanceof RelayRequestError) {
    if (error.status === 0) return `cannot reach the relay at ${url} (${error.message.replace(/^the relay at \S+ cannot be reached \((.*)\)$/, "$1")})`;
    if (error.status === 401) return `the relay at ${url} refused the token (--relay-token / SHOTBIN_RELAY_TOKEN)`;
    if (error.status === 404) return `the relay at ${url} does not say which webhooks it accepts (an older relay, or not a Shotbin relay)`;
    return `the relay at ${url} answered: ${error.message}`;
  }
  return `the relay at ${url} cannot be used (${error instanceof Error ? error.message : String(error)})`;
}

/** A relay that cannot be used: every job is polled at its normal pace. */
const NO_RELAY: CliRelay = { wire: () => undefined, stop: async () => undefined };

export async function connectRelay(options: RelayWiringOptions): Promise<CliRelay> {
  const client = new RelayClient({
    baseUrl: options.url,
    token: options.token,
    webSocket: options.webSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike),
    fetch: options.fetch,
    clock: options.clock,
    cursor: { load: async () => options.ledger.relayCursor(), save: (seq) => options.ledger.setRelayCursor(seq) },
  });

  let acceptance: WebhookAcceptance[];
  try {
    acceptance = await client.webhookAcceptance(AbortSignal.timeout(15_000));
  } catch (error) {
    options.warn(`${whyUnusable(error, options.url)}. Following every job by polling at the providers' normal interval.`);
    return NO_RELAY;
  }
  const accepted = new Set(acceptance.filter((entry) => entry.accepted).map((entry) => entry.provider));
  for (const entry of acceptance.filter((candidate) => !candidate.accepted && options.providers.has(candidate.provider))) {
    options.warn(`${entry.provider} webhooks would be refused: ${entry.reason ?? "the relay does not accept them"}. ${entry.provider} jobs are polled at the normal interval.`);
  }

  // Once the relay is unreachable (or refuses the token), webhooks may stop coming: every wait goes
  // back to normal polling for the rest of the run.
  const fallback = new AbortController();
  const fallBack = (why: string) => {
    if (fallback.signal.aborted) return;
    options.warn(`${why}; polling every job at the providers' normal interval from now on.`);
    fallback.abort();
  };
  client.on("state", (state) => {
    if (UNHEALTHY.includes(state)) fallBack(state === "unauthorized" ? "the relay refused the token" : `lost the relay at ${options.url}`);
  });
  client.on("error", (error) => options.warn(error.message));
  client.on("event", (event) => {
    if (event.claimedState === undefined || ENDED.has(event.claimedState)) options.wakeups.checkNow(event.provider, event.jobId);
  });
  await client.start();

  /** Provider job ids whose webhook will come: callback given, or registered for an account webhook. */
  const expected = new Set<string>();
  const withCallback = new Set<string>();
  const warnedOnce = new Set<string>();
  const warnOnce = (key: string, line: string) => {
    if (warnedOnce.has(key)) return;
    warnedOnce.add(key);
    options.warn(line);
  };
  const usable = (provider: VideoProvider) => !!provider.webhook && accepted.has(provider.id) && !fallback.signal.aborted;

  return {
    wire(deps, settings) {
      const polled = deps.waitForEnd;
      const relaxed: Partial<PollPolicy> = {
        initialDelayMs: settings.safetyIntervalMs,
        queuedIntervalMs: settings.safetyIntervalMs,
        maxQueuedIntervalMs: settings.safetyIntervalMs,
        runningIntervalMs: settings.safetyIntervalMs,
        backoff: 1,
      };
      deps.webhookUrl = async (job, provider) => {
        if (!usable(provider)) return undefined;
        try {
          const { url } = await client.createCallback(provider.id);
          withCallback.add(job.id);
          return url;
        } catch (error) {
          warnOnce(`callback:${provider.id}`, `could not get a callback URL for ${provider.id} from the relay (${error instanceof Error ? error.message : String(error)}); those jobs are polled at the normal interval.`);
          return undefined;
        }
      };
      deps.onSubmitted = async (job) => {
        const provider = deps.provider(job.request.provider);
        if (!job.handle || !provider || !usable(provider)) return;
        const key = `${provider.id}:${job.handle.id}`;
        try {
          await client.registerJob(provider.id, job.handle.id);
          if (provider.webhook?.delivery === "account" || withCallback.has(job.id)) expected.add(key);
        } catch (error) {
          // A per-job callback URL routes its webhook without the registration.
          if (withCallback.has(job.id)) expected.add(key);
          else warnOnce(`register:${provider.id}`, `could not register ${provider.id} jobs with the relay (${error instanceof Error ? error.message : String(error)}); they are polled at the normal interval.`);
        }
      };
      deps.waitForEnd = async (provider: VideoProvider, handle: JobHandle, onStatus: (status: JobStatus) => void, signal?: AbortSignal) => {
        if (!expected.has(`${provider.id}:${handle.id}`) || fallback.signal.aborted) return polled(provider, handle, onStatus, signal);
        try {
          return await pollUntilTerminal(provider, handle, {
            clock: settings.clock,
            onStatus,
            policy: relaxed,
            wake: settings.wakeups.wakeFor(provider.id, handle.id),
            signal: signal ? AbortSignal.any([signal, fallback.signal]) : fallback.signal,
            ...(settings.trackTimeoutMs ? { timeoutMs: settings.trackTimeoutMs } : {}),
          });
        } catch (error) {
          if (signal?.aborted || !fallback.signal.aborted) throw error;
          return polled(provider, handle, onStatus, signal);
        }
      };
    },
    stop: () => client.stop(),
  };
}
