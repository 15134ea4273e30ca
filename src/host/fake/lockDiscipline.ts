/**
 * Premiere 26.3's rules for changing a project, enforced:
 * - every `create*Action` must run inside `Project.lockedAccess` or `Project.executeTransaction`;
 * - their callbacks must be synchronous (a callback that returns a Promise throws; the lock has
 *   already ended by the time its `await` resumes);
 * - an action must be used while the lock it was made in is still held;
 * - `CompoundAction.addAction` takes only actions, and transactions do not nest.
 * Each breach throws, like Premiere, and is also recorded so tests can name the rule. With
 * `behaviour.locksEnforced` off the fake plays Premiere 25.x: actions may be made and used without
 * a lock (callbacks must still be synchronous).
 */

export type LockRule =
  | "action-outside-lock"
  | "async-callback"
  | "stale-action"
  | "illegal-parameter"
  | "nested-transaction";

export interface RuleViolation {
  rule: LockRule;
  call: string;
  message: string;
}

interface Scope {
  open: boolean;
}

/** Where actions made without a lock live when nothing enforces the rule (Premiere 25.x). */
const UNCHECKED: Scope = { open: true };

/** An action the fake made: a change to apply when its transaction commits. */
export class FakeAction {
  constructor(
    readonly call: string,
    readonly scope: Scope,
    readonly apply: () => void,
  ) {}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

export class LockDiscipline {
  readonly violations: RuleViolation[] = [];
  private readonly scopes: Scope[] = [];
  private transactionOpen = false;

  /** `enforced` false models Premiere before 26.3: actions may be made and used anywhere. */
  constructor(private readonly enforced: () => boolean = () => true) {}

  breach(rule: LockRule, call: string, message: string): Error {
    this.violations.push({ rule, call, message });
    return new Error(message);
  }

  get locked(): boolean {
    return this.scopes.length > 0;
  }

  /** What every `create*Action` does first. */
  action(call: string, apply: () => void): FakeAction {
    const scope = this.scopes[this.scopes.length - 1];
    if (!scope) {
      if (!this.enforced()) return new FakeAction(call, UNCHECKED, apply);
      throw this.breach(
        "action-outside-lock",
        call,
        `${call}: actions must be created inside Project.lockedAccess or Project.executeTransaction (Premiere 26.3+).`,
      );
    }
    return new FakeAction(call, scope, apply);
  }

  /** Runs a synchronous callback while holding a lock scope. */
  withScope<T>(call: string, callback: unknown, run: (cb: (...args: never[]) => unknown) => T): T {
    if (typeof callback !== "function") throw this.breach("illegal-parameter", call, `Illegal Parameter type (${call}: callback)`);
    const scope: Scope = { open: true };
    this.scopes.push(scope);
    let result: T;
    try {
      result = run(callback as (...args: never[]) => unknown);
    } finally {
      scope.open = false;
      this.scopes.pop();
    }
    return result;
  }

  /** Throws if a callback returned a Promise; the Promise's own failure is recorded, not left unhandled. */
  requireSynchronous(call: string, returned: unknown): void {
    if (!isThenable(returned)) return;
    returned.then(undefined, () => undefined);
    throw this.breach("async-callback", call, `${call}: the callback must be synchronous; the lock ends when it returns, not when its Promise settles.`);
  }

  /** What `CompoundAction.addAction` checks. */
  admit(action: unknown): FakeAction {
    if (!(action instanceof FakeAction)) {
      throw this.breach("illegal-parameter", "CompoundAction.addAction", "Illegal Parameter type (CompoundAction.addAction: expected an Action)");
    }
    if (!action.scope.open && this.enforced()) {
      throw this.breach(
        "stale-action",
        "CompoundAction.addAction",
        `CompoundAction.addAction: the action from ${action.call} was created under a lock that has ended.`,
      );
    }
    return action;
  }

  beginTransaction(): void {
    if (this.transactionOpen) {
      throw this.breach("nested-transaction", "Project.executeTransaction", "Project.executeTransaction cannot run inside another transaction.");
    }
    this.transactionOpen = true;
  }

  endTransaction(): void {
    this.transactionOpen = false;
  }
}
