import { clipProvenance } from "./clipProvenance";
import { fps, rateLabel } from "./frameRate";
import { baseName, fileUrl, type TimelineLayout } from "./timelineLayout";

/**
 * OpenTimelineIO JSON: `Timeline.1` → `Stack.1` → one `Track.1` of kind Video holding `Clip.1`
 * and `Gap.1` items, times as `RationalTime.1` at the sequence rate, media as
 * `ExternalReference.1` file URLs (reference/mp4-metadata.md §7; OTIO's sample clip_example.otio).
 * Shotbin's provenance sits in each clip's free-form metadata under "shotbin", and the timeline's
 * frame size and timecode style under the timeline's (OTIO itself has no field for either). A
 * clip's `available_range` is the whole frames its file holds, when the file could be read.
 */

function rationalTime(value: number, rate: number) {
  return { OTIO_SCHEMA: "RationalTime.1", rate, value };
}

function timeRange(start: number, duration: number, rate: number) {
  return { OTIO_SCHEMA: "TimeRange.1", duration: rationalTime(duration, rate), start_time: rationalTime(start, rate) };
}

export function otioDocument(layout: TimelineLayout): unknown {
  const rate = fps(layout.rate);
  const children = layout.items.map((item) => {
    if (item.kind === "gap") {
      return { OTIO_SCHEMA: "Gap.1", name: `${item.shotId} (missing)`, source_range: timeRange(0, item.durationFrames, rate), effects: [], markers: [], metadata: { shotbin: { shotId: item.shotId, reason: item.reason } } };
    }
    return {
      OTIO_SCHEMA: "Clip.1",
      name: baseName(item.file),
      source_range: timeRange(0, item.durationFrames, rate),
      media_reference: {
        OTIO_SCHEMA: "ExternalReference.1",
        name: baseName(item.file),
        target_url: fileUrl(item.file),
        available_range: item.sourceFrames !== undefined ? timeRange(0, item.sourceFrames, rate) : null,
        metadata: {},
      },
      effects: [],
      markers: [],
      metadata: { shotbin: clipProvenance(item.job) },
    };
  });
  return {
    OTIO_SCHEMA: "Timeline.1",
    name: layout.name,
    global_start_time: rationalTime(0, rate),
    metadata: {
      shotbin: {
        frameRate: `${layout.rate.num}/${layout.rate.den}`,
        frameRateLabel: rateLabel(layout.rate),
        width: layout.frameSize.width,
        height: layout.frameSize.height,
        timecode: layout.dropFrame ? "drop-frame" : "non-drop-frame",
      },
    },
    tracks: {
      OTIO_SCHEMA: "Stack.1",
      name: "tracks",
      source_range: null,
      effects: [],
      markers: [],
      metadata: {},
      children: [{ OTIO_SCHEMA: "Track.1", name: "V1", kind: "Video", source_range: null, effects: [], markers: [], metadata: {}, children }],
    },
  };
}

export function otioText(layout: TimelineLayout): string {
  return `${JSON.stringify(otioDocument(layout), null, 2)}\n`;
}
