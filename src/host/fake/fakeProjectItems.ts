/**
 * Project items as Premiere hands them out: a plain `ProjectItem` from listings, which must be
 * cast to `FolderItem` or `ClipProjectItem` for bin or clip calls. Casts of the wrong kind give
 * null. Every listing returns a fresh array of fresh objects, so only ids identify items.
 */
import type { ClipProjectItem, FolderItem, Media, Project, ProjectItem, TickTime } from "@adobe/premierepro";
import { fakeConstants, fakeProjectItemTypes } from "./fakeConstants";
import { allocateId, type FakeItemRecord, removeItemTree } from "./fakeState";
import { ticksOf, tickTime } from "./fakeTime";
import type { FakeWorld } from "./fakeWorld";
import {
  asClipProjectItem,
  asFolderItem,
  asMedia,
  asProjectItem,
  type ClipProjectItemShape,
  type FolderItemShape,
  hostNull,
  type ProjectItemShape,
} from "./officialShapes";

function typeOf(record: FakeItemRecord): number {
  if (record.kind === "root") return fakeProjectItemTypes.TYPE_ROOT;
  if (record.kind === "bin") return fakeProjectItemTypes.TYPE_BIN;
  return fakeProjectItemTypes.TYPE_CLIP;
}

abstract class ItemView {
  constructor(
    readonly world: FakeWorld,
    readonly itemId: string,
  ) {}
  protected record(call: string): FakeItemRecord {
    return this.world.item(this.itemId, call);
  }
  get name(): string {
    return this.record("ProjectItem.name").name;
  }
  get type(): number {
    return typeOf(this.record("ProjectItem.type"));
  }
  async getProject(): Promise<Project> {
    return this.world.views.project();
  }

  /** The label set with `createSetColorLabelAction`, else the kind's default (Premiere labels new items by kind). */
  async getColorLabelIndex(): Promise<number> {
    return itemColourLabel(this.record("ProjectItem.getColorLabelIndex"));
  }

  /** Takes only a `Constants.ProjectItemColorLabel` value; anything else is Premiere's "Illegal Parameter type". */
  createSetColorLabelAction(inColorLabelIndex: number) {
    const call = "ProjectItem.createSetColorLabelAction";
    const labels: unknown[] = Object.values(fakeConstants.ProjectItemColorLabel);
    if (typeof inColorLabelIndex !== "number" || !labels.includes(inColorLabelIndex)) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: colour label ${String(inColorLabelIndex)})`);
    }
    return this.world.discipline.action(call, () => {
      this.record(call).colorLabel = inColorLabelIndex;
    });
  }
}

/** An item's label: the one set, else Premiere's default for its kind (bins violet, sequences forest, clips iris). */
export function itemColourLabel(record: FakeItemRecord): number {
  if (record.colorLabel !== undefined) return record.colorLabel;
  const labels = fakeConstants.ProjectItemColorLabel;
  if (record.kind !== "clip") return labels.VIOLET;
  return record.clip?.sequenceId !== undefined ? labels.FOREST : labels.IRIS;
}

export class FakeProjectItemView extends ItemView implements ProjectItemShape {
  getId(): string {
    return this.record("ProjectItem.getId").id;
  }
  getParentBin(): FolderItem {
    const parentId = this.record("ProjectItem.getParentBin").parentId;
    return parentId === null ? hostNull<FolderItem>() : folderItem(this.world, parentId);
  }
}

export class FakeFolderView extends ItemView implements FolderItemShape {
  async getItems(): Promise<ProjectItem[]> {
    const record = this.record("FolderItem.getItems");
    const visible = record.childIds.filter((id) => {
      const hiddenFor = this.world.hiddenForListings.get(id);
      if (hiddenFor === undefined) return true;
      if (hiddenFor <= 1) this.world.hiddenForListings.delete(id);
      else this.world.hiddenForListings.set(id, hiddenFor - 1);
      return false;
    });
    return visible.map((id) => projectItem(this.world, id));
  }

  createBinAction(name: string, makeUnique: boolean) {
    const call = "FolderItem.createBinAction";
    const discipline = this.world.discipline;
    if (typeof name !== "string" || name === "" || typeof makeUnique !== "boolean") {
      throw discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    return discipline.action(call, () => {
      const project = this.world.requireProject(call);
      const parent = this.world.item(this.itemId, call);
      const siblings = new Set(parent.childIds.map((id) => project.items[id]?.name));
      let unique = name;
      // Premiere's own renaming scheme is undocumented; any scheme will do for the adapter, which diffs ids.
      for (let n = 1; makeUnique && siblings.has(unique); n++) unique = `${name} ${String(n).padStart(2, "0")}`;
      const id = allocateId(project, "item");
      project.items[id] = { id, kind: "bin", name: unique, parentId: parent.id, childIds: [] };
      parent.childIds.push(id);
    });
  }

  /** Removes a direct child (and, for a bin, everything in it) from the project. */
  createRemoveItemAction(item: ProjectItem) {
    const call = "FolderItem.createRemoveItemAction";
    const childId = itemIdOf(this.world, item, call, [itemViewKinds.projectItem]);
    return this.world.discipline.action(call, () => {
      const project = this.world.requireProject(call);
      if (!this.record(call).childIds.includes(childId)) throw new Error(`${call}: the item is not in this bin.`);
      removeItemTree(project, childId);
    });
  }

  /** Moves a direct child into `newParent`, which must be a bin outside the item. */
  createMoveItemAction(item: ProjectItem, newParent: FolderItem) {
    const call = "FolderItem.createMoveItemAction";
    const childId = itemIdOf(this.world, item, call, [itemViewKinds.projectItem]);
    const targetId = itemIdOf(this.world, newParent, call, [FakeFolderView]);
    return this.world.discipline.action(call, () => {
      const parent = this.record(call);
      if (!parent.childIds.includes(childId)) throw new Error(`${call}: the item is not in this bin.`);
      for (let at: string | null = targetId; at !== null; at = this.world.item(at, call).parentId) {
        if (at === childId) throw new Error(`${call}: a bin cannot move into itself.`);
      }
      const target = this.world.item(targetId, call);
      parent.childIds = parent.childIds.filter((id) => id !== childId);
      target.childIds.push(childId);
      this.world.item(childId, call).parentId = targetId;
    });
  }
}

export class FakeClipView extends ItemView implements ClipProjectItemShape {
  private clip(call: string) {
    const clip = this.record(call).clip;
    if (!clip) throw new Error(`${call}: not a clip.`);
    return clip;
  }

  async getMediaFilePath(): Promise<string> {
    return this.clip("ClipProjectItem.getMediaFilePath").mediaPath;
  }

  async isSequence(): Promise<boolean> {
    return this.clip("ClipProjectItem.isSequence").sequenceId !== undefined;
  }

  async getMedia(): Promise<Media> {
    const clip = this.clip("ClipProjectItem.getMedia");
    return asMedia({ duration: tickTime(clip.durationTicks), start: tickTime(0n) });
  }

  /** The in point (0 when none is set). The types require a `Constants.MediaType`. */
  async getInPoint(mediaType: number): Promise<TickTime> {
    this.mediaType(mediaType, "ClipProjectItem.getInPoint");
    return tickTime(this.clip("ClipProjectItem.getInPoint").inTicks ?? 0n);
  }

  /** The out point (the media's end when none is set). */
  async getOutPoint(mediaType: number): Promise<TickTime> {
    this.mediaType(mediaType, "ClipProjectItem.getOutPoint");
    const clip = this.clip("ClipProjectItem.getOutPoint");
    return tickTime(clip.outTicks ?? clip.durationTicks);
  }

  private mediaType(value: unknown, call: string): void {
    const known: unknown[] = Object.values(fakeConstants.MediaType);
    if (!known.includes(value)) throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: media type ${String(value)})`);
  }

  /** Removes the in and out points: the clip plays whole again. */
  createClearInOutPointsAction() {
    const call = "ClipProjectItem.createClearInOutPointsAction";
    return this.world.discipline.action(call, () => {
      const clip = this.clip(call);
      clip.inTicks = null;
      clip.outTicks = null;
    });
  }

  createSetInOutPointsAction(inPoint: TickTime, outPoint: TickTime) {
    const call = "ClipProjectItem.createSetInOutPointsAction";
    const inTicks = ticksOf(inPoint, call);
    const outTicks = ticksOf(outPoint, call);
    return this.world.discipline.action(call, () => {
      const clip = this.clip(call);
      if (inTicks < 0n || outTicks <= inTicks || outTicks > clip.durationTicks) {
        throw new Error(`${call}: in ${inTicks} / out ${outTicks} is outside the media (${clip.durationTicks} ticks).`);
      }
      clip.inTicks = inTicks;
      clip.outTicks = outTicks;
    });
  }
}

export function projectItem(world: FakeWorld, id: string): ProjectItem {
  return asProjectItem(new FakeProjectItemView(world, id));
}

export function folderItem(world: FakeWorld, id: string): FolderItem {
  return asFolderItem(new FakeFolderView(world, id));
}

export function clipProjectItem(world: FakeWorld, id: string): ClipProjectItem {
  return asClipProjectItem(new FakeClipView(world, id));
}

/** The item id behind any item view the adapter passes back; anything else is an illegal parameter. */
export function itemIdOf(world: FakeWorld, value: unknown, call: string, accept: (typeof ItemView)[] = [ItemView]): string {
  if (accept.some((kind) => value instanceof kind) && (value as ItemView).world === world) return (value as ItemView).itemId;
  throw world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${value === undefined ? "undefined" : "wrong object"})`);
}

export const itemViewKinds = { projectItem: FakeProjectItemView, clip: FakeClipView };

function castTo<T extends object>(world: FakeWorld, value: unknown, call: string, kinds: FakeItemRecord["kind"][], make: (id: string) => T): T {
  const id = itemIdOf(world, value, call);
  const record = world.item(id, call);
  return kinds.includes(record.kind) && (record.kind !== "clip" || record.clip) ? make(id) : hostNull<T>();
}

export function itemStatics(world: FakeWorld) {
  return {
    ProjectItem: {
      cast: (item: FolderItem | ClipProjectItem): ProjectItem =>
        castTo(world, item, "ProjectItem.cast", ["root", "bin", "clip"], (id) => projectItem(world, id)),
      ...fakeProjectItemTypes,
    },
    FolderItem: {
      cast: (item: ProjectItem): FolderItem => castTo(world, item, "FolderItem.cast", ["root", "bin"], (id) => folderItem(world, id)),
    },
    ClipProjectItem: {
      cast: (item: ProjectItem): ClipProjectItem =>
        castTo(world, item, "ClipProjectItem.cast", ["clip"], (id) => clipProjectItem(world, id)),
    },
  };
}
