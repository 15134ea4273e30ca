import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { GENERATION_FIELDS, type GenerationMetadata } from "../../src/media/generationMetadata";
import { embedMediaFile, inspectMediaFile } from "../../src/media/mediaFile";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import type { StillEmbedSummary } from "../../src/media/stills/embedStill";
import type { StillReport } from "../../src/media/stills/inspectStill";
import { makeTempDir } from "./support/fixtures";
import { FULL_META, HARD_PROMPT } from "./support/meta";
import { exempiXmp, exiftoolValidate, exiftoolXmp, sha256, type ExifTags } from "./support/readers";
import { run, runOk } from "./support/run";
import { exiftoolScript, tool } from "./support/tools";

/**
 * XMP in stills, read back by tools nobody here wrote: ExifTool (exiftool-vendored) field for
 * field, exempi (Adobe's XMP toolkit), and ffmpeg to prove the picture is untouched.
 */

const META: GenerationMetadata = {
  ...FULL_META,
  provider: "fal",
  model: "fal-ai/flux-2-pro",
  quality: "high",
  sourceStill: "frame 01 — 夜.png",
  sourceStillSha256: "0123456789abcdef".repeat(4),
  sourceStillJob: "shotbin-0d6f1c2e-still",
};

type Fixture = "png" | "jpeg" | "webp-lossy" | "webp-lossless" | "webp-alpha";
const MAKE: Record<Fixture, { file: string; args: string[] }> = {
  png: { file: "still.png", args: ["-vf", "format=rgb24"] },
  jpeg: { file: "still.jpg", args: ["-q:v", "3"] },
  "webp-lossy": { file: "lossy.webp", args: ["-c:v", "libwebp"] },
  "webp-lossless": { file: "lossless.webp", args: ["-c:v", "libwebp", "-lossless", "1"] },
  // A translucent picture makes libwebp write the extended form: VP8X, ALPH, VP8.
  "webp-alpha": { file: "alpha.webp", args: ["-vf", "format=rgba,colorchannelmixer=aa=0.5", "-c:v", "libwebp"] },
};

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("stills");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function fixture(kind: Fixture, name = MAKE[kind].file): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2, 8)}-${name}`);
  await runOk(tool("ffmpeg"), ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=1", "-frames:v", "1", ...MAKE[kind].args, "-y", file]);
  return file;
}

/** What the picture decodes to (ffmpeg's MD5 of the frame), to prove the pixels are untouched. */
async function pictureHash(file: string): Promise<string> {
  return (await runOk(tool("ffmpeg"), ["-v", "error", "-i", file, "-frames:v", "1", "-f", "md5", "-"])).trim();
}

function isoFromExif(value: unknown): string {
  return String(value).replace(/^(\d{4}):(\d{2}):(\d{2}) /, "$1-$2-$3T");
}

function expectFields(tags: ExifTags, meta: GenerationMetadata): void {
  expect(tags["XMP-dc:Description"]).toBe(meta.prompt);
  expect(tags["XMP-dc:Title"]).toBe(meta.shotName);
  expect(tags["XMP-xmp:CreatorTool"]).toBe(`${meta.provider}/${meta.model}`);
  expect(isoFromExif(tags["XMP-xmp:CreateDate"])).toBe("2025-01-02T03:04:05Z");
  for (const { name } of GENERATION_FIELDS) {
    const value = meta[name];
    const tag = tags[`XMP-shotbin:${name[0]!.toUpperCase()}${name.slice(1)}`];
    if (Array.isArray(value)) expect(tag).toEqual(value);
    else expect([name, tag === undefined ? undefined : String(tag)]).toEqual([name, value === undefined ? undefined : String(value)]);
  }
}

async function embed(file: string, meta: GenerationMetadata = META): Promise<StillEmbedSummary> {
  return (await embedMediaFile(nodeFileSystem, file, meta)) as StillEmbedSummary;
}

describe.each<[Fixture, string]>([
  ["png", "iTXt"],
  ["jpeg", "APP1"],
  ["webp-lossy", "XMP chunk"],
  ["webp-lossless", "XMP chunk"],
  ["webp-alpha", "XMP chunk"],
])("XMP in a %s still", (kind, location) => {
  it("is written, read back field for field by ExifTool and by exempi (non-ASCII, newlines), and leaves the picture as it was", async () => {
    const file = await fixture(kind);
    const picture = await pictureHash(file);
    const summary = await embed(file);
    expect(summary.xmp).toMatchObject({ location, keptForeignProperties: 0 });
    expect(summary.xmp.written).toBe(kind === "webp-alpha" ? "appended" : "rewritten");
    if (kind === "webp-lossy" || kind === "webp-lossless") expect(summary.converted).toBe("VP8X");
    expect(await pictureHash(file)).toBe(picture);
    expect(await exiftoolValidate(file)).toMatch(/^OK|^$/);
    expectFields(await exiftoolXmp(file), META);
    const adobe = await exempiXmp(file, dir);
    expectFields(adobe.tags, META);
    expect(adobe.tags["XMP-shotbin:Prompt"]).toBe(HARD_PROMPT);
  });

  it("is rewritten in place the second time, without moving a byte of the picture", async () => {
    const file = await fixture(kind);
    await embed(file);
    const size = (await fsp.stat(file)).size;
    const second = await embed(file, { ...META, seed: 42, prompt: "a shorter prompt" });
    expect(second.xmp.written).toBe("overwritten in place");
    expect(second.xmp.replacedProperties).toBeGreaterThan(10);
    expect((await fsp.stat(file)).size).toBe(size);
    const report = (await inspectMediaFile(nodeFileSystem, file)) as StillReport;
    expect(report.xmp?.shotbin).toMatchObject({ seed: 42, prompt: "a shorter prompt", sourceStillJob: META.sourceStillJob });
    expect(report).toMatchObject({ width: 320, height: 180 });
  });
});

describe("XMP already in a still", () => {
  it.each<Fixture>(["png", "jpeg", "webp-alpha"])("keeps the other fields of a %s's existing XMP", async (kind) => {
    const file = await fixture(kind);
    await runOk(tool("perl"), [exiftoolScript(), "-q", "-overwrite_original", "-XMP-dc:Creator=Ada Lovelace", "-XMP-xmp:Rating=4", "-XMP-photoshop:Credit=Harbour Studio", "-XMP-dc:Description=old description", file]);
    const summary = await embed(file);
    expect(summary.xmp.keptForeignProperties).toBeGreaterThanOrEqual(3);
    expect(summary.xmp.replacedProperties).toBeGreaterThanOrEqual(1);
    for (const tags of [await exiftoolXmp(file), (await exempiXmp(file, dir)).tags]) {
      expect([tags["XMP-dc:Creator"]].flat()).toEqual(["Ada Lovelace"]);
      expect(String(tags["XMP-xmp:Rating"])).toBe("4");
      expect(tags["XMP-photoshop:Credit"]).toBe("Harbour Studio");
      expect(tags["XMP-dc:Description"]).toBe(META.prompt);
      expect(tags["XMP-shotbin:Model"]).toBe(META.model);
    }
  });
});

describe("damaged or unfit stills", () => {
  async function expectRefused(file: string, pattern: RegExp): Promise<void> {
    const before = await sha256(file);
    const error = await embed(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as Error).message).toMatch(pattern);
    expect(await sha256(file)).toBe(before);
    const leftovers = (await fsp.readdir(path.dirname(file))).filter((name) => name.includes(path.basename(file)) && name !== path.basename(file));
    expect(leftovers).toEqual([]);
  }

  it("refuses a truncated PNG and one whose chunk fails its CRC, leaving them unchanged", async () => {
    const truncated = await fixture("png");
    const bytes = await fsp.readFile(truncated);
    await fsp.writeFile(truncated, bytes.subarray(0, bytes.length - 40));
    await expectRefused(truncated, /incomplete|damaged/);
    const corrupt = await fixture("png");
    const data = await fsp.readFile(corrupt);
    const at = data.indexOf("IDAT") + 20;
    data[at] = data[at]! ^ 0xff;
    await fsp.writeFile(corrupt, data);
    await expectRefused(corrupt, /fails its CRC check/);
  });

  it("refuses a JPEG cut short and a WebP whose RIFF size overruns the file", async () => {
    const jpeg = await fixture("jpeg");
    const bytes = await fsp.readFile(jpeg);
    await fsp.writeFile(jpeg, bytes.subarray(0, bytes.length - 300));
    await expectRefused(jpeg, /no end marker|incomplete/);
    const webp = await fixture("webp-lossy");
    const data = await fsp.readFile(webp);
    await fsp.writeFile(webp, data.subarray(0, data.length - 50));
    await expectRefused(webp, /incomplete|damaged/);
  });

  it("refuses XMP too large for one JPEG APP1 segment (no ExtendedXMP), but writes it into a PNG", async () => {
    const huge = { ...META, prompt: "夜の港に霧が立ちこめる。".repeat(3000) };
    const jpeg = await fixture("jpeg");
    const before = await sha256(jpeg);
    const error = await embed(jpeg, huge).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "too-large" });
    expect((error as Error).message).toMatch(/at most 65504.*PNG or WebP/);
    expect(await sha256(jpeg)).toBe(before);
    const png = await fixture("png");
    await embed(png, huge);
    expect((await exiftoolXmp(png))["XMP-shotbin:Prompt"]).toBe(huge.prompt);
  });

  it("leaves an unreadable existing XMP alone rather than discarding it", async () => {
    const file = await fixture("jpeg");
    await runOk(tool("perl"), [exiftoolScript(), "-q", "-overwrite_original", "-XMP-dc:Creator=Ada", file]);
    const data = await fsp.readFile(file);
    const at = data.indexOf("<x:xmpmeta");
    data.write("<x:xmpmetX", at, "latin1");
    await fsp.writeFile(file, data);
    await expectRefused(file, /not well-formed/);
  });
});

describe("shotbin embed and shotbin inspect on stills", () => {
  const BIN = path.join(__dirname, "../../bin/shotbin.js");

  it("embed writes a still's XMP from meta.json; inspect prints it back", async () => {
    const file = await fixture("webp-lossy");
    const meta = path.join(dir, "still-meta.json");
    await fsp.writeFile(meta, JSON.stringify(META));
    const embedded = await run(process.execPath, [BIN, "embed", file, "--meta", meta]);
    expect(embedded.stderr).toBe("");
    expect(embedded.code).toBe(0);
    expect(JSON.parse(embedded.stdout)).toMatchObject({ format: "webp", converted: "VP8X", xmp: { location: "XMP chunk", written: "rewritten" } });
    const inspected = await run(process.execPath, [BIN, "inspect", file]);
    expect(inspected.code).toBe(0);
    const report = JSON.parse(inspected.stdout) as StillReport;
    expect(report).toMatchObject({ format: "webp", width: 320, height: 180 });
    expect(report.parts.map((part) => part.type)).toEqual(["VP8X", "VP8 ", "XMP "]);
    expect(report.xmp?.shotbin).toEqual(META);
  }, 30_000);
});
