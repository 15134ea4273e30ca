/**
 * Turns anything Premiere throws or rejects with (Errors, strings, plain objects, undefined)
 * into a `HostError` naming the call that failed. Every `premierepro` call in the adapter goes
 * through one of these, so nothing raw reaches the panel.
 */
import { describeError, HostError, type HostErrorKind } from "../../core/errors";

export interface FailureMeaning {
  kind: HostErrorKind;
  /** What failed, for the editor: "Premiere could not import the files". */
  message: string;
}

export function toHostError(value: unknown, call: string | undefined, meaning: FailureMeaning): HostError {
  if (value instanceof HostError) return value;
  const detail = describeError(value);
  const message = detail ? `${meaning.message}: ${detail}` : `${meaning.message}.`;
  return new HostError(meaning.kind, message, call, { cause: value });
}

/** Awaits one Premiere call; a throw or rejection becomes a HostError for `call`. */
export async function premiereCall<T>(call: string, meaning: FailureMeaning, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toHostError(error, call, meaning);
  }
}

/** The same for synchronous calls, which are the only kind allowed inside a lock. */
export function premiereCallSync<T>(call: string, meaning: FailureMeaning, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toHostError(error, call, meaning);
  }
}

/** The outermost net of every PremiereHost method: whatever got past the specific handlers. */
export async function hostOperation<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toHostError(error, undefined, { kind: "unexpected", message: `Shotbin could not ${what}` });
  }
}
