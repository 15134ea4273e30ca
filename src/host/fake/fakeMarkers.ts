/** Markers on sequences and clips, with guids (Premiere 26.3+), types and colour indexes. */
import type { ClipProjectItem, Guid, Marker, Markers, Sequence, TickTime } from "@adobe/premierepro";
import { fakeConstants, fakeMarkerTypes } from "./fakeConstants";
import { itemIdOf, itemViewKinds } from "./fakeProjectItems";
import { allocateId, type FakeMarkerRecord, markerOwnerKey } from "./fakeState";
import { ticksOf, tickTime } from "./fakeTime";
import { FakeSequenceView, guid } from "./fakeTimeline";
import type { FakeWorld } from "./fakeWorld";
import { asMarker, asMarkers, hostNull, type MarkerShape, type MarkersShape } from "./officialShapes";

function markersOf(world: FakeWorld, owner: string, call: string): FakeMarkerRecord[] {
  const project = world.requireProject(call);
  return (project.markers[owner] ??= []);
}

function illegal(world: FakeWorld, call: string, what: string): Error {
  return world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${what})`);
}

class FakeMarkerView implements MarkerShape {
  constructor(
    private readonly world: FakeWorld,
    private readonly owner: string,
    readonly markerGuid: string,
  ) {}

  private record(call: string): FakeMarkerRecord {
    const marker = markersOf(this.world, this.owner, call).find((m) => m.guid === this.markerGuid);
    if (!marker) throw new Error(`${call}: the marker no longer exists.`);
    return marker;
  }

  get guid(): Guid {
    return this.world.behaviour.markersWithoutGuid ? hostNull<Guid>() : guid(this.markerGuid);
  }
  getName(): string {
    return this.record("Marker.getName").name;
  }
  getComments(): string {
    return this.record("Marker.getComments").comments;
  }
  getStart(): TickTime {
    return tickTime(this.record("Marker.getStart").startTicks);
  }
  getDuration(): TickTime {
    return tickTime(this.record("Marker.getDuration").durationTicks);
  }
  getType(): string {
    return this.record("Marker.getType").type;
  }
  getColorIndex(): number {
    return this.record("Marker.getColorIndex").colorIndex;
  }

  private change(call: string, apply: (marker: FakeMarkerRecord) => void) {
    return this.world.discipline.action(call, () => apply(this.record(call)));
  }

  createSetColorByIndexAction(colorIndex: number) {
    const call = "Marker.createSetColorByIndexAction";
    if (!Object.values(fakeConstants.MarkerColor).includes(colorIndex)) throw illegal(this.world, call, `colour index ${colorIndex}`);
    return this.change(call, (m) => (m.colorIndex = colorIndex));
  }
  createSetNameAction(name: string) {
    const call = "Marker.createSetNameAction";
    if (typeof name !== "string") throw illegal(this.world, call, "name");
    return this.change(call, (m) => (m.name = name));
  }
  createSetCommentsAction(comments: string) {
    const call = "Marker.createSetCommentsAction";
    if (typeof comments !== "string") throw illegal(this.world, call, "comments");
    return this.change(call, (m) => (m.comments = comments));
  }
  createSetDurationAction(duration: TickTime) {
    const call = "Marker.createSetDurationAction";
    const ticks = ticksOf(duration, call);
    return this.change(call, (m) => (m.durationTicks = ticks));
  }
}

class FakeMarkersView implements MarkersShape {
  constructor(
    private readonly world: FakeWorld,
    private readonly owner: string,
  ) {}

  getMarkers(filters?: string[]): Marker[] {
    return markersOf(this.world, this.owner, "Markers.getMarkers")
      .filter((m) => !filters || filters.includes(m.type))
      .map((m) => asMarker(new FakeMarkerView(this.world, this.owner, m.guid)));
  }

  createAddMarkerAction(name: string, markerType?: string, startTime?: TickTime, duration?: TickTime, comments?: string) {
    const call = "Markers.createAddMarkerAction";
    if (typeof name !== "string") throw illegal(this.world, call, "name");
    const types: string[] = Object.values(fakeMarkerTypes);
    if (markerType !== undefined && !types.includes(markerType)) throw illegal(this.world, call, `marker type ${markerType}`);
    const start = startTime === undefined ? 0n : ticksOf(startTime, call);
    const length = duration === undefined ? 0n : ticksOf(duration, call);
    if (comments !== undefined && typeof comments !== "string") throw illegal(this.world, call, "comments");
    return this.world.discipline.action(call, () => {
      const project = this.world.requireProject(call);
      markersOf(this.world, this.owner, call).push({
        guid: allocateId(project, "marker"),
        name,
        comments: comments ?? "",
        type: markerType ?? fakeMarkerTypes.MARKER_TYPE_COMMENT,
        startTicks: start,
        durationTicks: length,
        colorIndex: fakeConstants.MarkerColor.GREEN,
      });
    });
  }

  private markerGuid(marker: unknown, call: string): string {
    if (!(marker instanceof FakeMarkerView)) throw illegal(this.world, call, "marker");
    return marker.markerGuid;
  }

  createRemoveMarkerAction(marker: Marker) {
    const call = "Markers.createRemoveMarkerAction";
    const id = this.markerGuid(marker, call);
    return this.world.discipline.action(call, () => {
      const list = markersOf(this.world, this.owner, call);
      const at = list.findIndex((m) => m.guid === id);
      if (at < 0) throw new Error(`${call}: the marker no longer exists.`);
      list.splice(at, 1);
    });
  }

  createMoveMarkerAction(marker: Marker, tickTime: TickTime) {
    const call = "Markers.createMoveMarkerAction";
    const id = this.markerGuid(marker, call);
    const ticks = ticksOf(tickTime, call);
    return this.world.discipline.action(call, () => {
      const found = markersOf(this.world, this.owner, call).find((m) => m.guid === id);
      if (!found) throw new Error(`${call}: the marker no longer exists.`);
      found.startTicks = ticks;
    });
  }
}

export function markersStatic(world: FakeWorld) {
  return {
    async getMarkers(owner: Sequence | ClipProjectItem): Promise<Markers> {
      const call = "Markers.getMarkers";
      if (owner instanceof FakeSequenceView && owner.world === world) {
        owner.record(call);
        return asMarkers(new FakeMarkersView(world, markerOwnerKey({ sequenceId: owner.sequenceId })));
      }
      const clipId = itemIdOf(world, owner, call, [itemViewKinds.clip]);
      return asMarkers(new FakeMarkersView(world, markerOwnerKey({ clipId })));
    },
  };
}
