import { readMovieClipFactsAt } from "../media/nodeMovieClipFacts";
import { measureClip, type MeasureOptions } from "../quality/measureClip";
import type { QualityReport } from "../quality/qualityTypes";

/**
 * Take QA as the CLI and the relay run it (Node only): MP4 and MOV facts are read in process,
 * anything else is probed with ffprobe.
 */
export function measureTake(file: string, options: Omit<MeasureOptions, "readContainerFacts">): Promise<QualityReport> {
  return measureClip(file, { ...options, readContainerFacts: readMovieClipFactsAt });
}
