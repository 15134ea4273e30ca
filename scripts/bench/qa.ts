/**
 * npm run bench:qa — the whole `shotbin qa` command (Node start, the clip's facts, the ffmpeg pass, analysis,
 * JSON out) against a plain `ffmpeg -i clip -f null -` decode of the same 10 s 1080p24 H.264 clip,
 * measured in the same run, interleaved, and printed as a ratio (target ≤ 1.3×). Then the peak
 * resident memory of our Node process and of its ffmpeg child, for 10 s and 60 s clips (target
 * under 150 MB each). For the record it also times the alternative the issue names: ffmpeg's own
 * filters (signalstats, deflicker, freezedetect, scdet, blackdetect) at the same proxy size.
 * Last, the relay measuring four such clips at once while webhooks arrive (scripts/bench/relayQa.ts):
 * p99 webhook latency during QA next to the idle relay's, as a ratio.
 * Linux (reads /proc). Clips are generated once and cached in the temp folder.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, promises as fsp, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findFfmpegProgram } from "../../src/media/ffmpegBinary";
import { benchRelayQa } from "./relayQa";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/shotbin.js");
const RUNS = Number(process.env.BENCH_QA_RUNS ?? 5);
const FFMPEG = findFfmpegProgram("ffmpeg");

/** A 10 s 1080p24 clip with moving content and grain, H.264 as providers deliver it. */
const SOURCE_ARGS = [
  "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=24:duration=10",
  "-vf", "noise=alls=8:allf=t,format=yuv420p",
  "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-color_range", "tv", "-movflags", "+faststart",
];

async function cachedClip(): Promise<{ ten: string; sixty: string }> {
  const key = createHash("sha256").update(SOURCE_ARGS.join(" ") + FFMPEG).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `shotbin-bench-qa-${key}`);
  await fsp.mkdir(dir, { recursive: true });
  const ten = path.join(dir, "clip-10s-1080p24.mp4");
  const sixty = path.join(dir, "clip-60s-1080p24.mp4");
  if (!existsSync(ten)) {
    process.stdout.write("Generating the 10 s 1080p24 clip (once; cached)...\n");
    execFileSync(FFMPEG, ["-v", "error", "-y", ...SOURCE_ARGS, `${ten}.part.mp4`]);
    await fsp.rename(`${ten}.part.mp4`, ten);
  }
  if (!existsSync(sixty)) {
    // The same pictures six times over, stream-copied: 60 s of the same bitrate in a second.
    execFileSync(FFMPEG, ["-v", "error", "-y", "-stream_loop", "5", "-i", ten, "-c", "copy", "-movflags", "+faststart", `${sixty}.part.mp4`]);
    await fsp.rename(`${sixty}.part.mp4`, sixty);
  }
  return { ten, sixty };
}

/** VmHWM (peak resident set) of a process, bytes. */
function highWaterMark(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface Run {
  wallMs: number;
  peakSelf?: number;
  peakChild?: number;
  code: number | null;
  stdout: string;
}

/** Runs a program, sampling its peak memory and its children's every 2 ms. */
function timed(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "ignore"] });
    const out: Buffer[] = [];
    let peakSelf: number | undefined;
    let peakChild: number | undefined;
    const sample = () => {
      if (child.pid === undefined) return;
      const self = highWaterMark(child.pid);
      if (self !== undefined) peakSelf = Math.max(peakSelf ?? 0, self);
      for (const grandchild of childrenOf(child.pid)) {
        const peak = highWaterMark(grandchild);
        if (peak !== undefined) peakChild = Math.max(peakChild ?? 0, peak);
      }
    };
    const timer = setInterval(sample, 2);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ wallMs: performance.now() - started, peakSelf, peakChild, code, stdout: Buffer.concat(out).toString("utf8") });
    });
  });
}

/** CPU seconds (user + system) that `command` and its children used, from the shell's `times`. */
function cpuSeconds(command: string, args: readonly string[]): number | undefined {
  try {
    const quoted = [command, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(" ");
    const out = execFileSync("bash", ["-c", `${quoted} >/dev/null 2>&1; times`], { encoding: "utf8" });
    // `times` prints the shell's own line, then its children's: "0m3.120s 0m0.210s".
    const line = out.trim().split("\n").pop() ?? "";
    const [user, sys] = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return user !== undefined && sys !== undefined ? user + sys : undefined;
  } catch {
    return undefined;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 ** 2).toFixed(0)} MB`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { ten, sixty } = await cachedClip();
  const decode = (clip: string) => ["-nostdin", "-v", "error", "-i", clip, "-f", "null", "-"];
  const qa = (clip: string) => [BIN, "qa", clip, "--json"];
  process.stdout.write(`bench:qa on ${os.cpus().length} CPUs, ffmpeg ${FFMPEG}, ${RUNS} interleaved runs each\n`);

  // Warm the page cache and tsx's compile cache once, untimed.
  await timed(FFMPEG, decode(ten));
  await timed(process.execPath, qa(ten));

  const baseline: number[] = [];
  const whole: number[] = [];
  let qaRun: Run | undefined;
  for (let i = 0; i < RUNS; i++) {
    baseline.push((await timed(FFMPEG, decode(ten))).wallMs);
    qaRun = await timed(process.execPath, qa(ten));
    if (qaRun.code !== 0) throw new Error(`shotbin qa exited ${qaRun.code} on the clean bench clip`);
    whole.push(qaRun.wallMs);
  }
  const report = (JSON.parse(qaRun!.stdout) as Array<{ verdict: string; analysis: { frames: number; seconds: number } }>)[0]!;
  const ratio = median(whole) / median(baseline);
  const bestRatio = Math.min(...whole) / Math.min(...baseline);
  process.stdout.write(
    `\n10 s 1080p24 H.264 (${report.analysis.frames} frames, verdict ${report.verdict})\n` +
      `  ffmpeg -i clip -f null -   median ${s(median(baseline))}  (runs ${baseline.map(s).join(", ")})\n` +
      `  shotbin qa clip --json     median ${s(median(whole))}  (runs ${whole.map(s).join(", ")})\n` +
      `  ratio ${ratio.toFixed(2)}x of medians, ${bestRatio.toFixed(2)}x of the fastest runs  (target <= 1.3x) ${ratio <= 1.3 ? "MET" : "NOT MET"}\n` +
      `  load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs (other work on the machine slows both sides, unevenly)\n`,
  );
  const cpuDecode = cpuSeconds(FFMPEG, decode(ten));
  const cpuQa = cpuSeconds(process.execPath, qa(ten));
  if (cpuDecode !== undefined && cpuQa !== undefined) {
    process.stdout.write(`  CPU time (user+sys, one run each): decode ${cpuDecode.toFixed(2)} s, qa ${cpuQa.toFixed(2)} s, ratio ${(cpuQa / cpuDecode).toFixed(2)}x\n`);
  }

  // The alternatives, for the record (docs/qa.md explains the choice).
  const filters = "scale=320:180:flags=area,signalstats,deflicker=size=5:mode=am:bypass=1,freezedetect,scdet,blackdetect,metadata=print:file=/dev/null";
  const filterRuns: number[] = [];
  const pipeRuns: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    filterRuns.push((await timed(FFMPEG, ["-nostdin", "-v", "error", "-i", ten, "-vf", filters, "-f", "null", "-"])).wallMs);
    pipeRuns.push((await timed(FFMPEG, ["-nostdin", "-v", "error", "-i", ten, "-vf", "scale=320:180:flags=area:out_range=tv,format=yuv420p,showinfo", "-fps_mode", "passthrough", "-f", "rawvideo", "-y", "/dev/null"])).wallMs);
  }
  process.stdout.write(
    `  for the record: ffmpeg's filter graph (signalstats, deflicker, freezedetect, scdet, blackdetect at 320x180) ${s(median(filterRuns))}; ` +
      `our raw 320x180 proxy pipe alone ${s(median(pipeRuns))}\n`,
  );

  process.stdout.write("\nPeak resident memory (VmHWM), shotbin's Node process and its ffmpeg child:\n");
  for (const [label, clip] of [["10 s", ten], ["60 s", sixty]] as const) {
    const run = await timed(process.execPath, qa(clip));
    const plain = await timed(FFMPEG, decode(clip));
    const frames = (JSON.parse(run.stdout) as Array<{ analysis: { frames: number } }>)[0]!.analysis.frames;
    const ok = (run.peakSelf ?? 0) < 150 * 1024 ** 2 && (run.peakChild ?? 0) < 150 * 1024 ** 2;
    process.stdout.write(
      `  ${label} (${frames} frames): node ${mb(run.peakSelf)}, ffmpeg ${mb(run.peakChild)} (a plain decode alone: ${mb(plain.peakSelf)}); ` +
        `each under 150 MB: ${ok ? "MET" : "NOT MET"}; wall ${s(run.wallMs)} vs decode ${s(plain.wallMs)}\n`,
    );
  }

  // The relay measuring four clips at once while webhooks keep arriving (BENCH_QA_RELAY=0 skips it).
  if (process.env.BENCH_QA_RELAY !== "0") await benchRelayQa(ten);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:qa failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
