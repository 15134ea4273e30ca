import type { EventStore } from "./eventStore";

/**
 * The highest sequence each user has acknowledged. Kept in memory and written in batches: the
 * client's own persisted cursor decides what it is sent, so an ack lost in a crash only delays
 * pruning.
 */
export class AckCursors {
  private readonly pending = new Map<string, number>();
  private readonly known = new Map<string, number>();

  constructor(private readonly store: EventStore) {}

  note(user: string, seq: number): void {
    if (seq <= this.cursor(user)) return;
    this.known.set(user, seq);
    this.pending.set(user, seq);
  }

  cursor(user: string): number {
    let seq = this.known.get(user);
    if (seq === undefined) {
      seq = this.store.ackedSeq(user);
      this.known.set(user, seq);
    }
    return seq;
  }

  flush(nowMs: number): void {
    if (this.pending.size === 0) return;
    this.store.saveAcks(this.pending, nowMs);
    this.pending.clear();
  }
}
