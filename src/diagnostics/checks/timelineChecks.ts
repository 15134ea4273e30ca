/**
 * The timeline: in/out points of a clip, an overwrite at exact frames read back from the track
 * items, an overwrite onto a new track, and the timeline selection event.
 */
import type { TrackItemSelection, VideoClipTrackItem } from "@adobe/premierepro";
import { commitInLock } from "../../host/premiere/lockedTransaction";
import { asClip } from "../../host/premiere/projectItems";
import type { PlacementReport } from "../../host/premiereHost";
import { need, requireClip, requireProject, requireSequence, type SelfCheckContext } from "../selfCheckContext";
import { fail, pass, plural, type SelfCheckDefinition } from "./checkDefinition";

export const clipInOutCheck: SelfCheckDefinition = {
  id: "clip-in-out",
  expected: "in 0.5 s and out 2 s read back from getInPoint/getOutPoint to the tick",
  async run(ctx) {
    const project = requireProject(ctx);
    // The probe clip, which nothing places: the placements below start from untouched in/out points.
    const item = need(ctx.probe, "The probe clip was not imported (see import-discovery).");
    const clipItem = need(asClip(ctx.ppro, item), "The probe item is not a clip.");
    const { TickTime, Constants } = ctx.ppro;
    const inPoint = TickTime.createWithSeconds(0.5);
    const outPoint = TickTime.createWithSeconds(2);
    commitInLock(project, "Shotbin self-check: in/out", () => [clipItem.createSetInOutPointsAction(inPoint, outPoint)]);
    const [gotIn, gotOut] = await Promise.all([clipItem.getInPoint(Constants.MediaType.VIDEO), clipItem.getOutPoint(Constants.MediaType.VIDEO)]);
    const details = { inTicks: gotIn.ticks, outTicks: gotOut.ticks };
    const observed = `In ${gotIn.ticks} ticks (${gotIn.seconds} s), out ${gotOut.ticks} ticks (${gotOut.seconds} s).`;
    if (gotIn.ticks === inPoint.ticks && gotOut.ticks === outPoint.ticks) return pass(observed, { details });
    return fail(`${observed} Expected ${inPoint.ticks} and ${outPoint.ticks}.`, {
      fallback: "Placements still land at their length: Shotbin reads every placed clip back and trims one that came out too long (see overwrite-edit).",
      details,
    });
  },
};

interface TrackItemFacts {
  clipId: string;
  startTicks: string;
  endTicks: string;
  inTicks: string;
}

async function trackFacts(ctx: SelfCheckContext, track: number): Promise<TrackItemFacts[]> {
  const seq = requireSequence(ctx);
  const videoTrack = await seq.sequence.getVideoTrack(track);
  const items = await videoTrack.getTrackItems(ctx.ppro.Constants.TrackItemType.CLIP, false);
  return Promise.all(
    items.map(async (item) => {
      const [start, end, inPoint, projectItem] = await Promise.all([item.getStartTime(), item.getEndTime(), item.getInPoint(), item.getProjectItem()]);
      return { clipId: projectItem.getId(), startTicks: start.ticks, endTicks: end.ticks, inTicks: inPoint.ticks };
    }),
  );
}

function corrections(report: PlacementReport): string[] {
  return report.placed.flatMap((p) => {
    if (p.corrected === "trimmed") return [`the clip at frame ${p.startFrame} came out longer than ${p.durationFrames} frames and was trimmed`];
    if (p.corrected === "re-placed") return [`the clip at frame ${p.startFrame} came out shorter than ${p.durationFrames} frames and was placed again`];
    return [];
  });
}

export const overwriteEditCheck: SelfCheckDefinition = {
  id: "overwrite-edit",
  expected: "MP4 at frames 37-66 and MOV at 66-83 on V1, both from one transaction, start and end exactly on those frames' ticks, in point 0",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const mp4 = requireClip(ctx, "mp4");
    const mov = requireClip(ctx, "mov");
    const plan = [
      { clip: mp4, start: 37, frames: 29 },
      { clip: mov, start: 66, frames: 17 },
    ];
    const report = await ctx.deps.host.placeClips(
      plan.map((p) => ({ clip: p.clip, at: { frames: p.start }, track: 0, duration: { frames: p.frames } })),
      { sequenceId: seq.id },
    );
    const frame = (n: number) => ctx.ppro.TickTime.createWithFrameAndFrameRate(n, seq.frameRate).ticks;
    const facts = await trackFacts(ctx, 0);
    const problems: string[] = [];
    for (const p of plan) {
      const found = facts.find((f) => f.clipId === p.clip.id && f.startTicks === frame(p.start));
      if (!found) {
        problems.push(`nothing of ${p.clip.id === mp4.id ? "the MP4" : "the MOV"} starts exactly at frame ${p.start} (${frame(p.start)} ticks)`);
        continue;
      }
      if (found.endTicks !== frame(p.start + p.frames)) problems.push(`the item at frame ${p.start} ends at ${found.endTicks} ticks, not ${frame(p.start + p.frames)}`);
      if (found.inTicks !== "0") problems.push(`the item at frame ${p.start} starts ${found.inTicks} ticks into its media, not at 0`);
    }
    const trimmed = corrections(report);
    const details = { fps: seq.fps, ticksPerFrame: seq.ticksPerFrame, itemsOnV1: facts.length, trimmed: trimmed.length };
    if (trimmed.length > 0) {
      return fail(`Premiere did not apply the in/out set in the same transaction: ${trimmed.join("; ")}.${problems.length ? ` After trimming: ${problems.join("; ")}.` : " After trimming both sit exactly."}`, {
        fallback:
          "Shotbin trims a clip that landed too long to its planned end (material it covered beyond that end is not restored), places one that landed too short again, and from then on commits each clip's in/out in a step of its own before its overwrite (two undo steps per clip).",
        details,
      });
    }
    if (problems.length > 0 || report.placed.some((p) => !p.exact)) {
      return fail(`${problems.join("; ") || "the placement report says a clip did not land exactly"}.`, {
        fallback: "None: Shotbin reports each clip's landed frames (placed[i].landed / exact) so the panel can say which shot is off.",
        details,
      });
    }
    return pass(`Both items sit exactly on their frames' ticks (${plural(seq.ticksPerFrame, "tick")} per frame at ${seq.fps.toFixed(3)} fps), in point 0.`, { details });
  },
};

export const newTrackCheck: SelfCheckDefinition = {
  id: "new-track",
  expected: "an overwrite onto the track index just past the last one adds exactly one video track, with the clip on it",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const clip = requireClip(ctx, "mp4");
    const before = await seq.sequence.getVideoTrackCount();
    let report: PlacementReport;
    try {
      report = await ctx.deps.host.placeClips([{ clip, at: { frames: 10 }, track: before, duration: { frames: 12 } }], { sequenceId: seq.id });
    } catch (error) {
      return fail(`The overwrite onto V${before + 1} failed: ${error instanceof Error ? error.message : String(error)}`, {
        fallback: "None: Shotbin shows this error for the shot; add a video track by hand and place it again.",
      });
    }
    const after = await seq.sequence.getVideoTrackCount();
    const placed = report.placed[0];
    const details = { tracksBefore: before, tracksAfter: after };
    const observed = `${plural(before, "track")} before, ${after} after; the clip ${placed?.exact ? `sits exactly at frame 10 on V${(placed.track ?? 0) + 1}` : "did not land where planned"}.`;
    if (after === before + 1 && placed?.exact && placed.track === before) return pass(observed, { details });
    return fail(observed, { fallback: "None: Shotbin reports the clip as not landed; add a video track by hand and place it again.", details });
  },
};

async function emptySelection(ctx: SelfCheckContext): Promise<TrackItemSelection | undefined> {
  let made: TrackItemSelection | undefined;
  ctx.ppro.TrackItemSelection.createEmptySelection((selection) => {
    made = selection;
  });
  // The callback may come later than the call returns.
  const deadline = ctx.deps.clock.now() + ctx.options.waitMs;
  while (!made && ctx.deps.clock.now() < deadline) await ctx.deps.clock.sleep(50);
  return made;
}

export const sequenceSelectionEventCheck: SelfCheckDefinition = {
  id: "event-sequence-selection",
  expected: "Sequence.setSelection with one track item fires SequenceEvent.SELECTION_CHANGED, and getSelection then holds that item",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const track = await seq.sequence.getVideoTrack(0);
    const items: VideoClipTrackItem[] = track.getTrackItems(ctx.ppro.Constants.TrackItemType.CLIP, false);
    const item = need(items[0], "Nothing is on V1 of the scratch sequence to select (see overwrite-edit).");
    const selection = need(await emptySelection(ctx), "TrackItemSelection.createEmptySelection never handed over a selection.");
    selection.addItem(item);
    const from = ctx.deps.clock.now();
    // Synchronous since 26.3, a Promise before; awaiting covers both.
    const answered: unknown = await Promise.resolve(seq.sequence.setSelection(selection) as unknown);
    const heard = await ctx.events.waitFor("sequence-selection", from, ctx.options.waitMs);
    const held = (await (await seq.sequence.getSelection()).getTrackItems()).length;
    const vias = [...new Set(heard.map((e) => e.via))].join(" and ");
    const details = { setSelectionAnswered: String(answered), fired: heard.length, selected: held };
    const observed = `setSelection answered ${String(answered)}; SELECTION_CHANGED fired ${plural(heard.length, "time")}${heard.length ? ` (${vias} listener)` : ""}; getSelection holds ${plural(held, "item")}.`;
    if (heard.length > 0 && held === 1) return pass(observed, { details });
    return fail(observed, {
      fallback: "The Generate tab re-reads the project, target bin and sequence every 2 s, and every submit reads them again, so a missed event only delays what the panel shows.",
      details,
    });
  },
};
