import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { makeTempDir, workingCopy } from "./support/fixtures";
import { FULL_META } from "./support/meta";
import { exiftoolXmp, sha256 } from "./support/readers";
import { run } from "./support/run";

/** `npx shotbin embed` and `npx shotbin inspect`, run as a user runs them. */

const BIN = path.join(__dirname, "../../bin/shotbin.js");
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("cli");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function writeMeta(name: string, meta: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fsp.writeFile(file, JSON.stringify(meta));
  return file;
}

it("embeds from meta.json, prints a JSON summary with the time taken, and inspect reads it back", async () => {
  const clip = await workingCopy("untagged", dir, "cli.mp4");
  const meta = await writeMeta("meta.json", FULL_META);
  const embedded = await run(process.execPath, [BIN, "embed", clip, "--meta", meta, "--colour", "1/1/1/limited"]);
  expect(embedded.stderr).toBe("");
  expect(embedded.code).toBe(0);
  const summary = JSON.parse(embedded.stdout) as { timeMs: number; xmp: { location: string; written: string }; moov: { action: string } };
  expect(summary.timeMs).toBeGreaterThan(0);
  expect(summary.xmp).toMatchObject({ location: "uuid", written: "appended" });
  expect(summary.moov.action).toBe("relocated");
  expect((await exiftoolXmp(clip))["XMP-shotbin:Prompt"]).toBe(FULL_META.prompt);

  const inspected = await run(process.execPath, [BIN, "inspect", clip]);
  expect(inspected.code).toBe(0);
  const report = JSON.parse(inspected.stdout) as { xmp: { shotbin: unknown }; video: Array<{ colr: unknown[] }> };
  expect(report.xmp.shotbin).toEqual(FULL_META);
  expect(report.video[0]?.colr).toEqual([{ colourType: "nclx", primaries: 1, transfer: 1, matrix: 1, fullRange: false }]);
}, 30_000);

it("explains bad metadata and leaves the clip untouched", async () => {
  const clip = await workingCopy("mov", dir, "cli.mov");
  const before = await sha256(clip);
  const meta = await writeMeta("bad.json", { provider: "fal", model: "m", generatedAt: "2025-01-02T03:04:05Z", sead: 1 });
  const result = await run(process.execPath, [BIN, "embed", clip, "--meta", meta]);
  // Bad input (exitCodes.ts): the metadata file is wrong, not shotbin.
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/shotbin embed: The generation metadata is not valid: .*Unrecognized key: "sead"/);
  expect(await sha256(clip)).toBe(before);
}, 30_000);

it("refuses a file that is not a video with a clear message", async () => {
  const notVideo = path.join(dir, "notes.txt");
  await fsp.writeFile(notVideo, "not a clip");
  const result = await run(process.execPath, [BIN, "inspect", notVideo]);
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/^shotbin inspect: This is not an MP4 or MOV file/);
}, 30_000);
