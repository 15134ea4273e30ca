import { EventStore, UNROUTED_WEBHOOKS_SQL, type VerifiedWebhook } from "../../src/relay/eventStore";
import { openRelayDatabase } from "../../src/relay/relayDatabase";

const webhook = (jobId: string, deliveryId: string, receivedAtMs: number): VerifiedWebhook => ({ provider: "replicate", deliveryId, jobId, claimedState: "running", receivedAtMs });

describe("the relay's event store", () => {
  it("releases a job's early webhooks, in arrival order, when the job is registered, among many routed ones", () => {
    const db = openRelayDatabase(":memory:", "normal");
    const store = new EventStore(db);
    store.registerJob("ana", "replicate", "busy", 0);
    store.recordWebhooks(Array.from({ length: 2000 }, (_, i) => webhook("busy", `d${i}`, i)));
    const early = store.recordWebhooks([webhook("late", "x2", 5000), webhook("late", "x1", 4000), webhook("late", "x3", 4000)]);
    expect(early.map((outcome) => outcome.kind)).toEqual(["unmatched", "unmatched", "unmatched"]);
    expect(store.unmatchedCount()).toBe(3);

    const outcome = store.registerJob("ben", "replicate", "late", 6000);
    expect(outcome.kind).toBe("registered");
    const released = outcome.kind === "registered" ? outcome.released : [];
    expect(released.map((event) => [event.user, event.jobId, event.deliveryId])).toEqual([
      ["ben", "late", "x1"],
      ["ben", "late", "x3"],
      ["ben", "late", "x2"],
    ]);
    expect(store.unmatchedCount()).toBe(0);
    expect(store.registerJob("ben", "replicate", "late", 7000)).toEqual({ kind: "registered", released: [] });
  });

  it("finds a job's unrouted webhooks through the partial index, not by reading every webhook of the provider", () => {
    const db = openRelayDatabase(":memory:", "normal");
    new EventStore(db);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${UNROUTED_WEBHOOKS_SQL}`).all("replicate", "job") as { detail: string }[];
    expect(plan.map((row) => row.detail).join(" | ")).toMatch(/SEARCH webhooks USING INDEX webhooks_unrouted \(provider=\? AND job_id=\?\)/);
    // Left to itself the planner takes the primary key, which is what the INDEXED BY prevents.
    const unforced = db.prepare(`EXPLAIN QUERY PLAN ${UNROUTED_WEBHOOKS_SQL.replace(" INDEXED BY webhooks_unrouted", "")}`).all("replicate", "job") as { detail: string }[];
    expect(unforced.map((row) => row.detail).join(" | ")).toMatch(/USING PRIMARY KEY \(provider=\?\)/);
  });
});
