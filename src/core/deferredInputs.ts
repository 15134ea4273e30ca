/**
 * Request inputs that are not known when a job is planned and are resolved just before it is
 * submitted ("resolve before submit"): a shot-list continuity frame (the last frame of the previous
 * shot's chosen take) today, an image step's still (a still generated first, then animated) next.
 *
 * A planned job lists its deferred inputs (`JobRecord.deferred`). The scheduler starts the job only
 * once every input is ready (`JobPipeline.readiness`), and blocks it, spending nothing, when one
 * never can be (its predecessor failed). The pipeline then asks the input's resolver for the image,
 * stores it on the request and records where the frame came from (`JobRecord.frameOrigin`), all in
 * the ledger before the submit, so a resumed run sends exactly what was resolved.
 *
 * A resolver is named in the input (`resolver: "continuity"`) and supplied by the face through
 * `PipelineDeps.inputResolvers`: the CLI extracts a clip's last frame with ffmpeg, the panel exports
 * the placed clip's last frame from the sequence. Readiness defaults to "the source shot's chosen
 * take is ready" (`{ shotId }`) or "the source job is ready" (`{ jobId }`); a resolver may decide
 * it itself (the panel needs the predecessor placed, an image step needs its image job's still).
 */
import type { DeferredInput, FrameSource } from "./frameInputs";
import type { ImageReference, JobRecord, JobState } from "./jobRecord";
import type { Ledger } from "./ledger";

export type { DeferredField, DeferredInput, DeferredSource } from "./frameInputs";

export type Readiness =
  | { state: "ready" }
  /**
   * `on`: what it waits for, for messages; `jobs`: the jobs it waits on. `external`: they are not
   * video jobs this scheduler runs (an image job run by its own pipeline): the scheduler then never
   * gives up on them while they can still finish, and looks again whenever an image job changes.
   */
  | { state: "waiting"; on: string; jobs: string[]; external?: boolean }
  /** It never can be resolved in this run; `jobs` are those whose failure blocks it (a retry of theirs may still come). */
  | { state: "blocked"; reason: string; jobs: string[] };

export interface ResolvedInput {
  /** The image as the ledger keeps it: a file the face reloads (or a URL). */
  image: ImageReference;
  /** Where the frame came from, for the clip's metadata. */
  origin?: FrameSource;
}

export interface ResolveContext {
  ledger: Ledger;
  signal?: AbortSignal;
}

export interface InputResolver {
  /** Whether the input can be resolved now. Default: `defaultReadiness`. */
  readiness?(job: JobRecord, input: DeferredInput, ledger: Ledger): Readiness;
  /** Makes the image (a frame exported or extracted, a still downloaded). Rejects with a message for the editor. */
  resolve(job: JobRecord, input: DeferredInput, context: ResolveContext): Promise<ResolvedInput>;
}

/** Resolvers by name, as a face passes them to the pipeline. */
export type InputResolvers = Readonly<Record<string, InputResolver>>;

const ORDER: readonly JobState[] = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "ready", "importing", "imported", "placing", "placed"];

/** Whether a job has reached `state` on its way (failed and cancelled have reached nothing). */
export function hasReached(job: Pick<JobRecord, "state">, state: JobState): boolean {
  const at = ORDER.indexOf(job.state);
  return at >= 0 && at >= ORDER.indexOf(state);
}

export function unresolvedInputs(job: Pick<JobRecord, "deferred">): DeferredInput[] {
  return (job.deferred ?? []).filter((input) => !input.resolvedAt);
}

/** Every take of a shot in a run, each as its newest attempt (a job replaced by a retry is left out), take 1 first. */
export function shotTakes(jobs: readonly JobRecord[], runId: string | undefined, shotId: string): JobRecord[] {
  const ofShot = jobs.filter((job) => job.runId === runId && job.shot.shotId === shotId);
  const replaced = new Set(ofShot.map((job) => job.retryOf).filter((id): id is string => !!id));
  const newest = new Map<number, JobRecord>();
  for (const job of ofShot) {
    if (replaced.has(job.id)) continue;
    const known = newest.get(job.shot.take);
    if (!known || job.attempt > known.attempt) newest.set(job.shot.take, job);
  }
  return [...newest.values()].sort((a, b) => a.shot.take - b.shot.take);
}

/**
 * A shot's chosen take: the lowest-numbered take that has not failed or been cancelled (the one
 * its timeline slot and the exports use); undefined when every take failed.
 */
export function chosenTake(jobs: readonly JobRecord[], runId: string | undefined, shotId: string): JobRecord | undefined {
  return shotTakes(jobs, runId, shotId).find((job) => job.state !== "failed" && job.state !== "cancelled");
}

const NOTHING_SENT = " Nothing was sent for it.";

/** Ready when the source shot's chosen take has reached `state` (default `ready`: its clip is on disk). */
export function shotReadiness(job: JobRecord, shotId: string, ledger: Ledger, state: JobState = "ready"): Readiness {
  const takes = shotTakes(ledger.jobs(), job.runId, shotId);
  const what = `shot ${job.shot.shotId} continues from shot ${shotId}`;
  if (takes.length === 0) return { state: "blocked", reason: `${what}, which is not part of this run.`, jobs: [] };
  const chosen = takes.find((take) => take.state !== "failed" && take.state !== "cancelled");
  if (chosen) return hasReached(chosen, state) ? { state: "ready" } : { state: "waiting", on: `shot ${shotId} take ${chosen.shot.take}`, jobs: [chosen.id] };
  const last = takes[takes.length - 1]!;
  const inner = (last.failure?.message ?? "").replace(NOTHING_SENT, "").replace(/\.+$/, "");
  const why = last.state === "cancelled" ? "was cancelled" : last.failure?.kind === "blocked" ? `is blocked: ${inner}` : `failed${inner ? `: ${inner}` : ""}`;
  return { state: "blocked", reason: `${what}, which ${why}.${NOTHING_SENT}`, jobs: takes.map((take) => take.id) };
}

/** The default readiness: the source shot's chosen take, or the source job, has its clip. */
export function defaultReadiness(job: JobRecord, input: DeferredInput, ledger: Ledger): Readiness {
  if ("shotId" in input.from) return shotReadiness(job, input.from.shotId, ledger);
  const source = ledger.get(input.from.jobId);
  if (!source) return { state: "blocked", reason: `shot ${job.shot.shotId} needs job ${input.from.jobId}, which is not in the ledger.`, jobs: [] };
  if (hasReached(source, "ready")) return { state: "ready" };
  if (source.state === "failed" || source.state === "cancelled") {
    return { state: "blocked", reason: `shot ${job.shot.shotId} needs the result of job ${source.id}, which ${source.state === "failed" ? `failed: ${source.failure?.message ?? ""}` : "was cancelled"}.`, jobs: [source.id] };
  }
  return { state: "waiting", on: `job ${source.id}`, jobs: [source.id] };
}

/** Combines the readiness of each unresolved input: blocked wins over waiting, waiting over ready. */
export function jobReadiness(job: JobRecord, ledger: Ledger, resolvers: InputResolvers | undefined): Readiness {
  let waiting: Readiness | undefined;
  for (const input of unresolvedInputs(job)) {
    const resolver = resolvers?.[input.resolver];
    if (!resolver) {
      return { state: "blocked", reason: `shot ${job.shot.shotId} needs its ${input.field === "firstFrame" ? "first" : "last"} frame from the "${input.resolver}" step, which this Shotbin cannot do here.`, jobs: [] };
    }
    const readiness = resolver.readiness ? resolver.readiness(job, input, ledger) : defaultReadiness(job, input, ledger);
    if (readiness.state === "blocked") return readiness;
    if (readiness.state === "waiting") waiting ??= readiness;
  }
  return waiting ?? { state: "ready" };
}
