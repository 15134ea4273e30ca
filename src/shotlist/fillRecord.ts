import type { JobRecord } from "../core/jobRecord";
import type { JsonObject } from "../core/json";
import type { MarkerRef } from "../host/premiereHost";
import type { FillSlot } from "./fillSlots";

/**
 * How a shot-list fill keeps its slots in each job's ledger extras (`extra.timeline`), so that a
 * restarted panel picks the run up with every slot, marker and placed clip where it was.
 */

/** One shot's reserved place on the timeline (`slot.startFrame` moves up while the shot is not yet placed). */
export interface ShotSlot extends FillSlot {
  order: number;
  sequenceId: string;
  marker?: MarkerRef;
  /** The take placed (or to be placed) in the slot. */
  take: number;
}

/** Timing shared by every slot of a fill. */
export interface FillTiming {
  /** Where the first shot starts unless the list fixes its start. */
  firstStartFrame: number;
  /** Empty frames asked for between shots. */
  gapFrames: number;
  /** The sequence's; 0 when a run recorded before it was kept is resumed. */
  ticksPerFrame: number;
}

interface StoredSlot {
  sequenceId: string;
  track: number;
  startFrame: number;
  durationFrames: number;
  index: number;
  take: number;
  marker?: MarkerRef;
  /** The rest came with laying slots by real frame counts; runs recorded before lack them. */
  expectedFrames?: number;
  placedFrames?: number;
  fixedStartFrame?: number;
  gapFrames?: number;
  firstStartFrame?: number;
  ticksPerFrame?: number;
}

function storedSlot(job: JobRecord): StoredSlot | undefined {
  const value = job.extra?.timeline as unknown as StoredSlot | undefined;
  return value && typeof value.startFrame === "number" ? value : undefined;
}

export function slotRecord(shot: ShotSlot, timing: FillTiming): JsonObject {
  const stored: StoredSlot = {
    sequenceId: shot.sequenceId,
    track: shot.slot.track,
    startFrame: shot.slot.startFrame,
    durationFrames: shot.slot.durationFrames,
    index: shot.slot.index,
    take: shot.take,
    ...(shot.marker ? { marker: shot.marker } : {}),
    expectedFrames: shot.expectedFrames,
    ...(shot.placedFrames !== undefined ? { placedFrames: shot.placedFrames } : {}),
    ...(shot.fixedStartFrame !== undefined ? { fixedStartFrame: shot.fixedStartFrame } : {}),
    gapFrames: timing.gapFrames,
    firstStartFrame: timing.firstStartFrame,
    ticksPerFrame: timing.ticksPerFrame,
  };
  return stored as unknown as JsonObject;
}

/** The slots and timing of one run, from its jobs; undefined when none of them holds a slot. */
export function restoreFill(jobs: readonly JobRecord[]): { slots: ShotSlot[]; timing: FillTiming } | undefined {
  const slots = new Map<number, ShotSlot>();
  let first: StoredSlot | undefined;
  for (const job of jobs) {
    const found = storedSlot(job);
    if (!found || slots.has(job.shot.order)) continue;
    first ??= found;
    slots.set(job.shot.order, {
      shotId: job.shot.shotId,
      order: job.shot.order,
      sequenceId: found.sequenceId,
      take: found.take,
      slot: { index: found.index, track: found.track, startFrame: found.startFrame, durationFrames: found.durationFrames },
      expectedFrames: found.expectedFrames ?? found.durationFrames,
      ...(found.placedFrames !== undefined ? { placedFrames: found.placedFrames } : {}),
      ...(found.fixedStartFrame !== undefined ? { fixedStartFrame: found.fixedStartFrame } : {}),
      ...(found.marker ? { marker: found.marker } : {}),
    });
  }
  if (!first) return undefined;
  const ordered = [...slots.values()].sort((a, b) => a.order - b.order);
  if (first.expectedFrames === undefined) {
    // A run recorded before slots kept their clip's frames: a slot whose take is placed is full.
    for (const shot of ordered) {
      if (jobs.some((job) => job.shot.order === shot.order && job.shot.take === shot.take && job.state === "placed")) shot.placedFrames = shot.slot.durationFrames;
    }
  }
  const spaces = ordered.slice(1).map((shot, i) => shot.slot.startFrame - ordered[i]!.slot.startFrame - ordered[i]!.slot.durationFrames);
  return {
    slots: ordered,
    timing: {
      firstStartFrame: first.firstStartFrame ?? ordered[0]!.slot.startFrame,
      // Older runs did not keep the gap asked for: the smallest space between two slots is it.
      gapFrames: first.gapFrames ?? (spaces.length > 0 ? Math.max(0, Math.min(...spaces)) : 0),
      ticksPerFrame: first.ticksPerFrame ?? 0,
    },
  };
}
