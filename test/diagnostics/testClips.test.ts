/**
 * The committed test clips carry exactly the metadata the checks compare against, where Adobe's
 * XMP handler looks for it (an MP4 uuid box, a MOV's moov/udta/XMP_), and the self-check's own
 * sources run in UXP: no Node API, no TextEncoder/TextDecoder, and a whole run works without them.
 */
import { promises as fsp } from "node:fs";
import { join, resolve } from "node:path";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { SELF_CHECK_CLIP_FILES, SELF_CHECK_CLIP_SECONDS, SELF_CHECK_METADATA } from "../../src/diagnostics/testClips";
import { ASSETS, selfCheckWorld } from "./support/selfCheckWorld";

describe("the bundled test clips", () => {
  it.each([
    ["mp4", "iso", "uuid"],
    ["mov", "quicktime", "moov/udta/XMP_"],
  ] as const)("%s carries Shotbin's metadata in %s form at %s", async (format, kind, location) => {
    const file = await NodeRandomAccessFile.open(join(ASSETS, SELF_CHECK_CLIP_FILES[format]), "read");
    try {
      const report = await inspectMedia(file);
      expect(report.format.kind).toBe(kind);
      expect(report.xmp?.location).toBe(location);
      expect(report.xmp?.shotbin).toEqual(SELF_CHECK_METADATA);
      expect(report.xmp?.properties?.["xmp:CreateDate"]).toBe(SELF_CHECK_METADATA.generatedAt);
      expect(report.dates.movie.created).toBe("2024-02-29T12:34:56.000Z");
      expect(report.video[0]).toMatchObject({ width: 320, height: 180, frameRate: 24 });
      expect(report.size).toBeLessThan(100_000);
    } finally {
      await file.close();
    }
  });

  it("has a prompt with a newline and the characters XML escapes", () => {
    expect(SELF_CHECK_METADATA.prompt).toMatch(/\n/);
    expect(SELF_CHECK_METADATA.prompt).toContain("<&>");
    expect(SELF_CHECK_CLIP_SECONDS).toBe(SELF_CHECK_METADATA.duration);
  });
});

const DIAGNOSTICS = resolve(__dirname, "../../src/diagnostics");

async function sources(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat().filter((f) => f.endsWith(".ts"));
}

describe("the self-check in UXP", () => {
  it("uses no Node or browser-only APIs that UXP lacks", async () => {
    const offenders: string[] = [];
    for (const file of await sources(DIAGNOSTICS)) {
      const code = (await fsp.readFile(file, "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const pattern of [/\bBuffer\b/, /\bTextEncoder\b/, /\bTextDecoder\b/, /crypto\.subtle/, /from "node:/, /\brequire\(/, /\bprocess\./, /nodeFileSystem|nodeRandomAccessFile/]) {
        if (pattern.test(code)) offenders.push(`${file}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("runs every check with TextEncoder and TextDecoder removed", async () => {
    const globals = globalThis as Record<string, unknown>;
    const saved = { TextEncoder: globals.TextEncoder, TextDecoder: globals.TextDecoder };
    delete globals.TextEncoder;
    delete globals.TextDecoder;
    const world = selfCheckWorld();
    try {
      const report = await world.run();
      expect(report.summary.fail).toBe(0);
    } finally {
      Object.assign(globals, saved);
      world.remove();
    }
  });
});
