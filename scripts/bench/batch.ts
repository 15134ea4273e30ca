/**
 * npm run bench:batch — a 200-shot list through the shared pipeline (the same parser, plan,
 * Scheduler, JobPipeline and pipelineDeps as `shotbin run`) against the fake providers, with each
 * provider's documented concurrency limit and typical generation time scaled down 100x. One fake
 * server per provider, so each has its own latency and its own limits enforced server-side.
 *
 * Prints, against baselines measured in the same run:
 *   - makespan / theoretical lower bound (each provider's lanes and submit rate, zero overhead);
 *   - the scheduler's own overhead per job (the same 200 jobs on an instant provider, minus the
 *     same provider calls made in a bare loop);
 *   - status requests per job when webhooks come through the relay, against the minimum of one
 *     (the read that confirms the end a webhook announced); polling alone is shown for contrast.
 * Targets: ≤ 1.10x the lower bound; < 5 ms overhead per job; ≤ 1.5x the minimum status reads.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { startFakeProviders, type RunningFakeProviders } from "../../src/fakes/server";
import { DEFAULT_CONFIG, FAKE_KEYS } from "../../src/fakes/fakeWorld";
import type { FakeProviderName } from "../../src/fakes/faults";
import { nodeLedgerStore } from "../../src/cli/nodeLedgerStore";
import { connectRelay } from "../../src/cli/relayWiring";
import { JobPipeline, type PipelineDeps } from "../../src/core/jobPipeline";
import { Ledger } from "../../src/core/ledger";
import type { ProviderId, ResolvedRequest } from "../../src/core/request";
import { Scheduler, type ProviderLimit } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import type { PollPolicy, VideoProvider } from "../../src/core/videoProvider";
import { nodeAssetSource } from "../../src/media/nodeAssetSource";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { KEY_NAMES } from "../../src/providers/adapterContext";
import { JobWakeups } from "../../src/providers/jobWakeups";
import { pollUntilTerminal } from "../../src/providers/polling";
import { createProviderRegistry, fakeProviderSettings, type ProviderSettings } from "../../src/providers/registry";
import { parseRelayConfig } from "../../src/relay/config";
import { startRelay } from "../../src/relay/startRelay";
import { createPipelineDeps } from "../../src/runtime/pipelineDeps";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { buildShotPlan } from "../../src/shotlist/shotPlan";
import { providerMakespan, TYPICAL_JOB_SECONDS } from "../../src/shotlist/wallTime";

const SCALE = 100;
const SHOTS = 200;
const ROOT = path.resolve(__dirname, "../..");

interface BenchProvider {
  id: FakeProviderName;
  model: string;
  duration: number;
  /** What the scheduler is told: DEFAULT_LIMITS-like, submit rate scaled with time. */
  limit: ProviderLimit;
  /** What the fake enforces on its side. */
  fakeLimits: { maxRunning?: number; maxActive?: number };
}

const PROVIDERS: BenchProvider[] = [
  { id: "kling", model: "kling-2.6", duration: 5, limit: { concurrency: 3 }, fakeLimits: { maxActive: 3 } },
  { id: "fal", model: "fal-ai/kling-video/v2.6/pro", duration: 5, limit: { concurrency: 2 }, fakeLimits: { maxRunning: 2 } },
  { id: "replicate", model: "kwaivgi/kling-v2.6", duration: 5, limit: { concurrency: 4, submitsPerMinute: 600 * SCALE }, fakeLimits: { maxRunning: 4 } },
  { id: "dashscope", model: "wan2.6-t2v", duration: 5, limit: { concurrency: 2 }, fakeLimits: {} },
  { id: "gemini", model: "veo-3.1-fast-generate-preview", duration: 8, limit: { concurrency: 2, submitsPerMinute: 10 * SCALE }, fakeLimits: { maxActive: 2 } },
];
const WEBHOOK_PROVIDERS: readonly FakeProviderName[] = ["kling", "fal", "replicate", "gemini"];
const GEMINI_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const RELAY_TOKEN = `bench-${randomBytes(16).toString("hex")}`;

const jobMs = (id: ProviderId) => (TYPICAL_JOB_SECONDS[id] * 1000) / SCALE;

/** Shots per provider in proportion to its throughput (lanes / job time), so all finish together. */
function allocate(): Map<FakeProviderName, number> {
  const throughput = PROVIDERS.map((p) => p.limit.concurrency / TYPICAL_JOB_SECONDS[p.id]);
  const sum = throughput.reduce((a, b) => a + b, 0);
  const counts = new Map<FakeProviderName, number>();
  let given = 0;
  PROVIDERS.forEach((p, i) => {
    const n = i === PROVIDERS.length - 1 ? SHOTS - given : Math.round((SHOTS * throughput[i]!) / sum);
    counts.set(p.id, n);
    given += n;
  });
  return counts;
}

function lowerBoundMs(counts: Map<FakeProviderName, number>): number {
  return Math.max(...PROVIDERS.map((p) => providerMakespan(counts.get(p.id)!, jobMs(p.id) / 1000, p.limit) * 1000));
}

function scaledPolicy(policy: PollPolicy): Partial<PollPolicy> {
  return {
    initialDelayMs: policy.initialDelayMs / SCALE,
    queuedIntervalMs: policy.queuedIntervalMs / SCALE,
    maxQueuedIntervalMs: policy.maxQueuedIntervalMs / SCALE,
    runningIntervalMs: policy.runningIntervalMs / SCALE,
    backoff: policy.backoff,
  };
}

interface ScenarioResult {
  makespanMs: number;
  boundMs: number;
  jobs: number;
  done: number;
  failed: number;
  statusPerJob: Map<FakeProviderName, number>;
  trackingPerJob: Map<FakeProviderName, number>;
  slotHeldAfterEndMs: number;
}

async function scenario(mode: "polling" | "relay", counts: Map<FakeProviderName, number>, dir: string): Promise<ScenarioResult> {
  const fakes = new Map<FakeProviderName, RunningFakeProviders>();
  for (const p of PROVIDERS) {
    const ms = jobMs(p.id);
    fakes.set(p.id, await startFakeProviders({ config: { queueMs: Math.round(ms * 0.1), runMs: Math.round(ms * 0.9), limits: { [p.id]: p.fakeLimits } } }));
  }
  const settings: Partial<Record<ProviderId, ProviderSettings>> = {};
  for (const p of PROVIDERS) settings[p.id] = fakeProviderSettings(fakes.get(p.id)!.origin)[p.id]!;

  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  const relayDir = mkdtempSync(path.join(dir, "relay-"));
  if (mode === "relay") {
    relay = await startRelay({
      config: parseRelayConfig({
        port: 0,
        host: "127.0.0.1",
        database: path.join(relayDir, "relay.sqlite"),
        users: [{ name: "bench", token: RELAY_TOKEN }],
        secrets: { replicate: DEFAULT_CONFIG.replicateWebhookSecret, gemini: GEMINI_SECRET },
        falJwksUrl: `${fakes.get("fal")!.origin}/fal/rest/.well-known/jwks.json`,
        durability: "normal",
        logLevel: "error",
      }),
      logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const gemini = fakes.get("gemini")!.world;
    gemini.config = { ...gemini.config, accountWebhooks: { gemini: { url: `${relay.url}/hooks/gemini`, secrets: [GEMINI_SECRET] } } };
  }

  const shots = PROVIDERS.flatMap((p) => Array.from({ length: counts.get(p.id)! }, (_, i) => ({ p, i })));
  // Interleave providers, as a real list mixes them.
  shots.sort((a, b) => a.i / counts.get(a.p.id)! - b.i / counts.get(b.p.id)!);
  const list = parseJsonShotList(JSON.stringify({ name: `bench ${mode}`, shots: shots.map(({ p, i }, k) => ({ shot: String(k + 1), prompt: `Bench shot ${k + 1} on ${p.id}, take ${i}`, model: p.model, duration: p.duration })) }));
  const keys = staticKeyStore({ [KEY_NAMES.kling]: FAKE_KEYS.kling, [KEY_NAMES.fal]: FAKE_KEYS.fal, [KEY_NAMES.replicate]: FAKE_KEYS.replicate, [KEY_NAMES.dashscope]: FAKE_KEYS.dashscope, [KEY_NAMES.gemini]: FAKE_KEYS.gemini });
  const registry = createProviderRegistry({ context: { fetch: globalFetch(), clock: systemClock, keys, retry: { baseDelayMs: 10, maxDelayMs: 100 } }, settings });
  const limits = Object.fromEntries(PROVIDERS.map((p) => [p.id, p.limit])) as Partial<Record<ProviderId, ProviderLimit>>;
  const plan = buildShotPlan(list, { check: (request) => registry.check(request), usable: await registry.usable(), limits });
  if (plan.refusal) throw new Error(`bench plan refused: ${plan.refusal}\n${plan.problems.map((p) => p.message).join("\n")}`);

  const runDir = mkdtempSync(path.join(dir, `${mode}-`));
  const { ledger } = await Ledger.open(nodeLedgerStore(path.join(runDir, "shotbin-ledger.json")), systemClock);
  await ledger.add(plan.jobs);
  const wakeups = new JobWakeups();
  const cliRelay = relay ? await connectRelay({ url: relay.url, token: RELAY_TOKEN, ledger, fetch: globalFetch(), clock: systemClock, wakeups, providers: new Set(PROVIDERS.map((p) => p.id)), warn: (line) => process.stderr.write(`relay: ${line}\n`) }) : undefined;
  const deps = createPipelineDeps({
    ledger,
    registry,
    seams: { clock: systemClock, fetch: globalFetch(), files: nodeFileSystem, assets: nodeAssetSource(path.join(ROOT, "assets", "clips")) },
    settings: { mediaFolder: runDir, fileNameTemplate: "{shot}_{model}.mp4" },
    wakeups,
  });
  // Each provider's own polling pace, scaled like its latency.
  deps.waitForEnd = (provider, handle, onStatus, signal) => pollUntilTerminal(provider, handle, { clock: systemClock, onStatus, policy: scaledPolicy(provider.pollPolicy), ...(signal ? { signal } : {}) });
  if (cliRelay) cliRelay.wire(deps, { clock: systemClock, wakeups, safetyIntervalMs: 180_000 / SCALE });
  // Status reads made while waiting for the end (not the one inside each adapter's download()).
  const trackingReads = new Map<ProviderId, number>();
  const waitForEnd = deps.waitForEnd;
  deps.waitForEnd = (provider, handle, onStatus, signal) =>
    waitForEnd(
      {
        ...provider,
        status: (h, options) => {
          trackingReads.set(provider.id, (trackingReads.get(provider.id) ?? 0) + 1);
          return provider.status(h, options);
        },
      },
      handle,
      onStatus,
      signal,
    );

  const scheduler = new Scheduler(new JobPipeline(deps), ledger, systemClock, { goal: "ready", limits, retryBackoffMs: 2000 / SCALE });
  const started = performance.now();
  const summary = await scheduler.run(plan.jobs.map((job) => job.id));
  const makespanMs = performance.now() - started;
  await ledger.flushed();
  await cliRelay?.stop();

  const statusPerJob = new Map<FakeProviderName, number>();
  const trackingPerJob = new Map<FakeProviderName, number>();
  for (const p of PROVIDERS) {
    trackingPerJob.set(p.id, (trackingReads.get(p.id) ?? 0) / counts.get(p.id)!);
    const reads = fakes.get(p.id)!.world.requests.filter((r) => r.provider === p.id && r.operation === "status").length;
    statusPerJob.set(p.id, reads / counts.get(p.id)!);
  }
  // How long a finished generation keeps its slot: the scheduler reuses it once the job's pipeline returns (after download and embed).
  const afterEnd = ledger.jobs().map((job) => {
    const at = (state: string) => Date.parse(job.history.find((entry) => entry.state === state)?.at ?? "");
    return at("ready") - at("succeeded");
  });
  const slotHeldAfterEndMs = afterEnd.reduce((a, b) => a + b, 0) / afterEnd.length;
  for (const fake of fakes.values()) await fake.close();
  await relay?.close();
  return { makespanMs, boundMs: lowerBoundMs(counts), jobs: plan.jobs.length, done: summary.done.length, failed: summary.failed.length, statusPerJob, trackingPerJob, slotHeldAfterEndMs };
}

/** The scheduler and pipeline on an instant provider, minus the same provider calls in a bare loop. */
async function overhead(dir: string, durable: boolean, shots = SHOTS): Promise<{ perJobMs: number; baselinePerJobMs: number; savesPerJob: number; serializeMsPerJob: number }> {
  const provider: VideoProvider = {
    id: "simulator",
    displayName: "Instant",
    models: [],
    enabledByDefault: true,
    pollPolicy: { initialDelayMs: 0, queuedIntervalMs: 0, maxQueuedIntervalMs: 0, runningIntervalMs: 0, backoff: 1, source: "bench" },
    idempotentSubmit: true,
    supportsCancel: false,
    networkOrigins: [],
    submit: async (request: ResolvedRequest) => ({ handle: { provider: "simulator", model: request.model, id: `i-${request.idempotencyKey}`, idempotencyKey: request.idempotencyKey, submittedAt: new Date().toISOString(), data: {} }, warnings: [] }),
    status: async () => ({ state: "succeeded", videos: [{ url: "shotbin-asset:x.mp4" }] }),
    cancel: async () => undefined,
    download: async () => ({ url: "shotbin-asset:x.mp4", headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false }),
    findByIdempotencyKey: async () => undefined,
    testCredentials: async () => undefined,
  };
  const list = parseJsonShotList(JSON.stringify({ shots: Array.from({ length: shots }, (_, i) => ({ shot: String(i + 1), prompt: `Overhead shot ${i + 1}`, model: "shotbin-sim", duration: 5 })) }));
  const registry = createProviderRegistry({ context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore({}) } });
  const plan = buildShotPlan(list, { check: (request) => registry.check(request), usable: ["simulator"] });

  const bareStart = performance.now();
  for (const job of plan.jobs) {
    const request = { ...job.request } as ResolvedRequest;
    const { handle } = await provider.submit(request);
    await provider.status(handle);
    await provider.download(handle);
  }
  const baselinePerJobMs = (performance.now() - bareStart) / plan.jobs.length;

  const inner = durable ? nodeLedgerStore(path.join(mkdtempSync(path.join(dir, "overhead-")), "ledger.json")) : memoryLedgerStore();
  let saves = 0;
  let lastText = "";
  const store = { ...inner, save: (text: string) => ((saves++, (lastText = text)), inner.save(text)) };
  const { ledger } = await Ledger.open(store, systemClock);
  await ledger.add(plan.jobs);
  const deps: PipelineDeps = {
    ledger,
    clock: systemClock,
    provider: () => provider,
    loadRequest: async (job) => ({ ...job.request }) as ResolvedRequest,
    waitForEnd: (p, handle) => p.status(handle),
    download: async (job) => `/dev/null/${job.id}`,
    embed: async () => undefined,
  };
  const scheduler = new Scheduler(new JobPipeline(deps), ledger, systemClock, { goal: "ready", limits: { simulator: { concurrency: 8 } } });
  const started = performance.now();
  await scheduler.run(plan.jobs.map((job) => job.id));
  const perJobMs = (performance.now() - started) / plan.jobs.length - baselinePerJobMs;
  // What the Ledger's whole-file JSON costs: one serialization of the final ledger, times the saves.
  const parsed = JSON.parse(lastText) as unknown;
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) JSON.stringify(parsed);
  const oneMs = (performance.now() - t0) / 20;
  return { perJobMs, baselinePerJobMs, savesPerJob: saves / plan.jobs.length, serializeMsPerJob: (oneMs * saves) / 2 / plan.jobs.length };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(process.env.SHOTBIN_BENCH_DIR ?? os.tmpdir(), "shotbin-batch-"));
  try {
    const counts = allocate();
    process.stdout.write(`bench:batch — ${SHOTS} shots, latencies and limits from the provider docs, time scaled 1/${SCALE}\n`);
    process.stdout.write(`shots: ${PROVIDERS.map((p) => `${p.id} ${counts.get(p.id)} (${p.limit.concurrency} at a time, ${fmt(jobMs(p.id) / 1000, 2)} s each)`).join("; ")}\n\n`);

    const small = await overhead(dir, false, 50);
    const memory = await overhead(dir, false);
    const durable = await overhead(dir, true);
    const polling = await scenario("polling", counts, dir);
    const relayed = await scenario("relay", counts, dir);

    const lines: string[] = [];
    const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
    for (const [name, result] of [["polling", polling], ["relay", relayed]] as const) {
      const ratio = result.makespanMs / result.boundMs;
      lines.push(`makespan (${name}):     ${fmt(result.makespanMs / 1000)} s vs lower bound ${fmt(result.boundMs / 1000)} s = ${fmt(ratio, 3)}x  (target ≤ 1.10x: ${verdict(ratio <= 1.1)}); ${result.done}/${result.jobs} done, ${result.failed} failed; a finished job keeps its slot ${fmt(result.slotHeldAfterEndMs, 0)} ms on average (download + embed) before the scheduler reuses it`);
    }
    lines.push(`scheduler overhead:      ${fmt(durable.perJobMs, 3)} ms/job with the CLI's fsync'd ledger file, ${fmt(memory.perJobMs, 3)} ms/job with an in-memory ledger, ${fmt(small.perJobMs, 3)} ms/job for a 50-shot list (bare provider calls: ${fmt(memory.baselinePerJobMs, 4)} ms/job)  (target < 5 ms: ${verdict(durable.perJobMs < 5)})`);
    lines.push(`  the Ledger rewrites the whole file on each of ${fmt(memory.savesPerJob, 1)} saves per job; serializing it costs ≈ ${fmt(memory.serializeMsPerJob, 3)} ms/job at ${SHOTS} shots (average ledger size), so the overhead grows with the list`);
    const webhookJobs = WEBHOOK_PROVIDERS.reduce((sum, id) => sum + counts.get(id)!, 0);
    const relayReads = WEBHOOK_PROVIDERS.reduce((sum, id) => sum + relayed.statusPerJob.get(id)! * counts.get(id)!, 0) / webhookJobs;
    const pollReads = WEBHOOK_PROVIDERS.reduce((sum, id) => sum + polling.statusPerJob.get(id)! * counts.get(id)!, 0) / webhookJobs;
    const relayTracking = WEBHOOK_PROVIDERS.reduce((sum, id) => sum + relayed.trackingPerJob.get(id)! * counts.get(id)!, 0) / webhookJobs;
    const pollTracking = WEBHOOK_PROVIDERS.reduce((sum, id) => sum + polling.trackingPerJob.get(id)! * counts.get(id)!, 0) / webhookJobs;
    lines.push(`status reads per job:    relay ${fmt(relayReads)} = ${fmt(relayTracking)} to learn the end + ${fmt(relayReads - relayTracking)} inside download() (adapters re-read status for a fresh URL)`);
    lines.push(`  vs the minimum of 1.00 (one read confirms what the webhook announced): tracking ${fmt(relayTracking, 2)}x (target ≤ 1.5x: ${verdict(relayTracking <= 1.5)}); all reads ${fmt(relayReads, 2)}x (${verdict(relayReads <= 1.5)})`);
    lines.push(`  polling alone: ${fmt(pollReads)} per job (${fmt(pollTracking)} tracking), ${fmt(pollReads / relayReads, 1)}x the relay's`);
    lines.push(`  per provider (relay / polling): ${PROVIDERS.map((p) => `${p.id} ${fmt(relayed.statusPerJob.get(p.id)!)} / ${fmt(polling.statusPerJob.get(p.id)!)}${WEBHOOK_PROVIDERS.includes(p.id) ? "" : " (no webhooks: polled either way)"}`).join("; ")}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:batch failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
