import { isCommitted, type JobRecord, type JobState } from "../core/jobRecord";
import { formatUsd, roundUsd } from "../core/pricing";
import type { SchedulerEvent } from "../core/scheduler";

/**
 * What `shotbin run` shows while it works. On a terminal: a block redrawn in place with the run's
 * totals (done, failed, spent so far against the approved budget) and one line per take with its
 * state and a bar. Otherwise (a pipe, a log file, CI): one plain line per state change.
 */
export interface RunProgress {
  jobChanged(job: JobRecord): void;
  schedulerEvent(event: SchedulerEvent): void;
  message(text: string): void;
  stop(): void;
}

interface Output {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
}

const FINAL: readonly JobState[] = ["ready", "importing", "imported", "placing", "placed"];
const PLAIN_STATES: readonly JobState[] = ["planned", "queued", "running", "succeeded", "ready", "failed", "cancelled"];
const LABEL: Partial<Record<JobState, string>> = { ready: "done", succeeded: "generated" };

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

function fractionOf(job: JobRecord): number {
  if (FINAL.includes(job.state)) return 1;
  switch (job.state) {
    case "planned":
      return 0;
    case "submitting":
    case "queued":
      return 0.05;
    case "running":
      return 0.1 + 0.75 * (job.progress ?? 0);
    case "succeeded":
    case "downloading":
      return 0.88;
    case "downloaded":
    case "embedding":
      return 0.95;
    default:
      return 0;
  }
}

export function createRunProgress(options: {
  out: Output;
  tty: boolean;
  name: string;
  approvedUsd: number;
  jobs: () => JobRecord[];
  now?: () => number;
  /** Redraw interval on a terminal. */
  intervalMs?: number;
}): RunProgress {
  const now = options.now ?? Date.now;
  const started = now();
  const lastState = new Map<string, JobState>();
  let drawnLines = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let dirty = true;

  const current = () => {
    const jobs = options.jobs();
    const replaced = new Set(jobs.map((job) => job.retryOf).filter(Boolean));
    return jobs.filter((job) => !replaced.has(job.id)).sort((a, b) => a.shot.order - b.shot.order || a.shot.take - b.shot.take);
  };
  const totals = (jobs: JobRecord[]) => {
    const done = jobs.filter((job) => FINAL.includes(job.state)).length;
    const failed = jobs.filter((job) => job.state === "failed").length;
    const spent = roundUsd(options.jobs().filter((job) => isCommitted(job) && Number.isFinite(job.estimate.usd)).reduce((sum, job) => sum + job.estimate.usd, 0));
    return { done, failed, spent };
  };
  const headline = (jobs: JobRecord[]) => {
    const { done, failed, spent } = totals(jobs);
    return `${options.name}: ${done}/${jobs.length} done${failed ? `, ${failed} failed` : ""} · spent ${formatUsd(spent)} of ${formatUsd(options.approvedUsd)} approved · ${clock(now() - started)}`;
  };

  const clear = () => {
    if (drawnLines > 0) options.out.write(`\x1b[${drawnLines}A\x1b[J`);
    drawnLines = 0;
  };
  const draw = () => {
    if (!dirty) return;
    dirty = false;
    const jobs = current();
    const width = Math.max(60, (options.out.columns ?? 100) - 1);
    const room = Math.max(4, (options.out.rows ?? 30) - 4);
    const active = jobs.filter((job) => !FINAL.includes(job.state) && job.state !== "planned" && job.state !== "failed");
    const failed = jobs.filter((job) => job.state === "failed");
    const waiting = jobs.filter((job) => job.state === "planned");
    const done = jobs.filter((job) => FINAL.includes(job.state));
    const shown = [...active, ...failed, ...waiting.slice(0, 3), ...done.slice(-3)].slice(0, room);
    const overall = jobs.length ? jobs.reduce((sum, job) => sum + fractionOf(job), 0) / jobs.length : 1;
    const lines = [headline(jobs).slice(0, width), `${bar(overall, 30)} ${Math.round(overall * 100)}%`];
    for (const job of shown) {
      const state = job.state === "failed" ? `failed: ${job.failure?.message ?? ""}` : (LABEL[job.state] ?? job.state);
      const line = `  ${job.shot.shotId.padEnd(6)} take ${job.shot.take}  ${bar(fractionOf(job), 12)}  ${state.padEnd(11)} ${job.request.model}`;
      lines.push(line.slice(0, width));
    }
    const hidden = jobs.length - shown.length;
    if (hidden > 0) lines.push(`  … ${hidden} more (${waiting.length} waiting, ${done.length} done)`);
    clear();
    options.out.write(`${lines.join("\n")}\n`);
    drawnLines = lines.length;
  };

  const stamp = () => new Date(now()).toISOString().slice(11, 19);
  const plain = (text: string) => options.out.write(`${stamp()}  ${text}\n`);

  if (options.tty) {
    timer = setInterval(draw, options.intervalMs ?? 200);
    timer.unref?.();
  }

  return {
    jobChanged(job) {
      if (options.tty) {
        dirty = true;
        return;
      }
      if (lastState.get(job.id) === job.state) return;
      lastState.set(job.id, job.state);
      // Plain logs keep the milestones: sent, running, generated, done, failed, retried.
      if (!PLAIN_STATES.includes(job.state)) return;
      const detail =
        job.state === "planned" && !job.retryOf
          ? null
          : job.state === "failed"
          ? `: ${job.failure?.message ?? "failed"}`
          : job.state === "ready" && job.file
            ? ` → ${job.file}`
            : job.state === "planned" && job.retryOf
              ? " (retry)"
              : "";
      if (detail === null) return;
      plain(`${job.shot.shotId} take ${job.shot.take}  ${LABEL[job.state] ?? job.state}  ${job.request.provider}/${job.request.model}${detail}`);
    },
    schedulerEvent(event) {
      const text =
        event.type === "throttled"
          ? `${event.provider} asked to slow down (${event.reason}); ${event.concurrency} at a time from ${new Date(event.untilMs).toISOString().slice(11, 19)}`
          : event.type === "retrying"
            ? `retrying a failed take as a new job: ${event.reason}`
            : event.type === "budget-paused"
              ? `a retry needs ${formatUsd(event.neededUsd)} more than the approved ${formatUsd(event.approvedUsd)}`
              : `gave up on a take: ${event.reason}`;
      this.message(text);
    },
    message(text) {
      if (options.tty) {
        clear();
        options.out.write(`${text}\n`);
        dirty = true;
        draw();
      } else plain(text);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (options.tty) {
        dirty = true;
        draw();
      } else plain(headline(current()));
    },
  };
}
