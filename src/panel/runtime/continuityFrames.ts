/**
 * Continuity in the panel: a shot-list shot marked `previous` starts on the last frame of the
 * previous shot's chosen take. UXP cannot run ffmpeg, so the frame comes from Premiere: once that
 * take is placed in its slot, `exportSequenceFrame` writes the sequence's frame at the slot's last
 * frame (end − 1) into the media folder. The sequence shows the topmost enabled clip, so the frame
 * is exported only when that clip is the take itself.
 */
import { chosenTake, defaultReadiness, shotReadiness, type InputResolver } from "../../core/deferredInputs";
import type { FileSystem } from "../../core/seams/fileSystem";
import { ticksToSeconds } from "../../core/ticks";
import type { PremiereHost } from "../../host/premiereHost";
import { shownAt } from "../../timeline/frameSources";

interface PlacedSlot {
  sequenceId?: unknown;
  startFrame?: unknown;
  placedFrames?: unknown;
  ticksPerFrame?: unknown;
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "shot";
}

export function panelContinuityResolver(deps: { host: () => PremiereHost; files: FileSystem; mediaFolder: () => string }): InputResolver {
  return {
    // The frame is exported from the timeline, so the shot before must be placed, not only downloaded.
    readiness: (job, input, ledger) => ("shotId" in input.from ? shotReadiness(job, input.from.shotId, ledger, "placed") : defaultReadiness(job, input, ledger)),
    async resolve(job, input, { ledger }) {
      if (!("shotId" in input.from)) throw new Error("continuity names a shot to continue from");
      const shotId = input.from.shotId;
      const source = chosenTake(ledger.jobs(), job.runId, shotId);
      const slot = source?.extra?.timeline as PlacedSlot | undefined;
      if (!source?.clipId || !slot || typeof slot.sequenceId !== "string" || typeof slot.startFrame !== "number" || typeof slot.placedFrames !== "number" || slot.placedFrames < 1 || typeof slot.ticksPerFrame !== "number" || slot.ticksPerFrame <= 0) {
        throw new Error(`shot ${shotId} is not on the timeline, so its last frame cannot be exported`);
      }
      const frame = slot.startFrame + slot.placedFrames - 1;
      const ticks = BigInt(frame) * BigInt(slot.ticksPerFrame);
      const host = deps.host();
      const timeline = await host.readTimeline({ sequenceId: slot.sequenceId });
      const shown = shownAt(timeline, frame);
      if (!shown || shown.clip?.id !== source.clipId) {
        throw new Error(`the sequence shows ${shown ? `"${shown.name}" on V${shown.track + 1}` : "nothing"} at shot ${shotId}'s last frame (frame ${frame}), not its clip; switch that off or move it, then choose Resume in Jobs`);
      }
      const name = `shotbin-frame_continuity_${safe(job.shot.shotId)}_take${job.shot.take}.png`;
      const exported = await host.exportSequenceFrame({ at: { ticks: ticks.toString() }, outputPath: deps.files.join(deps.mediaFolder(), name), sequenceId: slot.sequenceId });
      const sourceTicks = ticks - BigInt(shown.startTicks) + BigInt(shown.inTicks);
      return {
        image: { path: exported.path, mediaType: "image/png", name },
        origin: { source: source.file?.split(/[\\/]/).pop() ?? shown.name, seconds: ticksToSeconds(sourceTicks), sequenceTicks: ticks.toString(), jobId: source.id },
      };
    },
  };
}
