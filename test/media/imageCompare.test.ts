/**
 * The PSNR helper, on real pictures: identical images are infinitely alike, a good re-encode is
 * above 30 dB, another picture far below; and a continuity chain of clips made by the fakes holds
 * (clip 2 starts on clip 1's last frame), which is how issue 13's chains are checked.
 */
import { rmSync } from "node:fs";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { FrameClipMaker } from "../../src/fakes/clipFromFrames";
import { runFfmpegProgram } from "../../src/media/nodeFfmpeg";
import { extractFirstFrame, extractLastFrame } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { makeStill, tempDir } from "../support/mediaMaker";

let dir: string;
let a: string;
let b: string;
beforeAll(async () => {
  dir = tempDir("psnr");
  a = await makeStill(dir, "a", { source: "testsrc2", width: 320, height: 180 });
  b = await makeStill(dir, "b", { source: "smptehdbars", width: 320, height: 180 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("psnr", () => {
  it("scores an image against itself as Infinity, and against another picture far below 30 dB", async () => {
    expect(await psnr(a, a)).toBe(Number.POSITIVE_INFINITY);
    const other = await psnr(a, b);
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(15);
  });

  it("scores a high-quality JPEG of the same picture above 30 dB, and a scaled copy after scaling it back", async () => {
    const jpeg = path.join(dir, "a.jpg");
    await runFfmpegProgram("ffmpeg", ["-v", "error", "-y", "-i", a, "-q:v", "2", jpeg]);
    expect(await psnr(a, jpeg)).toBeGreaterThan(30);
    const small = path.join(dir, "a-small.png");
    await runFfmpegProgram("ffmpeg", ["-v", "error", "-y", "-i", a, "-vf", "scale=640:360:flags=lanczos", small]);
    const scaled = await psnr(a, small);
    expect(scaled).toBeGreaterThan(20);
    expect(scaled).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it("holds a chain of made clips together: clip 2 starts on clip 1's last frame, above 30 dB", async () => {
    const maker = new FrameClipMaker(path.join(dir, "cache"));
    const clip1 = await maker.make({ first: await fsp.readFile(a), last: await fsp.readFile(b), seconds: 2 });
    const first1 = await extractFirstFrame(clip1, path.join(dir, "1-first.png"));
    const last1 = await extractLastFrame(clip1, path.join(dir, "1-last.png"));
    expect(await psnr(a, first1.path)).toBeGreaterThan(30);
    expect(await psnr(b, first1.path)).toBeLessThan(15);
    expect(await psnr(b, last1.path)).toBeGreaterThan(30);

    const clip2 = await maker.make({ first: await fsp.readFile(last1.path), seconds: 2 });
    const first2 = await extractFirstFrame(clip2, path.join(dir, "2-first.png"));
    expect(await psnr(last1.path, first2.path)).toBeGreaterThan(30);
    expect(await psnr(first1.path, first2.path)).toBeLessThan(15);
  });

  it("says which file it could not compare", async () => {
    const text = path.join(dir, "notes.png");
    await fsp.writeFile(text, "not an image");
    await expect(psnr(a, text)).rejects.toBeInstanceOf(MediaError);
    await expect(psnr(a, text)).rejects.toThrow(/could not compare .*notes\.png/);
  });
});
