/**
 * `PremiereHost` over the real `premierepro` module, which the panel passes in:
 * `createPremiereHost(require("premierepro"), { fileExists })`. Compiled against the official
 * `@adobe/premierepro` types; where those types promise more than Premiere delivers (nulls from
 * `getActiveSequence` and `cast`), the adapter checks at runtime.
 */
import type { premierepro, Project, ProjectItem, TickTime } from "@adobe/premierepro";
import { describeError, HostError } from "../../core/errors";
import { type Clock, systemClock } from "../../core/seams/clock";
import type {
  BinRef,
  ClipRef,
  ImportOutcome,
  MarkerOwner,
  MarkerRef,
  PremiereHost,
  TimelinePoint,
  TimelineSpan,
} from "../premiereHost";
import { shotColumnText } from "../shotbinColumns";
import { toFrames } from "../timelineFrames";
import { BinMaker, type BinHandle } from "./binCreation";
import { ShotColumnRegistry, readShotColumns, writeShotColumns } from "./clipMetadata";
import { placeClips, type PlacementMode } from "./clipPlacement";
import { subscribeToContextChanges } from "./contextEvents";
import { type DiscoveredClip, discoverImportedClips, itemIds, listBin, type DiscoveryTiming } from "./importedItemDiscovery";
import { addMarker, removeMarker, updateMarker, type MarkerEdit, type MarkerOwnerObject } from "./markerEditing";
import { hostOperation, premiereCall, premiereCallSync } from "./premiereCall";
import { asClip, asFolder, ProjectItemIndex } from "./projectItems";
import { activeSequence, describeSequence, sequenceTiming, targetSequence } from "./sequenceReading";
import { resolveTargetBin } from "./targetBinResolution";
import { timelineMethods } from "./timelineMethods";

export interface PremiereHostOptions {
  /** Whether a file exists at a native path: UXP's file system in the panel, the fake media store in tests. */
  fileExists(nativePath: string): Promise<boolean>;
  /** Moves a file (native paths): lets an exported frame that Premiere named differently reach the path asked. */
  renameFile?(from: string, to: string): Promise<void>;
  clock?: Clock;
  /** How long to look for the clips of an import before falling back (default 5 s, polling every 100 ms). */
  discoveryTimeoutMs?: number;
  discoveryPollMs?: number;
}

const read = (what: string) => ({ kind: "unexpected" as const, message: `Premiere could not read ${what}` });

export function createPremiereHost(ppro: premierepro, options: PremiereHostOptions): PremiereHost {
  const timing: DiscoveryTiming = {
    clock: options.clock ?? systemClock,
    timeoutMs: options.discoveryTimeoutMs ?? 5000,
    pollMs: options.discoveryPollMs ?? 100,
  };
  const index = new ProjectItemIndex(ppro);
  const bins = new BinMaker(ppro, index, timing);
  const columns = new ShotColumnRegistry(ppro);
  const placementMode: PlacementMode = { inOutSeparately: false };

  async function currentProject(): Promise<Project | null> {
    const project = await premiereCall("Project.getActiveProject", read("the open project"), () => ppro.Project.getActiveProject());
    return (project as Project | null | undefined) ?? null;
  }

  async function requireProject(): Promise<Project> {
    const project = await currentProject();
    if (!project) throw new HostError("no-project", "No project is open in Premiere. Open or create one first.", "Project.getActiveProject");
    return project;
  }

  async function requireItem(project: Project, id: string, name: string): Promise<ProjectItem> {
    const item = await index.find(project, id);
    if (!item) throw new HostError("not-found", `"${name}" is no longer in the project.`);
    return item;
  }

  async function requireBin(project: Project, bin: BinRef): Promise<BinHandle> {
    const item = await requireItem(project, bin.id, bin.name);
    const folder = asFolder(ppro, item);
    if (!folder) throw new HostError("not-found", `"${bin.name}" is not a bin.`, "FolderItem.cast");
    return { item, folder };
  }

  async function requireClip(project: Project, clip: Pick<ClipRef, "id" | "name">) {
    const item = await requireItem(project, clip.id, clip.name);
    const clipItem = asClip(ppro, item);
    if (!clipItem) throw new HostError("not-found", `"${clip.name}" is not a clip.`, "ClipProjectItem.cast");
    return { item, clip: clipItem };
  }

  function seconds(value: number, what: string): TickTime {
    if (!Number.isFinite(value) || value < 0) throw new HostError("invalid-request", `${what} must be zero or more seconds, not ${value}.`);
    return premiereCallSync("TickTime.createWithSeconds", read("a time"), () => ppro.TickTime.createWithSeconds(value));
  }

  /** The owner object of a marker, and how to turn a point or span into its time. */
  async function markerOwner(project: Project, owner: MarkerOwner) {
    if (owner.kind === "clip") {
      const { clip } = await requireClip(project, { id: owner.clipId, name: "The clip with this marker" });
      const time = (value: TimelinePoint | TimelineSpan, what: string): TickTime => {
        if ("frames" in value) throw new HostError("invalid-request", `${what} of a clip marker must be given in seconds.`);
        return seconds(value.seconds, what);
      };
      return { object: clip as MarkerOwnerObject, time };
    }
    const sequence = await targetSequence(ppro, project, owner.sequenceId);
    const { frameRate, ticksPerFrame, fps } = await sequenceTiming(sequence);
    const time = (value: TimelinePoint | TimelineSpan, what: string): TickTime => {
      const frames = toFrames(value, { fps, ticksPerFrame });
      if (frames < 0) throw new HostError("invalid-request", `${what} cannot be before the start of the sequence.`);
      return premiereCallSync("TickTime.createWithFrameAndFrameRate", read("a time"), () =>
        ppro.TickTime.createWithFrameAndFrameRate(frames, frameRate),
      );
    };
    return { object: sequence as MarkerOwnerObject, time, sequenceId: sequence.guid.toString() };
  }

  return {
    ...timelineMethods({
      ppro,
      index,
      requireProject,
      placementMode,
      files: { fileExists: options.fileExists, ...(options.renameFile ? { renameFile: options.renameFile } : {}) },
      timing,
    }),

    getContext: () =>
      hostOperation("read the Premiere project", async () => {
        const project = await currentProject();
        if (!project) return { project: null, targetBin: null, sequence: null };
        const target = await resolveTargetBin(ppro, project);
        index.remember(project, target.item);
        const sequence = await activeSequence(project);
        return {
          project: { id: project.guid.toString(), name: project.name, path: project.path },
          targetBin: { bin: target.bin, source: target.source },
          sequence: sequence ? await describeSequence(sequence) : null,
        };
      }),

    ensureBin: (path, parent) =>
      hostOperation("create the bin", async () => {
        const project = await requireProject();
        const start = parent ? await requireBin(project, parent) : await resolveTargetBin(ppro, project);
        index.remember(project, start.item);
        return bins.ensure(project, { item: start.item, folder: start.folder }, path);
      }),

    importClips: (files, bin) =>
      hostOperation("import the clips", async () => {
        const project = await requireProject();
        const target = await requireBin(project, bin);
        const outcomes = new Map<string, ImportOutcome>();
        const present: string[] = [];
        for (const file of new Set(files)) {
          let exists: boolean;
          try {
            exists = await options.fileExists(file);
          } catch (error) {
            exists = false;
            outcomes.set(file, {
              file,
              ok: false,
              error: new HostError("missing-file", `Shotbin could not check ${file}: ${describeError(error)}`, undefined, { cause: error }),
            });
            continue;
          }
          if (exists) present.push(file);
          else outcomes.set(file, { file, ok: false, error: new HostError("missing-file", `The file ${file} does not exist (any more).`) });
        }

        if (present.length > 0) {
          const before = itemIds(await listBin(target.folder));
          // Always the bin's own ProjectItem, the root's too: the types allow only a ProjectItem or
          // an omitted argument. (`null` also works in Premiere; the self-check tries both.)
          const targetBin = target.item;
          let accepted = false;
          let refusal: HostError | undefined;
          const isRoot = target.item.type === ppro.ProjectItem.TYPE_ROOT;
          try {
            accepted = await premiereCall("Project.importFiles", { kind: "import-refused", message: "Premiere refused the import" }, () =>
              project.importFiles(present, true, targetBin, false),
            );
          } catch (error) {
            refusal = error as HostError;
          }
          if (refusal && isRoot && /Illegal Parameter/i.test(refusal.message)) {
            // The form the community reports working for the root (self-check `import-root-forms`).
            refusal = undefined;
            try {
              accepted = await premiereCall("Project.importFiles", { kind: "import-refused", message: "Premiere refused the import" }, () =>
                project.importFiles(present, true, null as unknown as ProjectItem, false),
              );
            } catch (error) {
              refusal = error as HostError;
            }
          }
          const found = refusal
            ? new Map<string, DiscoveredClip>()
            : await discoverImportedClips(ppro, project, target.folder, before, present, timing);
          for (const file of present) {
            const clip = found.get(file);
            if (clip) {
              const id = index.remember(project, clip.item);
              outcomes.set(file, {
                file,
                ok: true,
                clip: { id, name: clip.item.name, mediaPath: clip.mediaPath },
                discoveredBy: clip.discoveredBy,
              });
            } else {
              outcomes.set(file, {
                file,
                ok: false,
                error:
                  refusal ??
                  (accepted
                    ? new HostError(
                        "not-found",
                        `Premiere accepted ${file} but its clip did not appear in "${bin.name}" within ${timing.timeoutMs / 1000} s.`,
                        "FolderItem.getItems",
                      )
                    : new HostError(
                        "import-refused",
                        `Premiere did not import ${file}. It may be a format Premiere cannot read, or the file may still be being written.`,
                        "Project.importFiles",
                      )),
              });
            }
          }
        }
        return files.map((file) => outcomes.get(file) as ImportOutcome);
      }),

    setClipMetadata: (clip, fields) =>
      hostOperation("write the clip's columns", async () => {
        const text = shotColumnText(fields);
        const project = await requireProject();
        const { item } = await requireClip(project, clip);
        await columns.ensure(project);
        return writeShotColumns(ppro, project, item, text);
      }),

    readClipMetadata: (clip) =>
      hostOperation("read the clip's columns", async () => {
        const project = await requireProject();
        const { item } = await requireClip(project, clip);
        return readShotColumns(ppro, item);
      }),

    addClipMarker: (clip, spec) =>
      hostOperation("add the clip marker", async () => {
        const project = await requireProject();
        const owner: MarkerOwner = { kind: "clip", clipId: clip.id };
        const { object } = await markerOwner(project, owner);
        return addMarker(ppro, project, owner, object, {
          name: spec.name,
          comments: spec.comments ?? "",
          colour: spec.colour,
          start: seconds(spec.atSeconds, "A marker's time"),
          duration: seconds(spec.durationSeconds ?? 0, "A marker's duration"),
        });
      }),

    addSequenceMarker: (spec) =>
      hostOperation("add the sequence marker", async () => {
        const project = await requireProject();
        const sequence = await targetSequence(ppro, project, spec.sequenceId);
        const owner: MarkerOwner = { kind: "sequence", sequenceId: sequence.guid.toString() };
        const { object, time } = await markerOwner(project, owner);
        return addMarker(ppro, project, owner, object, {
          name: spec.name,
          comments: spec.comments ?? "",
          colour: spec.colour,
          start: time(spec.at, "A marker's time"),
          duration: time(spec.duration ?? { frames: 0 }, "A marker's duration"),
        });
      }),

    updateMarker: (marker: MarkerRef, changes) =>
      hostOperation("update the marker", async () => {
        const project = await requireProject();
        const { object, time } = await markerOwner(project, marker.owner);
        const edit: MarkerEdit = { name: changes.name, comments: changes.comments, colour: changes.colour };
        if (changes.duration !== undefined) edit.duration = time(changes.duration, "A marker's duration");
        return updateMarker(ppro, project, object, marker, edit);
      }),

    removeMarker: (marker) =>
      hostOperation("remove the marker", async () => {
        const project = await requireProject();
        const { object } = await markerOwner(project, marker.owner);
        await removeMarker(ppro, project, object, marker);
      }),

    placeClips: (placements, placeOptions) =>
      hostOperation("place the shots", async () =>
        placeClips(ppro, await requireProject(), index, placements, placeOptions?.sequenceId, placementMode),
      ),

    onContextChanged: (listener) => {
      try {
        return subscribeToContextChanges(ppro, listener);
      } catch (error) {
        console.warn(`Shotbin cannot follow Premiere's context changes: ${describeError(error)}`);
        return () => undefined;
      }
    },
  };
}
