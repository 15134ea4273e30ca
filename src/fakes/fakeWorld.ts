import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FrameClipMaker } from "./clipFromFrames";
import { attachFrameClip } from "./frameClipJobs";
import { FaultBook, isJobFault, type FakeOperation, type FakeProviderName, type JobFault } from "./faults";
import { isFinished, type FakeJob, type FakeJobState, type FakeOutcome, type JobTransition } from "./fakeJobs";
import { WebhookSender } from "./webhookSender";

/** Keys the fakes accept. Anything else gets the provider's own 401. */
export const FAKE_KEYS = {
  openai: "sk-fake-openai",
  gemini: "fake-gemini-key",
  kling: "fake-kling-key",
  klingAccessKey: "fake-kling-access-key",
  klingSecretKey: "fake-kling-secret-key",
  dashscope: "sk-fake-dashscope",
  fal: "fake-fal-key",
  replicate: "r8_fake_replicate_token",
} as const;

export interface ProviderLimits {
  /** Jobs beyond this stay queued until a slot frees (fal, Replicate). */
  maxRunning?: number;
  /** Creates beyond this many unfinished jobs are refused with the provider's concurrency error (Kling 1303). */
  maxActive?: number;
}

export interface AccountWebhook {
  url: string;
  /** Signing secrets; two during a rotation, so the signature header carries two tokens. */
  secrets: string[];
}

export interface FakeConfig {
  queueMs: number;
  runMs: number;
  limits: Partial<Record<FakeProviderName, ProviderLimits>>;
  /** Project webhooks configured in a provider's console (OpenAI, Gemini static webhooks). */
  accountWebhooks: Partial<Record<"openai" | "gemini", AccountWebhook>>;
  /** Replicate's one signing secret per account, served at GET /v1/webhooks/default/secret. */
  replicateWebhookSecret: string;
  /** Kling signs callbacks only once a secret exists in its console; empty means unsigned. */
  klingWebhookSecrets: string[];
  /** How long signed result URLs stay valid, per provider (seconds). */
  urlLifetimeSeconds: Partial<Record<FakeProviderName, number>>;
}

export const DEFAULT_CONFIG: FakeConfig = {
  queueMs: 1000,
  runMs: 3000,
  limits: {},
  accountWebhooks: {},
  replicateWebhookSecret: "whsec_ZmFrZXJlcGxpY2F0ZXdlYmhvb2tzZWNyZXQwMQ==",
  klingWebhookSecrets: [],
  urlLifetimeSeconds: { openai: 3600, gemini: 2 * 86400, kling: 30 * 86400, dashscope: 86400, fal: 7 * 86400, replicate: 3600 },
};

export interface RequestRecord {
  provider: FakeProviderName;
  operation: FakeOperation;
  method: string;
  path: string;
  status: number;
  at: number;
}

/**
 * The state behind every fake provider: jobs moving through their states on a timer, the scripted
 * faults, counters tests assert on (creates per provider prove nothing was bought twice), signed
 * CDN URLs and outgoing webhooks.
 */
export class FakeWorld {
  config: FakeConfig;
  readonly faults = new FaultBook();
  readonly jobs = new Map<string, FakeJob>();
  readonly creates: Record<FakeProviderName, number> = { openai: 0, gemini: 0, kling: 0, dashscope: 0, fal: 0, replicate: 0 };
  readonly requests: RequestRecord[] = [];
  readonly webhooks: WebhookSender;
  /** The fake's own origin (http://127.0.0.1:PORT), for absolute URLs in answers. */
  origin = "";
  private readonly urlSecret = randomUUID();
  private readonly listeners = new Map<FakeProviderName, (transition: JobTransition) => void>();
  private timer: NodeJS.Timeout | undefined;
  private clockOffsetMs = 0;
  readonly clips: string[];
  /** Makes clips from the frames a request carries; null serves the bundled clips only. */
  frameClips: FrameClipMaker | null = new FrameClipMaker();

  constructor(
    readonly assetsDir: string,
    config: Partial<FakeConfig> = {},
    private readonly wallClock: () => number = Date.now,
  ) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    this.webhooks = new WebhookSender(() => this.now());
    const clipsDir = join(assetsDir, "clips");
    this.clips = existsSync(clipsDir) ? readdirSync(clipsDir).filter((name) => name.endsWith(".mp4")).sort() : [];
    if (this.clips.length === 0) throw new Error(`No clips in ${clipsDir}; run scripts/make-sim-clips.sh`);
  }

  /** The fake's time: the wall clock plus however far a test has moved it on. */
  readonly now = (): number => this.wallClock() + this.clockOffsetMs;

  /** Moves the fake's clock on, as if that much time had passed (result lifetimes, task expiry). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), 20);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.webhooks.stop();
  }

  reset(): void {
    this.jobs.clear();
    this.faults.clear();
    this.clockOffsetMs = 0;
    this.requests.length = 0;
    this.webhooks.reset();
    for (const key of Object.keys(this.creates) as FakeProviderName[]) this.creates[key] = 0;
  }

  onTransition(provider: FakeProviderName, listener: (transition: JobTransition) => void): void {
    this.listeners.set(provider, listener);
  }

  record(record: Omit<RequestRecord, "at">): void {
    this.requests.push({ ...record, at: this.now() });
    if (this.requests.length > 5000) this.requests.splice(0, 1000);
  }

  activeCount(provider: FakeProviderName): number {
    let count = 0;
    for (const job of this.jobs.values()) if (job.provider === provider && !isFinished(job)) count++;
    return count;
  }

  /** Picks the bundled clip closest to what was asked for. */
  clipFor(aspectRatio: string | undefined, seconds: number): string {
    const aspect = (aspectRatio ?? "16:9").replace(":", "x");
    const candidates = this.clips.filter((name) => name.startsWith(`sim_${aspect}_`));
    const pool = candidates.length > 0 ? candidates : this.clips.filter((name) => name.startsWith("sim_16x9_"));
    const lengthOf = (name: string) => Number(/_(\d+)s\.mp4$/.exec(name)?.[1] ?? 0);
    const sorted = [...pool].sort((a, b) => lengthOf(a) - lengthOf(b));
    return sorted.find((name) => lengthOf(name) >= seconds) ?? sorted[sorted.length - 1]!;
  }

  /** Creates a job; the scenario decides its outcome and any webhook delivery faults. */
  createJob(init: {
    provider: FakeProviderName;
    id?: string;
    model: string;
    endpoint: string;
    prompt: string;
    input: Record<string, unknown>;
    aspectRatio?: string;
    seconds: number;
    webhookUrl?: string;
    webhookEvents?: string[];
    externalId?: string;
    extra?: Record<string, unknown>;
    onTransition?: (transition: JobTransition) => void;
  }): FakeJob {
    const jobFaults: JobFault[] = this.faults.takeEach(init.provider, "create", init.prompt, isJobFault);
    let outcome: FakeOutcome = { kind: "success" };
    for (const fault of jobFaults) {
      if (fault.type === "content-policy") outcome = { kind: "content-policy", message: fault.message ?? "The prompt was flagged by content moderation." };
      if (fault.type === "job-failure") outcome = { kind: "failure", message: fault.message ?? "Internal error while generating the video." };
      if (fault.type === "no-videos") outcome = { kind: "no-videos" };
    }
    const job: FakeJob = {
      provider: init.provider,
      id: init.id ?? randomUUID(),
      model: init.model,
      endpoint: init.endpoint,
      prompt: init.prompt,
      input: init.input,
      createdAt: this.now(),
      state: "queued",
      queueMs: this.config.queueMs,
      runMs: this.config.runMs,
      outcome,
      clip: this.clipFor(init.aspectRatio, init.seconds),
      seconds: init.seconds,
      webhookUrl: init.webhookUrl,
      webhookEvents: init.webhookEvents,
      externalId: init.externalId,
      jobFaults,
      extra: init.extra ?? {},
      ...(init.onTransition ? { onTransition: init.onTransition } : {}),
    };
    this.jobs.set(`${init.provider}:${job.id}`, job);
    this.creates[init.provider]++;
    attachFrameClip(job, this.frameClips);
    return job;
  }

  job(provider: FakeProviderName, id: string): FakeJob | undefined {
    return this.jobs.get(`${provider}:${id}`);
  }

  cancel(job: FakeJob): boolean {
    if (isFinished(job)) return false;
    this.transition(job, "cancelled");
    return true;
  }

  /** Advances every job whose time has come; fal-style limits hold jobs in the queue. */
  tick(): void {
    const now = this.now();
    for (const job of this.jobs.values()) {
      if (job.state === "queued" && now - job.createdAt >= job.queueMs) {
        const limit = this.config.limits[job.provider]?.maxRunning;
        if (limit !== undefined && this.runningCount(job.provider) >= limit) continue;
        job.startedAt = now;
        this.transition(job, "running");
      } else if (job.state === "running" && now - (job.startedAt ?? now) >= job.runMs && job.madeClip?.status !== "making") {
        this.transition(job, job.outcome.kind === "success" ? "succeeded" : "failed");
      }
    }
  }

  /** A signed URL on one of the fake CDN hosts, valid for the provider's result lifetime. */
  signedUrl(bucket: string, job: FakeJob, lifetimeSeconds?: number): string {
    const expires = Math.floor(this.now() / 1000) + (lifetimeSeconds ?? this.config.urlLifetimeSeconds[job.provider] ?? 3600);
    const path = `/cdn/${bucket}/${job.provider}/${encodeURIComponent(job.id)}/${job.clip}`;
    return `${this.origin}${path}?Expires=${expires}&Signature=${this.signature(path, expires)}`;
  }

  signature(path: string, expires: number): string {
    return createHmac("sha256", this.urlSecret).update(`${path}\n${expires}`).digest("hex").slice(0, 32);
  }

  private runningCount(provider: FakeProviderName): number {
    let count = 0;
    for (const job of this.jobs.values()) if (job.provider === provider && job.state === "running") count++;
    return count;
  }

  private transition(job: FakeJob, to: FakeJobState): void {
    const from = job.state;
    job.state = to;
    if (to === "succeeded" || to === "failed" || to === "cancelled") job.finishedAt = this.now();
    (job.onTransition ?? this.listeners.get(job.provider))?.({ job, from, to });
  }

}
