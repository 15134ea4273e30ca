/**
 * Markers through the PremiereHost, read back raw from `Markers.getMarkers`: on a clip (add,
 * rename, recolour, remove) and on the scratch sequence at a frame; and one transaction holding
 * several actions, as far as the API shows grouping.
 */
import type { ClipProjectItem, Marker, Sequence } from "@adobe/premierepro";
import { commitInLock } from "../../host/premiere/lockedTransaction";
import { colourIndex } from "../../host/premiere/markerEditing";
import { asClip } from "../../host/premiere/projectItems";
import type { MarkerRef } from "../../host/premiereHost";
import { need, requireClip, requireProject, requireSequence, type SelfCheckContext } from "../selfCheckContext";
import { fail, pass, plural, shown, type SelfCheckDefinition } from "./checkDefinition";

async function markersOn(ctx: SelfCheckContext, owner: Sequence | ClipProjectItem): Promise<Marker[]> {
  const markers = await ctx.ppro.Markers.getMarkers(owner);
  return markers.getMarkers();
}

function guidOf(marker: Marker): string | undefined {
  return (marker.guid as { toString(): string } | null | undefined)?.toString() || undefined;
}

function findRef(markers: Marker[], ref: MarkerRef): Marker | undefined {
  return markers.find((m) => guidOf(m) === ref.id) ?? markers.find((m) => m.getStart().ticks === ref.startTicks && m.getName() === ref.name);
}

interface MarkerExpectation {
  name: string;
  comments?: string;
  startTicks?: string;
  durationTicks?: string;
  colourIndex?: number;
  type?: string;
}

function compare(marker: Marker, want: MarkerExpectation): string[] {
  const problems: string[] = [];
  const check = (what: string, got: unknown, expected: unknown) => {
    if (expected !== undefined && got !== expected) problems.push(`${what} ${shown(got)} instead of ${shown(expected)}`);
  };
  check("name", marker.getName(), want.name);
  check("comments", marker.getComments(), want.comments);
  check("start ticks", marker.getStart().ticks, want.startTicks);
  check("duration ticks", marker.getDuration().ticks, want.durationTicks);
  check("colour index", marker.getColorIndex(), want.colourIndex);
  check("type", marker.getType(), want.type);
  return problems;
}

export const clipMarkersCheck: SelfCheckDefinition = {
  id: "clip-markers",
  expected: "a clip marker reads back with its name, comments (newline and <&>), start, duration, colour and type; renaming, recolouring and removing it work",
  async run(ctx) {
    const project = requireProject(ctx);
    const clip = requireClip(ctx, "mov");
    const item = need(await ctx.index.find(project, clip.id), "The MOV clip is no longer in the project.");
    const owner = need(asClip(ctx.ppro, item), "The MOV item is not a clip.");
    const { TickTime } = ctx.ppro;
    const name = "Shotbin self-check clip marker";
    const comments = "Line one\nline two <&>";
    const ref = await ctx.deps.host.addClipMarker(clip, { name, comments, colour: "orange", atSeconds: 1, durationSeconds: 0.5 });
    const problems: string[] = [];
    const added = findRef(await markersOn(ctx, owner), ref);
    const hasGuid = added ? guidOf(added) !== undefined : false;
    if (!added) problems.push("the new marker could not be read back");
    else {
      problems.push(
        ...compare(added, {
          name,
          comments,
          startTicks: TickTime.createWithSeconds(1).ticks,
          durationTicks: TickTime.createWithSeconds(0.5).ticks,
          colourIndex: colourIndex(ctx.ppro, "orange"),
          type: ctx.ppro.Marker.MARKER_TYPE_COMMENT,
        }).map((p) => `after adding: ${p}`),
      );
    }
    const renamed = `${name} (renamed)`;
    const updatedRef = await ctx.deps.host.updateMarker(ref, { name: renamed, colour: "blue", comments: "changed" });
    const updated = findRef(await markersOn(ctx, owner), updatedRef);
    if (!updated) problems.push("the updated marker could not be read back");
    else problems.push(...compare(updated, { name: renamed, comments: "changed", colourIndex: colourIndex(ctx.ppro, "blue") }).map((p) => `after updating: ${p}`));
    await ctx.deps.host.removeMarker(updatedRef);
    if (findRef(await markersOn(ctx, owner), updatedRef)) problems.push("the marker was still there after removing it");
    const details = { guid: hasGuid };
    const note = hasGuid ? undefined : "Markers have no guid (Premiere before 26.3): Shotbin finds them by start time and name.";
    if (problems.length) {
      return fail(`${problems.join("; ")}.`, {
        fallback: "None in Shotbin: pending-shot markers would show the wrong text or colour; the shots themselves are unaffected.",
        ...(note ? { note } : {}),
        details,
      });
    }
    return pass(`Added, read back exactly, renamed, recoloured and removed${hasGuid ? "; markers have guids" : ""}.`, { ...(note ? { note } : {}), details });
  },
};

export const sequenceMarkersCheck: SelfCheckDefinition = {
  id: "sequence-markers",
  expected: "a sequence marker at frame 12 lasting 6 frames reads back at exactly those ticks, in its colour",
  async run(ctx) {
    const seq = requireSequence(ctx);
    const { TickTime } = ctx.ppro;
    const name = "Shotbin self-check sequence marker";
    const ref = await ctx.deps.host.addSequenceMarker({ name, colour: "cyan", at: { frames: 12 }, duration: { frames: 6 }, sequenceId: seq.id });
    const want = {
      name,
      startTicks: TickTime.createWithFrameAndFrameRate(12, seq.frameRate).ticks,
      durationTicks: TickTime.createWithFrameAndFrameRate(6, seq.frameRate).ticks,
      colourIndex: colourIndex(ctx.ppro, "cyan"),
    };
    const added = findRef(await markersOn(ctx, seq.sequence), ref);
    const problems = added ? compare(added, want) : ["the new marker could not be read back"];
    await ctx.deps.host.removeMarker(ref);
    if (findRef(await markersOn(ctx, seq.sequence), ref)) problems.push("the marker was still there after removing it");
    const details = { fps: seq.fps, startTicks: want.startTicks };
    if (problems.length) {
      return fail(`${problems.join("; ")}.`, {
        fallback: "None in Shotbin: shot-list slot markers would sit off their frames; placements do not depend on them.",
        details,
      });
    }
    return pass(`At ${want.startTicks} ticks (frame 12 at ${seq.fps.toFixed(3)} fps), 6 frames long, cyan; removed again.`, { details });
  },
};

export const undoGroupingCheck: SelfCheckDefinition = {
  id: "undo-grouping",
  expected: "executeTransaction with three actions returns true and all three take effect together",
  async run(ctx) {
    const project = requireProject(ctx);
    const seq = requireSequence(ctx);
    const markers = await ctx.ppro.Markers.getMarkers(seq.sequence);
    const names = [1, 2, 3].map((n) => `Shotbin self-check undo group ${n}/3`);
    const { TickTime, Marker } = ctx.ppro;
    const label = "Shotbin self-check: one undo step";
    commitInLock(project, label, () =>
      names.map((name, i) =>
        markers.createAddMarkerAction(name, Marker.MARKER_TYPE_COMMENT, TickTime.createWithFrameAndFrameRate(200 + i, seq.frameRate), TickTime.TIME_ZERO, ""),
      ),
    );
    const present = (await markersOn(ctx, seq.sequence)).filter((m) => names.includes(m.getName())).length;
    const note = `Premiere's API has no undo call, so the single undo step can only be seen by hand: run with "keep for inspection", open the scratch sequence, choose Edit > Undo once ("Undo ${label}"): all three markers should go.`;
    if (present !== names.length) {
      return fail(`executeTransaction returned true, but ${plural(present, "marker")} of ${names.length} exist.`, {
        fallback: "None: Shotbin places each batch in one transaction and reports any clip that did not land (placed[i].landed).",
        note,
        details: { present },
      });
    }
    return pass(`executeTransaction returned true and all ${names.length} markers exist.`, { note, details: { present } });
  },
};
