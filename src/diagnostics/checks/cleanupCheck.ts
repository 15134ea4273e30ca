/**
 * Clearing away what the self-check made: the scratch sequence (deleted first, so no clip of the
 * bin is still on a timeline), the scratch bin with its clips (one locked transaction), the files
 * in the scratch folder, and giving the editor's active sequence back.
 */
import { describeError } from "../../core/errors";
import { listBin } from "../../host/premiere/importedItemDiscovery";
import { deleteSequence, removeProjectItems } from "../../host/premiere/scratchItems";
import { requireProject, SkipCheck } from "../selfCheckContext";
import { fail, pass, plural, type SelfCheckDefinition } from "./checkDefinition";

export const cleanupCheck: SelfCheckDefinition = {
  id: "cleanup",
  expected: "the scratch sequence, the scratch bin with its clips and the scratch files are gone",
  async run(ctx) {
    if (ctx.options.keepScratch) {
      throw new SkipCheck(
        `Kept for inspection: the bin "${ctx.scratchBinName}", the sequence "${ctx.scratchSequenceName}" and ${plural(ctx.files.length, "file")} in the scratch folder.`,
      );
    }
    const project = ctx.project ? requireProject(ctx) : null;
    const done: string[] = [];
    const problems: string[] = [];

    if (project && ctx.sequence) {
      try {
        const deleted = await deleteSequence(project, ctx.sequence.sequence);
        const left = (await project.getSequences()).some((s) => s.guid.toString() === ctx.sequence?.id);
        if (left) problems.push(`the sequence is still there (deleteSequence answered ${String(deleted)})`);
        else done.push("sequence deleted");
      } catch (error) {
        problems.push(`deleting the sequence failed: ${describeError(error)}`);
      }
    }

    let binGone = !ctx.bin;
    if (project && ctx.bin) {
      try {
        removeProjectItems(ctx.ppro, project, [ctx.bin.item], "Shotbin self-check: remove scratch items");
        const root = ctx.root?.folder ?? (await project.getRootItem());
        binGone = !(await listBin(root)).some((item) => item.getId() === ctx.bin?.ref.id);
        if (binGone) done.push("bin and its clips removed");
        else problems.push("the bin is still in the root after removing it");
      } catch (error) {
        problems.push(`removing the bin failed: ${describeError(error)}`);
      }
    }

    if (project && ctx.previousSequence) {
      try {
        await project.setActiveSequence(ctx.previousSequence);
      } catch (error) {
        problems.push(`giving back the previously active sequence failed: ${describeError(error)}`);
      }
    }

    // Media still in the project must not go offline, so files are deleted only once the bin is gone.
    const files = ctx.files.splice(0);
    let filesLeft = files.length;
    if (binGone) {
      let deleted = 0;
      for (const file of files) {
        try {
          await ctx.deps.fs.unlink(file);
          deleted++;
          filesLeft--;
        } catch (error) {
          problems.push(`a scratch file could not be deleted (${describeError(error)})`);
        }
      }
      if (files.length) done.push(`${plural(deleted, "scratch file")} deleted`);
    } else if (files.length) {
      problems.push(`${plural(files.length, "scratch file")} left in the scratch folder because the bin that uses them is still there`);
    }

    const details = { filesLeft };
    if (problems.length) {
      return fail(`${[...done, ...problems].join("; ")}.`, {
        fallback: `Remove the bin "${ctx.scratchBinName}" and the sequence "${ctx.scratchSequenceName}" by hand; they hold nothing of yours.`,
        details,
      });
    }
    return pass(`${done.join("; ") || "nothing was made, so nothing to remove"}.`, { details });
  },
};
