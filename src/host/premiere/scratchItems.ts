/**
 * Making and clearing away the throwaway items of a self-check: a sequence from Premiere's default
 * preset, and the removal of project items. Removal goes through the same locked transaction as
 * every other change, so it is one undo step and obeys the 26.3 lock rules.
 */
import type { FolderItem, premierepro, Project, ProjectItem, Sequence } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";

export interface CreatedSequence {
  sequence: Sequence;
  /**
   * How it was found: the value `createSequence` resolved with, or (when that was empty) the one
   * sequence with a guid that was not there before.
   */
  foundBy: "returned" | "guid-diff";
}

async function sequenceGuids(project: Project): Promise<Set<string>> {
  const sequences = await premiereCall(
    "Project.getSequences",
    { kind: "unexpected", message: "Premiere could not list the project's sequences" },
    () => project.getSequences(),
  );
  return new Set(sequences.map((s) => s.guid.toString()));
}

/** A new sequence named `name` from the default preset. */
export async function createSequence(project: Project, name: string): Promise<CreatedSequence> {
  const before = await sequenceGuids(project);
  const made = await premiereCall(
    "Project.createSequence",
    { kind: "unexpected", message: `Premiere could not create the sequence "${name}"` },
    () => project.createSequence(name),
  );
  if (made) return { sequence: made, foundBy: "returned" };
  // The types promise a Sequence; should a version resolve with nothing, find the new one by guid.
  const sequences = await project.getSequences();
  const fresh = sequences.filter((s) => !before.has(s.guid.toString()));
  const found = fresh.find((s) => s.name === name) ?? (fresh.length === 1 ? fresh[0] : undefined);
  if (!found) throw new HostError("not-found", `Premiere created the sequence "${name}" but Shotbin could not find it.`, "Project.getSequences");
  return { sequence: found, foundBy: "guid-diff" };
}

/** Deletes a sequence and its project item. False when Premiere says it did not. */
export async function deleteSequence(project: Project, sequence: Sequence): Promise<boolean> {
  const deleted = await premiereCall(
    "Project.deleteSequence",
    { kind: "unexpected", message: `Premiere could not delete the sequence "${sequence.name}"` },
    () => project.deleteSequence(sequence),
  );
  return deleted === true;
}

/** Removes items (bins with everything in them) from the project in one undo step named `undoLabel`. */
export function removeProjectItems(ppro: premierepro, project: Project, items: ProjectItem[], undoLabel: string): void {
  if (items.length === 0) return;
  const removals = items.map((item) => {
    const parent = premiereCallSync(
      "ProjectItem.getParentBin",
      { kind: "unexpected", message: `Premiere could not find the bin that holds "${item.name}"` },
      () => item.getParentBin() as FolderItem | null | undefined,
    );
    if (!parent || item.type === ppro.ProjectItem.TYPE_ROOT) {
      throw new HostError("invalid-request", `"${item.name}" is the project's root and cannot be removed.`);
    }
    return { item, parent };
  });
  commitInLock(project, undoLabel, () =>
    removals.map(({ item, parent }) =>
      premiereCallSync("FolderItem.createRemoveItemAction", { kind: "lock", message: `Premiere refused to prepare the removal of "${item.name}"` }, () =>
        parent.createRemoveItemAction(item),
      ),
    ),
  );
}
