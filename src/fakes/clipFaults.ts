/**
 * Faults that spoil a take's picture rather than its delivery: the job succeeds, and its download
 * is a flickering or a frozen clip, made with ffmpeg from the clean clip the job would have
 * returned. So a test can get takes that differ in quality (for `--pick best`, compare, the
 * panel's QA badges) from the same fake provider.
 *
 * Configured like any job fault (`POST /_control/faults`):
 *   { "provider": "fal", "promptIncludes": "take 2", "fault": { "type": "flickering-clip" } }
 *   { "fault": { "type": "frozen-clip" }, "times": 0 }
 *
 * The spoiled clips are cached under the temp folder by a key of the source clip's bytes, the
 * recipe and the ffmpeg binary, so each is made once per machine. fal's result still reports the
 * clean clip's file_size (only informative: nothing checks it).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findFfmpegProgram } from "../media/ffmpegBinary";
import type { FakeJob } from "./fakeJobs";
import type { ClipFault } from "./faults";
import type { FakeWorld } from "./fakeWorld";

/**
 * The spoiling filters. A flickering clip: brightness swinging ±2 % of the range at 3 Hz, the
 * whole clip (enough to fail QA, not so much that whites leave the legal range). A frozen clip:
 * from 40 % of the way in, the last good frame held to the end of the file, as a generator that
 * stalled renders it.
 */
const RECIPES: Record<ClipFault["type"], (frames: number) => string> = {
  "flickering-clip": () => "eq=eval=frame:brightness='0.02*sin(2*PI*3*t)'",
  "frozen-clip": (frames) => {
    const first = Math.max(1, Math.floor(frames * 0.4));
    return `split[a][b];[a][b]freezeframes=first=${first}:last=${frames + 1000}:replace=${first - 1}`;
  },
};

const ENCODE = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-c:a", "copy", "-movflags", "+faststart"];

/** The clip fault a job carries, if any. */
export function clipFaultOf(job: FakeJob): ClipFault | undefined {
  return job.jobFaults.find((fault): fault is ClipFault => fault.type === "flickering-clip" || fault.type === "frozen-clip");
}

function run(program: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new Error(`${path.basename(program)} failed (${code}): ${Buffer.concat(err).toString("utf8").trim().split("\n").pop()}`));
    });
  });
}

const making = new Map<string, Promise<string>>();

/** The spoiled version of `source` (made once, then cached). */
export function spoiledClip(source: string, fault: ClipFault["type"], cacheDir = path.join(os.tmpdir(), "shotbin-fake-clips")): Promise<string> {
  const memo = `${source}\n${fault}\n${cacheDir}`;
  let promise = making.get(memo);
  if (!promise) {
    promise = (async () => {
      const ffmpeg = findFfmpegProgram("ffmpeg");
      const bytes = await fsp.readFile(source);
      const key = createHash("sha256").update(bytes).update(`${fault}\n${RECIPES[fault](0)}\n${ENCODE.join(" ")}\n${ffmpeg}`).digest("hex").slice(0, 16);
      const target = path.join(cacheDir, `${path.basename(source, path.extname(source))}-${fault}-${key}.mp4`);
      try {
        await fsp.access(target);
        return target;
      } catch {
        // not made yet
      }
      await fsp.mkdir(cacheDir, { recursive: true });
      const frames = Number(
        (await run(findFfmpegProgram("ffprobe"), ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", source])).trim(),
      );
      // Another process may make the same clip: build under a unique name, then rename.
      const temp = path.join(cacheDir, `.${process.pid}-${Date.now()}-${path.basename(target)}`);
      await run(ffmpeg, ["-v", "error", "-y", "-i", source, "-map", "0", "-vf", RECIPES[fault](frames), ...ENCODE, temp]);
      await fsp.rename(temp, target);
      return target;
    })();
    promise.catch(() => making.delete(memo));
    making.set(memo, promise);
  }
  return promise;
}

/** The file a job's download serves: the clip made from its frames when there is one, else its bundled clip. */
export function clipFile(world: FakeWorld, job: FakeJob): string {
  return job.madeClip?.status === "ready" && job.madeClip.path ? job.madeClip.path : path.join(world.assetsDir, "clips", job.clip);
}

/** The file a job's download serves: its bundled clip, or the spoiled version of it. */
export async function clipFileFor(world: FakeWorld, job: FakeJob): Promise<string> {
  const source = clipFile(world, job);
  const fault = clipFaultOf(job);
  return fault ? spoiledClip(source, fault.type) : source;
}
