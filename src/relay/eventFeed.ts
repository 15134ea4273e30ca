import type { StoredEvent } from "./eventStore";

/** Something that wants a user's new events the moment they are stored: a WebSocket or a waiting long-poll. */
export interface FeedSubscriber {
  notify(events: readonly StoredEvent[]): void;
}

/**
 * In-memory fan-out of newly stored events to the subscribers of their user. It carries nothing
 * durable: subscribers that miss a notification re-read from the store by sequence number.
 */
export class EventFeed {
  private readonly byUser = new Map<string, Set<FeedSubscriber>>();

  subscribe(user: string, subscriber: FeedSubscriber): () => void {
    let set = this.byUser.get(user);
    if (!set) {
      set = new Set();
      this.byUser.set(user, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.byUser.get(user) === set) this.byUser.delete(user);
    };
  }

  /** Events must come in sequence order; each subscriber gets its user's share in one call. */
  publish(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const byUser = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (!this.byUser.has(event.user)) continue;
      const list = byUser.get(event.user);
      if (list) list.push(event);
      else byUser.set(event.user, [event]);
    }
    for (const [user, list] of byUser) {
      for (const subscriber of [...(this.byUser.get(user) ?? [])]) subscriber.notify(list);
    }
  }
}
