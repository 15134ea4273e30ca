/**
 * Premiere's project, selection and sequence events, as Shotbin context changes. Listeners run
 * inside Premiere's event dispatch, so a throwing listener is caught here rather than left to
 * unsettle the host.
 */
import type { premierepro } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import type { ContextChange, ContextChangeReason } from "../premiereHost";

type GlobalEventName = Parameters<premierepro["EventManager"]["addGlobalEventListener"]>[0];

export function subscribeToContextChanges(ppro: premierepro, listener: (change: ContextChange) => void): () => void {
  const { ProjectEvent, SequenceEvent } = ppro.Constants;
  const events: [GlobalEventName, ContextChangeReason][] = [
    [ProjectEvent.OPENED, "project-opened"],
    [ProjectEvent.CLOSED, "project-closed"],
    [ProjectEvent.ACTIVATED, "project-activated"],
    [ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED, "project-selection-changed"],
    [SequenceEvent.ACTIVATED, "sequence-activated"],
    [SequenceEvent.CLOSED, "sequence-closed"],
    [SequenceEvent.SELECTION_CHANGED, "timeline-selection-changed"],
  ];
  const registered: [GlobalEventName, () => void][] = [];
  for (const [eventName, reason] of events) {
    const handler = () => {
      try {
        listener({ reason });
      } catch (error) {
        console.error(`A Shotbin context listener failed on ${reason}: ${describeError(error)}`);
      }
    };
    try {
      ppro.EventManager.addGlobalEventListener(eventName, handler);
      registered.push([eventName, handler]);
    } catch (error) {
      console.warn(`Premiere would not report ${reason} events: ${describeError(error)}`);
    }
  }
  return () => {
    for (const [eventName, handler] of registered.splice(0)) {
      try {
        ppro.EventManager.removeGlobalEventListener(eventName, handler);
      } catch {
        // Nothing to undo: the listener is gone or Premiere is shutting down.
      }
    }
  };
}
