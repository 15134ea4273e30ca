/**
 * `shotbin run`'s continuity frames: a shot marked `previous` starts on the last frame of the
 * previous shot's chosen take, which ffmpeg extracts from that take's clip (exact to the frame,
 * src/media/nodeFrameExtraction.ts) into `<out>/frames/` just before the shot is submitted.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { chosenTake, shotTakes, type InputResolver } from "../../core/deferredInputs";
import { extractLastFrame } from "../../media/nodeFrameExtraction";

/** A file-name-safe form of a shot id. */
export function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "shot";
}

export function continuityFrameResolver(outDir: string): InputResolver {
  return {
    async resolve(job, input, { ledger }) {
      if (!("shotId" in input.from)) throw new Error("continuity names a shot to continue from");
      // --pick best marks the take it chose (run/pickBest.ts); otherwise the first take that did not fail.
      const source = shotTakes(ledger.jobs(), job.runId, input.from.shotId).find((take) => take.extra?.pick === "chosen") ?? chosenTake(ledger.jobs(), job.runId, input.from.shotId);
      if (!source?.file) throw new Error(`shot ${input.from.shotId} has no clip to take the last frame from`);
      const folder = path.join(outDir, "frames");
      await fsp.mkdir(folder, { recursive: true });
      const output = path.join(folder, `${fileSafe(job.shot.shotId)}_take${job.shot.take}_first-frame.png`);
      const frame = await extractLastFrame(source.file, output);
      return {
        image: { path: output, mediaType: "image/png", name: path.basename(output) },
        origin: { source: path.basename(source.file), seconds: frame.seconds, jobId: source.id },
      };
    },
  };
}
