/**
 * `shotbin qa <clip|folder>… [--json] [--embed]`: measures every take for the defects colourists
 * fix by hand and answers a verdict, a 0–100 score and the defects with their times. Writes to a
 * clip only with --embed (the verdict, score and defect kinds into its XMP, in place). One ffmpeg
 * pass per clip (the system's ffmpeg; SHOTBIN_FFMPEG / SHOTBIN_FFPROBE).
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../core/errors";
import { findFfmpegProgram } from "../media/ffmpegBinary";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { embedQualityFields } from "../media/qualityMetadata";
import { qaSummaryOf } from "../quality/takeRank";
import { formatFinding, formatMeasure } from "../quality/formatMeasure";
import type { FfmpegPrograms } from "../quality/measureClip";
import { measureTake } from "../runtime/measureTake";
import type { QualityReport, Verdict } from "../quality/qualityTypes";
import { NEAR_MISS_KINDS } from "../quality/verdict";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin qa <clip|folder>... [--json] [--embed]

Measures each take (MP4, MOV, or any video ffmpeg reads; a folder means the videos in it) for
flicker, colour-temperature drift, shadow fluctuation, highlight clipping, frozen frames,
stutter, hard cuts, black frames and out-of-range levels, and prints a verdict (pass, warn,
fail), a 0–100 score and each defect with its start and end in seconds. Never writes to a clip
unless --embed is given.

Options:
  --json      print a JSON array, one object per file: file, verdict, score, defects (kind,
              severity, start, end, value, threshold, unit, detail), measures, series (per
              frame, for plots) and analysis (fps, frames, seconds taken, ...)
  --embed     write the verdict, score and defect kinds into each clip's XMP (shotbin:qaVerdict,
              qaScore, qaDefects), in place, next to its prompt; MP4 and MOV clips that carry
              Shotbin's generation metadata only (others are refused, left as they were)
  -h, --help  show this text

Exit status: 0 every take passed; ${EXIT.qaWarn} a take has warnings and none failed; ${EXIT.qaFail} a take failed;
${EXIT.badInput} a file is missing, unreadable, not a video or truncated (the others are still measured).
ffmpeg comes from SHOTBIN_FFMPEG / SHOTBIN_FFPROBE or the PATH. See docs/qa.md.
`;

const VIDEO_EXTENSIONS = new Set([".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".mxf"]);

type Outcome = { file: string; report: QualityReport; embedError?: MediaError } | { file: string; error: MediaError };

const EMBEDDABLE = /\.(mp4|m4v|mov)$/i;

/** --embed: the QA fields into the clip's XMP; a MediaError (the clip left as it was) when it cannot be. */
async function embedReport(report: QualityReport): Promise<MediaError | undefined> {
  const qa = qaSummaryOf(report, new Date().toISOString());
  try {
    await embedQualityFields(nodeFileSystem, report.file, { qaVerdict: qa.verdict, qaScore: qa.score, qaDefects: qa.defectKinds });
    return undefined;
  } catch (error) {
    if (error instanceof MediaError) return error;
    if (error instanceof Error) return new MediaError("io", `Cannot write the QA into ${report.file}: ${error.message}`, report.file);
    throw error;
  }
}

/** The files to measure: each argument, or the videos in it when it is a folder (sorted, not recursive). */
async function expandInputs(inputs: readonly string[]): Promise<Array<{ file: string } | { file: string; error: MediaError }>> {
  const files: Array<{ file: string } | { file: string; error: MediaError }> = [];
  for (const input of inputs) {
    const stat = await fsp.stat(input).catch(() => undefined);
    if (!stat?.isDirectory()) {
      files.push({ file: input });
      continue;
    }
    const names = (await fsp.readdir(input)).filter((name) => VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase()) && !name.startsWith(".")).sort();
    if (names.length === 0) {
      files.push({ file: input, error: new MediaError("io", `${input} holds no video files (${[...VIDEO_EXTENSIONS].join(", ")}).`, input) });
    }
    for (const name of names) files.push({ file: path.join(input, name) });
  }
  return files;
}

export function exitCodeFor(outcomes: readonly Outcome[]): number {
  if (outcomes.some((outcome) => "error" in outcome || outcome.embedError)) return EXIT.badInput;
  const verdicts = outcomes.map((outcome) => ("report" in outcome ? outcome.report.verdict : "pass"));
  if (verdicts.includes("fail")) return EXIT.qaFail;
  if (verdicts.includes("warn")) return EXIT.qaWarn;
  return EXIT.ok;
}

const VERDICT_LABEL: Record<Verdict, string> = { pass: "PASS", warn: "WARN", fail: "FAIL" };

/** A readable block for one take: verdict and score, how it was measured, then a table of defects. */
export function formatReport(report: QualityReport): string {
  const { analysis } = report;
  const lines = [
    `${report.file}  ${VERDICT_LABEL[report.verdict]}  score ${report.score}`,
    `  ${analysis.width}x${analysis.height}, ${analysis.fps} fps, ${analysis.frames} frames, ${analysis.duration.toFixed(3)} s, ${analysis.range} range; measured in ${analysis.seconds.toFixed(2)} s`,
  ];
  if (report.defects.length === 0) {
    let closest: { kind: string; ratio: number; text: string } | undefined;
    for (const kind of NEAR_MISS_KINDS) {
      const measure = report.measures[kind];
      const ratio = measure.warnAt > 0 ? measure.value / measure.warnAt : 0;
      if (!closest || ratio > closest.ratio) closest = { kind, ratio, text: `${formatMeasure(measure.value, measure.unit)} of ${formatMeasure(measure.warnAt, measure.unit)}` };
    }
    lines.push(`  no defects${closest && closest.ratio > 0 ? ` (closest to a limit: ${closest.kind}, ${closest.text})` : ""}`);
    return lines.join("\n");
  }
  const rows = report.defects.map((defect) => [
    defect.severity,
    defect.kind,
    `${defect.start.toFixed(3)}–${defect.end.toFixed(3)} s`,
    formatFinding(defect),
    defect.detail,
  ]);
  const header = ["", "defect", "time", "value ≥ limit", "detail"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}`.trimEnd();
  lines.push(line(header), ...rows.map(line));
  return lines.join("\n");
}

function toJson(outcome: Outcome): object {
  if ("error" in outcome) return { file: outcome.file, error: { kind: outcome.error.kind, message: outcome.error.message } };
  const { report } = outcome;
  return {
    ...(outcome.embedError ? { embedError: { kind: outcome.embedError.kind, message: outcome.embedError.message } } : {}),
    file: report.file,
    verdict: report.verdict,
    score: report.score,
    defects: report.defects,
    measures: report.measures,
    series: report.series,
    analysis: report.analysis,
  };
}

export const qaCommand: Subcommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseCommandLine(args, { json: { type: "boolean" }, embed: { type: "boolean" } });
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("qa", error);
      throw error;
    }
    if (parsed.values.help) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (parsed.positionals.length === 0) {
      process.stderr.write(USAGE);
      return EXIT.usage;
    }
    let programs: FfmpegPrograms;
    try {
      programs = { ffmpeg: findFfmpegProgram("ffmpeg"), ffprobe: findFfmpegProgram("ffprobe") };
    } catch (error) {
      // Not found, or SHOTBIN_FFMPEG / SHOTBIN_FFPROBE naming something that is not a program.
      if (!(error instanceof Error)) throw error;
      process.stderr.write(`shotbin qa: ${error.message}\n`);
      return EXIT.internal;
    }
    const json = parsed.values.json === true;
    const embed = parsed.values.embed === true;
    const inputs = await expandInputs(parsed.positionals);
    const progress = process.stderr.isTTY && inputs.length > 1;
    const outcomes: Outcome[] = [];
    for (const [index, input] of inputs.entries()) {
      if ("error" in input) {
        outcomes.push(input);
      } else if (embed && !EMBEDDABLE.test(input.file)) {
        const message = `${input.file}: --embed writes into MP4 and MOV clips only (.mp4, .m4v, .mov); this file was not measured and was left as it was.`;
        outcomes.push({ file: input.file, error: new MediaError("not-media", message, input.file) });
      } else {
        if (progress) process.stderr.write(`qa ${index + 1}/${inputs.length} ${input.file}\n`);
        try {
          const report = await measureTake(input.file, { programs });
          const embedError = embed ? await embedReport(report) : undefined;
          outcomes.push({ file: input.file, report, ...(embedError ? { embedError } : {}) });
        } catch (error) {
          if (!(error instanceof MediaError)) throw error;
          outcomes.push({ file: input.file, error });
        }
      }
      const last = outcomes[outcomes.length - 1]!;
      if ("error" in last) process.stderr.write(`shotbin qa: ${last.error.message}\n`);
      else {
        if (!json) process.stdout.write(`${outcomes.length > 1 ? "\n" : ""}${formatReport(last.report)}\n`);
        if (last.embedError) process.stderr.write(`shotbin qa: the QA was not written into the clip: ${last.embedError.message}\n`);
        else if (embed && !json) process.stdout.write(`  XMP: shotbin:qaVerdict, qaScore and qaDefects written in place\n`);
      }
    }
    if (json) process.stdout.write(`${JSON.stringify(outcomes.map(toJson))}\n`);
    else if (outcomes.length > 1) {
      const count = (verdict: Verdict) => outcomes.filter((o) => "report" in o && o.report.verdict === verdict).length;
      const errors = outcomes.filter((o) => "error" in o).length;
      process.stdout.write(
        `\n${outcomes.length} files: ${count("pass")} pass, ${count("warn")} warn, ${count("fail")} fail${errors ? `, ${errors} could not be measured` : ""}\n`,
      );
    }
    return exitCodeFor(outcomes);
  },
};
