/**
 * Which bin new shots go into. The one place that decides it, because what Premiere reports is
 * uncertain: whether `getInsertionBin` follows the bin the editor is working in, and whether the
 * Project-panel selection is readable, are not documented. The order is: a bin selected in the
 * Project panel, else the insertion bin, else the root. Each step that fails falls through and
 * says why, so a diagnostics check can show what this Premiere does.
 */
import type { FolderItem, premierepro, Project, ProjectItem } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import type { TargetBin, TargetBinSource } from "../premiereHost";
import { premiereCall, premiereCallSync } from "./premiereCall";
import { asFolder, describeBin, folderAsItem } from "./projectItems";

export interface ResolvedTargetBin extends TargetBin {
  folder: FolderItem;
  item: ProjectItem;
  /** Sources that were tried before the one used, and why they were passed over. */
  passedOver: { source: TargetBinSource; reason: string }[];
}

export async function resolveTargetBin(ppro: premierepro, project: Project): Promise<ResolvedTargetBin> {
  const passedOver: ResolvedTargetBin["passedOver"] = [];
  const found = (source: TargetBinSource, item: ProjectItem, folder: FolderItem): ResolvedTargetBin => ({
    source,
    item,
    folder,
    bin: premiereCallSync("ProjectItem.getParentBin", { kind: "unexpected", message: "Premiere could not describe the bin" }, () =>
      describeBin(ppro, item),
    ),
    passedOver,
  });

  try {
    const selection = await ppro.ProjectUtils.getSelection(project);
    const selected = (await selection?.getItems()) ?? [];
    const bin = selected.map((item) => ({ item, folder: asFolder(ppro, item) })).find((s) => s.folder);
    if (bin?.folder) return found("selection", bin.item, bin.folder);
    passedOver.push({ source: "selection", reason: selected.length ? "no bin is selected" : "nothing is selected" });
  } catch (error) {
    passedOver.push({ source: "selection", reason: `ProjectUtils.getSelection failed: ${describeError(error)}` });
  }

  try {
    const insertion = await project.getInsertionBin();
    const folder = insertion ? asFolder(ppro, insertion) : null;
    if (insertion && folder) return found("insertion-bin", insertion, folder);
    passedOver.push({ source: "insertion-bin", reason: insertion ? "it is not a bin" : "there is none" });
  } catch (error) {
    passedOver.push({ source: "insertion-bin", reason: `Project.getInsertionBin failed: ${describeError(error)}` });
  }

  const root = await premiereCall(
    "Project.getRootItem",
    { kind: "unexpected", message: "Premiere could not read the project's root bin" },
    () => project.getRootItem(),
  );
  return found("root", folderAsItem(ppro, root), root);
}
