/**
 * Clips made from the frames a request carries, so continuity can be checked on pixels: the first
 * frame IS the first image, the last frame IS the last image when one is given, and in between a
 * slow push-in on the first image, crossfading to the last image over the second half. 24 fps, the
 * images' own size (even, at most 1280 on the long side), H.264 at high quality in BT.709 (tagged),
 * `seconds` long to the frame. Made once per content (sha-256 of the images and settings) and kept in a cache folder.
 */
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ffmpegComplaint, runFfmpegProgram } from "../media/nodeFfmpeg";
import { probeVideo } from "../media/nodeFrameExtraction";

export interface FrameClipRequest {
  first: Buffer;
  last?: Buffer;
  seconds: number;
}

/** Bumped when the recipe changes, so old cached clips are not reused. */
const RECIPE = "push-in+crossfade v2 bt709";
const FPS = 24;
const MAX_SIDE = 1280;

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

export class FrameClipMaker {
  private readonly making = new Map<string, Promise<string>>();

  constructor(readonly cacheDir: string = path.join(tmpdir(), "shotbin-fake-frame-clips")) {}

  /** The path of the clip for these frames, made now or found in the cache. */
  make(request: FrameClipRequest): Promise<string> {
    if (!(request.seconds > 0) || request.seconds > 60) return Promise.reject(new Error(`A clip of ${request.seconds} s is not something the fakes make.`));
    const hash = createHash("sha256").update(RECIPE).update(String(request.seconds)).update(request.first);
    if (request.last) hash.update("|last|").update(request.last);
    const key = hash.digest("hex").slice(0, 32);
    const pending = this.making.get(key) ?? this.build(key, request);
    this.making.set(key, pending);
    pending.then(
      () => this.making.delete(key),
      () => this.making.delete(key),
    );
    return pending;
  }

  private async build(key: string, request: FrameClipRequest): Promise<string> {
    const target = path.join(this.cacheDir, `${key}.mp4`);
    if (await fsp.stat(target).then((s) => s.size > 0, () => false)) return target;
    await fsp.mkdir(this.cacheDir, { recursive: true });
    const work = await fsp.mkdtemp(path.join(this.cacheDir, `${key}-`));
    try {
      const firstFile = path.join(work, "first.img");
      await fsp.writeFile(firstFile, request.first);
      const lastFile = request.last ? path.join(work, "last.img") : undefined;
      if (lastFile && request.last) await fsp.writeFile(lastFile, request.last);
      const image = await probeVideo(firstFile);
      const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
      const width = even(image.width * scale);
      const height = even(image.height * scale);
      const frames = Math.max(4, Math.round(request.seconds * FPS));
      // The crossfade runs from the middle to two frames before the end, so the last frames are the last image.
      const fadeStart = Math.floor(frames / 2);
      const fadeFrames = Math.max(1, frames - 2 - fadeStart);
      // BT.709 YCbCr, tagged, as the real providers' HD clips are: Shotbin tags an untagged clip as
      // BT.709, so a clip encoded with ffmpeg's default (BT.601) matrix would decode to other colours.
      const fit = `scale=${width}:${height}:flags=lanczos:out_color_matrix=bt709:out_range=tv,format=yuv444p,setsar=1`;
      // zoompan at zoom 1 on its first frame: that frame is the image itself.
      const push = `zoompan=z='1+0.06*on/${frames - 1}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${width}x${height}:fps=${FPS}`;
      const seconds = (n: number) => (n / FPS).toFixed(6);
      const graph = lastFile
        ? `[0:v]${fit},${push},trim=end_frame=${fadeStart + fadeFrames},format=yuv444p[a];` +
          `[1:v]${fit},fps=${FPS},trim=end_frame=${frames - fadeStart},format=yuv444p[b];` +
          `[a][b]xfade=transition=fade:duration=${seconds(fadeFrames)}:offset=${seconds(fadeStart)},format=yuv420p[v]`
        : `[0:v]${fit},${push},format=yuv420p[v]`;
      const output = path.join(work, "clip.mp4");
      const loop = (file: string) => ["-loop", "1", "-framerate", String(FPS), "-i", file];
      const run = await runFfmpegProgram("ffmpeg", [
        "-v", "error", "-nostdin", "-y",
        ...loop(firstFile),
        ...(lastFile ? loop(lastFile) : []),
        "-filter_complex", graph, "-map", "[v]",
        "-frames:v", String(frames), "-r", String(FPS),
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-pix_fmt", "yuv420p",
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv", "-movflags", "+faststart",
        output,
      ]);
      if (run.code !== 0) throw new Error(`ffmpeg could not make a clip from the frames: ${ffmpegComplaint(run.stderr)}`);
      await fsp.rename(output, target);
      return target;
    } finally {
      await fsp.rm(work, { recursive: true, force: true });
    }
  }
}
