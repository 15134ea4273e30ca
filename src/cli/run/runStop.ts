import type { JobState } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";

export type StopSignal = "SIGINT" | "SIGTERM";

/** Attaches a handler for Ctrl-C and SIGTERM; returns the detach. Tests pass their own. */
export type StopSource = (handler: (signal?: StopSignal) => void) => () => void;

export const processStopSignals: StopSource = (handler) => {
  const onInt = () => handler("SIGINT");
  const onTerm = () => handler("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  };
};

const AT_PROVIDER_OR_PAST: readonly JobState[] = ["submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding"];

/**
 * How `shotbin run` stops early.
 * - Ctrl-C: no new shot is sent; the jobs already at a provider (paid for) are followed to the end.
 * - SIGTERM (docker stop, systemd, a CI timeout: all send SIGKILL a few seconds later): no new shot
 *   is sent; a submit already on the wire gets its answer, so its job id is recorded, then
 *   following stops. Jobs at the providers stay in the ledger with their ids; --resume follows
 *   them and buys nothing again.
 * - A second signal of either kind leaves at once (the same as SIGTERM's second step).
 * Either way the caller writes the exports and prints how to resume.
 */
export class RunStop {
  private first: StopSignal | undefined;
  private leaving = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly options: {
      ledger: Ledger;
      /** No new submits. */
      stopSubmitting(): void;
      /** Stop following: every wait returns, jobs stay as the ledger has them. */
      leave(): void;
      message(text: string): void;
    },
  ) {}

  /** The first signal received, if any. */
  get signal(): StopSignal | undefined {
    return this.first;
  }

  handle(signal: StopSignal = "SIGINT"): void {
    const { ledger } = this.options;
    if (this.first) {
      this.options.message(`${signal === "SIGTERM" ? "SIGTERM" : "Ctrl-C"} again: leaving now. Jobs at the providers stay recorded; --resume follows them.`);
      this.leaveNow();
      return;
    }
    this.first = signal;
    this.options.stopSubmitting();
    const held = ledger.jobs().filter((job) => AT_PROVIDER_OR_PAST.includes(job.state)).length;
    if (signal === "SIGINT") {
      this.options.message(`Interrupted: no new shots are sent. Following the ${held} job(s) already at a provider (they are paid for); press Ctrl-C again to leave now and continue later with --resume.`);
      return;
    }
    this.options.message(`SIGTERM: no new shots are sent; recording the ${held} job(s) already at a provider for --resume, then stopping.`);
    this.leaveOnceSubmitsSettle();
  }

  /** Waits for submits on the wire (a job id is coming back) before leaving. */
  private leaveOnceSubmitsSettle(): void {
    const settled = () => !this.options.ledger.jobs().some((job) => job.state === "submitting");
    if (settled()) return this.leaveNow();
    this.unsubscribe = this.options.ledger.subscribe(() => {
      if (settled()) this.leaveNow();
    });
  }

  private leaveNow(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.leaving) return;
    this.leaving = true;
    this.options.leave();
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
