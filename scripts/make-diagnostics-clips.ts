/**
 * Makes the two clips the self-check imports (assets/diagnostics/self-check.mp4 and .mov): three
 * seconds of test pattern and tone from the ffmpeg npm binary, then Shotbin's metadata embedded by
 * the media pipeline, exactly as a downloaded shot gets it. The clips are committed; run
 * `npx tsx scripts/make-diagnostics-clips.ts` only to change them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { embedMetadata } from "../src/media/embedMetadata";
import { NodeRandomAccessFile } from "../src/media/nodeRandomAccessFile";
import { SELF_CHECK_CLIP_FILES, SELF_CHECK_CLIP_SECONDS, SELF_CHECK_METADATA } from "../src/diagnostics/testClips";

const ffmpeg: string = require("@ffmpeg-installer/ffmpeg").path;
const folder = join(__dirname, "..", "assets", "diagnostics");

function encode(target: string, container: "mp4" | "mov"): void {
  rmSync(target, { force: true });
  execFileSync(ffmpeg, [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=320x180:rate=24:duration=${SELF_CHECK_CLIP_SECONDS}`,
    "-f", "lavfi", "-i", `sine=frequency=660:sample_rate=48000:duration=${SELF_CHECK_CLIP_SECONDS}`,
    "-c:v", "libx264", "-preset", "veryslow", "-crf", "34", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-b:a", "16k", "-ac", "1",
    "-f", container,
    ...(container === "mp4" ? ["-movflags", "+faststart"] : []),
    target,
  ]);
}

async function main(): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const [format, name] of Object.entries(SELF_CHECK_CLIP_FILES) as ["mp4" | "mov", string][]) {
    const target = join(folder, name);
    encode(target, format);
    const file = await NodeRandomAccessFile.open(target, "readWrite");
    try {
      const summary = await embedMetadata(file, SELF_CHECK_METADATA);
      console.log(`${name}: ${summary.fileSizeAfter} bytes, XMP in ${summary.xmp.location}`);
    } finally {
      await file.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
