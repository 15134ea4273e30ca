import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { convertToCo64, topLevel } from "./boxes";
import { runOk } from "./run";
import { exiftoolScript, tool } from "./tools";

/**
 * Clips made with ffmpeg at test time (research notes §6), cached in the temp folder for the run.
 * Tests never modify these; they embed into copies from `workingCopy`.
 */
export type FixtureName =
  | "untagged" // no colr, no colour in the VUI; moov after mdat (ffmpeg's default)
  | "vui-only" // BT.709 in the H.264 VUI, no colr
  | "colr-only" // colr nclx 1/1/1 limited, nothing in the VUI
  | "both" // colr and VUI agree on BT.709
  | "faststart" // moov before mdat
  | "size0-last" // faststart, with the last box (mdat) given size 0
  | "vui-601-full" // VUI says SMPTE 170M and full range, no colr
  | "hevc-pq" // HEVC (hvc1) with BT.2020/PQ in its VUI, no colr
  | "mov" // QuickTime: ftyp qt, wide, colr nclc
  | "mov-untagged" // QuickTime without colr
  | "co64" // untagged, with 64-bit chunk offsets
  | "foreign-xmp" // MP4 with XMP written by ExifTool (dc:creator, xmp:Rating, an old dc:title)
  | "foreign-xmp-mov" // MOV with XMP written by exempi (Adobe's toolkit)
  | "fragmented" // frag_keyframe+empty_moov, no colr, ends with an mfra index
  | "fragmented-colr-mfra" // fragmented with colr, ending with an mfra index
  | "fragmented-writable" // fragmented with colr and no mfra trailer: XMP can be appended
  | "tiny" // 64x64, 0.5 s, faststart: a fuzz base
  | "tiny-moov-last" // the same, moov after mdat
  | "tiny-mov"; // the same as QuickTime

const VIDEO = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24000/1001:duration=1"];
const AUDIO = ["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=1"];
const TO_709 = ["-vf", "format=rgb24,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p"];
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
const AAC = ["-c:a", "aac", "-shortest"];
const TAGS_709 = ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv"];
const VUI_709 = ["-x264-params", "colorprim=bt709:transfer=bt709:colormatrix=bt709"];

type Recipe = (out: string) => Promise<unknown>;

const ff = (args: string[]) => runOk(tool("ffmpeg"), ["-v", "error", "-y", ...args]);

const RECIPES: Record<FixtureName, Recipe> = {
  untagged: (out) => ff([...VIDEO, ...AUDIO, ...H264, ...AAC, out]),
  "vui-only": (out) => ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...VUI_709, ...AAC, out]),
  "colr-only": async (out) => ff(["-i", await fixture("untagged"), "-c", "copy", ...TAGS_709, "-movflags", "+write_colr", out]),
  both: (out) => ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...TAGS_709, ...AAC, "-movflags", "+write_colr", out]),
  faststart: (out) => ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...TAGS_709, ...AAC, "-movflags", "+write_colr+faststart", out]),
  "size0-last": async (out) => {
    const buf = await fsp.readFile(await fixture("faststart"));
    const last = topLevel(buf).at(-1);
    if (!last || last.type !== "mdat" || last.headerSize !== 8) throw new Error("faststart fixture does not end with a plain mdat");
    buf.writeUInt32BE(0, last.start);
    await fsp.writeFile(out, buf);
  },
  "vui-601-full": (out) =>
    ff([...VIDEO, ...AUDIO, ...H264, "-x264-params", "colorprim=smpte170m:transfer=smpte170m:colormatrix=smpte170m:fullrange=on", ...AAC, out]),
  "hevc-pq": (out) =>
    ff([
      ...VIDEO,
      "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
      "-x265-params", "log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:range=limited",
      out,
    ]),
  mov: (out) => ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...TAGS_709, ...AAC, "-movflags", "+write_colr", out]),
  "mov-untagged": (out) => ff([...VIDEO, ...AUDIO, ...H264, ...AAC, out]),
  co64: async (out) => fsp.writeFile(out, convertToCo64(await fsp.readFile(await fixture("untagged")))),
  "foreign-xmp": async (out) => {
    await fsp.copyFile(await fixture("both"), out);
    await runOk(tool("perl"), [
      exiftoolScript(), "-q", "-overwrite_original",
      "-XMP-dc:Creator=Jane Editor", "-XMP-xmp:Rating=3", "-XMP-dc:Title=Old title", "-XMP-xmpDM:LogComment=old note", out,
    ]);
  },
  "foreign-xmp-mov": async (out) => {
    await fsp.copyFile(await fixture("mov"), out);
    await runOk(tool("exempi"), ["-w", "-s", "xmp:Label", "-v", "Blue", out]);
    await runOk(tool("exempi"), ["-w", "-s", "dc:title", "-v", "Old title", out]);
  },
  fragmented: (out) => ff([...VIDEO, ...AUDIO, ...H264, ...AAC, "-movflags", "frag_keyframe+empty_moov", out]),
  "fragmented-colr-mfra": (out) =>
    ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...TAGS_709, ...AAC, "-movflags", "frag_keyframe+empty_moov+write_colr", out]),
  "fragmented-writable": (out) =>
    ff([...VIDEO, ...AUDIO, ...TO_709, ...H264, ...TAGS_709, ...AAC, "-movflags", "frag_keyframe+empty_moov+write_colr+skip_trailer", out]),
  tiny: (out) =>
    ff([
      "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=24:duration=0.5",
      "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=8000:duration=0.5",
      ...H264, "-c:a", "aac", "-b:a", "8k", "-shortest", "-movflags", "+faststart", out,
    ]),
  "tiny-moov-last": async (out) => ff(["-i", await fixture("tiny"), "-c", "copy", out]),
  "tiny-mov": async (out) => ff(["-i", await fixture("tiny"), "-c", "copy", ...TAGS_709, "-movflags", "+write_colr", out]),
};

const EXTENSIONS: Partial<Record<FixtureName, string>> = { mov: ".mov", "mov-untagged": ".mov", "foreign-xmp-mov": ".mov", "tiny-mov": ".mov" };

let cacheDir: string | undefined;

function fixtureDir(): string {
  if (!cacheDir) {
    // Keyed by the recipes and the ffmpeg binary, so a change to either makes fresh fixtures.
    const key = createHash("sha256").update(Object.values(RECIPES).map(String).join("\n") + tool("ffmpeg")).digest("hex").slice(0, 12);
    cacheDir = path.join(os.tmpdir(), `shotbin-media-fixtures-${key}`);
  }
  return cacheDir;
}

const pending = new Map<FixtureName, Promise<string>>();

/** The path of a pristine fixture (shared; do not write to it). */
export function fixture(name: FixtureName): Promise<string> {
  let promise = pending.get(name);
  if (!promise) {
    promise = (async () => {
      const dir = fixtureDir();
      await fsp.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${name}${EXTENSIONS[name] ?? ".mp4"}`);
      try {
        await fsp.access(file);
        return file;
      } catch {
        // not made yet
      }
      // Jest runs test files in parallel workers: build under a unique name, then rename.
      const temp = path.join(dir, `.${process.pid}-${Date.now()}-${name}${EXTENSIONS[name] ?? ".mp4"}`);
      await RECIPES[name](temp);
      await fsp.rename(temp, file);
      return file;
    })();
    pending.set(name, promise);
  }
  return promise;
}

/** A private copy of a fixture in `dir`, to embed into. */
export async function workingCopy(name: FixtureName, dir: string, as?: string): Promise<string> {
  const source = await fixture(name);
  const target = path.join(dir, as ?? path.basename(source));
  await fsp.copyFile(source, target);
  return target;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), `shotbin-${prefix}-`));
}
