/**
 * What the checks share while a self-check runs: the deps, the project, the scratch items as they
 * are made, the imported clips, the event log. Each check reads what earlier checks left and
 * skips, naming what is missing, when a prerequisite failed.
 */
import type { FolderItem, FrameRate, premierepro, Project, ProjectItem, Sequence } from "@adobe/premierepro";
import type { BinRef, ClipRef } from "../host/premiereHost";
import { ProjectItemIndex } from "../host/premiere/projectItems";
import type { XmpProperties } from "../media/xmpFields";
import type { EventLog } from "./eventLog";
import type { SelfCheckDeps, SelfCheckOptions } from "./selfCheckDeps";
import type { TestClipFormat } from "./testClips";

/** Thrown by a check that cannot run here; becomes a "skipped" entry with this reason. */
export class SkipCheck extends Error {
  constructor(reason: string) {
    super(reason);
  }
}

export interface ScratchSequence {
  sequence: Sequence;
  id: string;
  name: string;
  fps: number;
  ticksPerFrame: number;
  frameRate: FrameRate;
}

export interface SelfCheckContext {
  deps: SelfCheckDeps;
  ppro: premierepro;
  options: Required<Pick<SelfCheckOptions, "keepScratch" | "interactive" | "userWaitMs" | "waitMs">> & Pick<SelfCheckOptions, "onProgress">;
  runId: string;
  events: EventLog;
  index: ProjectItemIndex;
  project: Project | null;
  /** The active sequence before the self-check made its own, to give it back afterwards. */
  previousSequence: Sequence | null;
  scratchFolder: string | null;
  scratchFolderProblem?: string;
  scratchBinName: string;
  scratchSequenceName: string;
  root?: { item: ProjectItem; folder: FolderItem; ref: BinRef };
  bin?: { ref: BinRef; item: ProjectItem; folder: FolderItem };
  sequence?: ScratchSequence;
  /** Files the self-check created in the scratch folder, to delete at the end. */
  files: string[];
  clips: Partial<Record<TestClipFormat, ClipRef>>;
  /** The clip import-discovery imported by hand; only clip-in-out changes it. */
  probe?: ProjectItem;
  /** Clock time at which the import checks started, for the import-complete event. */
  importsFrom?: number;
  /** When each `importFiles` call resolved. */
  importResolvedAt: number[];
  /** XMP read from each imported clip, shared by the field and date checks. */
  xmp: Partial<Record<TestClipFormat, { properties: XmpProperties; bytes: number } | { error: string }>>;
  /** Redacts folder paths, the project's name and path, and the relay token from report text. */
  redact(text: string): string;
}

export function need<T>(value: T | null | undefined, reason: string): T {
  if (value === null || value === undefined) throw new SkipCheck(reason);
  return value;
}

export function requireProject(ctx: SelfCheckContext): Project {
  return need(ctx.project, "No project is open in Premiere; open a project (a new, empty one is best) and run the self-check again.");
}

export function requireBin(ctx: SelfCheckContext) {
  requireProject(ctx);
  return need(ctx.bin, "The scratch bin could not be created (see the bin-creation check).");
}

export function requireSequence(ctx: SelfCheckContext): ScratchSequence {
  requireProject(ctx);
  return need(ctx.sequence, "The scratch sequence could not be created (see the sequence-creation check).");
}

export function requireClip(ctx: SelfCheckContext, format: TestClipFormat): ClipRef {
  requireBin(ctx);
  return need(ctx.clips[format], `The ${format.toUpperCase()} test clip was not imported (see the import check).`);
}

export function newIndex(ppro: premierepro): ProjectItemIndex {
  return new ProjectItemIndex(ppro);
}

/** `2026-08-30T14-05-12Z`: sortable, and legal in bin and file names on every platform. */
export function runIdFor(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}
