import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeJob } from "../../src/fakes/fakeJobs";
import type { FakeProviderName } from "../../src/fakes/faults";
import { runShotList } from "../../src/cli/runCommand";
import { useFakeProviders } from "../support/fakeProviders";
import { checkOtio } from "../shotlist/exportChecks";

const fake = useFakeProviders({ queueMs: 60, runMs: 150 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-run-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function capture() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

/** The most jobs a provider held at once, from the fake's own create and finish times. */
function maxOverlap(jobs: FakeJob[]): number {
  const edges = jobs.flatMap((job) => [
    { at: job.createdAt, delta: 1 },
    { at: job.finishedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let held = 0;
  let max = 0;
  for (const edge of edges) max = Math.max(max, (held += edge.delta));
  return max;
}

const PROVIDERS: { name: FakeProviderName; model: string; limit: number }[] = [
  { name: "kling", model: "kling-2.6", limit: 3 },
  { name: "fal", model: "fal-ai/kling-video/v2.6/pro", limit: 2 },
  { name: "replicate", model: "kwaivgi/kling-v2.6", limit: 4 },
];

describe("shotbin run against the fake provider servers", () => {
  it("runs 60 shots across three providers within their limits through 429s, reports the refused shot, and buys each shot once", async () => {
    const world = fake().world;
    // The fakes enforce the same limits the scheduler is given: Kling refuses past it (1303), fal and Replicate queue.
    world.config = { ...world.config, limits: { kling: { maxActive: 3 }, fal: { maxRunning: 2 }, replicate: { maxRunning: 4 } } };
    world.faults.add({ provider: "fal", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 3 });
    world.faults.add({ provider: "kling", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 2 });
    world.faults.add({ provider: "replicate", operation: "create", fault: { type: "rate-limit", retryAfterSeconds: 0 }, times: 2 });
    world.faults.add({ provider: "replicate", operation: "create", promptIncludes: "number 18 ", fault: { type: "content-policy", message: "Flagged by moderation." } });

    const rows = ["Shot,Description,Length,Model"];
    for (let i = 1; i <= 60; i++) rows.push(`${i},A lighthouse in the fog number ${i} at night,5,${PROVIDERS[(i - 1) % 3]!.model}`);
    const list = join(folder, "lighthouse.csv");
    await writeFile(list, rows.join("\n"));
    const out = join(folder, "out");
    const stdout = capture();
    const stderr = capture();
    const code = await runShotList([list, "--out", out, "--fake-providers", fake().origin, "--concurrency", "kling=3,fal=2", "--concurrency", "replicate=4", "--yes"], {
      stdout,
      stderr,
      env: { SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home") },
      cwd: folder,
    });

    // A shot failed at its provider: exit 5.
    expect(code).toBe(5);
    expect(stderr.text()).toMatch(/Failed:\n {2}- shot 18 take 1 \(kwaivgi\/kling-v2\.6\): replicate: The input or output was flagged as sensitive\..* \[may have been charged\]/);
    expect(stdout.text()).toContain("59 take(s) done, 1 failed");

    const jobs = [...world.jobs.values()];
    for (const provider of PROVIDERS) {
      const own = jobs.filter((job) => job.provider === provider.name);
      expect(world.creates[provider.name]).toBe(20);
      expect(new Set(own.map((job) => job.prompt)).size).toBe(20);
      expect(maxOverlap(own)).toBeLessThanOrEqual(provider.limit);
      // Jobs did run side by side, so the check above is not vacuous (how close to the limit depends on machine load).
      expect(maxOverlap(own)).toBeGreaterThanOrEqual(2);
    }
    // Every scripted 429 and the moderation refusal were served.
    expect(world.faults.list().map((rule) => [rule.provider, rule.fault.type, rule.fired])).toEqual([
      ["fal", "rate-limit", 3],
      ["kling", "rate-limit", 2],
      ["replicate", "rate-limit", 2],
      ["replicate", "content-policy", 1],
    ]);

    const ledger = JSON.parse(await readFile(join(out, "shotbin-ledger.json"), "utf8")) as { jobs: { state: string; shot: { shotId: string } }[] };
    expect(ledger.jobs.filter((job) => job.state === "ready")).toHaveLength(59);
    expect(ledger.jobs.find((job) => job.state === "failed")?.shot.shotId).toBe("18");
    expect((await readdir(out)).filter((name) => name.endsWith(".mp4"))).toHaveLength(59);
    const otio = checkOtio(await readFile(join(out, "lighthouse.otio"), "utf8"));
    expect(otio.items.map((item) => item.schema).filter((schema) => schema === "Gap.1")).toHaveLength(1);
    expect(otio.items[17]!.schema).toBe("Gap.1");
  });
});

describe("shotbin run --relay", () => {
  it("learns of finished jobs from webhooks through the relay and reads each job's status about once", async () => {
    const { startTestRelay, TOKENS } = require("../relay/support/relayHarness") as typeof import("../relay/support/relayHarness");
    const { DEFAULT_CONFIG } = require("../../src/fakes/fakeWorld") as typeof import("../../src/fakes/fakeWorld");
    const relay = await startTestRelay({ publicBaseUrl: undefined, falJwksUrl: `${fake().origin}/fal/rest/.well-known/jwks.json`, secrets: { replicate: DEFAULT_CONFIG.replicateWebhookSecret } });
    try {
      const rows = ["Shot,Description,Length,Model"];
      for (let i = 1; i <= 9; i++) rows.push(`${i},Rain on a tin roof number ${i},5,${PROVIDERS[(i - 1) % 3]!.model}`);
      const list = join(folder, "rain.csv");
      await writeFile(list, rows.join("\n"));
      const stdout = capture();
      const stderr = capture();
      const code = await runShotList([list, "--out", join(folder, "rain"), "--fake-providers", fake().origin, "--relay", relay.relay.url, "--relay-token", TOKENS.ana], {
        stdout,
        stderr,
        env: { SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home") },
        cwd: folder,
      });
      expect(stderr.text()).not.toMatch(/relay:/);
      expect(code).toBe(0);
      const world = fake().world;
      expect(world.webhooks.deliveries.length).toBeGreaterThanOrEqual(9);
      for (const provider of PROVIDERS) {
        const reads = world.requests.filter((r) => r.provider === provider.name && r.operation === "status").length;
        // One read confirms what the webhook said, one inside download() fetches a fresh URL; polling every 30 ms would take several more.
        expect(reads / 3).toBeLessThanOrEqual(2);
      }
    } finally {
      await relay.close();
    }
  });
});
