import type { ServerMessage } from "./client/protocol";
import { publicEvent, type StoredEvent } from "./eventStore";

const frames = new WeakMap<StoredEvent, string>();

/** The WebSocket text frame for an event, serialised once however many panels receive it. */
export function eventFrame(event: StoredEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    const message: ServerMessage = { type: "event", event: publicEvent(event) };
    frame = JSON.stringify(message);
    frames.set(event, frame);
  }
  return frame;
}
