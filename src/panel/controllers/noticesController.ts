/**
 * The notice bar: short messages about jobs and runs. Information and successes fade after ten
 * seconds; warnings and errors stay until dismissed. A newer message about the same job replaces
 * the older one.
 */
import type { NoticeTone, PanelState, PanelStore } from "../state/panelStore";
import type { Notifier } from "./panelServices";

const MAX_NOTICES = 6;
const NOTICE_LIFETIME_MS = 10_000;

export class NoticesController implements Notifier {
  private lastId = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly store: PanelStore) {}

  private get notices(): PanelState["notices"] {
    return this.store.getState().notices;
  }

  notify(tone: NoticeTone, text: string, jobId?: string): void {
    const id = ++this.lastId;
    const notices = [...this.notices.filter((notice) => !jobId || notice.jobId !== jobId), { id, tone, text, ...(jobId ? { jobId } : {}) }];
    this.store.setState({ notices: notices.slice(-MAX_NOTICES) });
    if (tone === "info" || tone === "success") {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.dismiss(id);
      }, NOTICE_LIFETIME_MS);
      this.timers.add(timer);
    }
  }

  dismiss(id: number): void {
    this.store.setState({ notices: this.notices.filter((notice) => notice.id !== id) });
  }

  stop(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}
