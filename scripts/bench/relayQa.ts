/**
 * The relay's take QA under webhook load, for `npm run bench:qa`: a relay process (its own
 * process, `shotbin relay`) with qaConcurrency 4 measures four 10 s 1080p24 clips at once, fetched
 * from a loopback "CDN" as jobs' results, while signed webhooks arrive at a steady rate. Each
 * webhook's response time (verify, store with fsync, answer) is timed here; the p99 during QA is
 * printed next to the same relay's idle p99, measured in the same run, as a ratio.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { percentile, signed } from "./relayLoad";

const ROOT = path.resolve(__dirname, "../..");
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const TOKEN = `bench-qa-${randomBytes(16).toString("hex")}`;
const RATE = Number(process.env.BENCH_QA_WEBHOOK_RATE ?? 50);
const IDLE_SECONDS = 6;
const CLIPS = 4;

function startRelay(configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "shotbin.js"), "relay", "--config", configFile], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const onData = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /"url":"(http:\/\/[^"]+)","config"/.exec(output)?.[1];
      if (url) {
        clearInterval(timer);
        resolve({ child, url });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the relay exited: ${output}`));
      }
    }, 20);
  });
}

/** Webhooks at RATE a second until `until()` holds (or for `seconds`); answers each one's response time, sorted. */
async function webhookLoad(url: string, jobIds: string[], prefix: string, until: () => boolean): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let index = 0;
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / RATE;
  const started = performance.now();
  while (!until()) {
    const id = `${prefix}-${index}`;
    const body = JSON.stringify({ id: jobIds[index % jobIds.length], status: "processing", bench_delivery: id });
    index += 1;
    const sent = performance.now();
    const request = fetch(`${url}/hooks/replicate`, { method: "POST", headers: signed(SECRET, id, body), body })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - sent);
        else failed += 1;
      })
      .catch(() => {
        failed += 1;
      });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    const next = started + index * interval;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  return { latencies: latencies.sort((a, b) => a - b), failed };
}

interface QaBody {
  key: string;
  state: string;
  report?: { verdict: string };
}

async function api(url: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: QaBody }> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as QaBody };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export async function benchRelayQa(clip: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shotbin-bench-relay-qa-"));
  const size = statSync(clip).size;
  const cdn = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(size) });
    createReadStream(clip).pipe(res);
  });
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", () => resolve()));
  const cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  const configFile = path.join(dir, "relay.json");
  writeFileSync(configFile, JSON.stringify({ host: "127.0.0.1", port: 0, database: path.join(dir, "relay.sqlite"), users: [{ name: "bench", token: TOKEN }], secrets: { replicate: SECRET }, qaConcurrency: CLIPS, accessLog: false, logLevel: "info" }));
  const { child, url } = await startRelay(configFile);
  try {
    const loadJobs = Array.from({ length: 20 }, (_, i) => `load-${i}`);
    const qaJobs = Array.from({ length: CLIPS }, (_, i) => `qa-${i}`);
    for (const job of [...loadJobs, ...qaJobs]) {
      const registered = await api(url, "POST", "/v1/jobs", { provider: "replicate", providerJobId: job });
      if (registered.status !== 200) throw new Error(`registering ${job}: ${registered.status}`);
    }
    for (const job of qaJobs) {
      const body = JSON.stringify({ id: job, status: "succeeded", output: `${cdnUrl}/${job}.mp4` });
      const response = await fetch(`${url}/hooks/replicate`, { method: "POST", headers: signed(SECRET, `result-${job}`, body), body });
      if (response.status !== 200) throw new Error(`the result webhook for ${job}: ${response.status} ${await response.text()}`);
    }
    // Warm up, then the idle figure.
    let stop = performance.now() + 1000;
    await webhookLoad(url, loadJobs, "warm", () => performance.now() > stop);
    stop = performance.now() + IDLE_SECONDS * 1000;
    const idle = await webhookLoad(url, loadJobs, "idle", () => performance.now() > stop);

    // Four measurements at once, webhooks arriving all the while.
    const started = performance.now();
    const keys: string[] = [];
    for (const job of qaJobs) {
      const asked = await api(url, "POST", "/v1/qa", { provider: "replicate", jobId: job });
      if (asked.status !== 202) throw new Error(`QA of ${job}: ${asked.status} ${JSON.stringify(asked.body)}`);
      keys.push(asked.body.key);
    }
    const finished = new Map<string, { state: string; verdict?: string; at: number }>();
    const follow = keys.map(async (key) => {
      for (;;) {
        const answer = await api(url, "GET", `/v1/qa/${key}?wait=30`);
        if (answer.body.state === "done" || answer.body.state === "failed") {
          finished.set(key, { state: answer.body.state, verdict: answer.body.report?.verdict, at: performance.now() - started });
          return;
        }
      }
    });
    const during = await webhookLoad(url, loadJobs, "during", () => finished.size === keys.length);
    await Promise.all(follow);
    const qaSeconds = Math.max(...[...finished.values()].map((entry) => entry.at)) / 1000;

    const idleP99 = percentile(idle.latencies, 99);
    const duringP99 = percentile(during.latencies, 99);
    process.stdout.write(
      `\nRelay take QA: ${CLIPS} clips of 10 s 1080p24 measured at once (qaConcurrency ${CLIPS}) while signed webhooks arrive at ${RATE}/s\n` +
        `  QA: ${[...finished.values()].map((entry) => `${entry.state}${entry.verdict ? ` ${entry.verdict}` : ""} at ${entry.at.toFixed(0)} ms`).join(", ")}; all four in ${qaSeconds.toFixed(1)} s\n` +
        `  webhook response time, idle relay:   p50 ${ms(percentile(idle.latencies, 50))}, p99 ${ms(idleP99)}  (${idle.latencies.length} webhooks, ${idle.failed} failed)\n` +
        `  webhook response time, during QA:    p50 ${ms(percentile(during.latencies, 50))}, p99 ${ms(duringP99)}  (${during.latencies.length} webhooks, ${during.failed} failed)\n` +
        `  p99 during QA / idle p99: ${(duringP99 / idleP99).toFixed(2)}x  (load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs: the four ffmpeg decodes share them with the relay)\n`,
    );
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
    cdn.closeAllConnections();
    await new Promise<void>((resolve) => cdn.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}
