/**
 * `shotbin compare` after the takes are bought: QA of every finished take (two ffmpeg at a time;
 * each report is kept in `<out>/qa/<job>.json` and the ledger's `extra.qa`, so a rerun measures
 * nothing again), thumbnails of the first, middle and last frame, and each model's takes as the
 * report's data.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { hasReached } from "../../core/deferredInputs";
import { isCommitted, type JobRecord } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";
import { roundUsd } from "../../core/pricing";
import { findFfmpegProgram } from "../../media/ffmpegBinary";
import { thumbnailDataUri } from "../../media/nodeThumbnails";
import { thumbnailKey, type Thumbnail } from "../../quality/compareHtml";
import { curvesOf, takeQaOf, type CompareModel, type CompareTake } from "../../quality/compareReport";
import type { FfmpegPrograms } from "../../quality/measureClip";
import { measureTake } from "../../runtime/measureTake";
import type { QualityReport } from "../../quality/qualityTypes";
import { qaSummaryOf } from "../../quality/takeRank";
import { describeQa } from "../run/takeQa";
import { writeAtomic } from "../run/runFolder";
import type { CompareModelChoice } from "./compareOptions";

export type Measured = { report: QualityReport } | { error: string };

function cacheFile(outDir: string, job: JobRecord): string {
  return path.join(outDir, "qa", `${job.id}.json`);
}

async function readCached(file: string): Promise<QualityReport | undefined> {
  try {
    const report = JSON.parse(await fsp.readFile(file, "utf8")) as QualityReport;
    return report && typeof report.score === "number" && report.series ? report : undefined;
  } catch {
    return undefined;
  }
}

/** Measures every finished take not measured before; answers each take's QA by job id. */
export async function measureTakes(input: { ledger: Ledger; outDir: string; env: NodeJS.ProcessEnv; message(line: string): void; label(job: JobRecord): string; signal?: AbortSignal }): Promise<Map<string, Measured>> {
  const results = new Map<string, Measured>();
  const finished = input.ledger.jobs().filter((job) => hasReached(job, "ready") && job.file);
  let programs: FfmpegPrograms | Error | undefined;
  const queue: JobRecord[] = [];
  for (const job of finished) {
    const cached = await readCached(cacheFile(input.outDir, job));
    if (cached) results.set(job.id, { report: cached });
    else queue.push(job);
  }
  const worker = async () => {
    for (let job = queue.shift(); job && !input.signal?.aborted; job = queue.shift()) {
      try {
        programs ??= (() => {
          try {
            return { ffmpeg: findFfmpegProgram("ffmpeg", input.env), ffprobe: findFfmpegProgram("ffprobe", input.env) };
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        })();
        if (programs instanceof Error) throw programs;
        const report = await measureTake(job.file!, { programs, ...(input.signal ? { signal: input.signal } : {}) });
        await fsp.mkdir(path.dirname(cacheFile(input.outDir, job)), { recursive: true });
        await writeAtomic(cacheFile(input.outDir, job), JSON.stringify(report));
        const qa = qaSummaryOf(report, new Date().toISOString());
        await input.ledger.update(job.id, { extra: { ...(input.ledger.require(job.id).extra ?? {}), qa: { ...qa } } });
        results.set(job.id, { report });
        input.message(`QA ${input.label(job)}: ${describeQa(qa)}`);
      } catch (error) {
        if (input.signal?.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        results.set(job.id, { error: message });
        input.message(`QA ${input.label(job)}: could not be measured (${message})`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** First, middle and last frame of each measured take, by thumbnailKey; a frame ffmpeg cannot give is left out. */
export async function takeThumbnails(entries: ReadonlyArray<{ key: string; file: string; report: QualityReport }>, env: NodeJS.ProcessEnv): Promise<Map<string, Thumbnail[]>> {
  const thumbnails = new Map<string, Thumbnail[]>();
  for (const { key, file, report } of entries) {
    const t = report.series.t;
    if (t.length === 0) continue;
    const picks: Array<[Thumbnail["label"], number]> = [["first", t[0]!], ["middle", t[Math.floor(t.length / 2)]!], ["last", t[t.length - 1]!]];
    const made: Thumbnail[] = [];
    for (const [label, seconds] of picks) {
      const dataUri = await thumbnailDataUri(file, seconds, { env }).catch(() => undefined);
      if (dataUri) made.push({ label, seconds, dataUri });
    }
    thumbnails.set(key, made);
  }
  return thumbnails;
}

function secondsBetween(job: JobRecord, from: string, to: string): number | undefined {
  const start = job.history.find((entry) => entry.state === from);
  const end = job.history.find((entry) => entry.state === to);
  if (!start || !end) return undefined;
  return Math.round((Date.parse(end.at) - Date.parse(start.at)) / 100) / 10;
}

/** Each model's takes (the newest attempt of each), in the order the models were given. */
export function compareModels(input: { jobs: readonly JobRecord[]; models: readonly CompareModelChoice[]; outDir: string; measured: ReadonlyMap<string, Measured> }): CompareModel[] {
  const replaced = new Set(input.jobs.map((job) => job.retryOf).filter(Boolean));
  return input.models.map((model, index) => {
    const jobs = input.jobs.filter((job) => job.shot.order === index && !replaced.has(job.id)).sort((a, b) => a.shot.take - b.shot.take);
    // Every attempt that was charged counts in the cost, retries included.
    const charged = input.jobs.filter((job) => job.shot.order === index && isCommitted(job) && Number.isFinite(job.estimate.usd));
    const takes: CompareTake[] = jobs.map((job) => {
      const measured = input.measured.get(job.id);
      const take: CompareTake = { take: job.shot.take, state: job.state };
      if (job.file) take.file = path.relative(input.outDir, job.file);
      if (job.failure) take.failure = job.failure.message;
      const time = secondsBetween(job, "submitting", "ready");
      if (time !== undefined) take.timeToResultSeconds = time;
      if (isCommitted(job) && Number.isFinite(job.estimate.usd)) take.costUsd = job.estimate.usd;
      if (measured && "report" in measured) {
        take.qa = takeQaOf(measured.report);
        take.curves = curvesOf(measured.report);
      } else if (measured) take.qaError = measured.error;
      return take;
    });
    return {
      model: model.given,
      // What ran (a model without a key is rehearsed on the simulator).
      provider: jobs[0]?.request.provider ?? model.spec.provider,
      modelId: jobs[0]?.request.model ?? model.spec.id,
      displayName: model.spec.displayName,
      durationSeconds: model.durationSeconds,
      costUsd: roundUsd(charged.reduce((sum, job) => sum + job.estimate.usd, 0)),
      costConfirmed: charged.every((job) => job.estimate.confirmed),
      takes,
    };
  });
}

export { thumbnailKey };
