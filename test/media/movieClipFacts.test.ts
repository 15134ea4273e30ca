/**
 * The facts take QA reads from an MP4 or MOV in process must be ffprobe's: the same size, range
 * and presented frame count, the same rate and duration to within rounding. Where the container
 * cannot settle them (fragments, another container or codec, two video tracks, a range the `colr`
 * box and the bitstream disagree on), it answers nothing and ffprobe decides.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { readMovieClipFactsAt } from "../../src/media/nodeMovieClipFacts";
import { probeClip } from "../../src/quality/probeClip";
import { programs } from "../quality/support/programs";
import { clip } from "../support/qualityClips";
import { fixture, makeTempDir, type FixtureName } from "./support/fixtures";
import { runOk } from "./support/run";

jest.setTimeout(120_000);

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("clip-facts");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const ff = (args: string[]) => runOk(programs().ffmpeg, ["-v", "error", "-y", ...args]);

/** Made here: a stream-copied trim (an edit list over samples it does not show), and the sources for the refusals. */
const MADE: Record<string, () => Promise<string>> = {
  "trimmed by an edit list": async () => {
    // x264's default keyframe interval keeps the copy starting at frame 0: the edit list hides 2 s.
    const out = path.join(dir, "trimmed.mp4");
    await ff(["-ss", "2", "-i", await clip("clean-pan"), "-t", "2", "-c", "copy", out]);
    return out;
  },
  "a limited colr over a full-range bitstream": async () => {
    const out = path.join(dir, "disagree.mp4");
    await ff(["-i", await fixture("vui-601-full"), "-map", "0:v", "-c", "copy", "-color_range", "tv", "-movflags", "+write_colr", out]);
    return out;
  },
  "two video tracks": async () => {
    const out = path.join(dir, "two-tracks.mp4");
    const source = await fixture("tiny");
    await ff(["-i", source, "-i", source, "-map", "0:v", "-map", "1:v", "-c", "copy", out]);
    return out;
  },
  "ProRes in a MOV": async () => {
    const out = path.join(dir, "prores.mov");
    await ff(["-f", "lavfi", "-i", "testsrc2=size=64x64:rate=24:duration=0.5", "-c:v", "prores_ks", out]);
    return out;
  },
  Matroska: async () => {
    const out = path.join(dir, "clip.mkv");
    await ff(["-i", await fixture("tiny"), "-c", "copy", out]);
    return out;
  },
};

const AGREEING: FixtureName[] = [
  "untagged", "vui-only", "colr-only", "both", "faststart", "size0-last", "vui-601-full", "hevc-pq",
  "mov", "mov-untagged", "co64", "tiny", "tiny-moov-last", "tiny-mov",
];

it.each([
  ...AGREEING.map((name) => [name, () => fixture(name)] as const),
  ["QA's full-range clip", () => clip("clean-full-range")] as const,
  ["QA's pan", () => clip("clean-pan")] as const,
  ["trimmed by an edit list", MADE["trimmed by an edit list"]!] as const,
])("reads what ffprobe reads from %s", async (_name, make) => {
  const file = await make();
  const [facts, probed] = await Promise.all([readMovieClipFactsAt(file), probeClip(file, programs().ffprobe)]);
  expect(facts).toBeDefined();
  expect({ width: facts!.width, height: facts!.height, range: facts!.range, declaredFrames: facts!.declaredFrames }).toEqual({
    width: probed.width,
    height: probed.height,
    range: probed.range,
    declaredFrames: probed.declaredFrames,
  });
  expect(facts!.fps).toBeCloseTo(probed.fps, 2);
  expect(Math.abs(facts!.duration - probed.duration)).toBeLessThan(0.05);
});

it("counts only the frames an edit list shows, as ffmpeg decodes them", async () => {
  const file = await MADE["trimmed by an edit list"]!();
  const facts = await readMovieClipFactsAt(file);
  const count = async (entry: string, extra: string[] = []) =>
    Number((await runOk(programs().ffprobe, ["-v", "error", ...extra, "-select_streams", "v:0", "-show_entries", `stream=${entry}`, "-of", "csv=p=0", file])).trim());
  const samples = await count("nb_frames");
  const decoded = await count("nb_read_frames", ["-count_frames"]);
  expect(samples).toBeGreaterThan(decoded + 24); // the copy kept the samples before the cut
  // The edit's length rounds up to whole samples at its end: a frame or three more than are shown.
  expect(facts!.declaredFrames - decoded).toBeGreaterThanOrEqual(0);
  expect(facts!.declaredFrames - decoded).toBeLessThanOrEqual(3);
});

it.each([
  ["a fragmented MP4", () => fixture("fragmented")],
  ["a fragmented MP4 with colr", () => fixture("fragmented-colr-mfra")],
  ...Object.entries(MADE).filter(([name]) => name !== "trimmed by an edit list"),
])("leaves %s to ffprobe", async (_name, make) => {
  expect(await readMovieClipFactsAt(await make())).toBeUndefined();
});

it("answers nothing for a missing file, a text file, or an MP4 without its index", async () => {
  const text = path.join(dir, "notes.mp4");
  await fsp.writeFile(text, "not a video\n");
  const cut = path.join(dir, "cut.mp4");
  const whole = await fsp.readFile(await fixture("untagged")); // moov after mdat
  await fsp.writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  for (const file of [path.join(dir, "nowhere.mp4"), text, cut]) expect(await readMovieClipFactsAt(file)).toBeUndefined();
});
