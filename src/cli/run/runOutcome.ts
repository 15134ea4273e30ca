import * as path from "node:path";
import type { ImageJobRecord } from "../../core/imageJobRecord";
import { isAtProvider, isCommitted, type JobRecord } from "../../core/jobRecord";
import { formatUsd, roundUsd } from "../../core/pricing";
import type { RunSummary } from "../../core/scheduler";
import { buildTimelineExports } from "../../shotlist/timelineExports";
import { readClipFactsOfJobs } from "../../shotlist/clipFacts";
import { rateLabel } from "../../shotlist/frameRate";
import type { FrameRate, FrameSize } from "../../shotlist/timelineLayout";
import { nodeFileSystem } from "../../media/nodeFileSystem";
import { EXIT, type ExitCode } from "../exitCodes";
import { writeAtomic } from "./runFolder";
import type { StopSignal } from "./runStop";

function failureLines(jobs: JobRecord[], summary: RunSummary, stopped: boolean): string[] {
  const lines: string[] = [];
  for (const id of summary.failed) {
    const job = jobs.find((candidate) => candidate.id === id);
    if (!job) continue;
    // A download cut short by the stop is not a failure of the shot: --resume downloads it again.
    if (stopped && job.failure?.step === "download" && job.failure.retryable && /abort/i.test(job.failure.message)) {
      lines.push(`  - shot ${job.shot.shotId} take ${job.shot.take} (${job.request.model}): stopped while downloading; --resume downloads it again [charged]`);
      continue;
    }
    const charged = job.failure?.charged === false ? "not charged" : job.failure?.charged === true ? "charged" : "may have been charged";
    lines.push(`  - shot ${job.shot.shotId} take ${job.shot.take} (${job.request.model}): ${job.failure?.message ?? "failed"} [${charged}]`);
  }
  return lines;
}

/**
 * The end of a run, however it ended: the exports from what is ready, the totals, each failure
 * with whether it was charged, how to continue, and the exit code.
 */
export async function finishRun(input: {
  jobs: JobRecord[];
  /** The image steps' stills, counted in what was spent. */
  stills?: ImageJobRecord[];
  /** The jobs this run followed (retries replace their originals). */
  ids: string[];
  summary: RunSummary;
  name: string;
  rate: FrameRate;
  /** --frame-size, else the clips' own size. */
  frameSize?: FrameSize;
  outDir: string;
  /** The command that continues this run. */
  resumeCommand: string;
  stoppedBy?: StopSignal;
  /** A retry needed more money than approved, so new submits stopped. */
  budgetPaused: boolean;
  out(text: string): void;
  err(text: string): void;
  /** --pick best: the chosen take of each shot, placed in the exports. */
  chosen?: ReadonlySet<string>;
}): Promise<ExitCode> {
  const { jobs, summary } = input;
  const facts = await readClipFactsOfJobs(jobs, nodeFileSystem.open);
  const timelines = buildTimelineExports(jobs, { name: input.name, rate: input.rate, ...(input.frameSize ? { frameSize: input.frameSize } : {}), clips: facts.clips, clipProblems: facts.problems, ...(input.chosen ? { chosen: input.chosen } : {}) });
  for (const file of timelines.files) await writeAtomic(path.join(input.outDir, file.fileName), file.text);
  const stills = input.stills ?? [];
  const spent = roundUsd([...jobs, ...stills].filter((job) => isCommitted(job) && Number.isFinite(job.estimate.usd)).reduce((sum, job) => sum + job.estimate.usd, 0));
  if (stills.length > 0) {
    const made = stills.filter((job) => job.state === "ready").length;
    input.out(`Image steps: ${made} of ${stills.length} still(s) made${made < stills.length ? ` (${stills.filter((job) => job.state === "failed").map((job) => `shot ${job.shot.shotId}: ${job.failure?.message ?? "failed"}`).join("; ")})` : ""}.`);
  }
  const unfinished = input.ids.length - summary.done.length - summary.failed.length - summary.cancelled.length;
  input.out(
    `${summary.done.length} take(s) done, ${summary.failed.length} failed${unfinished > 0 ? `, ${unfinished} not finished` : ""}; spent ${formatUsd(spent)} (estimate). Exports: ${timelines.files.map((file) => file.fileName).join(", ")} in ${input.outDir}`,
  );
  const { frameSize: size, dropFrame } = timelines.layout;
  const sizeSource = size.source === "given" ? "--frame-size" : size.source === "clips" ? "the clips' size" : size.source === "requests" ? "the shots' resolution" : "default";
  input.out(`Timeline: ${size.width}×${size.height} (${sizeSource}), ${rateLabel(input.rate)} fps${dropFrame ? " drop-frame" : ""}, shots end to end by their clips' frames.`);
  for (const message of timelines.layout.messages) input.out(`  - ${message}`);
  const failures = failureLines(jobs, summary, input.stoppedBy !== undefined);
  if (failures.length > 0) input.err(["Failed:", ...failures].join("\n"));
  const complete = unfinished === 0 && summary.failed.length === 0;
  if (input.stoppedBy && !complete) {
    const atProvider = jobs.filter((job) => input.ids.includes(job.id) && isAtProvider(job.state)).length;
    input.err(
      `Stopped before the end${atProvider > 0 ? `; ${atProvider} job(s) are still at the providers and --resume follows them without sending them again` : ""}. Continue with: ${input.resumeCommand}`,
    );
    return EXIT.interrupted;
  }
  if (unfinished > 0) {
    if (input.budgetPaused) input.err(`Stopped at the approved budget. Raise it with: ${input.resumeCommand} --budget <USD>`);
    return input.budgetPaused ? EXIT.refused : EXIT.providerFailed;
  }
  return summary.failed.length > 0 ? EXIT.providerFailed : EXIT.ok;
}
