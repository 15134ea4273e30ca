import { promises as fsp } from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { embedMetadata } from "../../src/media/embedMetadata";
import { embedMediaFile, inspectMediaFile } from "../../src/media/mediaFile";
import type { StillEmbedSummary } from "../../src/media/stills/embedStill";
import type { StillReport } from "../../src/media/stills/inspectStill";
import { uxpFileSystem } from "../../src/media/uxpFileSystem";
import { renderSimStill } from "../../src/providers/simulatorStill";
import { fakeUxpFs } from "./support/fakeUxpFs";
import { inspectMedia } from "../../src/media/inspectMedia";
import { fixture } from "./support/fixtures";
import { memoryFile } from "./support/memoryFile";
import { FULL_META } from "./support/meta";

/**
 * The media code runs in the UXP panel, which has no Buffer, TextEncoder, TextDecoder or
 * crypto.subtle, and no Node modules. Two guards: the sources do not mention them, and an embed
 * and inspect complete with those globals removed.
 */

/** Node-only media code (the CLI, relay and fakes use it; the panel never loads it): `node*.ts`, and the ffmpeg finder. */
const isNodeOnly = (name: string) => /(^|\/)node[A-Z][A-Za-z]*\.ts$/.test(name) || name === "ffmpegBinary.ts";
const MEDIA = path.join(__dirname, "../../src/media");

/** Every source under src/media, subfolders (the stills code) included. */
async function sources(folder: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) names.push(...(await sources(path.join(folder, entry.name), `${prefix}${entry.name}/`)));
    else names.push(`${prefix}${entry.name}`);
  }
  return names;
}

it("panel-side media sources use no Node or browser-only APIs that UXP lacks", async () => {
  const offenders: string[] = [];
  for (const name of await sources(MEDIA)) {
    if (isNodeOnly(name)) continue;
    const code = (await fsp.readFile(path.join(MEDIA, name), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const pattern of [/\bBuffer\b/, /\bTextEncoder\b/, /\bTextDecoder\b/, /crypto\.subtle/, /from "node:/, /\brequire\(/, /\bprocess\./]) {
      if (pattern.test(code)) offenders.push(`${name}: ${pattern}`);
    }
    for (const match of code.matchAll(/from "(?:\.\.?\/)+([A-Za-z]+)"/g)) {
      if (isNodeOnly(`${match[1]}.ts`)) offenders.push(`${name} imports ${match[1]}`);
    }
  }
  expect(offenders).toEqual([]);
});

it("embeds and inspects with TextEncoder and TextDecoder removed", async () => {
  const file = memoryFile(await fsp.readFile(await fixture("mov-untagged")), "panel.mov");
  const saved = { TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };
  const globals = globalThis as Record<string, unknown>;
  delete globals.TextEncoder;
  delete globals.TextDecoder;
  try {
    expect(typeof globals.TextDecoder).toBe("undefined");
    const summary = await embedMetadata(file, FULL_META);
    expect(summary.xmp.location).toBe("moov/udta/XMP_");
    const report = await inspectMedia(file);
    expect(report.xmp?.shotbin).toEqual(FULL_META);
  } finally {
    Object.assign(globals, saved);
  }
});

it("embeds XMP into a still through the UXP file seams with TextEncoder and TextDecoder removed", async () => {
  const folder = await fsp.mkdtemp(path.join(os.tmpdir(), "shotbin-uxp-still-"));
  const file = path.join(folder, "frame.png");
  await fsp.writeFile(file, renderSimStill({ key: "0123456789abcdef0123456789abcdef", edits: [] }, 64, 36));
  const files = uxpFileSystem(fakeUxpFs());
  const saved = { TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };
  const globals = globalThis as Record<string, unknown>;
  delete globals.TextEncoder;
  delete globals.TextDecoder;
  try {
    const summary = (await embedMediaFile(files, file, FULL_META)) as StillEmbedSummary;
    expect(summary.xmp).toMatchObject({ location: "iTXt", written: "rewritten" });
    const report = (await inspectMediaFile(files, file)) as StillReport;
    expect(report.xmp?.shotbin).toEqual(FULL_META);
  } finally {
    Object.assign(globals, saved);
    await fsp.rm(folder, { recursive: true, force: true });
  }
});
