import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { embedMetadata, type EmbedSummary } from "../../src/media/embedMetadata";
import { GENERATION_FIELDS, type GenerationMetadata } from "../../src/media/generationMetadata";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { topLevel } from "./support/boxes";
import { makeTempDir, workingCopy, type FixtureName } from "./support/fixtures";
import {
  exempiXmp,
  exiftoolColour,
  exiftoolValidate,
  exiftoolXmp,
  ffmpegDecodeErrors,
  framesDecodedNearEnd,
  mdatHash,
  mediainfoVideo,
  sha256,
  type ExifTags,
} from "./support/readers";
import { FULL_META } from "./support/meta";

/**
 * Embeds into every fixture, then asks readers nobody here wrote what the file now says:
 * ExifTool, exempi (Adobe's XMP toolkit), mediainfo and ffmpeg.
 */

interface Expectation {
  fixture: FixtureName;
  colr: { type: "nclx" | "nclc"; primaries: number; transfer: number; matrix: number; fullRange?: boolean };
  /** mediainfo's names for the colour written. */
  mediainfo: { primaries: string; transfer: string; matrix: string; range?: string };
  /** Where moov ends up relative to mdat. */
  moovFirst: boolean;
}

const BT709 = { primaries: "BT.709", transfer: "BT.709", matrix: "BT.709" };
const CASES: Expectation[] = [
  { fixture: "untagged", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: false },
  { fixture: "vui-only", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: false },
  { fixture: "colr-only", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: false },
  { fixture: "both", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: false },
  // faststart already has a colr, so moov keeps its size and its place before mdat.
  { fixture: "faststart", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: true },
  { fixture: "size0-last", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: true },
  {
    fixture: "vui-601-full",
    colr: { type: "nclx", primaries: 6, transfer: 6, matrix: 6, fullRange: true },
    mediainfo: { primaries: "BT.601 NTSC", transfer: "BT.601", matrix: "BT.601", range: "Full" },
    moovFirst: false,
  },
  {
    fixture: "hevc-pq",
    colr: { type: "nclx", primaries: 9, transfer: 16, matrix: 9, fullRange: false },
    mediainfo: { primaries: "BT.2020", transfer: "PQ", matrix: "BT.2020 non-constant", range: "Limited" },
    moovFirst: false,
  },
  { fixture: "co64", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: false },
  { fixture: "foreign-xmp", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: true },
  { fixture: "mov", colr: { type: "nclc", primaries: 1, transfer: 1, matrix: 1 }, mediainfo: BT709, moovFirst: false },
  { fixture: "mov-untagged", colr: { type: "nclc", primaries: 1, transfer: 1, matrix: 1 }, mediainfo: BT709, moovFirst: false },
  { fixture: "foreign-xmp-mov", colr: { type: "nclc", primaries: 1, transfer: 1, matrix: 1 }, mediainfo: BT709, moovFirst: false },
  { fixture: "fragmented-writable", colr: { type: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }, mediainfo: { ...BT709, range: "Limited" }, moovFirst: true },
];

/** A fragmented file's moov has no sample table to count frames in, so no frame rate is written. */
function frameRateOf(fixture: FixtureName): string | undefined {
  return fixture.startsWith("fragmented") ? undefined : "23.976";
}

/** ExifTool prints XMP dates as 2025:01:02 03:04:05Z. */
function isoFromExif(value: unknown): string {
  return String(value).replace(/^(\d{4}):(\d{2}):(\d{2}) /, "$1-$2-$3T");
}

function tagName(field: string): string {
  return field[0]!.toUpperCase() + field.slice(1);
}

/** Every property we write, as ExifTool should report it (group XMP-*, values as text). */
function expectAllFields(tags: ExifTags, meta: GenerationMetadata, frameRate: string | undefined, size: [number, number]): void {
  expect(tags["XMP-dc:Title"]).toBe(meta.shotName);
  expect(tags["XMP-dc:Description"]).toBe(meta.prompt);
  expect(tags["XMP-xmp:CreatorTool"]).toBe(`${meta.provider}/${meta.model}`);
  expect(isoFromExif(tags["XMP-xmp:CreateDate"])).toBe("2025-01-02T03:04:05Z");
  expect(tags["XMP-xmpDM:LogComment"]).toBe(
    `${meta.provider}/${meta.model} seed=${meta.seed} job=${meta.jobId} cost=${meta.cost} ${meta.currency} take=${meta.take}`,
  );
  expect(tags["XMP-xmpDM:ShotName"]).toBe(meta.shotName);
  expect(String(tags["XMP-xmpDM:Scene"])).toBe(meta.scene);
  expect(tags["XMP-xmpDM:VideoFrameRate"] === undefined ? undefined : String(tags["XMP-xmpDM:VideoFrameRate"])).toBe(frameRate);
  expect(tags["XMP-xmpDM:VideoFrameSize"]).toEqual({ W: size[0], H: size[1], Unit: "pixel" });
  for (const { name } of GENERATION_FIELDS) {
    const value = meta[name];
    const tag = tags[`XMP-shotbin:${tagName(name)}`];
    if (Array.isArray(value)) expect(tag).toEqual(value);
    else expect([name, String(tag)]).toEqual([name, String(value)]);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("embed");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function embedFile(file: string, meta: GenerationMetadata): Promise<EmbedSummary> {
  const handle = await NodeRandomAccessFile.open(file, "readWrite");
  try {
    return await embedMetadata(handle, meta);
  } finally {
    await handle.close();
  }
}

describe.each(CASES)("embedding into the $fixture fixture", (expected) => {
  let file: string;
  let mdatBefore: string;
  let summary: EmbedSummary;
  let originalTags: ExifTags;

  beforeAll(async () => {
    file = await workingCopy(expected.fixture, dir, `${expected.fixture}${expected.fixture.includes("mov") ? ".mov" : ".mp4"}`);
    mdatBefore = await mdatHash(file);
    originalTags = await exiftoolXmp(file);
    summary = await embedFile(file, FULL_META);
  }, 60_000);

  it("leaves every mdat byte where it was", async () => {
    expect(await mdatHash(file)).toBe(mdatBefore);
  });

  it("ExifTool reads every field back exactly", async () => {
    const tags = await exiftoolXmp(file);
    expectAllFields(tags, FULL_META, frameRateOf(expected.fixture), [320, 180]);
  });

  it("exempi (Adobe's XMP toolkit) reads the same fields and our creation date, not 1904", async () => {
    const { xml, tags } = await exempiXmp(file, dir);
    expectAllFields(tags, FULL_META, frameRateOf(expected.fixture), [320, 180]);
    // Reconciled with mvhd: Adobe lets the movie header's date override xmp:CreateDate.
    expect(xml).toContain("<xmp:CreateDate>2025-01-02T03:04:05Z</xmp:CreateDate>");
    expect(xml).not.toContain("1904");
  });

  it("mediainfo reports the container colour written, agreeing with the bitstream", async () => {
    const video = await mediainfoVideo(file);
    expect(video.colour_primaries).toBe(expected.mediainfo.primaries);
    expect(video.transfer_characteristics).toBe(expected.mediainfo.transfer);
    expect(video.matrix_coefficients).toBe(expected.mediainfo.matrix);
    expect(video.colour_primaries_Source).toMatch(/^Container/);
    expect(video.transfer_characteristics_Source).toMatch(/^Container/);
    expect(video.matrix_coefficients_Source).toMatch(/^Container/);
    if (expected.mediainfo.range) {
      expect(video.colour_range).toBe(expected.mediainfo.range);
      expect(video.colour_range_Source).toMatch(/^Container/);
    }
    // mediainfo lists *_Original fields only when container and stream disagree.
    expect(Object.keys(video).filter((key) => /^(colour|transfer|matrix)_.*_Original$/.test(key))).toEqual([]);
  });

  it("ExifTool reads the colr values", async () => {
    const colour = await exiftoolColour(file);
    expect(colour["Track1:ColorProfiles"]).toBe(expected.colr.type);
    expect(colour["Track1:ColorPrimaries"]).toBe(expected.colr.primaries);
    expect(colour["Track1:TransferCharacteristics"]).toBe(expected.colr.transfer);
    expect(colour["Track1:MatrixCoefficients"]).toBe(expected.colr.matrix);
    if (expected.colr.fullRange !== undefined) expect(colour["Track1:VideoFullRangeFlag"]).toBe(expected.colr.fullRange ? 1 : 0);
  });

  it("passes ExifTool's structural validation", async () => {
    expect(await exiftoolValidate(file)).toBe("OK");
  });

  it("ffmpeg decodes the whole file, and a seek near the end still decodes", async () => {
    expect(await ffmpegDecodeErrors(file)).toBe("");
    expect(await framesDecodedNearEnd(file)).toBeGreaterThan(0);
  });

  it("puts moov where expected and reports what it did", async () => {
    const boxes = topLevel(await fsp.readFile(file));
    const moovAt = boxes.findIndex((box) => box.type === "moov");
    const mdatAt = boxes.findIndex((box) => box.type === "mdat" || box.type === "moof");
    expect(moovAt < mdatAt).toBe(expected.moovFirst);
    expect(summary.fileSizeAfter).toBe((await fsp.stat(file)).size);
    expect(summary.colour[0]?.tags).toMatchObject({ primaries: expected.colr.primaries, transfer: expected.colr.transfer, matrix: expected.colr.matrix });
  });

  it("keeps XMP that was already there", () => {
    if (!expected.fixture.startsWith("foreign-xmp")) {
      expect(originalTags["XMP-dc:Title"]).toBeUndefined();
      return;
    }
    expect(summary.xmp.keptForeignProperties).toBeGreaterThan(0);
  });

  it("inspect returns what was embedded, under meta.json's names", async () => {
    const handle = await NodeRandomAccessFile.open(file, "read");
    try {
      const report = await inspectMedia(handle);
      expect(report.xmp?.shotbin).toEqual(FULL_META);
      expect(report.dates.movie).toEqual({ created: "2025-01-02T03:04:05.000Z", modified: "2025-01-02T03:04:05.000Z" });
      for (const track of report.dates.tracks) expect(track.mdhd?.created).toBe("2025-01-02T03:04:05.000Z");
      expect(report.video[0]?.colr[0]).toMatchObject({ colourType: expected.colr.type, primaries: expected.colr.primaries });
    } finally {
      await handle.close();
    }
  });

  it("embedding again changes nothing and does not grow the file", async () => {
    const before = await sha256(file);
    const size = (await fsp.stat(file)).size;
    const again = await embedFile(file, FULL_META);
    expect((await fsp.stat(file)).size).toBe(size);
    expect(await sha256(file)).toBe(before);
    expect(again.xmp.written).toMatch(/in place/);
    expect(again.moov.action).toBe("unchanged");
  });
});

describe("foreign XMP", () => {
  it("keeps ExifTool's dc:creator and xmp:Rating, replaces its title and log note", async () => {
    const file = await workingCopy("foreign-xmp", dir, "foreign-keep.mp4");
    const before = await exiftoolXmp(file);
    expect(before["XMP-dc:Creator"]).toEqual(["Jane Editor"]);
    await embedFile(file, FULL_META);
    const after = await exiftoolXmp(file);
    expect(after["XMP-dc:Creator"]).toEqual(["Jane Editor"]);
    expect(after["XMP-xmp:Rating"]).toBe(3);
    expect(after["XMP-dc:Title"]).toBe(FULL_META.shotName);
    expect(after["XMP-xmpDM:LogComment"]).not.toBe("old note");
  });

  it("keeps exempi's xmp:Label in a MOV, as exempi itself reads it", async () => {
    const file = await workingCopy("foreign-xmp-mov", dir, "foreign-keep.mov");
    await embedFile(file, FULL_META);
    const { tags } = await exempiXmp(file, dir);
    expect(tags["XMP-xmp:Label"]).toBe("Blue");
    expect(tags["XMP-dc:Title"]).toBe(FULL_META.shotName);
  });

  it("drops our own properties that a new embed no longer sets", async () => {
    const file = await workingCopy("both", dir, "shrink.mp4");
    await embedFile(file, FULL_META);
    const { negativePrompt: _dropped, ...smaller } = FULL_META;
    await embedFile(file, smaller);
    const tags = await exiftoolXmp(file);
    expect(tags["XMP-shotbin:NegativePrompt"]).toBeUndefined();
    expect(tags["XMP-shotbin:Prompt"]).toBe(FULL_META.prompt);
  });
});

describe("growth beyond the padding", () => {
  it.each(["both", "mov"] as const)("moves the packet to a new box when a much longer prompt no longer fits (%s)", async (name) => {
    const file = await workingCopy(name, dir, `grow-${name}${name === "mov" ? ".mov" : ".mp4"}`);
    const mdat = await mdatHash(file);
    await embedFile(file, FULL_META);
    const longPrompt = `${FULL_META.prompt}\n${"and the fox runs on. ".repeat(400)}`;
    const summary = await embedFile(file, { ...FULL_META, prompt: longPrompt });
    expect(summary.xmp.written).toBe(name === "mov" ? "inside the relocated moov" : "appended");
    expect(summary.retired.length).toBe(1);
    const { tags } = await exempiXmp(file, dir);
    expect(tags["XMP-dc:Description"]).toBe(longPrompt);
    expect(await mdatHash(file)).toBe(mdat);
    expect(await ffmpegDecodeErrors(file)).toBe("");
  });
});

describe("provider colour", () => {
  it("uses the provider's known colour when the bitstream says nothing, but never against the VUI", async () => {
    const untagged = await workingCopy("untagged", dir, "provider-untagged.mp4");
    const tagged = await workingCopy("vui-only", dir, "provider-vui.mp4");
    const providerColour = { primaries: 12, transfer: 13, matrix: 6, fullRange: true };
    for (const file of [untagged, tagged]) {
      const handle = await NodeRandomAccessFile.open(file, "readWrite");
      await embedMetadata(handle, FULL_META, { providerColour });
      await handle.close();
    }
    expect(await exiftoolColour(untagged)).toMatchObject({ "Track1:ColorPrimaries": 12, "Track1:TransferCharacteristics": 13, "Track1:MatrixCoefficients": 6, "Track1:VideoFullRangeFlag": 1 });
    expect(await exiftoolColour(tagged)).toMatchObject({ "Track1:ColorPrimaries": 1, "Track1:TransferCharacteristics": 1, "Track1:MatrixCoefficients": 1, "Track1:VideoFullRangeFlag": 0 });
  });
});

describe("control characters", () => {
  it("removes characters XML cannot carry and says so", async () => {
    const file = await workingCopy("both", dir, "controls.mp4");
    const summary = await embedFile(file, { ...FULL_META, prompt: "bell\u0007 and nul\u0000 gone\u001f" });
    expect(summary.xmp.removedCharacters).toBe(3);
    const { tags } = await exempiXmp(file, dir);
    expect(tags["XMP-dc:Description"]).toBe("bell and nul gone");
  });
});

it("keeps the files it writes small: 2-4 KiB of padding", async () => {
  const file = await workingCopy("both", dir, "padding.mp4");
  const summary = await embedFile(file, FULL_META);
  expect(summary.xmp.paddingBytes).toBeGreaterThanOrEqual(2048);
  expect(summary.xmp.paddingBytes).toBeLessThanOrEqual(4096);
  expect(path.basename(summary.file)).toBe("padding.mp4");
});
