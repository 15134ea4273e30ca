/**
 * First, last and any frame of real files, exact: each extracted image is compared byte for byte
 * with ffmpeg's own full decode of that frame, on lossless clips with B-frames at 23.976 and 25
 * fps, MP4 and MOV (with audio). Broken files get a MediaError that says what is wrong.
 */
import { promises as fsp, rmSync } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { runFfmpegProgram } from "../../src/media/nodeFfmpeg";
import { extractFirstFrame, extractFrame, extractLastFrame, probeVideo } from "../../src/media/nodeFrameExtraction";
import { greyPixels, makeRamp, pngSize, referenceFrame, tempDir } from "../support/mediaMaker";

let dir: string;
beforeAll(() => {
  dir = tempDir("frames");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  { label: "23.976 fps MP4", rate: "24000/1001", extension: ".mp4" as const, audio: false, frames: 120 },
  { label: "25 fps MOV with audio", rate: "25", extension: ".mov" as const, audio: true, frames: 125 },
])("$label", ({ rate, extension, audio, frames }) => {
  let clip: string;
  beforeAll(async () => {
    clip = await makeRamp(dir, `ramp-${rate.replace("/", "_")}`, { rate, seconds: 5, extension, audio });
  });

  it("counts every frame from the packets, in presentation order", async () => {
    const facts = await probeVideo(clip);
    expect(facts.timestamps).toHaveLength(frames);
    expect([...facts.timestamps].sort((a, b) => (a < b ? -1 : 1))).toEqual(facts.timestamps);
    expect(new Set(facts.timestamps.map(String)).size).toBe(frames);
    expect([facts.width, facts.height]).toEqual([64, 36]);
  });

  it("extracts the first and the last frame (frame count − 1) exactly", async () => {
    const first = await extractFirstFrame(clip, path.join(dir, "first.png"));
    expect(first).toMatchObject({ index: 0, frames, seconds: 0, width: 64, height: 36 });
    expect(await greyPixels(first.path)).toEqual(await referenceFrame(clip, 0, 64, 36));

    const last = await extractLastFrame(clip, path.join(dir, "last.png"));
    expect(last).toMatchObject({ index: frames - 1, frames });
    expect(await greyPixels(last.path)).toEqual(await referenceFrame(clip, frames - 1, 64, 36));
    // The ramp's own witness: frame N is luma 16 + N, so the last frame is the brightest one.
    expect(pngSize(await fsp.readFile(last.path))).toEqual({ width: 64, height: 36 });
  });

  it.each([1, 11, 12, 13, 57])("extracts frame %i exactly, across keyframes and B-frames", async (index) => {
    const out = await extractFrame(clip, { index }, path.join(dir, `frame-${index}.png`));
    expect(out.index).toBe(index);
    expect(await greyPixels(out.path)).toEqual(await referenceFrame(clip, index, 64, 36));
  });

  it("scales when asked", async () => {
    const out = await extractLastFrame(clip, path.join(dir, "scaled.png"), { width: 32, height: 18 });
    expect(pngSize(await fsp.readFile(out.path))).toEqual({ width: 32, height: 18 });
  });

  it("refuses a frame the file does not have", async () => {
    await expect(extractFrame(clip, { index: frames }, path.join(dir, "none.png"))).rejects.toThrow(`has ${frames} frames; there is no frame ${frames}`);
  });
});

describe("files that are not whole videos", () => {
  it("says a truncated download is cut short", async () => {
    // With its index (moov) first, a download cut at 60 % keeps the index and loses frames.
    const source = await makeRamp(dir, "faststart-src", { rate: "25", seconds: 4 });
    const faststart = path.join(dir, "faststart.mp4");
    await runFfmpegProgram("ffmpeg", ["-v", "error", "-y", "-i", source, "-c", "copy", "-movflags", "+faststart", faststart]);
    const full = await fsp.readFile(faststart);
    const cut = path.join(dir, "cut.mp4");
    await fsp.writeFile(cut, full.subarray(0, Math.floor(full.length * 0.6)));
    const error = await extractLastFrame(cut, path.join(dir, "cut.png")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ kind: "truncated", message: expect.stringMatching(/cut short: it holds \d+ of the 100 frames/) });

    // ffmpeg writes a MOV's index at the end: cut in half, it has no index at all.
    const bytes = await fsp.readFile(await makeRamp(dir, "whole", { rate: "25", seconds: 4, extension: ".mov" }));
    const headless = path.join(dir, "headless.mov");
    await fsp.writeFile(headless, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(extractLastFrame(headless, path.join(dir, "headless.png"))).rejects.toMatchObject({ name: "MediaError", kind: "not-media" });
  });

  it("says a text file or an audio file is not a video", async () => {
    const text = path.join(dir, "notes.mp4");
    await fsp.writeFile(text, "not a movie at all\n");
    await expect(extractFirstFrame(text, path.join(dir, "x.png"))).rejects.toMatchObject({ name: "MediaError", kind: "not-media", message: expect.stringContaining("is not a video ffprobe can read") });
    const audio = path.join(dir, "tone.m4a");
    await runFfmpegProgram("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", audio]);
    await expect(extractFirstFrame(audio, path.join(dir, "y.png"))).rejects.toMatchObject({ kind: "not-media", message: expect.stringContaining("has no video stream") });
    await expect(extractFirstFrame(path.join(dir, "missing.mp4"), path.join(dir, "z.png"))).rejects.toMatchObject({ kind: "io" });
  });
});
