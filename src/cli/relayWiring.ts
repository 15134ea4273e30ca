import WebSocket from "ws";
import type { PipelineDeps } from "../core/jobPipeline";
import type { Ledger } from "../core/ledger";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch } from "../core/seams/http";
import type { PollPolicy } from "../core/videoProvider";
import type { JobWakeups } from "../providers/jobWakeups";
import { pollUntilTerminal } from "../providers/polling";
import { RelayClient } from "../relay/client/relayClient";
import type { WebSocketLike } from "../relay/client/webSocketSession";
import type { RelayHooks } from "../runtime/pipelineDeps";

/**
 * `shotbin run --relay URL --relay-token T`: webhooks reach the CLI through the relay. Each
 * event that says a job ended wakes that job's poller, which reads the status from the provider
 * (a webhook is a signal, the status is the truth). While a webhook is expected, polling slows to
 * a safety net, so most jobs cost one status read.
 */
export interface CliRelay {
  client: RelayClient;
  hooks: RelayHooks;
  /** Swaps the pipeline's polling for webhook-capable providers to the slow safety net. */
  relaxPolling(deps: PipelineDeps, options: { clock: Clock; wakeups: JobWakeups; safetyIntervalMs: number; trackTimeoutMs?: number }): void;
  stop(): Promise<void>;
}

const ENDED = new Set(["succeeded", "failed", "cancelled"]);

export async function connectRelay(options: { url: string; token: string; ledger: Ledger; fetch: HttpFetch; clock: Clock; wakeups: JobWakeups; onError?: (error: Error) => void }): Promise<CliRelay> {
  const client = new RelayClient({
    baseUrl: options.url,
    token: options.token,
    webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    fetch: options.fetch,
    clock: options.clock,
    cursor: { load: async () => options.ledger.relayCursor(), save: (seq) => options.ledger.setRelayCursor(seq) },
  });
  client.on("event", (event) => {
    if (event.claimedState === undefined || ENDED.has(event.claimedState)) options.wakeups.checkNow(event.provider, event.jobId);
  });
  if (options.onError) client.on("error", options.onError);
  await client.start();
  return {
    client,
    hooks: {
      createCallback: async (provider) => ({ url: (await client.createCallback(provider)).url }),
      registerJob: (provider, providerJobId) => client.registerJob(provider, providerJobId),
    },
    relaxPolling(deps, settings) {
      const polled = deps.waitForEnd;
      const policy: Partial<PollPolicy> = {
        initialDelayMs: settings.safetyIntervalMs,
        queuedIntervalMs: settings.safetyIntervalMs,
        maxQueuedIntervalMs: settings.safetyIntervalMs,
        runningIntervalMs: settings.safetyIntervalMs,
        backoff: 1,
      };
      deps.waitForEnd = (provider, handle, onStatus, signal) =>
        provider.webhook
          ? pollUntilTerminal(provider, handle, {
              clock: settings.clock,
              onStatus,
              policy,
              wake: settings.wakeups.wakeFor(provider.id, handle.id),
              ...(signal ? { signal } : {}),
              ...(settings.trackTimeoutMs ? { timeoutMs: settings.trackTimeoutMs } : {}),
            })
          : polled(provider, handle, onStatus, signal);
    },
    stop: () => client.stop(),
  };
}
