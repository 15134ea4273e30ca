import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { ManualClock } from "../support/manualClock";
import { pngImage, resolvedRequest } from "../support/requests";

function take(order: number, fields: Record<string, unknown> = {}) {
  const request = resolvedRequest("simulator", "shotbin-sim", fields);
  return planJob(
    { request, estimate: { usd: 1.5, usdPerSecond: 0.3, billedSeconds: 5, confirmed: true, source: "test", asOf: "2026-11-24" }, shot: { shotId: `S${order}`, order, take: 1 } },
    Date.parse("2026-11-24T10:00:00Z"),
  );
}

describe("the ledger", () => {
  it("saves every state change before it returns, and reloads it", async () => {
    const store = memoryLedgerStore();
    const clock = new ManualClock();
    const { ledger } = await Ledger.open(store, clock);
    const job = take(1);
    await ledger.add([job]);
    await ledger.transition(job.id, "submitting");
    expect(JSON.parse(store.text!).jobs[0].state).toBe("submitting");
    await ledger.transition(job.id, "queued", { handle: { provider: "simulator", model: "shotbin-sim", id: "p1", idempotencyKey: job.id, submittedAt: new Date(clock.now()).toISOString(), data: {} } });

    const reopened = (await Ledger.open(store, clock)).ledger;
    expect(reopened.require(job.id)).toMatchObject({ state: "queued", handle: { id: "p1" } });
    expect(reopened.require(job.id).history.map((h) => h.state)).toEqual(["planned", "submitting", "queued"]);
  });

  it("refuses an impossible transition", async () => {
    const { ledger } = await Ledger.open(memoryLedgerStore(), new ManualClock());
    const job = take(1);
    await ledger.add([job]);
    await expect(ledger.transition(job.id, "downloaded")).rejects.toThrow("cannot go from planned to downloaded");
    await expect(ledger.add([job])).rejects.toThrow("already in the ledger");
  });

  it("keeps image references, never image bytes", async () => {
    const store = memoryLedgerStore();
    const { ledger } = await Ledger.open(store, new ManualClock());
    const request = resolvedRequest("simulator", "shotbin-sim", { firstFrame: pngImage("hero.png") });
    const job = planJob({ request, estimate: take(1).estimate, shot: { shotId: "A", order: 0, take: 1 }, imagePaths: { firstFrame: "/shots/hero.png" } }, 0);
    await ledger.add([job]);
    expect(store.text).toContain('"path":"/shots/hero.png"');
    expect(store.text).not.toContain("iVBOR");
  });

  it("keeps a corrupt ledger aside with a message instead of overwriting it", async () => {
    for (const corrupt of ["{not json", JSON.stringify({ version: 1, jobs: [{ id: "x" }] }), JSON.stringify({ version: 99, jobs: [] })]) {
      const store = memoryLedgerStore(corrupt);
      const { ledger, warning } = await Ledger.open(store, new ManualClock());
      expect(ledger.jobs()).toEqual([]);
      expect(warning).toMatch(/could not be read .* kept aside as memory#1/);
      expect(store.quarantined).toEqual([corrupt]);
      expect(store.text).toBe(corrupt);
    }
  });

  it("counts money committed to jobs, by day", async () => {
    const clock = new ManualClock(Date.parse("2026-11-24T12:00:00Z"));
    const { ledger } = await Ledger.open(memoryLedgerStore(), clock);
    const [a, b, c] = [take(1), take(2), take(3)];
    await ledger.add([a, b, c]);
    for (const job of [a, b]) {
      await ledger.transition(job.id, "submitting");
      await ledger.transition(job.id, "queued", { handle: { provider: "simulator", model: "m", id: job.id, idempotencyKey: job.id, submittedAt: new Date(clock.now()).toISOString(), data: {} } });
    }
    await ledger.transition(b.id, "failed", { failure: { step: "track", kind: "content-policy", message: "no", retryable: false, charged: false, at: "" } });
    expect(ledger.spentUsd()).toBe(1.5);
    expect(ledger.spentUsd(Date.parse("2026-11-25T00:00:00Z"))).toBe(0);
  });

  it("shows progress at once but saves it only with the next state change", async () => {
    const store = memoryLedgerStore();
    const { ledger } = await Ledger.open(store, new ManualClock());
    const job = take(1);
    await ledger.add([job]);
    const seen: (number | undefined)[] = [];
    ledger.subscribe((record) => seen.push(record.progress));
    await ledger.update(job.id, { progress: 0.4 }, { persist: false });
    expect(seen).toEqual([0.4]);
    expect(JSON.parse(store.text!).jobs[0].progress).toBeUndefined();
  });
});
