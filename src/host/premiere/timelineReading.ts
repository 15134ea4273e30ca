/**
 * Reading a sequence for the timeline actions: every video track's clip items, the Timeline
 * selection (video and audio items told apart by their media type), the In/Out marks, the
 * playhead and the sequence markers, all as exact ticks with their frames.
 */
import type { Guid, premierepro, Project, Sequence, VideoClipTrackItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { frameAt, parseTicks, type TickRate } from "../../core/ticks";
import type { ClipRef } from "../hostTypes";
import type { SequenceMarkerInfo, TimelineState, TimelineTime, TimelineTrackItem, TrackItemRef } from "../timelineHost";
import { markerKey, markersOf } from "./markerEditing";
import { premiereCall, premiereCallSync } from "./premiereCall";
import { asClip, type ProjectItemIndex } from "./projectItems";
import { describeSequence, sequenceTiming } from "./sequenceReading";

const read = (what: string) => ({ kind: "unexpected" as const, message: `Premiere could not read ${what}` });

/** A track item as Premiere hands it out in a selection: video or audio. */
type AnyTrackItem = Pick<
  VideoClipTrackItem,
  "getStartTime" | "getEndTime" | "getInPoint" | "getOutPoint" | "getProjectItem" | "getName" | "isDisabled" | "getTrackIndex" | "getMediaType"
>;

export function timeOf(ticks: bigint, rate: TickRate): TimelineTime {
  return { ticks: ticks.toString(), frame: frameAt(ticks, rate, "floor") };
}

export async function sequenceRate(sequence: Sequence): Promise<TickRate> {
  const timing = await sequenceTiming(sequence);
  return { ticksPerFrame: BigInt(timing.ticksPerFrame), fps: timing.fps };
}

async function describeItem(
  ppro: premierepro,
  project: Project,
  index: ProjectItemIndex,
  item: AnyTrackItem,
  track: number,
  mediaType: "video" | "audio",
  rate: TickRate,
): Promise<TimelineTrackItem> {
  const [start, end, inPoint, outPoint, projectItem, name, disabled] = await Promise.all([
    premiereCall("TrackItem.getStartTime", read("a clip's start"), () => item.getStartTime()),
    premiereCall("TrackItem.getEndTime", read("a clip's end"), () => item.getEndTime()),
    premiereCall("TrackItem.getInPoint", read("a clip's in point"), () => item.getInPoint()),
    premiereCall("TrackItem.getOutPoint", read("a clip's out point"), () => item.getOutPoint()),
    premiereCall("TrackItem.getProjectItem", read("a clip's project item"), () => item.getProjectItem()),
    premiereCall("TrackItem.getName", read("a clip's name"), () => item.getName()),
    premiereCall("TrackItem.isDisabled", read("whether a clip is disabled"), () => item.isDisabled()),
  ]);
  let clip: ClipRef | null = null;
  const clipItem = projectItem ? asClip(ppro, projectItem) : null;
  if (projectItem && clipItem) {
    const id = index.remember(project, projectItem);
    const mediaPath = await premiereCall("ClipProjectItem.getMediaFilePath", read("a clip's media path"), () => clipItem.getMediaFilePath());
    clip = { id, name: projectItem.name, mediaPath: mediaPath ?? "" };
  }
  const startTicks = parseTicks(start.ticks);
  const endTicks = parseTicks(end.ticks);
  const inTicks = parseTicks(inPoint.ticks);
  const perFrame = rate.ticksPerFrame;
  return {
    track,
    mediaType,
    name: name || projectItem?.name || "",
    clip,
    startTicks: start.ticks,
    endTicks: end.ticks,
    inTicks: inPoint.ticks,
    outTicks: outPoint.ticks,
    startFrame: frameAt(startTicks, rate, "floor"),
    endFrame: frameAt(endTicks, rate, "ceil"),
    inFrame: frameAt(inTicks, rate, "floor"),
    disabled: disabled === true,
    offGrid: startTicks % perFrame !== 0n || endTicks % perFrame !== 0n,
  };
}

/** The clip items of one video track, sorted by start. */
export async function videoTrackItems(ppro: premierepro, sequence: Sequence, track: number): Promise<VideoClipTrackItem[]> {
  const videoTrack = await premiereCall("Sequence.getVideoTrack", read(`video track ${track + 1}`), () => sequence.getVideoTrack(track));
  return premiereCallSync("VideoTrack.getTrackItems", read(`the clips on V${track + 1}`), () =>
    videoTrack.getTrackItems(ppro.Constants.TrackItemType.CLIP, false),
  );
}

/** A track item found again by its track, start and project item. */
export async function findTrackItem(ppro: premierepro, sequence: Sequence, ref: TrackItemRef): Promise<VideoClipTrackItem> {
  const count = await premiereCall("Sequence.getVideoTrackCount", read("the video tracks"), () => sequence.getVideoTrackCount());
  if (ref.track >= count) throw new HostError("not-found", `V${ref.track + 1} is no longer in the sequence.`);
  for (const item of await videoTrackItems(ppro, sequence, ref.track)) {
    const [start, projectItem] = await Promise.all([item.getStartTime(), item.getProjectItem()]);
    if (start.ticks === ref.startTicks && projectItem?.getId() === ref.clipId) return item;
  }
  throw new HostError("not-found", `The clip at ${ref.startTicks} ticks on V${ref.track + 1} is no longer there; it may have been moved or deleted.`, "VideoTrack.getTrackItems");
}

/** The In/Out marks as a range, or null when they mark nothing narrower than the whole sequence. */
export function markedRange(inTicks: bigint, outTicks: bigint, endTicks: bigint, rate: TickRate): TimelineState["inOut"] {
  if (inTicks < 0n || outTicks <= inTicks) return null;
  if (inTicks === 0n && outTicks >= endTicks) return null;
  return { in: timeOf(inTicks, rate), out: timeOf(outTicks, rate) };
}

async function readMarkers(ppro: premierepro, sequence: Sequence, rate: TickRate): Promise<SequenceMarkerInfo[]> {
  const markers = await markersOf(ppro, sequence);
  return markers
    .map((marker) => {
      const start = parseTicks(marker.getStart().ticks);
      const duration = parseTicks(marker.getDuration().ticks);
      return {
        id: markerKey(marker),
        name: marker.getName(),
        comments: marker.getComments(),
        type: marker.getType(),
        startTicks: start.toString(),
        startFrame: frameAt(start, rate, "floor"),
        durationTicks: duration.toString(),
        durationFrames: frameAt(duration, rate, "ceil"),
      };
    })
    .sort((a, b) => (BigInt(a.startTicks) < BigInt(b.startTicks) ? -1 : BigInt(a.startTicks) > BigInt(b.startTicks) ? 1 : 0));
}

async function guidText(read: () => Promise<Guid>): Promise<string | null> {
  try {
    return (await read())?.toString() ?? null;
  } catch {
    return null;
  }
}

export async function readTimelineState(ppro: premierepro, project: Project, index: ProjectItemIndex, sequence: Sequence): Promise<TimelineState> {
  const info = await describeSequence(sequence);
  const rate = await sequenceRate(sequence);
  const [playhead, inPoint, outPoint, endTime] = await Promise.all([
    premiereCall("Sequence.getPlayerPosition", read("the playhead"), () => sequence.getPlayerPosition()),
    premiereCall("Sequence.getInPoint", read("the sequence's In mark"), () => sequence.getInPoint()),
    premiereCall("Sequence.getOutPoint", read("the sequence's Out mark"), () => sequence.getOutPoint()),
    premiereCall("Sequence.getEndTime", read("the sequence end"), () => sequence.getEndTime()),
  ]);

  const tracks: TimelineState["tracks"] = [];
  let videoGuid: string | null = null;
  for (let track = 0; track < info.videoTrackCount; track++) {
    const items = await videoTrackItems(ppro, sequence, track);
    if (track === 0) {
      const videoTrack = await sequence.getVideoTrack(0);
      videoGuid = await guidText(() => videoTrack.getMediaType());
    }
    const described = await Promise.all(items.map((item) => describeItem(ppro, project, index, item, track, "video", rate)));
    tracks.push({ index: track, items: described.sort((a, b) => a.startFrame - b.startFrame) });
  }

  const selection = await premiereCall("Sequence.getSelection", read("the Timeline selection"), () => sequence.getSelection());
  const selected = await premiereCall("TrackItemSelection.getTrackItems", read("the Timeline selection"), () => selection.getTrackItems());
  const selectionItems = await Promise.all(
    (selected as AnyTrackItem[]).map(async (item) => {
      const track = await premiereCall("TrackItem.getTrackIndex", read("a selected clip's track"), () => item.getTrackIndex());
      // Video and audio items share one list; a video item's media type is its video track's.
      const guid = await guidText(() => item.getMediaType());
      let mediaType: "video" | "audio";
      if (guid !== null && videoGuid !== null) mediaType = guid === videoGuid ? "video" : "audio";
      else {
        const start = (await item.getStartTime()).ticks;
        mediaType = tracks[track]?.items.some((candidate) => candidate.startTicks === start) ? "video" : "audio";
      }
      return describeItem(ppro, project, index, item, track, mediaType, rate);
    }),
  );

  const endTicks = parseTicks(endTime.ticks);
  const inTicks = parseTicks(inPoint.ticks);
  const outTicks = parseTicks(outPoint.ticks);
  return {
    sequenceId: info.id,
    sequenceName: info.name,
    frameRate: info.frameRate,
    frameSize: info.frameSize,
    playhead: timeOf(parseTicks(playhead.ticks), rate),
    inOut: markedRange(inTicks, outTicks, endTicks, rate),
    marks: { inTicks: inPoint.ticks, outTicks: outPoint.ticks },
    endFrame: frameAt(endTicks, rate, "ceil"),
    tracks,
    selection: selectionItems,
    markers: await readMarkers(ppro, sequence, rate),
  };
}
