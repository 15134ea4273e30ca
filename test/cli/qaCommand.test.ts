/**
 * `shotbin qa`, run as a user runs it: a folder of mixed takes with --json, the readable table,
 * the exit codes, and bad input refused with the file left as it was.
 */
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { EXIT } from "../../src/cli/exitCodes";
import { DEFECT_KINDS } from "../../src/quality/qualityTypes";
import { makeTempDir } from "../media/support/fixtures";
import { run } from "../media/support/run";
import { clip, type QualityClipName } from "../support/qualityClips";

jest.setTimeout(120_000);

const BIN = path.join(__dirname, "../../bin/shotbin.js");
const shotbin = (...args: string[]) => run(process.execPath, [BIN, ...args], { timeoutMs: 110_000 });
const digest = async (file: string) => createHash("sha256").update(await fsp.readFile(file)).digest("hex");

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("qa-cli");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function copy(name: QualityClipName, as: string, into = dir): Promise<string> {
  const target = path.join(into, as);
  await fsp.copyFile(await clip(name), target);
  return target;
}

interface JsonReport {
  file: string;
  verdict: string;
  score: number;
  defects: Array<{ kind: string; severity: string; start: number; end: number; value: number; threshold: number }>;
  series: Record<string, unknown[]>;
  analysis: { fps: number; frames: number; seconds: number };
  error?: { kind: string; message: string };
}

it("measures a folder of mixed takes into a JSON array, in name order, and exits 7 when one fails", async () => {
  const folder = path.join(dir, "takes");
  await fsp.mkdir(folder);
  const files = [
    await copy("clean-pan", "take_1_clean.mp4", folder),
    await copy("flicker", "take_2_flicker.mp4", folder),
    await copy("out-of-range", "take_3_levels.mp4", folder),
    await copy("frozen-to-end", "take_4_stalled.mp4", folder),
  ];
  await fsp.writeFile(path.join(folder, "notes.txt"), "not a take\n");
  const before = await Promise.all(files.map(digest));

  const result = await shotbin("qa", folder, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(EXIT.qaFail);
  const reports = JSON.parse(result.stdout) as JsonReport[];
  expect(reports.map((report) => path.basename(report.file))).toEqual(files.map((file) => path.basename(file)));
  expect(reports.map((report) => report.verdict)).toEqual(["pass", "fail", "warn", "fail"]);
  expect(reports.map((report) => report.defects.map((defect) => defect.kind))).toEqual([[], ["flicker"], ["out-of-range"], ["frozen-frames"]]);
  expect(reports[0]!.score).toBeGreaterThanOrEqual(90);
  expect(reports[2]!.score).toBeGreaterThanOrEqual(50);
  expect(reports[2]!.score).toBeLessThan(90);
  expect(reports[1]!.score).toBeLessThan(50);
  for (const report of reports) {
    for (const defect of report.defects) {
      expect(DEFECT_KINDS).toContain(defect.kind);
      expect(defect).toEqual(expect.objectContaining({ start: expect.any(Number), end: expect.any(Number), value: expect.any(Number), threshold: expect.any(Number) }));
    }
    expect(report.analysis.fps).toBe(24);
    expect(report.analysis.seconds).toBeGreaterThan(0);
    expect(report.series.t).toHaveLength(report.analysis.frames);
    expect(report.series.luma).toHaveLength(report.analysis.frames);
    expect(report.series.cct).toHaveLength(report.analysis.frames);
  }
  const stalled = reports[3]!.defects[0]!;
  expect([stalled.start, stalled.end]).toEqual([3, 5]);
  expect(await Promise.all(files.map(digest))).toEqual(before);
});

it("prints a readable table per take and exits 0 when every take passes", async () => {
  const clean = await copy("clean-push-in", "push-in.mp4");
  const result = await shotbin("qa", clean);
  expect(result.code).toBe(EXIT.ok);
  expect(result.stdout).toContain("push-in.mp4  PASS  score");
  expect(result.stdout).toContain("no defects");
  expect(result.stdout).toMatch(/24 fps, 120 frames, 5\.000 s, limited range; measured in \d+\.\d\d s/);
});

it("exits 6 when a take warns and none fails, with the defect's time, value and limit in the table", async () => {
  const clipped = await copy("highlight-clipping", "bright.mp4");
  const result = await shotbin("qa", clipped);
  expect(result.code).toBe(EXIT.qaWarn);
  expect(result.stdout).toContain("bright.mp4  WARN");
  expect(result.stdout).toMatch(/warn\s+highlight-clipping\s+2\.000–4\.0\d\d s\s+21\.\d % ≥ 10\.0 %/);
});

it("refuses bad input with exit 3 and a clear message, measures the rest, and leaves every file as it was", async () => {
  const good = await copy("clean-static-grain", "good.mp4");
  const notVideo = path.join(dir, "notes.mp4");
  await fsp.writeFile(notVideo, "this is not a video\n");
  const whole = await fsp.readFile(await clip("clean-pan"));
  const truncated = path.join(dir, "cut.mp4");
  await fsp.writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.4)));
  const missing = path.join(dir, "missing.mp4");
  const before = await Promise.all([good, notVideo, truncated].map(digest));

  const result = await shotbin("qa", good, notVideo, truncated, missing, "--json");
  expect(result.code).toBe(EXIT.badInput);
  expect(result.stderr).toContain(`shotbin qa: ${notVideo} is not a video ffmpeg can read`);
  expect(result.stderr).toMatch(/cut\.mp4 is truncated or damaged: only \d+ of its 144 frames could be decoded/);
  expect(result.stderr).toContain(`shotbin qa: ${missing} does not exist.`);
  const reports = JSON.parse(result.stdout) as JsonReport[];
  expect(reports.map((report) => report.verdict ?? report.error?.kind)).toEqual(["pass", "not-media", "truncated", "io"]);
  expect(await Promise.all([good, notVideo, truncated].map(digest))).toEqual(before);
  await expect(fsp.access(missing)).rejects.toThrow();
});

it("answers usage errors with 2 and an empty folder with 3", async () => {
  expect((await shotbin("qa")).code).toBe(EXIT.usage);
  expect((await shotbin("qa", "--frobnicate", "x.mp4")).code).toBe(EXIT.usage);
  const empty = path.join(dir, "empty");
  await fsp.mkdir(empty);
  const result = await shotbin("qa", empty);
  expect(result.code).toBe(EXIT.badInput);
  expect(result.stderr).toContain("holds no video files");
  const help = await shotbin("qa", "--help");
  expect(help.code).toBe(EXIT.ok);
  expect(help.stdout).toContain("Exit status: 0 every take passed; 6");
});
