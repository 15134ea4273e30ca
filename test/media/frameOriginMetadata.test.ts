/**
 * Where a shot's frames came from, embedded next to its prompt (issue 13): the action and, for the
 * first and last frame, the source clip, the time in it and the sequence tick. Written into an MP4
 * and a MOV, read back by ExifTool and by `shotbin inspect`, and refused when malformed.
 */
import { promises as fsp } from "node:fs";
import { embedMetadata } from "../../src/media/embedMetadata";
import type { GenerationMetadata } from "../../src/media/generationMetadata";
import { generationMetadataProblems } from "../../src/media/generationMetadataCheck";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { makeTempDir, workingCopy } from "./support/fixtures";
import { exiftoolXmp } from "./support/readers";

const BRIDGED: GenerationMetadata = {
  provider: "gemini",
  model: "veo-3.1-generate-preview",
  prompt: "the fox leaps the fence",
  generatedAt: "2026-11-24T10:00:00Z",
  frameAction: "bridge",
  firstFrameSource: "A001_C003 <take 2> & co.mov",
  firstFrameTime: 4.963292,
  firstFrameSequenceTicks: "1260755496000",
  lastFrameSource: "A001_C004.mov",
  lastFrameTime: 0,
  lastFrameSequenceTicks: "2034131904000",
};

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("frame-origin");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe.each([
  ["MP4", "untagged", "clip.mp4"],
  ["MOV", "mov", "clip.mov"],
] as const)("the frame origin in a %s", (_label, fixture, name) => {
  let file: string;
  beforeAll(async () => {
    file = await workingCopy(fixture, dir, name);
    const handle = await NodeRandomAccessFile.open(file, "readWrite");
    try {
      await embedMetadata(handle, BRIDGED);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("reads back in ExifTool exactly", async () => {
    const tags = await exiftoolXmp(file);
    expect({
      action: tags["XMP-shotbin:FrameAction"],
      firstSource: tags["XMP-shotbin:FirstFrameSource"],
      firstTime: String(tags["XMP-shotbin:FirstFrameTime"]),
      firstTicks: String(tags["XMP-shotbin:FirstFrameSequenceTicks"]),
      lastSource: tags["XMP-shotbin:LastFrameSource"],
      lastTime: String(tags["XMP-shotbin:LastFrameTime"]),
      lastTicks: String(tags["XMP-shotbin:LastFrameSequenceTicks"]),
    }).toEqual({
      action: "bridge",
      firstSource: "A001_C003 <take 2> & co.mov",
      firstTime: "4.963292",
      firstTicks: "1260755496000",
      lastSource: "A001_C004.mov",
      lastTime: "0",
      lastTicks: "2034131904000",
    });
    expect(tags["XMP-dc:Description"]).toBe(BRIDGED.prompt);
  });

  it("comes back typed from shotbin inspect, ticks as digits", async () => {
    const handle = await NodeRandomAccessFile.open(file, "read");
    try {
      expect((await inspectMedia(handle)).xmp?.shotbin).toEqual(BRIDGED);
    } finally {
      await handle.close();
    }
  });
});

describe("the frame-origin fields in meta.json", () => {
  it("accepts a continuity shot with only a first frame", () => {
    expect(generationMetadataProblems({ provider: "fal", model: "m", generatedAt: "2026-11-24T10:00:00Z", frameAction: "continuity", firstFrameSource: "shot-1.mp4", firstFrameTime: 7.958 })).toEqual([]);
  });

  it.each([
    [{ frameAction: "prepend" }, "frameAction: one of extend, bridge, fill, replace, continuity"],
    [{ firstFrameTime: -1 }, "firstFrameTime: seconds into the source clip, 0 or more"],
    [{ firstFrameSequenceTicks: 1260755496000 }, "firstFrameSequenceTicks: Premiere ticks as digits, e.g. 1260755496000"],
    [{ lastFrameSequenceTicks: "12.5" }, "lastFrameSequenceTicks: Premiere ticks as digits, e.g. 1260755496000"],
    [{ lastFrameSource: "" }, "lastFrameSource: must not be empty"],
  ])("refuses %j", (change, problem) => {
    expect(generationMetadataProblems({ ...BRIDGED, ...change })).toEqual([problem]);
  });
});
