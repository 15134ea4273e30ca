/**
 * `Exporter.exportSequenceFrame`, strict about its parameters, drawing what the sequence shows at
 * the tick: the topmost enabled video item there, at source time tick − start + in. Where the file
 * lands follows `behaviour.frameExportNaming` (the on-disk name is UNCONFIRMED: Adobe's sample
 * reports a doubled extension).
 */
import type { Sequence, TickTime } from "@adobe/premierepro";
import type { FakeFrameExport, FakeFrameRenderer, FakeFrameRequest, FrameFormat } from "./fakeFrameRenderer";
import { FRAME_FORMATS } from "./fakeFrameRenderer";
import type { FakeSequenceRecord } from "./fakeState";
import { ticksOf } from "./fakeTime";
import { FakeSequenceView } from "./fakeTimeline";
import type { FakeWorld } from "./fakeWorld";

function joinPath(dir: string, name: string): string {
  if (/[\\/]$/.test(dir)) return `${dir}${name}`;
  const separator = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return `${dir}${separator}${name}`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The topmost enabled item covering `ticks`, and where in its media that is. */
export function itemShownAt(world: FakeWorld, record: FakeSequenceRecord, ticks: bigint): FakeFrameExport["shown"] {
  for (let index = record.tracks.length - 1; index >= 0; index--) {
    const item = (record.tracks[index] ?? []).find((candidate) => candidate.startTicks <= ticks && ticks < candidate.endTicks && candidate.disabled !== true);
    if (!item) continue;
    const clip = world.project?.items[item.clipId]?.clip;
    if (!clip || !clip.mediaPath) continue;
    return { trackIndex: index, trackItemId: item.id, clipId: item.clipId, mediaPath: clip.mediaPath, sourceTicks: (ticks - item.startTicks + item.inTicks).toString() };
  }
  return null;
}

export function exporterStatic(world: FakeWorld, renderer: FakeFrameRenderer | undefined) {
  return {
    async exportSequenceFrame(sequence: Sequence, time: TickTime, filename: string, filepath: string, width: number, height: number): Promise<boolean> {
      const call = "Exporter.exportSequenceFrame";
      const illegal = (what: string) => world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${what})`);
      if (!(sequence instanceof FakeSequenceView) || sequence.world !== world) throw illegal("sequence");
      const ticks = ticksOf(time, call);
      if (typeof filename !== "string" || filename === "") throw illegal("filename");
      if (typeof filepath !== "string" || filepath === "") throw illegal("filepath");
      for (const [name, value] of [["width", width], ["height", height]] as const) {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 16384) throw illegal(`${name} ${String(value)}`);
      }
      const record = sequence.record(call);
      const name = baseName(filename);
      const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
      const format = (extension === "jpeg" ? "jpg" : extension === "tiff" ? "tif" : extension) as FrameFormat | undefined;
      const entry: FakeFrameExport = { sequenceId: sequence.sequenceId, ticks: ticks.toString(), filename, filepath, writtenTo: null, width, height, shown: null };
      world.frameExports.push(entry);
      if (!format || !FRAME_FORMATS.includes(format)) {
        entry.failure = `no exporter for "${name}" (bmp, dpx, gif, jpg, exr, png, tga, tif)`;
        return false;
      }
      if (ticks < 0n) {
        entry.failure = "time before the start of the sequence";
        return false;
      }
      if (!renderer) {
        entry.failure = "the fake Premiere was created without a frame renderer";
        return false;
      }
      entry.shown = itemShownAt(world, record, ticks);
      const target = joinPath(filepath, world.behaviour.frameExportNaming === "double-extension" ? `${name}.${extension ?? format}` : name);
      const request: FakeFrameRequest = {
        source: entry.shown ? { mediaPath: entry.shown.mediaPath, sourceTicks: entry.shown.sourceTicks } : null,
        width,
        height,
        sequenceWidth: record.width,
        sequenceHeight: record.height,
        outputPath: target,
        format,
      };
      try {
        await renderer.render(request);
      } catch (error) {
        entry.failure = error instanceof Error ? error.message : String(error);
        return false;
      }
      entry.writtenTo = target;
      return true;
    },
  };
}
