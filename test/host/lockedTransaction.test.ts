/** How commitInLock reports each way Premiere can refuse, using hand-made projects that misbehave on purpose. */
import type { Action, CompoundAction, Project } from "@adobe/premierepro";
import { HostError } from "../../src/core/errors";
import { commitInLock } from "../../src/host/premiere/lockedTransaction";

function project(overrides: { lockedAccess?: Project["lockedAccess"]; executeTransaction?: Project["executeTransaction"] }): Project {
  const compound = { addAction: () => true, empty: false } as unknown as CompoundAction;
  return {
    lockedAccess: overrides.lockedAccess ?? ((cb: () => void) => cb()),
    executeTransaction: overrides.executeTransaction ?? ((cb: (c: CompoundAction) => void) => (cb(compound), true)),
  } as unknown as Project;
}

const action = {} as Action;

describe("commitInLock", () => {
  it("commits the actions under the label", () => {
    const added: Action[] = [];
    const labels: (string | undefined)[] = [];
    const p = project({
      executeTransaction: (cb, label) => {
        cb({ addAction: (a: Action) => (added.push(a), true), empty: false } as unknown as CompoundAction);
        labels.push(label);
        return true;
      },
    });
    commitInLock(p, "Shotbin: place 2 shots", () => [action, action]);
    expect(added).toHaveLength(2);
    expect(labels).toEqual(["Shotbin: place 2 shots"]);
  });

  it("commits nothing, and does not call it a refusal, when there are no actions", () => {
    let transactions = 0;
    const p = project({
      executeTransaction: () => {
        transactions++;
        return false; // what Premiere answers for an empty compound action
      },
    });
    expect(commitInLock(p, "Shotbin: update marker", () => [])).toBe(false);
    expect(transactions).toBe(0);
    expect(commitInLock(project({}), "X", () => [action])).toBe(true);
  });

  it("reports a lock that throws a bare string as a lock HostError", () => {
    const p = project({
      lockedAccess: () => {
        throw "Project is locked by another operation";
      },
    });
    const error = (() => {
      try {
        commitInLock(p, "X", () => [action]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ kind: "lock", call: "Project.lockedAccess", message: expect.stringContaining("locked by another") });
  });

  it("reports a transaction that throws, or answers false, as a transaction HostError", () => {
    const throwing = project({
      executeTransaction: () => {
        throw new Error("Script action failed to execute");
      },
    });
    expect(() => commitInLock(throwing, "X", () => [action])).toThrow(
      expect.objectContaining({ kind: "transaction", call: "Project.executeTransaction" }),
    );
    expect(() => commitInLock(project({ executeTransaction: () => false }), "X", () => [action])).toThrow(
      expect.objectContaining({ kind: "transaction", message: expect.stringContaining('did not apply "X"') }),
    );
  });

  it("reports an action the compound action will not take", () => {
    const p = project({
      executeTransaction: (cb) => {
        cb({ addAction: () => false, empty: true } as unknown as CompoundAction);
        return true;
      },
    });
    expect(() => commitInLock(p, "X", () => [action])).toThrow(
      expect.objectContaining({ kind: "transaction", call: "CompoundAction.addAction" }),
    );
  });
});
