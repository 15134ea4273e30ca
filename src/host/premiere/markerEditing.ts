/**
 * Adding, changing and removing markers on sequences and clips. `createAddMarkerAction` returns
 * no marker, so the new one is found afterwards by guid (26.3+) among the markers that were not
 * there before, falling back to its name and start time. Colour needs the marker to exist, so a
 * coloured marker takes two undo steps with the same label.
 */
import type { Action, ClipProjectItem, Guid, Marker, Markers, premierepro, Project, Sequence, TickTime } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import type { MarkerColour, MarkerOwner, MarkerRef } from "../premiereHost";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";

export type MarkerOwnerObject = Sequence | ClipProjectItem;

const COLOURS: readonly MarkerColour[] = ["green", "red", "magenta", "orange", "yellow", "blue", "cyan"];

export function colourIndex(ppro: premierepro, colour: MarkerColour): number {
  const palette = ppro.Constants.MarkerColor;
  switch (colour) {
    case "green":
      return palette.GREEN;
    case "red":
      return palette.RED;
    case "magenta":
      return palette.MAGNETA; // sic: Premiere's spelling
    case "orange":
      return palette.ORANGE;
    case "yellow":
      return palette.YELLOW;
    case "blue":
      return palette.BLUE;
    case "cyan":
      return palette.CYAN;
  }
}

export function colourOfIndex(ppro: premierepro, index: number): MarkerColour | undefined {
  return COLOURS.find((colour) => colourIndex(ppro, colour) === index);
}

function guidOf(marker: Marker): string | undefined {
  // `guid` arrived in 26.3; older versions have none.
  return (marker.guid as Guid | undefined)?.toString() || undefined;
}

export function markerKey(marker: Marker): string {
  return guidOf(marker) ?? `${marker.getStart().ticks}|${marker.getName()}`;
}

function refFor(owner: MarkerOwner, marker: Marker): MarkerRef {
  return { owner, id: markerKey(marker), name: marker.getName(), startTicks: marker.getStart().ticks };
}

export async function markersOf(ppro: premierepro, owner: MarkerOwnerObject): Promise<Marker[]> {
  const meaning = { kind: "unexpected" as const, message: "Premiere could not read the markers" };
  const markers: Markers = await premiereCall("Markers.getMarkers", meaning, () => ppro.Markers.getMarkers(owner));
  return premiereCall("Markers.getMarkers", meaning, () => markers.getMarkers());
}

const prepare = { kind: "lock" as const, message: "Premiere refused to prepare the marker change" };

export interface NewMarker {
  name: string;
  comments: string;
  colour?: MarkerColour;
  start: TickTime;
  duration: TickTime;
}

export async function addMarker(
  ppro: premierepro,
  project: Project,
  owner: MarkerOwner,
  ownerObject: MarkerOwnerObject,
  spec: NewMarker,
): Promise<MarkerRef> {
  const markers = await premiereCall("Markers.getMarkers", prepare, () => ppro.Markers.getMarkers(ownerObject));
  const before = new Set((await markersOf(ppro, ownerObject)).map(markerKey));
  const label = `Shotbin: mark "${spec.name}"`;
  commitInLock(project, label, () => [
    premiereCallSync("Markers.createAddMarkerAction", prepare, () =>
      markers.createAddMarkerAction(spec.name, ppro.Marker.MARKER_TYPE_COMMENT, spec.start, spec.duration, spec.comments),
    ),
  ]);
  const after = await markersOf(ppro, ownerObject);
  const sameSpot = (m: Marker) => m.getName() === spec.name && m.getStart().ticks === spec.start.ticks;
  const added = after.find((m) => !before.has(markerKey(m)) && sameSpot(m)) ?? after.find(sameSpot);
  if (!added) {
    throw new HostError("not-found", `Premiere added the marker "${spec.name}" but Shotbin could not find it afterwards.`, "Markers.getMarkers");
  }
  if (spec.colour !== undefined) {
    const index = colourIndex(ppro, spec.colour);
    commitInLock(project, label, () => [
      premiereCallSync("Marker.createSetColorByIndexAction", prepare, () => added.createSetColorByIndexAction(index)),
    ]);
  }
  return refFor(owner, added);
}

async function findMarker(ppro: premierepro, ownerObject: MarkerOwnerObject, ref: MarkerRef): Promise<Marker> {
  const marker = (await markersOf(ppro, ownerObject)).find((m) => markerKey(m) === ref.id);
  if (!marker) {
    throw new HostError("not-found", `The marker "${ref.name}" is no longer there; it may have been moved or deleted.`, "Markers.getMarkers");
  }
  return marker;
}

export interface MarkerEdit {
  name?: string;
  comments?: string;
  colour?: MarkerColour;
  duration?: TickTime;
}

export async function updateMarker(
  ppro: premierepro,
  project: Project,
  ownerObject: MarkerOwnerObject,
  ref: MarkerRef,
  edit: MarkerEdit,
): Promise<MarkerRef> {
  const marker = await findMarker(ppro, ownerObject, ref);
  const start = marker.getStart().ticks;
  // Nothing to change: no transaction (an empty one reads as Premiere refusing the update).
  if (edit.name === undefined && edit.comments === undefined && edit.colour === undefined && edit.duration === undefined) return refFor(ref.owner, marker);
  commitInLock(project, `Shotbin: update marker "${ref.name}"`, () => {
    const actions: Action[] = [];
    if (edit.name !== undefined) {
      const name = edit.name;
      actions.push(premiereCallSync("Marker.createSetNameAction", prepare, () => marker.createSetNameAction(name)));
    }
    if (edit.comments !== undefined) {
      const comments = edit.comments;
      actions.push(premiereCallSync("Marker.createSetCommentsAction", prepare, () => marker.createSetCommentsAction(comments)));
    }
    if (edit.colour !== undefined) {
      const index = colourIndex(ppro, edit.colour);
      actions.push(premiereCallSync("Marker.createSetColorByIndexAction", prepare, () => marker.createSetColorByIndexAction(index)));
    }
    if (edit.duration !== undefined) {
      const duration = edit.duration;
      actions.push(premiereCallSync("Marker.createSetDurationAction", prepare, () => marker.createSetDurationAction(duration)));
    }
    return actions;
  });
  const name = edit.name ?? ref.name;
  const guid = guidOf(marker);
  const updated = (await markersOf(ppro, ownerObject)).find((m) =>
    guid !== undefined ? guidOf(m) === guid : m.getStart().ticks === start && m.getName() === name,
  );
  if (!updated) throw new HostError("not-found", `The marker "${name}" disappeared while it was being updated.`, "Markers.getMarkers");
  return refFor(ref.owner, updated);
}

export async function removeMarker(ppro: premierepro, project: Project, ownerObject: MarkerOwnerObject, ref: MarkerRef): Promise<void> {
  const marker = await findMarker(ppro, ownerObject, ref);
  const markers = await premiereCall("Markers.getMarkers", prepare, () => ppro.Markers.getMarkers(ownerObject));
  commitInLock(project, `Shotbin: remove marker "${ref.name}"`, () => [
    premiereCallSync("Markers.createRemoveMarkerAction", prepare, () => markers.createRemoveMarkerAction(marker)),
  ]);
}
