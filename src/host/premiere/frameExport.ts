/**
 * A frame of a sequence written to an image file with `Exporter.exportSequenceFrame(sequence,
 * time, filename, filepath, width, height)`. The types say `filename` is the file and `filepath`
 * its folder; Adobe's own sample reports the extension doubled on disk ("output.png.png"). So the
 * adapter passes the file's name and folder, then looks for the file under both names (polling
 * briefly, in case the write lands after the promise) and, when it can rename files, moves a
 * doubled name to the path asked.
 */
import type { premierepro, Sequence } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { frameAt, frameStart, parseTicks } from "../../core/ticks";
import type { ExportedFrame, FrameExportRequest } from "../timelineHost";
import { toFrames } from "../timelineFrames";
import type { DiscoveryTiming } from "./importedItemDiscovery";
import { premiereCall, premiereCallSync } from "./premiereCall";
import { sequenceRate } from "./timelineReading";

export const FRAME_EXTENSIONS = ["bmp", "dpx", "gif", "jpg", "exr", "png", "tga", "tif"];

export interface FrameFiles {
  fileExists(path: string): Promise<boolean>;
  /** Moves a file; when absent, a frame found under another name is reported where it is. */
  renameFile?(from: string, to: string): Promise<void>;
}

/** The folder (with its trailing separator, as in Adobe's example) and the file name of a path. */
export function splitPath(path: string): { folder: string; name: string } {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut < 0) throw new HostError("invalid-request", `"${path}" is not a full path; give the folder the frame goes into.`);
  return { folder: path.slice(0, cut + 1), name: path.slice(cut + 1) };
}

export async function exportFrame(
  ppro: premierepro,
  sequence: Sequence,
  request: FrameExportRequest,
  files: FrameFiles,
  timing: DiscoveryTiming,
): Promise<ExportedFrame> {
  const rate = await sequenceRate(sequence);
  const ticks = "ticks" in request.at ? parseTicks(request.at.ticks) : frameStart(toFrames(request.at, { fps: rate.fps, ticksPerFrame: Number(rate.ticksPerFrame) }), rate);
  if (ticks < 0n) throw new HostError("invalid-request", "A frame cannot be exported from before the start of the sequence.");
  const { folder, name } = splitPath(request.outputPath);
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!extension || !FRAME_EXTENSIONS.includes(extension)) {
    throw new HostError("invalid-request", `"${name}" needs one of the extensions Premiere exports frames as: ${FRAME_EXTENSIONS.join(", ")}.`);
  }
  if ((request.width === undefined) !== (request.height === undefined)) {
    throw new HostError("invalid-request", "Give both the width and the height of the frame, or neither.");
  }
  let width = request.width;
  let height = request.height;
  if (width === undefined || height === undefined) {
    const size = await premiereCall("Sequence.getFrameSize", { kind: "unexpected", message: "Premiere could not read the frame size" }, () => sequence.getFrameSize());
    width = Math.round(size.width);
    height = Math.round(size.height);
  }
  for (const [what, value] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new HostError("invalid-request", `The frame's ${what} must be a whole number of pixels, not ${value}.`);
  }

  const time = premiereCallSync("TickTime.createWithTicks", { kind: "unexpected", message: "Premiere could not compute a time" }, () =>
    ppro.TickTime.createWithTicks(ticks.toString()),
  );
  const frame = frameAt(ticks, rate, "floor");
  const what = `frame ${frame} of "${sequence.name}"`;
  const written = await premiereCall("Exporter.exportSequenceFrame", { kind: "frame-export", message: `Premiere could not export ${what}` }, () =>
    ppro.Exporter.exportSequenceFrame(sequence, time, name, folder, width, height),
  );
  if (written !== true) {
    throw new HostError("frame-export", `Premiere did not export ${what} (it answered ${String(written)}).`, "Exporter.exportSequenceFrame");
  }

  const doubled = `${request.outputPath}.${extension}`;
  const deadline = timing.clock.now() + timing.timeoutMs;
  for (;;) {
    if (await files.fileExists(request.outputPath)) {
      return { path: request.outputPath, foundAs: "as-asked", movedToAskedPath: false, sequenceId: sequence.guid.toString(), ticks: ticks.toString(), frame, width, height };
    }
    if (await files.fileExists(doubled)) {
      let path = doubled;
      if (files.renameFile) {
        await files.renameFile(doubled, request.outputPath);
        path = request.outputPath;
      }
      return { path, foundAs: "double-extension", movedToAskedPath: path === request.outputPath, sequenceId: sequence.guid.toString(), ticks: ticks.toString(), frame, width, height };
    }
    if (timing.clock.now() >= deadline) break;
    await timing.clock.sleep(timing.pollMs);
  }
  throw new HostError(
    "frame-export",
    `Premiere said it exported ${what}, but neither ${request.outputPath} nor ${doubled} appeared within ${timing.timeoutMs / 1000} s.`,
    "Exporter.exportSequenceFrame",
  );
}
