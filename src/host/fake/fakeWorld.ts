/**
 * Everything the fake Premiere knows: the open project, the metadata schema, the lock rules, the
 * undo history, event listeners and the knobs tests turn to make Premiere awkward. The objects
 * handed to the adapter are thin views that look their data up here on every call.
 */
import type { Project } from "@adobe/premierepro";
import type { FakeFrameExport } from "./fakeFrameRenderer";
import type { FakeMediaStore } from "./fakeMediaStore";
import type { FakeItemRecord, FakeProjectState, FakeSourceClip } from "./fakeState";
import { type FakeAction, LockDiscipline } from "./lockDiscipline";

export interface FakeBehaviour {
  /** How many listings of its bin a newly imported clip stays invisible for (Premiere indexes imports asynchronously). */
  importVisibleAfterListings: number;
  /** Paths whose import "succeeds" but never produces a project item. */
  importLosesPath(path: string): boolean;
  /** Premiere ignores the target bin and imports into the root. */
  importIgnoresTargetBin: boolean;
  /** `executeTransaction` returns false and changes nothing. */
  refuseTransactions: boolean;
  /** `getInsertionBin` rejects. */
  insertionBinFails: boolean;
  /** `ProjectUtils.getSelection` rejects. */
  selectionFails: boolean;
  /** Markers have no `guid`, as before Premiere 26.3. */
  markersWithoutGuid: boolean;
  /**
   * `getInsertionBin` answers the bin selected in the Project panel when one is selected (the
   * natural reading of "insertion bin", which the self-check tests). False: it ignores the
   * selection and answers only what `setInsertionBin` set.
   */
  insertionBinFollowsSelection: boolean;
  /** Actions must be made under a lock, as since Premiere 26.3. False: Premiere 25.x, where nothing checks. */
  locksEnforced: boolean;
  /**
   * An overwrite takes the clip's in/out as they are when the action is created, not when the
   * transaction applies it, so an in/out set earlier in the same transaction is not seen.
   */
  overwriteReadsInOutAtCreation: boolean;
  /** `importFiles` fires `OperationCompleteEvent.IMPORT_MEDIA_COMPLETE` when it finishes. */
  emitsImportComplete: boolean;
  /** What `Project.createSequence` makes without a preset: Premiere's default preset. */
  defaultSequence: { fps: number; width: number; height: number; videoTracks: number };
  /**
   * Where `exportSequenceFrame(seq, t, "frame.png", dir, w, h)` writes: `dir/frame.png` (the strict
   * reading of the types) or `dir/frame.png.png` (the doubled extension Adobe's sample reports).
   */
  frameExportNaming: "as-given" | "double-extension";
}

export interface CommittedTransaction {
  label: string;
  actionCount: number;
}

export type FakeEventHandler = (event?: object) => void;

export interface MetadataSchemaEntry {
  label: string;
  type: number;
}

export class FakeWorld {
  project: FakeProjectState | null = null;
  readonly schema: Record<string, MetadataSchemaEntry> = {};
  readonly discipline = new LockDiscipline(() => this.behaviour.locksEnforced);
  readonly history: (CommittedTransaction & { before: FakeProjectState })[] = [];
  /** Why the last transaction that returned false failed. */
  lastTransactionFailure: string | undefined;
  readonly globalListeners = new Map<unknown, Set<FakeEventHandler>>();
  readonly listenerErrors: unknown[] = [];
  /** Item id → listings of its bin left before it shows up. */
  readonly hiddenForListings = new Map<string, number>();
  /**
   * Views that item views hand out (`ProjectItem.getProject`). Wired by createFakePremiere, so the
   * item module does not import the project module that imports it.
   */
  readonly views: { project: () => Project } = {
    project: () => {
      throw new Error("FakeWorld.views.project is not wired; create the fake with createFakePremiere.");
    },
  };
  readonly behaviour: FakeBehaviour = {
    importVisibleAfterListings: 0,
    importLosesPath: () => false,
    importIgnoresTargetBin: false,
    refuseTransactions: false,
    insertionBinFails: false,
    selectionFails: false,
    markersWithoutGuid: false,
    insertionBinFollowsSelection: true,
    locksEnforced: true,
    overwriteReadsInOutAtCreation: false,
    emitsImportComplete: true,
    defaultSequence: { fps: 29.97, width: 1920, height: 1080, videoTracks: 3 },
    frameExportNaming: "as-given",
  };
  /** Every exportSequenceFrame call, oldest first. */
  readonly frameExports: FakeFrameExport[] = [];
  /** The Source Monitor's open clips; the last one is shown. Not part of the project, so undo leaves it. */
  sourceClips: FakeSourceClip[] = [];

  constructor(readonly media: FakeMediaStore) {}

  requireProject(call: string): FakeProjectState {
    if (!this.project) throw new Error(`${call}: no project is open.`);
    return this.project;
  }

  item(id: string, call: string): FakeItemRecord {
    const item = this.requireProject(call).items[id];
    if (!item) throw new Error(`${call}: the project item no longer exists.`);
    return item;
  }

  emit(eventName: unknown, event: object): void {
    for (const handler of [...(this.globalListeners.get(eventName) ?? [])]) {
      try {
        handler(event);
      } catch (error) {
        // In Premiere an exception escaping a listener is reported to destabilize the host.
        this.listenerErrors.push(error);
      }
    }
  }

  /** Applies the actions of one transaction atomically: all of them, or none and false. */
  commit(label: string, actions: FakeAction[]): boolean {
    if (this.behaviour.refuseTransactions) {
      this.lastTransactionFailure = "refused (behaviour.refuseTransactions)";
      return false;
    }
    const project = this.requireProject("Project.executeTransaction");
    const before = structuredClone(project);
    try {
      for (const action of actions) action.apply();
    } catch (error) {
      this.project = before;
      this.lastTransactionFailure = error instanceof Error ? error.message : String(error);
      return false;
    }
    this.history.push({ label, actionCount: actions.length, before });
    return true;
  }

  /** Edit > Undo: restores the project as it was before the last transaction. */
  undo(): string | undefined {
    const last = this.history.pop();
    if (!last) return undefined;
    this.project = last.before;
    return last.label;
  }
}
