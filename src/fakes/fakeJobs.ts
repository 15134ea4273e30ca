import type { FakeProviderName, JobFault } from "./faults";

export type FakeJobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** How a job will end, decided at create time from the scenario. */
export type FakeOutcome =
  | { kind: "success" }
  | { kind: "content-policy"; message: string }
  | { kind: "failure"; message: string }
  | { kind: "no-videos" };

export interface FakeJob {
  provider: FakeProviderName;
  id: string;
  model: string;
  /** The provider-specific endpoint or API flavour the job was created through. */
  endpoint: string;
  prompt: string;
  input: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  state: FakeJobState;
  queueMs: number;
  runMs: number;
  outcome: FakeOutcome;
  /** The bundled clip (file name in assets/clips) this job returns, unless a clip was made from its frames. */
  clip: string;
  /**
   * A clip made from the request's first (and last) frame (frameClipJobs.ts): `making` holds the
   * job back from finishing; `ready` serves `path`; `skipped` serves the bundled clip, for `reason`.
   */
  madeClip?: { status: "making" | "ready" | "skipped"; frames: "first" | "first+last"; path?: string; reason?: string };
  seconds: number;
  webhookUrl?: string;
  webhookEvents?: string[];
  externalId?: string;
  jobFaults: JobFault[];
  /** Free-form fields a provider keeps per job (user metadata, status URLs, ...). */
  extra: Record<string, unknown>;
  /** A listener for this job alone, instead of its provider's (image jobs beside video ones). */
  onTransition?: (transition: JobTransition) => void;
}

export interface JobTransition {
  job: FakeJob;
  from: FakeJobState;
  to: FakeJobState;
}

export function isFinished(job: FakeJob): boolean {
  return job.state === "succeeded" || job.state === "failed" || job.state === "cancelled";
}

export function progressOf(job: FakeJob, now: number): number {
  if (job.state === "succeeded") return 1;
  if (job.state !== "running" || job.startedAt === undefined) return 0;
  return Math.max(0, Math.min(0.99, (now - job.startedAt) / job.runMs));
}
