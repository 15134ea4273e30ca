/**
 * What is not a whole, readable video gets a MediaError with a message for the user, and the
 * file is left as it was: the same error whether the clip's facts come from ffprobe or from its
 * container (readMovieClipFactsAt, as the CLI and the relay measure).
 */
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { readMovieClipFactsAt } from "../../src/media/nodeMovieClipFacts";
import { measureClip } from "../../src/quality/measureClip";
import { probeClip } from "../../src/quality/probeClip";
import { decodeProxy, proxySizeFor } from "../../src/quality/proxyDecoder";
import { makeTempDir } from "../media/support/fixtures";
import { runOk } from "../media/support/run";
import { clip } from "../support/qualityClips";
import { programs } from "./support/programs";

jest.setTimeout(60_000);

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("qa-bad");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const digest = async (file: string) => createHash("sha256").update(await fsp.readFile(file)).digest("hex");

async function refusal(file: string): Promise<MediaError> {
  const before = await fsp.stat(file).then(() => digest(file)).catch(() => undefined);
  const [probed, withContainerFacts] = await Promise.all(
    [{}, { readContainerFacts: readMovieClipFactsAt }].map((reader) =>
      measureClip(file, { programs: programs(), ...reader }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    ),
  );
  expect(probed).toBeInstanceOf(MediaError);
  expect(withContainerFacts).toBeInstanceOf(MediaError);
  expect([(withContainerFacts as MediaError).kind, (withContainerFacts as MediaError).message]).toEqual([(probed as MediaError).kind, (probed as MediaError).message]);
  if (before !== undefined) expect(await digest(file)).toBe(before);
  return probed as MediaError;
}

it("refuses a missing file", async () => {
  const error = await refusal(path.join(dir, "nowhere.mp4"));
  expect(error.kind).toBe("io");
  expect(error.message).toContain("does not exist");
});

it("refuses a text file named .mp4", async () => {
  const file = path.join(dir, "notes.mp4");
  await fsp.writeFile(file, "not a video\n");
  const error = await refusal(file);
  expect(error.kind).toBe("not-media");
  expect(error.message).toContain("not a video");
});

it("refuses an empty file", async () => {
  const file = path.join(dir, "empty.mp4");
  await fsp.writeFile(file, "");
  expect((await refusal(file)).kind).toBe("not-media");
});

it("refuses a still image", async () => {
  const file = path.join(dir, "still.png");
  await runOk(programs().ffmpeg, ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1", file]);
  const error = await refusal(file);
  expect(error.kind).toBe("not-media");
  expect(error.message).toContain("still image");
});

it("refuses a sound file", async () => {
  const file = path.join(dir, "tone.m4a");
  await runOk(programs().ffmpeg, ["-v", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", file]);
  const error = await refusal(file);
  expect(error.kind).toBe("not-media");
  expect(error.message).toContain("no video stream");
});

it("refuses an MP4 cut off before its index (moov at the end)", async () => {
  const whole = path.join(dir, "moov-last.mp4");
  await runOk(programs().ffmpeg, ["-v", "error", "-i", await clip("clean-pan"), "-c", "copy", "-movflags", "-faststart", whole]);
  const cut = path.join(dir, "moov-last-cut.mp4");
  const bytes = await fsp.readFile(whole);
  await fsp.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const error = await refusal(cut);
  expect(error.kind).toBe("truncated");
  expect(error.message).toContain("moov");
});

it("refuses an MP4 cut off in the middle of its pictures (index first)", async () => {
  const bytes = await fsp.readFile(await clip("clean-pan"));
  const cut = path.join(dir, "faststart-cut.mp4");
  await fsp.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
  const error = await refusal(cut);
  expect(error.kind).toBe("truncated");
  expect(error.message).toMatch(/only \d+ of its 144 frames/);
});

it("refuses a Matroska file cut off in the middle (no frame count in its header)", async () => {
  const whole = path.join(dir, "pan.mkv");
  await runOk(programs().ffmpeg, ["-v", "error", "-i", await clip("clean-pan"), "-c", "copy", whole]);
  const bytes = await fsp.readFile(whole);
  const cut = path.join(dir, "pan-cut.mkv");
  await fsp.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const error = await refusal(cut);
  expect(error.kind).toBe("truncated");
  expect(error.message).toMatch(/pictures stop at \d\.\d\d s of the 6\.00 s it declares/);
  // The whole file measures fine.
  expect((await measureClip(whole, { programs: programs() })).verdict).toBe("pass");
});

it("refuses a video of a single picture", async () => {
  const file = path.join(dir, "one-frame.mp4");
  await runOk(programs().ffmpeg, ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=24", "-frames:v", "1", file]);
  const error = await refusal(file);
  expect(error.kind).toBe("not-media");
  expect(error.message).toContain("single picture");
});

it("stops when asked to, with an aborted MediaError", async () => {
  const controller = new AbortController();
  controller.abort();
  const error = await measureClip(await clip("clean-pan"), { programs: programs(), signal: controller.signal }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).kind).toBe("aborted");
});

it("stops the ffmpeg pass mid-clip when aborted, and the frames stop", async () => {
  const file = await clip("clean-pan");
  const info = await probeClip(file, programs().ffprobe);
  const controller = new AbortController();
  let frames = 0;
  const error = await decodeProxy(file, info, proxySizeFor(info.width, info.height), { ffmpeg: programs().ffmpeg, signal: controller.signal }, () => {
    frames++;
    controller.abort();
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).kind).toBe("aborted");
  expect(frames).toBe(1);
});
