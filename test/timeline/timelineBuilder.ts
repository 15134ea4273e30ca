/** Hand-built timeline snapshots for the planner tests: clips at whole frames of a rate, exact ticks. */
import type { SequenceMarkerInfo, TimelineState, TimelineTrackItem } from "../../src/host/timelineHost";

const TPS = 254016000000n;

export const RATES = {
  "23.976": { fps: 24000 / 1001, perFrame: (TPS * 1001n) / 24000n },
  "25": { fps: 25, perFrame: TPS / 25n },
} as const;
export type RateLabel = keyof typeof RATES;

export interface ItemSpec {
  name: string;
  track: number;
  start: number;
  end: number;
  /** Source in, in frames. */
  in?: number;
  disabled?: boolean;
  selected?: boolean;
  audio?: boolean;
}

export function timeline(rate: RateLabel, spec: { items: readonly ItemSpec[]; tracks?: number; playhead?: number; inOut?: readonly [number, number]; markers?: readonly Partial<SequenceMarkerInfo>[]; size?: readonly [number, number] }): TimelineState {
  const { fps, perFrame } = RATES[rate];
  const t = (frame: number) => (BigInt(frame) * perFrame).toString();
  const item = (s: ItemSpec): TimelineTrackItem => ({
    track: s.track,
    mediaType: s.audio ? "audio" : "video",
    name: s.name,
    clip: { id: `clip-${s.name}`, name: s.name, mediaPath: `/media/${s.name}` },
    startTicks: t(s.start),
    endTicks: t(s.end),
    inTicks: t(s.in ?? 0),
    outTicks: t((s.in ?? 0) + s.end - s.start),
    startFrame: s.start,
    endFrame: s.end,
    inFrame: s.in ?? 0,
    disabled: s.disabled === true,
    offGrid: false,
  });
  const trackCount = Math.max(spec.tracks ?? 3, ...spec.items.map((i) => i.track + 1));
  const video = spec.items.filter((i) => !i.audio);
  const end = Math.max(0, ...spec.items.map((i) => i.end));
  return {
    sequenceId: "seq-1",
    sequenceName: "Edit",
    frameRate: { fps, ticksPerFrame: Number(perFrame) },
    frameSize: { width: spec.size?.[0] ?? 1920, height: spec.size?.[1] ?? 1080 },
    playhead: { ticks: t(spec.playhead ?? 0), frame: spec.playhead ?? 0 },
    inOut: spec.inOut ? { in: { ticks: t(spec.inOut[0]), frame: spec.inOut[0] }, out: { ticks: t(spec.inOut[1]), frame: spec.inOut[1] } } : null,
    marks: { inTicks: "0", outTicks: t(end) },
    endFrame: end,
    tracks: Array.from({ length: trackCount }, (_, index) => ({ index, items: video.filter((i) => i.track === index).sort((a, b) => a.start - b.start).map(item) })),
    selection: spec.items.filter((i) => i.selected).map(item),
    markers: (spec.markers ?? []).map((m, i) => ({
      id: m.id ?? `marker-${i}`,
      name: m.name ?? `Marker ${i + 1}`,
      comments: m.comments ?? "",
      type: m.type ?? "Comment",
      startFrame: m.startFrame ?? 0,
      startTicks: t(m.startFrame ?? 0),
      durationFrames: m.durationFrames ?? 0,
      durationTicks: t(m.durationFrames ?? 0),
    })),
  };
}

export const ticksOf = (rate: RateLabel, frame: number) => (BigInt(frame) * RATES[rate].perFrame).toString();
