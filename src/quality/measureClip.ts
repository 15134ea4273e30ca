/**
 * Take QA for one clip (Node only): one streaming ffmpeg pass to per-frame series, then the
 * defects, verdict and score. The entry point the CLI, the relay and `--pick best` use.
 */
import { assessSeries } from "./assessSeries";
import { frameDurationOf, measureSeries, type MeasureOptions } from "./measureSeries";
import type { QualityReport } from "./qualityTypes";

export type { FfmpegPrograms, MeasureOptions } from "./measureSeries";

/**
 * Measures and judges `file`. Rejects with a MediaError (kind "io", "not-media", "truncated",
 * "corrupt" or "aborted", and a message for the user) when it is not a whole, readable video.
 * Never writes to the file.
 */
export async function measureClip(file: string, options: MeasureOptions): Promise<QualityReport> {
  const started = performance.now();
  const measured = await measureSeries(file, options);
  const { series, info, proxy, duration } = measured;
  const frameDuration = frameDurationOf(series.t, info.fps);
  const assessment = assessSeries({ series, range: info.range, duration, frameDuration });
  const frames = series.t.length;
  return {
    file,
    verdict: assessment.verdict,
    score: assessment.score,
    defects: assessment.defects,
    measures: assessment.measures,
    series,
    analysis: {
      fps: info.fps > 0 ? Math.round(info.fps * 1000) / 1000 : Math.round((frames / duration) * 1000) / 1000,
      frames,
      seconds: Math.round(performance.now() - started) / 1000,
      duration: Math.round(duration * 1000) / 1000,
      width: info.width,
      height: info.height,
      proxy: `${proxy.width}x${proxy.height}`,
      range: info.range,
    },
  };
}
