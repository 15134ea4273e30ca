import { spawn } from "node:child_process";
import { lowerPriority } from "../../quality/proxyDecoder";
import type { QualityReport } from "../../quality/qualityTypes";
import { QA_SERIES_POINTS, type QaSubject, type QaThumbnail, type RelayQaReport } from "../client/qaProtocol";

/** Evenly picked indices, first and last included, at most `limit` of them. */
export function pickIndices(length: number, limit = QA_SERIES_POINTS): number[] {
  if (length <= limit) return Array.from({ length }, (_, index) => index);
  return Array.from({ length: limit }, (_, index) => Math.round((index * (length - 1)) / (limit - 1)));
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The panel's view of a QA report: curves down-sampled to QA_SERIES_POINTS, no per-frame bulk. */
export function relayReportOf(report: QualityReport, subject: QaSubject, thumbnails: QaThumbnail[], measuredAt: Date): RelayQaReport {
  const picks = pickIndices(report.series.t.length);
  return {
    subject,
    verdict: report.verdict,
    score: report.score,
    defects: report.defects,
    series: {
      t: picks.map((index) => round(report.series.t[index]!, 4)),
      luma: picks.map((index) => round(report.series.luma[index]!, 2)),
      cct: picks.map((index) => {
        const value = report.series.cct[index];
        return value === null || value === undefined ? null : Math.round(value);
      }),
    },
    thumbnails,
    analysis: report.analysis,
    measuredAt: measuredAt.toISOString(),
  };
}

/** Where the first, middle and last frames are, from the measured frame times. */
export function thumbnailTimes(times: readonly number[]): number[] {
  if (times.length === 0) return [];
  const last = times[times.length - 1]!;
  const middle = times[Math.floor((times.length - 1) / 2)]!;
  return [times[0]!, middle, last];
}

const THUMB_WIDTH = 160;
/** Thumbnails yield the CPU like the measurement's decode (QA_PRIORITY in qaService.ts). */
const THUMB_PRIORITY = 10;

/** One frame at `t` as a JPEG data URI about 160 px wide (ffmpeg as a child process). */
export function thumbnailAt(ffmpeg: string, file: string, t: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpeg,
      ["-nostdin", "-v", "error", "-ss", t.toFixed(3), "-i", file, "-frames:v", "1", "-vf", `scale=${THUMB_WIDTH}:-2:flags=area`, "-q:v", "5", "-f", "image2", "-c:v", "mjpeg", "pipe:1"],
      { stdio: ["ignore", "pipe", "pipe"], ...(signal ? { signal } : {}) },
    );
    if (child.pid !== undefined) lowerPriority(child.pid, THUMB_PRIORITY);
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && jpeg.length > 0) resolve(`data:image/jpeg;base64,${jpeg.toString("base64")}`);
      else reject(new Error(`ffmpeg made no thumbnail at ${t.toFixed(3)} s (exit ${String(code)}): ${stderr.trim().slice(0, 300)}`));
    });
  });
}

/** First, middle and last frame. A seek past the last decodable frame retries a little earlier. */
export async function thumbnailsOf(ffmpeg: string, file: string, times: readonly number[], signal?: AbortSignal): Promise<QaThumbnail[]> {
  const thumbnails: QaThumbnail[] = [];
  for (const t of thumbnailTimes(times)) {
    let dataUri: string;
    try {
      dataUri = await thumbnailAt(ffmpeg, file, t, signal);
    } catch (error) {
      if (signal?.aborted || t === 0) throw error;
      dataUri = await thumbnailAt(ffmpeg, file, Math.max(0, t - 0.5), signal);
    }
    thumbnails.push({ t: Math.round(t * 10_000) / 10_000, dataUri });
  }
  return thumbnails;
}
