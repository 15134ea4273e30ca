import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { embedMetadata } from "../../src/media/embedMetadata";
import { inspectMedia } from "../../src/media/inspectMedia";
import { fixture } from "./support/fixtures";
import { memoryFile } from "./support/memoryFile";
import { FULL_META } from "./support/meta";

/**
 * The media code runs in the UXP panel, which has no Buffer, TextEncoder, TextDecoder or
 * crypto.subtle, and no Node modules. Two guards: the sources do not mention them, and an embed
 * and inspect complete with those globals removed.
 */

const NODE_ONLY = new Set(["nodeRandomAccessFile.ts", "nodeFileSystem.ts", "nodeAssetSource.ts"]);
const MEDIA = path.join(__dirname, "../../src/media");

it("panel-side media sources use no Node or browser-only APIs that UXP lacks", async () => {
  const offenders: string[] = [];
  for (const name of await fsp.readdir(MEDIA)) {
    if (NODE_ONLY.has(name)) continue;
    const code = (await fsp.readFile(path.join(MEDIA, name), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const pattern of [/\bBuffer\b/, /\bTextEncoder\b/, /\bTextDecoder\b/, /crypto\.subtle/, /from "node:/, /\brequire\(/, /\bprocess\./]) {
      if (pattern.test(code)) offenders.push(`${name}: ${pattern}`);
    }
    for (const match of code.matchAll(/from "\.\/([A-Za-z]+)"/g)) {
      if (NODE_ONLY.has(`${match[1]}.ts`)) offenders.push(`${name} imports ${match[1]}`);
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
