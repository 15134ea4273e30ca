/**
 * The decode started before the clip's facts are known (the likely proxy: limited range, 320
 * wide) is kept only when it is exactly the decode the facts ask for; otherwise a second decode
 * makes the right one. The facts come from the container (MP4, MOV) or from ffprobe. Every way,
 * the series is the same as the exact decode's, and a clip so short that ffmpeg has finished
 * before its frames are wanted still hands them all over.
 */
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import { readMovieClipFactsAt } from "../../src/media/nodeMovieClipFacts";
import { measureSeries } from "../../src/quality/measureSeries";
import { decodeThreadsFor, LIKELY_PROXY_FILTER, startProxyDecode } from "../../src/quality/proxyDecoder";
import { makeTempDir } from "../media/support/fixtures";
import { clip } from "../support/qualityClips";
import { programs } from "./support/programs";

jest.setTimeout(120_000);

const SIMULATOR_CLIPS = path.join(__dirname, "..", "..", "assets", "clips");

async function bothWays(file: string) {
  const likely = await measureSeries(file, { programs: programs() });
  // An explicit proxy size skips the speculation: the exact decode only.
  const exact = await measureSeries(file, { programs: programs(), proxyMaxSide: 320 });
  return { likely, exact };
}

it("keeps the decode started beside the probe for a limited-range landscape clip, with the exact decode's series", async () => {
  const { likely, exact } = await bothWays(path.join(SIMULATOR_CLIPS, "sim_16x9_4s.mp4"));
  expect(likely.route).toEqual({ facts: "probe", likelyDecodeKept: true });
  expect(exact.route).toEqual({ facts: "probe", likelyDecodeKept: false });
  expect(likely.proxy).toEqual({ width: 320, height: 180 });
  expect(likely.series).toEqual(exact.series);
});

it.each([
  ["a portrait clip", () => Promise.resolve(path.join(SIMULATOR_CLIPS, "sim_9x16_5s.mp4")), { width: 180, height: 320 }],
  ["a full-range clip", () => clip("clean-full-range"), undefined],
])("decodes %s again at its own proxy, with the exact decode's series", async (_name, file, proxy) => {
  const { likely, exact } = await bothWays(await file());
  expect(likely.route.likelyDecodeKept).toBe(false);
  if (proxy) expect(likely.proxy).toEqual(proxy);
  expect(likely.series).toEqual(exact.series);
});

it.each([
  ["the simulator's landscape clip", () => Promise.resolve(path.join(SIMULATOR_CLIPS, "sim_16x9_4s.mp4")), true],
  ["a full-range clip", () => clip("clean-full-range"), false],
])("reads the facts of %s from its container, and measures the same series", async (_name, file, kept) => {
  const source = await file();
  const fromContainer = await measureSeries(source, { programs: programs(), readContainerFacts: readMovieClipFactsAt });
  const probed = await measureSeries(source, { programs: programs(), proxyMaxSide: 320 });
  expect(fromContainer.route).toEqual({ facts: "container", likelyDecodeKept: kept });
  expect(fromContainer.series).toEqual(probed.series);
});

it("asks ffprobe when the container reader cannot tell (Matroska)", async () => {
  const dir = await makeTempDir("likely-decode");
  const file = path.join(dir, "pan.mkv");
  execFileSync(programs().ffmpeg, ["-v", "error", "-i", await clip("clean-pan"), "-c", "copy", file]);
  const measured = await measureSeries(file, { programs: programs(), readContainerFacts: readMovieClipFactsAt });
  expect(measured.route.facts).toBe("probe");
  await fsp.rm(dir, { recursive: true, force: true });
});

it("measures a stream-copied trim (an edit list over hidden samples) instead of calling it truncated", async () => {
  const dir = await makeTempDir("likely-decode");
  const file = path.join(dir, "trimmed.mp4");
  execFileSync(programs().ffmpeg, ["-v", "error", "-ss", "2", "-i", await clip("clean-pan"), "-t", "2", "-c", "copy", file]);
  const probed = await measureSeries(file, { programs: programs() });
  const fromContainer = await measureSeries(file, { programs: programs(), readContainerFacts: readMovieClipFactsAt });
  expect(probed.series.t.length).toBeGreaterThanOrEqual(47);
  expect(fromContainer.series).toEqual(probed.series);
  await fsp.rm(dir, { recursive: true, force: true });
});

it("gives 1080p pictures extra decoder threads and leaves larger ones to ffmpeg's choice", () => {
  expect(decodeThreadsFor(1920, 1080, 2)).toBe(6);
  expect(decodeThreadsFor(1920, 1080, 8)).toBe(9);
  expect(decodeThreadsFor(1280, 720, 32)).toBe(16);
  expect(decodeThreadsFor(3840, 2160, 2)).toBe(0);
});

it("hands over the frames of a clip that ffmpeg finished before they were wanted", async () => {
  const dir = await makeTempDir("likely-decode");
  const file = path.join(dir, "three-frames.mp4");
  execFileSync(programs().ffmpeg, ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=24", "-frames:v", "3", file]);
  const decode = startProxyDecode(file, LIKELY_PROXY_FILTER, { ffmpeg: programs().ffmpeg });
  expect(await decode.outputSize).toEqual({ width: 64, height: 64 });
  // Long enough for ffmpeg to exit, and for Node to flush its pipe, before the frames are asked for.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let frames = 0;
  const result = await decode.run({ width: 64, height: 64 }, () => frames++);
  expect(frames).toBe(3);
  expect(result.times).toHaveLength(3);
  await fsp.rm(dir, { recursive: true, force: true });
});
