/**
 * Sequence markers as a shot list: each marker whose comment holds a prompt becomes a shot at the
 * marker's position, as long as its duration (or up to the next marker), named after the marker.
 * The result is the same `ShotList` a CSV, JSON or Fountain file gives, so the same plan table,
 * budget and run take it; `rows` keep each shot's place on the timeline, exact to the frame.
 */
import type { ModelSpec } from "../core/modelSpec";
import { timecodeOf, wholeFramesIn } from "../core/ticks";
import type { SequenceMarkerInfo, TimelineState } from "../host/timelineHost";
import { itemsInSpan } from "../host/timelineGaps";
import type { ShotList, ShotSpec } from "../shotlist/shotListTypes";
import { rateOf } from "./frameSources";
import { chooseRequest } from "./requestChoice";
import type { ActionSettings } from "./planTypes";

export interface MarkerShotRow {
  marker: SequenceMarkerInfo;
  shotId: string;
  /** Where the shot goes, in sequence frames. */
  startFrame: number;
  slotFrames: number;
  /** Where the length came from. */
  slotFrom: "marker-duration" | "next-marker" | "default-duration";
  /** The duration asked of the model (its shortest that covers the slot) and the frames it yields. */
  requestSeconds: number;
  yieldsFrames: number;
  /** Frames trimmed by the clip's out point to fit the slot. */
  surplusFrames: number;
}

export interface MarkerShotList {
  list: ShotList;
  rows: MarkerShotRow[];
  /** Markers that are not shots, and why. */
  skipped: { marker: SequenceMarkerInfo; reason: string }[];
}

export interface MarkerShotOptions {
  timeline: TimelineState;
  /** The model the shots are planned for: it decides the durations asked. */
  model: ModelSpec;
  settings?: ActionSettings;
  /** Skip a marker whose span already has a clip on every frame of some track (a shot already placed). Default true. */
  skipFilled?: boolean;
  /** Markers to leave out (Shotbin's own pending-shot markers, for instance). */
  ignore?(marker: SequenceMarkerInfo): boolean;
}

function shotIdFor(name: string, index: number, taken: Set<string>): string {
  const base = name.trim().replace(/\s+/g, " ").slice(0, 60) || `M${index + 1}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base} (${n})`;
  taken.add(id);
  return id;
}

function filled(timeline: TimelineState, startFrame: number, endFrame: number): boolean {
  return timeline.tracks.some((track) => {
    let cursor = startFrame;
    for (const item of itemsInSpan(timeline, track.index, startFrame, endFrame).sort((a, b) => a.startFrame - b.startFrame)) {
      if (item.startFrame > cursor) return false;
      cursor = Math.max(cursor, item.endFrame);
    }
    return cursor >= endFrame;
  });
}

export function planMarkerShotList(options: MarkerShotOptions): MarkerShotList {
  const { timeline, model } = options;
  const settings = options.settings ?? {};
  const rate = rateOf(timeline);
  const markers = [...timeline.markers].sort((a, b) => a.startFrame - b.startFrame);
  const rows: MarkerShotRow[] = [];
  const skipped: MarkerShotList["skipped"] = [];
  const shots: ShotSpec[] = [];
  const taken = new Set<string>();
  const defaultFrames = wholeFramesIn(settings.durationSeconds ?? model.capabilities.defaultDuration, rate);

  markers.forEach((marker, index) => {
    const where = `"${marker.name || "(unnamed)"}" at ${timecodeOf(marker.startFrame, rate)}`;
    if (options.ignore?.(marker)) return skipped.push({ marker, reason: `marker ${where} is left out` });
    const prompt = marker.comments.trim();
    if (!prompt) return skipped.push({ marker, reason: `marker ${where} has no prompt in its comment` });
    const next = markers.slice(index + 1).find((m) => m.startFrame > marker.startFrame);
    const slot =
      marker.durationFrames > 0
        ? { frames: marker.durationFrames, from: "marker-duration" as const }
        : next
          ? { frames: next.startFrame - marker.startFrame, from: "next-marker" as const }
          : { frames: defaultFrames, from: "default-duration" as const };
    if ((options.skipFilled ?? true) && filled(timeline, marker.startFrame, marker.startFrame + slot.frames)) {
      return skipped.push({ marker, reason: `marker ${where} already has a clip under its whole span` });
    }
    const chosen = chooseRequest({ model, rate, neededFrames: slot.frames, firstFrame: false, lastFrame: false, settings: { ...settings, prompt }, frameSize: timeline.frameSize });
    if (!chosen.ok) return skipped.push({ marker, reason: `marker ${where}: ${chosen.reason}` });
    const seconds = chosen.choice.request.durationSeconds;
    const shotId = shotIdFor(marker.name, index, taken);
    rows.push({
      marker,
      shotId,
      startFrame: marker.startFrame,
      slotFrames: slot.frames,
      slotFrom: slot.from,
      requestSeconds: seconds,
      yieldsFrames: chosen.choice.yieldsFrames,
      surplusFrames: chosen.choice.yieldsFrames - slot.frames,
    });
    shots.push({
      id: shotId,
      order: shots.length,
      source: { path: `marker ${where}` },
      description: prompt,
      durationSeconds: seconds,
      cells: {
        shot: { column: "marker name", text: marker.name },
        description: { column: "marker comment", text: prompt },
        duration: { column: slot.from === "marker-duration" ? "marker duration" : slot.from === "next-marker" ? "up to the next marker" : "default duration", text: `${slot.frames} frames` },
      },
    });
    return undefined;
  });

  const list: ShotList = {
    name: `${timeline.sequenceName} markers`,
    format: "markers",
    defaults: { model: model.id, provider: model.provider },
    shots,
    problems: skipped.filter((s) => s.marker.comments.trim() && !options.ignore?.(s.marker)).map((s) => ({ severity: "warning" as const, path: `marker "${s.marker.name}"`, message: s.reason })),
    ignored: [],
  };
  return { list, rows, skipped };
}
