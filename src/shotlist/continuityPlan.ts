/**
 * Continuity in a shot list: a shot marked `previous` (the Continuity column, or `previous` in the
 * First frame column) starts on the last frame of the previous shot's chosen take. The plan checks
 * it (there is a previous shot, no image is given as well, the model takes a first frame) and
 * records it on each take as a deferred first frame (src/core/deferredInputs.ts), which the
 * scheduler resolves once the previous shot is ready and blocks when it failed.
 */
import type { JobRecord } from "../core/jobRecord";
import type { ImageInput } from "../core/request";
import type { ShotList, ShotSpec } from "./shotListTypes";

/** The resolver name faces register for continuity frames. */
export const CONTINUITY_RESOLVER = "continuity";

/** Stands in for the frame while the plan is validated and priced; never stored or sent. */
export const CONTINUITY_PLACEHOLDER: ImageInput = { kind: "bytes", bytes: new Uint8Array(0), mediaType: "image/png", name: "previous shot's last frame" };

export type ContinuitySource = { ok: true; shotId: string } | { ok: false; message: string; fix: string };

/** The shot a continuing shot starts from: the one before it in the list. */
export function continuitySource(list: ShotList, shot: ShotSpec): ContinuitySource | undefined {
  if (!shot.continuesFrom) return undefined;
  if (shot.firstFrame) {
    return { ok: false, message: `shot ${shot.id} has both a first frame image (${shot.firstFrame}) and continuity with the previous shot`, fix: "keep one: the image, or previous" };
  }
  const index = list.shots.indexOf(shot);
  const previous = index > 0 ? list.shots[index - 1] : undefined;
  if (!previous) return { ok: false, message: `shot ${shot.id} is the first in the list, so there is no previous shot to continue from`, fix: "leave its continuity empty" };
  return { ok: true, shotId: previous.id };
}

/** The column a continuity problem belongs to: where `previous` was written. */
export function continuityField(shot: ShotSpec): "continuity" | "firstFrame" {
  return shot.cells.continuity ? "continuity" : "firstFrame";
}

/** Turns a planned take's placeholder first frame into a first frame resolved just before submit. */
export function deferFirstFrame(job: JobRecord, fromShotId: string): void {
  delete job.request.firstFrame;
  job.deferred = [{ field: "firstFrame", resolver: CONTINUITY_RESOLVER, from: { shotId: fromShotId } }];
  job.frameOrigin = { action: "continuity" };
}
