/**
 * The project: root and insertion bins, sequences, `importFiles` with Premiere's argument
 * checks, and the lock and transaction entry points.
 */
import type { CompoundAction, FolderItem, Guid, Project, ProjectItem, ProjectItemSelection, Sequence } from "@adobe/premierepro";
import { folderItem, itemIdOf, itemViewKinds, projectItem } from "./fakeProjectItems";
import { fakeConstants } from "./fakeConstants";
import { addSequenceRecord, allocateId, type FakeItemRecord, removeItemTree } from "./fakeState";
import { TICKS_PER_SECOND, ticksPerFrameFor } from "./fakeTime";
import { FakeSequenceView, guid, sequenceView } from "./fakeTimeline";
import type { FakeWorld } from "./fakeWorld";
import type { FakeAction } from "./lockDiscipline";
import { asCompoundAction, asProject, asProjectItemSelection, hostNull, type ProjectShape } from "./officialShapes";

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

class FakeProjectView implements ProjectShape {
  constructor(private readonly world: FakeWorld) {}

  private state(call: string) {
    return this.world.requireProject(call);
  }

  get guid(): Guid {
    return guid(this.state("Project.guid").guid);
  }
  get name(): string {
    return this.state("Project.name").name;
  }
  get path(): string {
    return this.state("Project.path").path;
  }

  async getRootItem(): Promise<FolderItem> {
    return folderItem(this.world, this.state("Project.getRootItem").rootId);
  }

  async getInsertionBin(): Promise<ProjectItem> {
    const project = this.state("Project.getInsertionBin");
    if (this.world.behaviour.insertionBinFails) throw new Error("Project.getInsertionBin is not available.");
    const selectedBin = this.world.behaviour.insertionBinFollowsSelection
      ? project.selection.find((id) => project.items[id]?.kind !== "clip")
      : undefined;
    return projectItem(this.world, selectedBin ?? project.insertionBinId ?? project.rootId);
  }

  /** A sequence from the default preset (a preset path is deprecated and ignored), in the root bin, made active. */
  async createSequence(name: string, presetPath?: string): Promise<Sequence> {
    const call = "Project.createSequence";
    if (typeof name !== "string" || name === "" || (presetPath !== undefined && typeof presetPath !== "string")) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    const project = this.state(call);
    const preset = this.world.behaviour.defaultSequence;
    const before = structuredClone(project);
    const id = addSequenceRecord(project, project.rootId, {
      name,
      ticksPerFrame: ticksPerFrameFor(preset.fps),
      width: preset.width,
      height: preset.height,
      videoTracks: preset.videoTracks,
    });
    this.world.history.push({ label: "New Sequence", actionCount: 0, before });
    project.activeSequenceId = id;
    this.world.emit(fakeConstants.SequenceEvent.ACTIVATED, { id, name });
    return sequenceView(this.world, id);
  }

  /** Removes the sequence and its project item; false when it is already gone. */
  async deleteSequence(sequence: Sequence): Promise<boolean> {
    const call = "Project.deleteSequence";
    if (!(sequence instanceof FakeSequenceView) || sequence.world !== this.world) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    const project = this.state(call);
    const record = project.sequences[sequence.sequenceId];
    if (!record) return false;
    const before = structuredClone(project);
    const wasActive = project.activeSequenceId === sequence.sequenceId;
    removeItemTree(project, record.itemId);
    this.world.history.push({ label: "Delete Sequence", actionCount: 0, before });
    if (wasActive) this.world.emit(fakeConstants.SequenceEvent.CLOSED, { id: sequence.sequenceId, name: record.name });
    return true;
  }

  async getActiveSequence(): Promise<Sequence> {
    const active = this.state("Project.getActiveSequence").activeSequenceId;
    return active === null ? hostNull<Sequence>() : sequenceView(this.world, active);
  }

  async setActiveSequence(sequence: Sequence): Promise<boolean> {
    const call = "Project.setActiveSequence";
    if (!(sequence instanceof FakeSequenceView) || sequence.world !== this.world) {
      throw this.world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
    }
    const project = this.state(call);
    const record = project.sequences[sequence.sequenceId];
    if (!record) return false;
    project.activeSequenceId = sequence.sequenceId;
    this.world.emit(fakeConstants.SequenceEvent.ACTIVATED, { id: sequence.sequenceId, name: record.name });
    return true;
  }

  async getSequences(): Promise<Sequence[]> {
    return this.state("Project.getSequences").sequenceOrder.map((id) => sequenceView(this.world, id));
  }

  getSequence(sequenceGuid: Guid): Sequence {
    const id = String(sequenceGuid);
    return this.state("Project.getSequence").sequences[id] ? sequenceView(this.world, id) : hostNull<Sequence>();
  }

  async importFiles(filePaths: string[], suppressUI?: boolean, targetBin?: ProjectItem, asNumberedStills?: boolean): Promise<boolean> {
    const call = "Project.importFiles";
    const world = this.world;
    const illegal = (what: string) => world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${what})`);
    if (!Array.isArray(filePaths) || filePaths.some((p) => typeof p !== "string")) throw illegal("filePaths");
    if (suppressUI !== undefined && typeof suppressUI !== "boolean") throw illegal("suppressUI");
    // The trap: "no bin" must be null; undefined (or leaving the argument out) throws.
    if (targetBin === undefined) throw illegal("targetBin is undefined; pass null for the root");
    if (asNumberedStills !== undefined && typeof asNumberedStills !== "boolean") throw illegal("asNumberedStills");
    const project = this.state(call);
    let binId = targetBin === null ? project.rootId : itemIdOf(world, targetBin, call, [itemViewKinds.projectItem]);
    if (world.item(binId, call).kind === "clip") throw illegal("targetBin is not a bin");
    if (world.behaviour.importIgnoresTargetBin) binId = project.rootId;

    const before = structuredClone(project);
    let all = true;
    for (const path of filePaths) {
      const file = await world.media.probe(path);
      if (!file || file.unreadable) {
        all = false;
        continue;
      }
      if (world.behaviour.importLosesPath(path)) continue;
      const current = world.requireProject(call);
      const id = allocateId(current, "item");
      const record: FakeItemRecord = {
        id,
        kind: "clip",
        name: basename(path),
        parentId: binId,
        childIds: [],
        clip: {
          mediaPath: path,
          durationTicks: BigInt(Math.round(file.durationSeconds * Number(TICKS_PER_SECOND))),
          inTicks: null,
          outTicks: null,
          properties: {},
        },
      };
      current.items[id] = record;
      world.item(binId, call).childIds.push(id);
      if (world.behaviour.importVisibleAfterListings > 0) world.hiddenForListings.set(id, world.behaviour.importVisibleAfterListings);
    }
    world.history.push({ label: "Import", actionCount: 0, before });
    if (world.behaviour.emitsImportComplete) {
      const { SUCCESS, FAILED } = fakeConstants.OperationCompleteState;
      world.emit(fakeConstants.OperationCompleteEvent.IMPORT_MEDIA_COMPLETE, { state: all ? SUCCESS : FAILED });
    }
    return all;
  }

  lockedAccess(callback: () => void): void {
    const discipline = this.world.discipline;
    const returned = discipline.withScope("Project.lockedAccess", callback, (cb) => (cb as () => unknown)());
    discipline.requireSynchronous("Project.lockedAccess", returned);
  }

  executeTransaction(callback: (compoundAction: CompoundAction) => void, undoString?: string): boolean {
    const call = "Project.executeTransaction";
    const discipline = this.world.discipline;
    this.state(call);
    discipline.beginTransaction();
    const actions: FakeAction[] = [];
    let returned: unknown;
    try {
      const compound = asCompoundAction({
        addAction: (action) => {
          actions.push(discipline.admit(action));
          return true;
        },
        get empty() {
          return actions.length === 0;
        },
      });
      returned = discipline.withScope(call, callback, (cb) => (cb as (c: CompoundAction) => unknown)(compound));
    } finally {
      discipline.endTransaction();
    }
    discipline.requireSynchronous(call, returned);
    // An empty compound action is not an edit: Premiere answers false and records no undo step
    // (issue 13's strict reading; UNCONFIRMED), which a caller must not read as a refusal.
    if (actions.length === 0) {
      this.world.lastTransactionFailure = "empty (no actions were added)";
      return false;
    }
    return this.world.commit(undoString ?? "", actions);
  }
}

export function projectView(world: FakeWorld): Project {
  return asProject(new FakeProjectView(world));
}

export function projectStatics(world: FakeWorld) {
  return {
    Project: {
      async getActiveProject(): Promise<Project> {
        return world.project ? projectView(world) : hostNull<Project>();
      },
    },
    ProjectUtils: {
      async getSelection(project: Project): Promise<ProjectItemSelection> {
        const state = world.requireProject("ProjectUtils.getSelection");
        if (!project) throw world.discipline.breach("illegal-parameter", "ProjectUtils.getSelection", "Illegal Parameter type (ProjectUtils.getSelection)");
        if (world.behaviour.selectionFails) throw new Error("ProjectUtils.getSelection is not available.");
        const ids = [...state.selection];
        return asProjectItemSelection({ getItems: async () => ids.map((id) => projectItem(world, id)) });
      },
    },
    Guid: {
      fromString: (value: string): Guid => guid(value),
    },
  };
}
