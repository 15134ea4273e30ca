import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runShotList } from "../../src/cli/runCommand";
import { DEFAULT_CONFIG } from "../../src/fakes/fakeWorld";
import { startTestRelay, TOKENS, type TestRelay } from "../relay/support/relayHarness";
import { useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";

/**
 * `shotbin run --relay`: when webhooks cannot come (the relay has no secret for the provider, the
 * relay cannot be reached, refuses the token, or is lost mid-run), the CLI says so at once and polls
 * at the normal interval. The safety-net interval is set to ten minutes here, so a run that waited
 * for webhooks in silence would never finish within the test's time.
 */
const fake = useFakeProviders({ queueMs: 20, runMs: 60 });
let folder: string;
let relay: TestRelay | undefined;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-relay-fallback-"));
  const rows = ["Shot,Description,Length,Model"];
  for (let i = 1; i <= 3; i++) rows.push(`${i},Fog over the estuary number ${i},5,kwaivgi/kling-v2.6`);
  await writeFile(join(folder, "fog.csv"), rows.join("\n"));
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** stdout and stderr in the order they were written. */
function transcript() {
  const lines: { stream: "out" | "err"; text: string }[] = [];
  const stream = (name: "out" | "err") => ({ write: (text: string) => lines.push({ stream: name, text }) });
  return { stdout: stream("out"), stderr: stream("err"), text: () => lines.map((line) => line.text).join(""), lines };
}

function run(relayUrl: string, output: ReturnType<typeof transcript>, token: string = TOKENS.ana) {
  return runShotList(["fog.csv", "--out", join(folder, "out"), "--fake-providers", fake().origin, "--relay", relayUrl, "--relay-token", token, "--yes"], {
    stdout: output.stdout,
    stderr: output.stderr,
    env: { SHOTBIN_POLL_MS: "30", SHOTBIN_RELAY_SAFETY_POLL_MS: "600000", SHOTBIN_HOME: join(folder, "home") },
    cwd: folder,
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("shotbin run --relay when webhooks cannot come", () => {
  it("warns before the first submit that the relay refuses the provider's webhooks, sends no callback URL, and polls normally", async () => {
    relay = await startTestRelay({ publicBaseUrl: undefined, secrets: {} });
    const output = transcript();
    expect(await run(relay.relay.url, output)).toBe(0);
    const text = output.text();
    const warning = "relay: replicate webhooks would be refused: the relay has no replicate webhook secret to verify them (set secrets.replicate or SHOTBIN_RELAY_REPLICATE_WEBHOOK_SECRET). replicate jobs are polled at the normal interval.";
    expect(text).toContain(warning);
    expect(text.indexOf(warning)).toBeLessThan(text.search(/ queued /));
    expect(text).toContain("3 take(s) done, 0 failed");
    expect([...fake().world.jobs.values()].map((job) => job.webhookUrl)).toEqual([undefined, undefined, undefined]);
  });

  it("warns at once when the relay cannot be reached", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const output = transcript();
    expect(await run(url, output)).toBe(0);
    expect(output.text()).toMatch(new RegExp(`relay: cannot reach the relay at ${url.replace(/[.]/g, "\\.")} \\(.*\\)\\. Following every job by polling at the providers' normal interval\\.`));
    expect(output.text()).toContain("3 take(s) done, 0 failed");
  });

  it("warns at once when the relay refuses the token", async () => {
    relay = await startTestRelay({ publicBaseUrl: undefined, secrets: { replicate: DEFAULT_CONFIG.replicateWebhookSecret } });
    const output = transcript();
    expect(await run(relay.relay.url, output, "not-a-token-the-relay-knows-123456")).toBe(0);
    expect(output.text()).toContain(`relay: the relay at ${relay.relay.url} refused the token (--relay-token / SHOTBIN_RELAY_TOKEN). Following every job by polling`);
  });

  it("goes back to normal polling when the relay is lost mid-run", async () => {
    relay = await startTestRelay({ publicBaseUrl: undefined, secrets: { replicate: DEFAULT_CONFIG.replicateWebhookSecret } });
    const world = fake().world;
    world.config = { ...world.config, runMs: Number.POSITIVE_INFINITY };
    const output = transcript();
    const running = run(relay.relay.url, output);
    await waitUntil(() => [...world.jobs.values()].filter((job) => job.webhookUrl).length === 3, 20_000, () => output.text());
    expect(output.text()).not.toContain("relay:");
    await relay.close();
    relay = undefined;
    await waitUntil(() => output.text().includes("polling every job at the providers' normal interval from now on"), 20_000, () => output.text());
    world.config = { ...world.config, runMs: 10 };
    for (const job of world.jobs.values()) job.runMs = 0;
    expect(await running).toBe(0);
    expect(output.text()).toMatch(/relay: lost the relay at http:\/\/127\.0\.0\.1:\d+; polling every job/);
  });
});
