/**
 * The Project panel: the selection event (which needs a click, since the API cannot change the
 * selection), the insertion bin against the selected bin, and making the scratch bin and sequence.
 * The editor's own bins are described by position only, never by name.
 */
import type { FolderItem, Project, ProjectItem } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import { asFolder, describeBin, folderAsItem } from "../../host/premiere/projectItems";
import { createSequence } from "../../host/premiere/scratchItems";
import { activeSequence, describeSequence, sequenceTiming } from "../../host/premiere/sequenceReading";
import { resolveTargetBin } from "../../host/premiere/targetBinResolution";
import { requireProject, type SelfCheckContext, SkipCheck } from "../selfCheckContext";
import { fail, pass, plural, type SelfCheckDefinition, skipped } from "./checkDefinition";

async function selectedItems(ctx: SelfCheckContext, project: Project): Promise<ProjectItem[]> {
  const selection = await ctx.ppro.ProjectUtils.getSelection(project);
  return (await selection?.getItems()) ?? [];
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * "the root bin" or "a bin 2 levels down (id 000f4c2a)": enough to tell bins apart, nothing of the
 * editor's names (Premiere's item ids are opaque).
 */
export function position(ctx: SelfCheckContext, item: ProjectItem): string {
  if (item.type === ctx.ppro.ProjectItem.TYPE_ROOT) return "the root bin";
  let id = "?";
  try {
    id = item.getId();
    const depth = describeBin(ctx.ppro, item).path.length;
    return `a bin ${plural(depth, "level")} down (id ${id})`;
  } catch {
    return `a bin (id ${id})`;
  }
}

export const projectSelectionEventCheck: SelfCheckDefinition = {
  id: "event-project-selection",
  expected: "PROJECT_ITEM_SELECTION_CHANGED fires when a bin is clicked in the Project panel",
  async run(ctx) {
    const project = requireProject(ctx);
    if (!ctx.options.interactive) {
      throw new SkipCheck("Run without asking for a click; Premiere's API cannot change the Project-panel selection itself.");
    }
    const ids = async () => (await selectedItems(ctx, project)).map((item) => item.getId());
    const before = await ids();
    const clock = ctx.deps.clock;
    const from = clock.now();
    const timeoutMs = ctx.options.userWaitMs;
    ctx.options.onProgress?.({
      type: "waiting-for-user",
      instruction: `Click a bin in the Project panel now (waiting up to ${Math.round(timeoutMs / 1000)} s). The self-check compares it with Premiere's insertion bin.`,
      timeoutMs,
    });
    let changedAt: number | undefined;
    for (;;) {
      if (ctx.events.since("project-selection", from).length > 0) break;
      const now = clock.now();
      if (changedAt === undefined && !sameIds(await ids(), before)) changedAt = now;
      // Once the selection has changed, give the event a moment to follow.
      if (now - from >= timeoutMs || (changedAt !== undefined && now - changedAt >= Math.min(1000, ctx.options.waitMs))) break;
      await clock.sleep(250);
    }
    const heard = ctx.events.since("project-selection", from);
    const first = heard[0];
    if (first) {
      return pass(`Fired ${plural(heard.length, "time")}, ${first.at - from} ms after the prompt (payload fields: ${first.payloadKeys.join(", ") || "none"}).`, {
        details: { fired: heard.length, afterMs: first.at - from, via: first.via },
      });
    }
    if (changedAt !== undefined) {
      return fail(`The selection changed ${changedAt - from} ms after the prompt, but no PROJECT_ITEM_SELECTION_CHANGED event came.`, {
        fallback: "The Generate tab re-reads the project, target bin and sequence every 2 s, and every submit reads them again, so a missed event only delays what the panel shows.",
        details: { fired: 0 },
      });
    }
    return skipped(`Nothing was selected within ${Math.round(timeoutMs / 1000)} s, so there was nothing to hear. Click a bin when asked to test this event.`, {
      details: { fired: 0 },
    });
  },
};

export const targetBinCheck: SelfCheckDefinition = {
  id: "target-bin",
  expected: "getInsertionBin() is the bin selected in the Project panel",
  async run(ctx) {
    const project = requireProject(ctx);
    const resolved = await resolveTargetBin(ctx.ppro, project);
    const chose = `Shotbin chose ${resolved.source === "selection" ? "the selected bin" : resolved.source === "insertion-bin" ? "the insertion bin" : "the root bin"}`;
    let selected: ProjectItem[];
    try {
      selected = await selectedItems(ctx, project);
    } catch (error) {
      return fail(`ProjectUtils.getSelection failed: ${describeError(error)}`, {
        fallback: `Shotbin uses the insertion bin, else the root. ${chose}.`,
      });
    }
    let insertion: ProjectItem | null = null;
    let insertionProblem: string | undefined;
    try {
      insertion = ((await project.getInsertionBin()) as ProjectItem | null | undefined) ?? null;
    } catch (error) {
      insertionProblem = `Project.getInsertionBin failed: ${describeError(error)}`;
    }
    const selectedBin = selected.find((item) => asFolder(ctx.ppro, item));
    const insertionText = insertionProblem ?? (insertion ? `getInsertionBin() answered ${position(ctx, insertion)}` : "getInsertionBin() answered nothing");
    const details = {
      selectedItems: selected.length,
      binSelected: selectedBin !== undefined,
      shotbinChose: resolved.source,
    };
    if (!selectedBin) {
      return skipped(
        `${selected.length ? `${plural(selected.length, "item")} selected, none of them a bin` : "Nothing is selected"}; ${insertionText}; ${chose}. Select a bin and run again to compare.`,
        { details },
      );
    }
    const selectedId = selectedBin.getId();
    if (insertion && insertion.getId() === selectedId) {
      return pass(`${insertionText}, which is the selected bin; ${chose}.`, { details });
    }
    const fallbackWorked = resolved.source === "selection" && resolved.bin.id === selectedId;
    return fail(`${insertionText}, but ${position(ctx, selectedBin)} is selected.`, {
      fallback: `Shotbin reads the selection first and uses the selected bin: ${fallbackWorked ? "it did here" : `it did NOT here (${chose})`}.`,
      details,
    });
  },
};

export const scratchBinCheck: SelfCheckDefinition = {
  id: "scratch-bin",
  expected: "a bin with exactly the asked-for name, found as the one new item in the root bin",
  async run(ctx) {
    const project = requireProject(ctx);
    const rootFolder: FolderItem = await project.getRootItem();
    const rootItem = folderAsItem(ctx.ppro, rootFolder);
    const rootRef = { id: rootItem.getId(), name: rootItem.name, path: [] };
    ctx.root = { item: rootItem, folder: rootFolder, ref: rootRef };
    const bin = await ctx.deps.host.ensureBin([ctx.scratchBinName], rootRef);
    const item = await ctx.index.find(project, bin.id);
    const folder = item ? asFolder(ctx.ppro, item) : null;
    if (!item || !folder) return fail(`The bin was reported as made, but no bin with its id (${bin.id}) is in the project.`);
    ctx.bin = { ref: bin, item, folder };
    if (bin.name !== ctx.scratchBinName) {
      return fail(`Premiere named the new bin "${bin.name}" instead of "${ctx.scratchBinName}".`, {
        fallback: "Shotbin finds a new bin by the ids that were not there before, so a renamed bin is still found (it was here).",
      });
    }
    return pass(`Made "${bin.name}" in the root bin and found it by id diff.`, { details: { depth: bin.path.length } });
  },
};

export const scratchSequenceCheck: SelfCheckDefinition = {
  id: "scratch-sequence",
  expected: "createSequence(name) resolves with the new sequence, readable (frame rate, size, tracks)",
  async run(ctx) {
    const project = requireProject(ctx);
    ctx.previousSequence = await activeSequence(project);
    const created = await createSequence(project, ctx.scratchSequenceName);
    const sequence = created.sequence;
    const timing = await sequenceTiming(sequence);
    const info = await describeSequence(sequence);
    ctx.sequence = {
      sequence,
      id: info.id,
      name: info.name,
      fps: timing.fps,
      ticksPerFrame: timing.ticksPerFrame,
      frameRate: timing.frameRate,
    };
    ctx.events.listenToSequence(sequence);
    const active = await activeSequence(project);
    const becameActive = active?.guid.toString() === info.id;
    const observed = `${info.frameRate.fps.toFixed(3)} fps, ${info.frameSize.width}x${info.frameSize.height}, ${plural(info.videoTrackCount, "video track")}; ${becameActive ? "it became the active sequence" : "the active sequence did not change"}`;
    const details = { fps: info.frameRate.fps, ticksPerFrame: info.frameRate.ticksPerFrame, videoTracks: info.videoTrackCount, becameActive };
    if (created.foundBy !== "returned") {
      return fail(`createSequence resolved with nothing; the new sequence was found by guid diff. ${observed}.`, {
        fallback: "Shotbin looks for the sequence whose guid was not there before (it found it here).",
        details,
      });
    }
    return pass(`Resolved with the new sequence: ${observed}.`, { details });
  },
};
