import type { Logger } from "pino";
import type { Clock } from "../core/seams/clock";
import type { RelayConfig } from "./config";
import type { EventStore } from "./eventStore";

const HOUR_MS = 60 * 60_000;

/** Prunes acknowledged events, stale unmatched webhooks and old tokens once at start, then every `intervalMs`. */
export function startRetention(deps: {
  store: EventStore;
  retention: RelayConfig["retention"];
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  onPruned?: () => void;
}): () => void {
  const run = () => {
    const now = deps.clock.now();
    try {
      const pruned = deps.store.prune({
        deliveredBeforeMs: now - deps.retention.deliveredHours * HOUR_MS,
        unmatchedBeforeMs: now - deps.retention.unmatchedHours * HOUR_MS,
        callbacksBeforeMs: now - deps.retention.callbackHours * HOUR_MS,
      });
      if (Object.values(pruned).some((count) => count > 0)) deps.logger.info({ pruned }, "retention pruned old records");
      deps.onPruned?.();
    } catch (error) {
      deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, "retention failed");
    }
  };
  run();
  const timer = setInterval(run, deps.intervalMs ?? 10 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
