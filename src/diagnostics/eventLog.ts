/**
 * Premiere events heard during a self-check, with when they came. Listeners are registered for
 * the whole run (global ones at the start, the scratch sequence's once it exists) and removed at
 * the end; a listener never throws into Premiere.
 */
import type { premierepro, Sequence } from "@adobe/premierepro";
import type { Clock } from "../core/seams/clock";
import { describeError } from "../core/errors";

export type HeardEventName = "project-selection" | "import-complete" | "sequence-selection";

export interface HeardEvent {
  name: HeardEventName;
  /** Clock time it arrived. */
  at: number;
  /** Registered globally, or on the scratch sequence. */
  via: "global" | "sequence";
  /** `state` of an operation-complete payload, when there is one. */
  state?: unknown;
  /** Names of the payload's fields, never their values. */
  payloadKeys: string[];
}

type EventName = Parameters<premierepro["EventManager"]["addGlobalEventListener"]>[0];

export class EventLog {
  readonly heard: HeardEvent[] = [];
  /** Registrations Premiere refused, by event. */
  readonly refused: string[] = [];
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly ppro: premierepro,
    private readonly clock: Clock,
  ) {}

  private handler(name: HeardEventName, via: HeardEvent["via"]) {
    return (event?: object) => {
      try {
        const payload = (event ?? {}) as Record<string, unknown>;
        this.heard.push({
          name,
          at: this.clock.now(),
          via,
          ...("state" in payload ? { state: payload.state } : {}),
          payloadKeys: Object.keys(payload).sort(),
        });
      } catch {
        // Never let a diagnostics listener throw inside Premiere's event dispatch.
      }
    };
  }

  listenGlobally(): void {
    const { ProjectEvent, OperationCompleteEvent, SequenceEvent } = this.ppro.Constants;
    const globals: [EventName, HeardEventName][] = [
      [ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED, "project-selection"],
      [OperationCompleteEvent.IMPORT_MEDIA_COMPLETE, "import-complete"],
      [SequenceEvent.SELECTION_CHANGED, "sequence-selection"],
    ];
    for (const [eventName, name] of globals) {
      const handler = this.handler(name, "global");
      try {
        this.ppro.EventManager.addGlobalEventListener(eventName, handler);
        this.removers.push(() => this.ppro.EventManager.removeGlobalEventListener(eventName, handler));
      } catch (error) {
        this.refused.push(`global ${name}: ${describeError(error)}`);
      }
    }
  }

  listenToSequence(sequence: Sequence): void {
    const eventName = this.ppro.Constants.SequenceEvent.SELECTION_CHANGED;
    const handler = this.handler("sequence-selection", "sequence");
    try {
      this.ppro.EventManager.addEventListener(sequence, eventName, handler);
      this.removers.push(() => this.ppro.EventManager.removeEventListener(sequence, eventName, handler));
    } catch (error) {
      this.refused.push(`sequence-selection on the sequence: ${describeError(error)}`);
    }
  }

  since(name: HeardEventName, from: number): HeardEvent[] {
    return this.heard.filter((e) => e.name === name && e.at >= from);
  }

  /** Waits until an event `name` has arrived at or after `from`, or `timeoutMs` passed. */
  async waitFor(name: HeardEventName, from: number, timeoutMs: number): Promise<HeardEvent[]> {
    const deadline = this.clock.now() + timeoutMs;
    while (this.since(name, from).length === 0 && this.clock.now() < deadline) await this.clock.sleep(50);
    return this.since(name, from);
  }

  stop(): void {
    for (const remove of this.removers.splice(0)) {
      try {
        remove();
      } catch {
        // The listener is gone already.
      }
    }
  }
}
