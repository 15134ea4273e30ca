/**
 * npm run bench:relay — the relay under load on loopback, against a bare `ws` broadcast measured
 * in the same run as the ceiling. Both servers run as their own processes; autocannon and the
 * subscribers run here, so send and arrival times share one clock. Scenarios: signed webhooks at
 * 100/s, 500/s and as fast as possible with one subscriber, then 500/s spread over 1,000
 * subscribers (one per editor token). Prints throughput, webhook-to-panel p50/p99, losses, and the
 * ratios to the baseline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import WebSocket from "ws";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { RelayClient } from "../../src/relay/client/relayClient";
import type { WebSocketLike } from "../../src/relay/client/webSocketSession";
import { DeliveryTracker, percentile, sendWebhooks, type LoadResult } from "./relayLoad";

const ROOT = path.resolve(__dirname, "../..");
const SUBSCRIBERS = 1000;
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const FIXED_SECONDS = 5;
const MAX_SECONDS = 8;

interface Row {
  server: "baseline" | "relay";
  scenario: string;
  subscribers: number;
  load: LoadResult;
  tracker: DeliveryTracker;
}

function startProcess(args: string[], ready: (output: string) => string | undefined): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const onData = (chunk: Buffer) => {
    // Only the start-up lines matter; later output is drained and dropped.
    if (output.length < 64 * 1024) output += chunk.toString();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const value = ready(output);
      if (value !== undefined) {
        clearInterval(timer);
        resolve({ child, value });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${args.join(" ")} exited: ${output}`));
      }
    }, 20);
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

async function runScenario(server: Row["server"], scenario: string, subscribers: number, url: string, hookPath: string, jobIds: string[], tracker: DeliveryTracker, rate?: number): Promise<Row> {
  const load = await sendWebhooks({
    url,
    path: hookPath,
    secret: SECRET,
    ...(rate ? { rate } : {}),
    durationSeconds: rate ? FIXED_SECONDS : MAX_SECONDS,
    connections: rate ? 16 : 32,
    jobIds,
    tracker,
    prefix: `${server}-${scenario.replace(/\W+/g, "")}-${randomBytes(3).toString("hex")}`,
  });
  await tracker.drain(15_000);
  const row = { server, scenario, subscribers, load, tracker };
  process.stdout.write(`  ${format(row)}\n`);
  return row;
}

/** Two unrecorded seconds of load, so that the first scenario does not measure JIT compilation. */
async function warmUp(url: string, hookPath: string, jobIds: string[]): Promise<void> {
  const tracker = new DeliveryTracker();
  await sendWebhooks({ url, path: hookPath, secret: SECRET, rate: 1000, durationSeconds: 2, connections: 16, jobIds, tracker, prefix: `warm-${randomBytes(3).toString("hex")}` });
  await tracker.drain(10_000);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1).padStart(7) : "      -");

function format(row: Row): string {
  const latencies = row.tracker.latenciesMs();
  const throughput = row.load.ok / row.load.durationSeconds;
  return [
    row.server.padEnd(8),
    row.scenario.padEnd(12),
    String(row.subscribers).padStart(5),
    throughput.toFixed(0).padStart(8),
    ms(percentile(latencies, 50)),
    ms(percentile(latencies, 99)),
    String(row.tracker.missing()).padStart(5),
    String(row.tracker.duplicates).padStart(5),
    String(row.load.errors + row.load.non2xx).padStart(7),
  ].join(" | ");
}

const HEADER = ["server  ", "scenario    ", " subs", " 2xx/s  ", " p50 ms", " p99 ms", " lost", " dups", " failed"].join(" | ");

function relayClient(url: string, token: string, tracker: () => DeliveryTracker): RelayClient {
  let cursor: number | undefined;
  const client = new RelayClient({
    baseUrl: url,
    token,
    webSocket: (target) => new WebSocket(target) as unknown as WebSocketLike,
    fetch: globalFetch(),
    clock: systemClock,
    cursor: { load: async () => cursor, save: async (seq) => void (cursor = seq) },
  });
  client.on("event", (event) => tracker().arrived(event.deliveryId));
  return client;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The relay's /metrics needs a token (docs/relay.md); the bench's relay is given this one. */
const METRICS_TOKEN = `bench-metrics-${randomBytes(16).toString("hex")}`;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : NaN;
}

async function baseline(): Promise<Row[]> {
  process.stdout.write("baseline: bare ws broadcast, no verification or storage\n");
  const { child, value } = await startProcess(["--require", "tsx/cjs", path.join(__dirname, "relayBaselineServer.ts")], (output) => /\{"port":(\d+)\}/.exec(output)?.[1]);
  const url = `http://127.0.0.1:${value}`;
  let tracker = new DeliveryTracker();
  const socket = new WebSocket(`ws://127.0.0.1:${value}/stream`);
  socket.on("message", (data) => tracker.arrived((JSON.parse(data.toString()) as { bench_delivery: string }).bench_delivery));
  await new Promise((resolve) => socket.once("open", resolve));
  const rows: Row[] = [];
  try {
    await warmUp(url, "/hooks", ["job"]);
    for (const rate of [100, 500, undefined]) {
      tracker = new DeliveryTracker();
      rows.push(await runScenario("baseline", rate ? `${rate}/s` : "max", 1, url, "/hooks", ["job"], tracker, rate));
    }
  } finally {
    socket.close();
    await stopProcess(child);
  }
  return rows;
}

async function relay(durability: "full" | "normal", fullRun: boolean): Promise<{ rows: Row[]; held: boolean; reconnects: number }> {
  process.stdout.write(`relay: verify (Standard Webhooks HMAC), store (SQLite WAL, durability ${durability}), route, stream\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "shotbin-bench-relay-"));
  const users = Array.from({ length: fullRun ? SUBSCRIBERS : 1 }, (_, i) => ({ name: `editor${i}`, token: `bench-${i}-${randomBytes(16).toString("hex")}` }));
  const configFile = path.join(dir, "relay.json");
  writeFileSync(configFile, JSON.stringify({ host: "127.0.0.1", port: 0, database: path.join(dir, "relay.sqlite"), users, secrets: { replicate: SECRET }, durability, logLevel: "info", metricsToken: METRICS_TOKEN }));
  const { child, value: url } = await startProcess([path.join(ROOT, "bin", "shotbin.js"), "relay", "--config", configFile], (output) =>
    /"url":"(http:\/\/[^"]+)","config"/.exec(output)?.[1],
  );
  const rows: Row[] = [];
  const clients: RelayClient[] = [];
  let held = false;
  let reconnects = 0;
  try {
    const register = async (token: string, jobId: string) => {
      const response = await fetch(`${url}/v1/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ provider: "replicate", providerJobId: jobId }),
      });
      if (response.status !== 200) throw new Error(`registering ${jobId}: HTTP ${response.status} ${await response.text()}`);
    };
    const probe = await fetch(`${url}/hooks/replicate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    if (probe.status === 404) throw new Error("the relay has no Replicate adapter in its provider registry yet; this benchmark signs Replicate webhooks");

    const singleJobs = Array.from({ length: 100 }, (_, i) => `single-${i}`);
    for (const job of singleJobs) await register(users[0]!.token, job);
    let tracker = new DeliveryTracker();
    const single = relayClient(url, users[0]!.token, () => tracker);
    await single.start();
    await waitFor(() => single.state === "live", 10_000, "the subscriber");
    await warmUp(url, "/hooks/replicate", singleJobs);
    for (const rate of fullRun ? [100, 500, undefined] : [undefined]) {
      tracker = new DeliveryTracker();
      rows.push(await runScenario("relay", `${rate ? `${rate}/s` : "max"}${durability === "full" ? "" : ` ${durability}`}`, 1, url, "/hooks/replicate", singleJobs, tracker, rate));
    }
    await single.stop();
    if (!fullRun) return { rows, held: true, reconnects: 0 };

    const fanJobs = users.map((_, i) => `fan-${i}`);
    for (const [i, user] of users.entries()) await register(user.token, fanJobs[i]!);
    tracker = new DeliveryTracker();
    for (const user of users) clients.push(relayClient(url, user.token, () => tracker));
    const states: string[][] = clients.map(() => []);
    clients.forEach((client, i) => client.on("state", (state) => states[i]!.push(state)));
    await Promise.all(clients.map((client) => client.start()));
    await waitFor(() => clients.every((client) => client.state === "live"), 30_000, `${SUBSCRIBERS} subscribers`);
    await waitFor(async () => (await metric(url, "shotbin_relay_connected_panels")) === SUBSCRIBERS, 10_000, "the relay to count them");
    rows.push(await runScenario("relay", "500/s", SUBSCRIBERS, url, "/hooks/replicate", fanJobs, tracker, 500));
    held = (await metric(url, "shotbin_relay_connected_panels")) === SUBSCRIBERS && clients.every((client) => client.state === "live");
    reconnects = states.reduce((sum, list) => sum + list.filter((state) => state === "connecting").length - 1, 0);
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, held, reconnects };
}

async function main(): Promise<void> {
  process.stdout.write(`relay benchmark on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}; load generator and subscribers in this process\n`);
  process.stdout.write(`  ${HEADER}\n`);
  const base = await baseline();
  const result = await relay("full", true);
  const normal = await relay("normal", false);
  const find = (rows: Row[], scenario: string, subscribers = 1) => rows.find((row) => row.scenario === scenario && row.subscribers === subscribers)!;
  const throughput = (row: Row) => row.load.ok / row.load.durationSeconds;
  const p99 = (row: Row) => percentile(row.tracker.latenciesMs(), 99);

  const relayMax = find(result.rows, "max");
  const relay500 = find(result.rows, "500/s");
  const fan = find(result.rows, "500/s", SUBSCRIBERS);
  const relayNormalMax = find(normal.rows, "max normal");
  const lost = [...result.rows, ...normal.rows].reduce((sum, row) => sum + row.tracker.missing() + row.tracker.duplicates, 0);
  const lines = [
    "",
    "ratios to the bare broadcast (same run):",
    `  max throughput: relay ${throughput(relayMax).toFixed(0)}/s vs baseline ${throughput(find(base, "max")).toFixed(0)}/s = ${(throughput(relayMax) / throughput(find(base, "max"))).toFixed(2)}x`,
    `  max throughput with durability normal (no fsync per commit): ${throughput(relayNormalMax).toFixed(0)}/s = ${(throughput(relayNormalMax) / throughput(find(base, "max"))).toFixed(2)}x`,
    `  p99 at 500/s:   relay ${p99(relay500).toFixed(1)} ms vs baseline ${p99(find(base, "500/s")).toFixed(1)} ms = ${(p99(relay500) / p99(find(base, "500/s"))).toFixed(1)}x`,
    `  p99 at 100/s:   relay ${p99(find(result.rows, "100/s")).toFixed(1)} ms vs baseline ${p99(find(base, "100/s")).toFixed(1)} ms`,
    "targets:",
    `  >= 3000 verified and stored webhooks/s: ${throughput(relayMax).toFixed(0)}/s ${throughput(relayMax) >= 3000 ? "met" : "NOT met"}`,
    `  p99 webhook-to-panel < 25 ms at 500/s: ${p99(relay500).toFixed(1)} ms ${p99(relay500) < 25 ? "met" : "NOT met"}`,
    `  ${SUBSCRIBERS} subscribers held: ${result.held ? "yes" : "NO"} (reconnects during the run: ${result.reconnects}; p99 ${p99(fan).toFixed(1)} ms)`,
    `  zero lost or duplicated events: ${lost === 0 ? "yes" : `NO (${lost})`}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:relay failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
