/**
 * npm run bench:embed — `shotbin embed` against ExifTool writing the same XMP fields, on a 2 GB
 * moov-last MP4 and a 2 GB faststart MP4 made by looping a small clip. Prints time and peak
 * memory of both and their ratio, measured in the same run on the same machine. Cleans up.
 *
 * First, start-up: the whole `shotbin embed` command on a small clip and `shotbin --help`, each
 * against a bare `node -e 0` in the same run (runs interleaved, medians), both from this checkout
 * (bin/shotbin.js checks that lib/ is not older than src/) and as an installed package has them
 * (bin/ and lib/ only). SHOTBIN_BENCH_STARTUP_ONLY=1 stops after that part.
 */
import { execFileSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { GenerationMetadata } from "../../src/media/generationMetadata";
import { GENERATION_FIELDS, SHOTBIN_NAMESPACE } from "../../src/media/generationMetadata";
import { logComment, xmpDate } from "../../src/media/xmpPacket";
import { measure, type Measured } from "./processMeter";

const TARGET_BYTES = 2 * 1024 ** 3;
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/shotbin.js");

const META: GenerationMetadata = {
  provider: "gemini",
  model: "veo-3.1-generate-preview",
  prompt: 'A fox at dawn,\nthen "rain" & <thunder>\n— 🎬 日本語',
  negativePrompt: "blurry",
  seed: 1234567890,
  duration: 8,
  aspectRatio: "16:9",
  resolution: "720p",
  jobId: "models/veo-3.1-generate-preview/operations/abc123",
  idempotencyKey: "shotbin-bench",
  cost: 3.2,
  currency: "USD",
  priceSource: "Shotbin price table",
  generatedAt: "2025-01-02T03:04:05Z",
  shotList: "bench.csv",
  shotId: "S01",
  shotName: "Fox at dawn",
  scene: "1",
  take: 1,
  referenceImages: ["fox.png"],
};

function ffmpeg(): string {
  for (const candidate of [process.env.SHOTBIN_FFMPEG, "ffmpeg"]) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ["-version"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next
    }
  }
  return (require("@ffmpeg-installer/ffmpeg") as { path: string }).path;
}

function exiftool(): string {
  return path.join(path.dirname(require.resolve("exiftool-vendored.pl/package.json")), "bin", "exiftool");
}

function freeBytes(dir: string): number {
  const out = execFileSync("df", ["-Pk", dir], { encoding: "utf8" }).trim().split("\n").pop() ?? "";
  return Number(out.split(/\s+/)[3]) * 1024;
}

const mb = (bytes?: number) => (bytes === undefined ? "n/a" : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;

/** ExifTool needs a config to write a namespace it does not know. */
function exiftoolConfig(): string {
  const tags = GENERATION_FIELDS.map(({ name, kind }) => `    ${name} => { ${kind === "list" ? "List => 'Seq'" : ""} },`).join("\n");
  return `%Image::ExifTool::UserDefined = (
  'Image::ExifTool::XMP::Main' => { shotbin => { SubDirectory => { TagTable => 'Image::ExifTool::UserDefined::shotbin' } } },
);
%Image::ExifTool::UserDefined::shotbin = (
  GROUPS => { 0 => 'XMP', 1 => 'XMP-shotbin', 2 => 'Other' },
  NAMESPACE => { 'shotbin' => '${SHOTBIN_NAMESPACE}' },
  WRITABLE => 'string',
${tags}
);
1;
`;
}

function exiftoolArgs(config: string, file: string): string[] {
  const date = xmpDate(META.generatedAt);
  const args = [
    exiftool(), "-config", config, "-q", "-overwrite_original", "-api", "QuickTimeUTC",
    `-XMP-dc:Title=${META.shotName}`,
    `-XMP-dc:Description=${META.prompt}`,
    `-XMP-xmp:CreatorTool=${META.provider}/${META.model}`,
    `-XMP-xmp:CreateDate=${date}`,
    `-XMP-xmp:ModifyDate=${date}`,
    `-XMP-xmpDM:LogComment=${logComment(META)}`,
    `-XMP-xmpDM:ShotName=${META.shotName}`,
    `-XMP-xmpDM:Scene=${META.scene}`,
    "-XMP-xmpDM:VideoFrameRate=24",
    "-XMP-xmpDM:VideoFrameSizeW=1280",
    "-XMP-xmpDM:VideoFrameSizeH=720",
    "-XMP-xmpDM:VideoFrameSizeUnit=pixel",
    // The movie header dates, which shotbin patches too.
    `-QuickTime:CreateDate=${date}`,
    `-QuickTime:ModifyDate=${date}`,
  ];
  for (const { name } of GENERATION_FIELDS) {
    const value = META[name];
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) args.push(`-XMP-shotbin:${name}=${String(item)}`);
  }
  args.push(file);
  return args;
}

async function makeBigFiles(dir: string): Promise<{ moovLast: string; faststart: string }> {
  const ff = ffmpeg();
  const base = path.join(dir, "base.mp4");
  // Noise keeps the bitrate high, so 2 GB needs a few hundred loops rather than thousands.
  execFileSync(ff, [
    "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24:duration=5",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5",
    "-vf", "noise=alls=30:allf=t,format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16",
    "-c:a", "aac", "-shortest", base,
  ]);
  const loops = Math.ceil(TARGET_BYTES / (await fsp.stat(base)).size) - 1;
  const moovLast = path.join(dir, "big-moov-last.mp4");
  const faststart = path.join(dir, "big-faststart.mp4");
  execFileSync(ff, ["-v", "error", "-y", "-stream_loop", String(loops), "-i", base, "-c", "copy", moovLast]);
  execFileSync(ff, ["-v", "error", "-y", "-i", moovLast, "-c", "copy", "-movflags", "+faststart", faststart]);
  await fsp.rm(base);
  return { moovLast, faststart };
}

interface Row {
  layout: string;
  /** `shotbin embed` as a user runs it. */
  shotbin: Measured & { embedMs: number };
  /** The embed alone, in a process that reports its memory before and during the embed. */
  inProcess: { embedMs: number; rssBefore: number; maxRss: number; moov: { action: string }; xmp: string };
  exiftool: Measured;
}

function freshCopy(file: string, name: string): string {
  execFileSync("cp", ["--reflink=auto", file, name]);
  return name;
}

/** Flush dirty pages and read the file once, so no tool pays for another's writes or a cold cache. */
function settle(file: string): void {
  execFileSync("sync");
  execFileSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] });
}

async function benchLayout(layout: string, file: string, dir: string, config: string, metaFile: string): Promise<Row> {
  const forExiftool = freshCopy(file, path.join(dir, `exiftool-${path.basename(file)}`));
  const forChild = freshCopy(file, path.join(dir, `child-${path.basename(file)}`));

  settle(file);
  const shotbin = await measure(process.execPath, [BIN, "embed", file, "--meta", metaFile]);
  if (shotbin.code !== 0) throw new Error(`shotbin embed failed: ${shotbin.stderr}`);
  const embedMs = (JSON.parse(shotbin.stdout) as { timeMs: number }).timeMs;

  settle(forChild);
  const child = await measure(process.execPath, ["--require", "tsx/cjs", path.join(__dirname, "embedOnce.ts"), forChild, metaFile]);
  if (child.code !== 0) throw new Error(`embedOnce failed: ${child.stderr}`);
  await fsp.rm(forChild);

  settle(forExiftool);
  const exif = await measure("perl", exiftoolArgs(config, forExiftool));
  if (exif.code !== 0) throw new Error(`exiftool failed: ${exif.stderr}`);
  const check = execFileSync("perl", [exiftool(), "-config", config, "-b", "-XMP-shotbin:prompt", forExiftool], { encoding: "utf8" }).trim();
  if (check !== META.prompt) throw new Error(`exiftool did not write the same fields (read back ${JSON.stringify(check)})`);
  await fsp.rm(forExiftool);
  return { layout, shotbin: { ...shotbin, embedMs }, inProcess: JSON.parse(child.stdout) as Row["inProcess"], exiftool: exif };
}

const STARTUP_RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** An installed package's layout: bin/ and lib/, no src/ or build/ (so no freshness check). */
async function installedLayout(dir: string): Promise<string> {
  const installed = path.join(dir, "installed");
  await fsp.mkdir(installed);
  await fsp.cp(path.join(ROOT, "bin"), path.join(installed, "bin"), { recursive: true });
  await fsp.cp(path.join(ROOT, "lib"), path.join(installed, "lib"), { recursive: true });
  await fsp.copyFile(path.join(ROOT, "package.json"), path.join(installed, "package.json"));
  await fsp.symlink(path.join(ROOT, "node_modules"), path.join(installed, "node_modules"));
  return path.join(installed, "bin", "shotbin.js");
}

/** Whole commands against bare Node, interleaved so that each sees the same machine load. */
async function startup(dir: string, metaFile: string): Promise<string[]> {
  const warm = await measure(process.execPath, [BIN, "--version"]);
  if (warm.code !== 0) throw new Error(`shotbin --version failed: ${warm.stderr}`);
  const installedBin = await installedLayout(dir);
  const clip = path.join(ROOT, "assets", "clips", "sim_16x9_5s.mp4");
  const times: Record<string, number[]> = { node: [], helpCheckout: [], helpInstalled: [], embedCheckout: [], embedInstalled: [] };
  const embedOnce = async (bin: string, key: string, i: number) => {
    const copy = path.join(dir, `startup-${key}-${i}.mp4`);
    await fsp.copyFile(clip, copy);
    const result = await measure(process.execPath, [bin, "embed", copy, "--meta", metaFile]);
    if (result.code !== 0) throw new Error(`shotbin embed failed: ${result.stderr}`);
    times[key]!.push(result.wallMs);
    await fsp.rm(copy);
  };
  for (let i = 0; i < STARTUP_RUNS; i++) {
    times.node!.push((await measure(process.execPath, ["-e", "0"])).wallMs);
    times.helpCheckout!.push((await measure(process.execPath, [BIN, "--help"])).wallMs);
    times.helpInstalled!.push((await measure(process.execPath, [installedBin, "--help"])).wallMs);
    await embedOnce(BIN, "embedCheckout", i);
    await embedOnce(installedBin, "embedInstalled", i);
  }
  const node = median(times.node!);
  const row = (label: string, key: string) => {
    const value = median(times[key]!);
    return `  ${label.padEnd(40)} ${ms(value).padStart(9)}  ${(value / node).toFixed(2)}x node`;
  };
  const embedRatio = median(times.embedInstalled!) / node;
  const embedCheckoutRatio = median(times.embedCheckout!) / node;
  const help = Math.max(median(times.helpInstalled!), median(times.helpCheckout!));
  return [
    "",
    `start-up, median of ${STARTUP_RUNS} interleaved runs (same run, same machine):`,
    `  ${"bare node (node -e 0)".padEnd(40)} ${ms(node).padStart(9)}  1.00x`,
    row("shotbin --help, installed package", "helpInstalled"),
    row("shotbin --help, this checkout", "helpCheckout"),
    row("shotbin embed (small clip), installed", "embedInstalled"),
    row("shotbin embed (small clip), this checkout", "embedCheckout"),
    "",
    "targets (issue 12):",
    `  whole shotbin embed at most 1.5x a bare node start: ${embedRatio <= 1.5 ? "met" : "MISSED"} (installed ${embedRatio.toFixed(2)}x; from this checkout, with its src/ freshness check, ${embedCheckoutRatio.toFixed(2)}x)`,
    `  shotbin --help under 300 ms: ${help < 300 ? "met" : "MISSED"} (slower of the two: ${ms(help)})`,
    "",
  ];
}

async function main(): Promise<number> {
  const dir = await fsp.mkdtemp(path.join(process.env.SHOTBIN_BENCH_DIR ?? os.tmpdir(), "shotbin-bench-"));
  try {
    const startupMeta = path.join(dir, "startup-meta.json");
    await fsp.writeFile(startupMeta, JSON.stringify(META));
    process.stdout.write(`${(await startup(dir, startupMeta)).join("\n")}\n`);
    if (process.env.SHOTBIN_BENCH_STARTUP_ONLY === "1") return 0;

    // Two 2 GB clips, plus ExifTool's copy and its temporary file for one of them.
    const needed = 4 * TARGET_BYTES + 512 * 1024 ** 2;
    const free = freeBytes(dir);
    if (free < needed) {
      process.stdout.write(`bench:embed needs ${mb(needed)} free in ${dir} but only ${mb(free)} is; set SHOTBIN_BENCH_DIR to a roomier folder.\n`);
      return 1;
    }
    process.stdout.write(`Making two ~2 GB MP4s in ${dir} (free: ${mb(free)}) ...\n`);
    const made = performance.now();
    const { moovLast, faststart } = await makeBigFiles(dir);
    process.stdout.write(`  made in ${(Math.round(performance.now() - made) / 1000).toFixed(1)} s: ${mb((await fsp.stat(moovLast)).size)} each\n`);
    const config = path.join(dir, "shotbin.ExifTool_config");
    await fsp.writeFile(config, exiftoolConfig());
    const metaFile = path.join(dir, "meta.json");
    await fsp.writeFile(metaFile, JSON.stringify(META));

    // Baselines measured in this run: process start-up alone, for reading the wall times.
    const nodeStart = await measure(process.execPath, ["-e", "0"]);
    const exifStart = await measure("perl", [exiftool(), "-ver"]);

    const rows = [await benchLayout("moov-last", moovLast, dir, config, metaFile)];
    await fsp.rm(moovLast);
    rows.push(await benchLayout("faststart", faststart, dir, config, metaFile));

    const lines = [
      "",
      `${"layout".padEnd(10)} ${"tool".padEnd(16)} ${"wall".padStart(10)} ${"embed".padStart(10)} ${"peak RSS".padStart(10)}  notes`,
    ];
    for (const row of rows) {
      const own = row.inProcess.maxRss - row.inProcess.rssBefore;
      lines.push(
        `${row.layout.padEnd(10)} ${"shotbin embed".padEnd(16)} ${ms(row.shotbin.wallMs).padStart(10)} ${ms(row.shotbin.embedMs).padStart(10)} ${mb(row.shotbin.peakRssBytes).padStart(10)}  moov ${row.inProcess.moov.action}, XMP ${row.inProcess.xmp}`,
        `${row.layout.padEnd(10)} ${"(embed alone)".padEnd(16)} ${"-".padStart(10)} ${ms(row.inProcess.embedMs).padStart(10)} ${mb(row.inProcess.maxRss).padStart(10)}  ${mb(row.inProcess.rssBefore)} before the embed started; the embed added ${mb(Math.max(0, own))}`,
        `${row.layout.padEnd(10)} ${"exiftool".padEnd(16)} ${ms(row.exiftool.wallMs).padStart(10)} ${"-".padStart(10)} ${mb(row.exiftool.peakRssBytes).padStart(10)}  rewrites the whole file`,
      );
    }
    lines.push(
      "",
      `start-up alone (same run): bare node (node -e 0) ${ms(nodeStart.wallMs)}, ${mb(nodeStart.peakRssBytes)}; perl + exiftool (-ver) ${ms(exifStart.wallMs)}, ${mb(exifStart.peakRssBytes)}`,
      "",
      "ratios, exiftool / shotbin (higher favours shotbin):",
    );
    for (const row of rows) {
      lines.push(
        `  ${row.layout.padEnd(10)} whole commands ${(row.exiftool.wallMs / row.shotbin.wallMs).toFixed(1)}x;` +
          ` exiftool command / shotbin embed ${(row.exiftool.wallMs / row.shotbin.embedMs).toFixed(0)}x;` +
          ` peak memory of the commands ${row.shotbin.peakRssBytes && row.exiftool.peakRssBytes ? (row.exiftool.peakRssBytes / row.shotbin.peakRssBytes).toFixed(2) : "n/a"}x`,
      );
    }
    const worstEmbed = Math.max(...rows.map((r) => r.shotbin.embedMs));
    const worstOwn = Math.max(...rows.map((r) => r.inProcess.maxRss - r.inProcess.rssBefore));
    const worstPeak = Math.max(...rows.map((r) => r.shotbin.peakRssBytes ?? 0));
    const worstRatio = Math.min(...rows.map((r) => r.exiftool.wallMs / r.shotbin.embedMs));
    lines.push(
      "",
      "targets (issue 3):",
      `  embed under 50 ms: ${worstEmbed < 50 ? "met" : "MISSED"} (worst ${ms(worstEmbed)}, timed inside the command)`,
      `  under 64 MB peak memory: ${worstPeak > 0 && worstPeak < 64 * 1024 ** 2 ? "met" : "MISSED"} for the whole command (worst ${mb(worstPeak)},` +
        ` of which bare Node is ${mb(nodeStart.peakRssBytes)}); the embed itself added at most ${mb(Math.max(0, worstOwn))}`,
      `  at least 100x faster than exiftool: ${worstRatio >= 100 ? "met" : "MISSED"} (worst ${worstRatio.toFixed(0)}x, exiftool command / shotbin embed;` +
        ` ${Math.min(...rows.map((r) => r.exiftool.wallMs / r.shotbin.wallMs)).toFixed(1)}x comparing whole commands, start-up included)`,
      "",
    );
    process.stdout.write(lines.join("\n"));
    return 0;
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:embed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
