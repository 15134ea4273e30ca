/**
 * Importing into the project's root both ways: with the root's own ProjectItem (what the official
 * types allow, and what Shotbin passes) and with `null` (what the community reports working, and
 * what Shotbin falls back to when the first is refused). Each imported item is removed again.
 */
import type { ProjectItem } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import { itemIds, listBin, normalizeMediaPath } from "../../host/premiere/importedItemDiscovery";
import { asClip } from "../../host/premiere/projectItems";
import { removeProjectItems } from "../../host/premiere/scratchItems";
import { copyTestClip } from "../scratchFiles";
import { need, requireProject, type SelfCheckContext } from "../selfCheckContext";
import { fail, pass, type SelfCheckDefinition } from "./checkDefinition";

interface FormResult {
  answered: string;
  found: ProjectItem | null;
}

async function importInto(ctx: SelfCheckContext, target: ProjectItem | null, suffix: string): Promise<FormResult> {
  const project = requireProject(ctx);
  const root = need(ctx.root, "The project's root could not be read (see scratch-bin).");
  const file = await copyTestClip(ctx, "mp4", suffix);
  const before = itemIds(await listBin(root.folder));
  let answered: string;
  try {
    answered = String(await project.importFiles([file], true, target as ProjectItem, false));
  } catch (error) {
    return { answered: `threw (${describeError(error)})`, found: null };
  }
  const wanted = normalizeMediaPath(file);
  const deadline = ctx.deps.clock.now() + ctx.options.waitMs;
  for (;;) {
    for (const item of (await listBin(root.folder)).filter((i) => !before.has(i.getId()))) {
      const clip = asClip(ctx.ppro, item);
      if (clip && normalizeMediaPath((await clip.getMediaFilePath()) ?? "") === wanted) return { answered, found: item };
    }
    if (ctx.deps.clock.now() >= deadline) return { answered, found: null };
    await ctx.deps.clock.sleep(100);
  }
}

export const importRootFormsCheck: SelfCheckDefinition = {
  id: "import-root-forms",
  expected: "importFiles into the root works with the root's ProjectItem (the typed form Shotbin uses), and with null",
  async run(ctx) {
    const project = requireProject(ctx);
    const root = need(ctx.root, "The project's root could not be read (see scratch-bin).");
    const typed = await importInto(ctx, root.item, "root-item");
    const withNull = await importInto(ctx, null, "root-null");
    const made = [typed.found, withNull.found].filter((item): item is ProjectItem => item !== null);
    if (made.length > 0) removeProjectItems(ctx.ppro, project, made, "Shotbin self-check: remove root imports");
    const describe = (form: FormResult) => `answered ${form.answered}, ${form.found ? "the clip is in the root" : "no clip appeared in the root"}`;
    const observed = `With the root's ProjectItem: ${describe(typed)}. With null: ${describe(withNull)}.`;
    const details = { typedForm: typed.found !== null, nullForm: withNull.found !== null };
    if (typed.found) return pass(observed, { details });
    return fail(observed, {
      fallback: withNull.found
        ? "When Premiere refuses the root's ProjectItem as Illegal Parameter, Shotbin imports again with null, which worked here."
        : "Neither form imported into the root: choose a bin in the Project panel (Shotbin then imports into that bin).",
      details,
    });
  },
};
