import type { ProviderId } from "../../core/request";
import type { RelayClient } from "./relayClient";

/** The part of a job tracker the relay drives: "look at this job now". */
export interface JobStatusChecker {
  checkNow(provider: ProviderId, providerJobId: string): void | Promise<void>;
}

/**
 * Turns relay events into status checks. A webhook is a signal, not the truth: the tracker re-reads
 * the job's status from the provider, and the event's claimed state is never acted on.
 */
export function checkJobsOnRelayEvents(client: RelayClient, tracker: JobStatusChecker): () => void {
  return client.on("event", (event) => tracker.checkNow(event.provider, event.jobId));
}
