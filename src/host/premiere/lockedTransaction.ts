/**
 * The one way the adapter changes a project. Since Premiere 26.3 every `create*Action` must run
 * while the project is locked, lock and transaction callbacks must be synchronous, and an action
 * must not outlive the lock it was made in. So: read everything first (async), then call this
 * with a synchronous `createActions` that only builds actions from what was read.
 */
import type { Action, Project } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import { toHostError } from "./premiereCall";

/**
 * Locks the project, creates the actions, and commits them as one undo step named `undoLabel`.
 * No actions means no change: nothing is committed (Premiere answers an empty transaction with
 * false, which would read as a refusal). Throws `lock` when building the actions fails and
 * `transaction` when Premiere does not commit. Returns whether a transaction was committed.
 */
export function commitInLock(project: Project, undoLabel: string, createActions: () => Action[]): boolean {
  let phase: "lock" | "transaction" = "lock";
  let committed: boolean | undefined;
  let empty = false;
  try {
    project.lockedAccess(() => {
      const actions = createActions();
      if (actions.length === 0) {
        empty = true;
        return;
      }
      phase = "transaction";
      committed = project.executeTransaction((compound) => {
        for (const action of actions) {
          if (!compound.addAction(action)) {
            throw new HostError("transaction", `Premiere would not add a step to "${undoLabel}".`, "CompoundAction.addAction");
          }
        }
      }, undoLabel);
    });
  } catch (error) {
    throw phase === "lock"
      ? toHostError(error, "Project.lockedAccess", { kind: "lock", message: `Premiere refused to prepare "${undoLabel}"` })
      : toHostError(error, "Project.executeTransaction", {
          kind: "transaction",
          message: `Premiere did not apply "${undoLabel}"`,
        });
  }
  if (empty) return false;
  if (committed !== true) {
    throw new HostError(
      "transaction",
      `Premiere did not apply "${undoLabel}". Nothing was changed; try again, and check the project is not read-only.`,
      "Project.executeTransaction",
    );
  }
  return true;
}
