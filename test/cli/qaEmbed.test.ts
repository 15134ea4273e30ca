/**
 * `shotbin qa --embed`, run as a user runs it: the verdict, score and defect kinds go into the
 * clip's XMP in place, next to its prompt (read back with ExifTool and `shotbin inspect`); a file
 * that is not MP4/MOV, or a clip with no Shotbin metadata, is refused and left as it was.
 */
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { EXIT } from "../../src/cli/exitCodes";
import { embedMediaFile } from "../../src/media/mediaFile";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { makeTempDir } from "../media/support/fixtures";
import { exiftoolXmp } from "../media/support/readers";
import { run } from "../media/support/run";
import { clip, type QualityClipName } from "../support/qualityClips";

jest.setTimeout(120_000);

const BIN = path.join(__dirname, "../../bin/shotbin.js");
const shotbin = (...args: string[]) => run(process.execPath, [BIN, ...args], { timeoutMs: 110_000 });
const digest = async (file: string) => createHash("sha256").update(await fsp.readFile(file)).digest("hex");

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("qa-embed");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function copy(name: QualityClipName, as: string): Promise<string> {
  const target = path.join(dir, as);
  await fsp.copyFile(await clip(name), target);
  return target;
}

const META = { provider: "kling", model: "kling-2.6", prompt: "Harbour at dawn,\nslow pan", generatedAt: "2026-12-01T10:00:00Z", shotId: "3", take: 2 };

it("writes the verdict, score and defect kinds into each clip's XMP, next to the prompt, in place", async () => {
  const flicker = await copy("flicker", "take_flicker.mp4");
  const clean = await copy("clean-pan", "take_clean.mp4");
  for (const file of [flicker, clean]) await embedMediaFile(nodeFileSystem, file, META);
  const sizeBefore = (await fsp.stat(flicker)).size;

  const result = await shotbin("qa", flicker, clean, "--embed", "--json");
  expect(result.code).toBe(EXIT.qaFail);
  const reports = JSON.parse(result.stdout) as Array<{ verdict: string; score: number; embedError?: unknown }>;
  expect(reports.map((report) => [report.verdict, report.embedError])).toEqual([
    ["fail", undefined],
    ["pass", undefined],
  ]);
  const tags = await exiftoolXmp(flicker);
  expect(tags).toMatchObject({
    "XMP-shotbin:QaVerdict": "fail",
    "XMP-shotbin:QaScore": reports[0]!.score,
    "XMP-shotbin:QaDefects": ["flicker"],
    "XMP-shotbin:Prompt": META.prompt,
    "XMP-shotbin:Model": "kling-2.6",
    "XMP-shotbin:Take": 2,
  });
  expect(await exiftoolXmp(clean)).toMatchObject({ "XMP-shotbin:QaVerdict": "pass", "XMP-shotbin:QaScore": reports[1]!.score });
  // In place: the packet's padding took it, the file did not grow.
  expect((await fsp.stat(flicker)).size).toBe(sizeBefore);
  const inspected = await shotbin("inspect", flicker);
  expect((JSON.parse(inspected.stdout) as { xmp: { shotbin: object } }).xmp.shotbin).toMatchObject({ qaVerdict: "fail", qaScore: reports[0]!.score, qaDefects: ["flicker"], prompt: META.prompt });

  // The table form says what it wrote.
  const table = await shotbin("qa", clean, "--embed");
  expect(table.code).toBe(EXIT.ok);
  expect(table.stdout).toContain("XMP: shotbin:qaVerdict, qaScore and qaDefects written in place");
});

it("refuses a file that is not MP4/MOV and a clip without Shotbin metadata, leaving both as they were", async () => {
  const mkv = path.join(dir, "take.mkv");
  await fsp.copyFile(await clip("clean-pan"), mkv);
  const bare = await copy("clean-static-grain", "bare.mp4");
  const before = await Promise.all([mkv, bare].map(digest));
  const result = await shotbin("qa", mkv, bare, "--embed");
  expect(result.code).toBe(EXIT.badInput);
  expect(result.stderr).toContain(`${mkv}: --embed writes into MP4 and MOV clips only (.mp4, .m4v, .mov); this file was not measured and was left as it was.`);
  expect(result.stderr).toContain(`the QA was not written into the clip: ${bare} carries no Shotbin generation metadata`);
  expect(result.stdout).toContain("bare.mp4  PASS");
  expect(await Promise.all([mkv, bare].map(digest))).toEqual(before);
});
