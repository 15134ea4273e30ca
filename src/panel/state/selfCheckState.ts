/** What the Diagnostics tab shows of a self-check run: its progress, entries and saved report. */
import type { CheckEntry, SelfCheckReport } from "../../diagnostics/reportSchema";
import type { SavedReport } from "../../diagnostics/saveReport";

export interface SelfCheckState {
  running: boolean;
  /** Leave the scratch bin, sequence and files for inspection. */
  keepScratch: boolean;
  total: number;
  /** The check running now. */
  current?: { index: number; title: string };
  /** Finished checks, in order, as they come in. */
  entries: CheckEntry[];
  /** The editor has to act (click a bin in the Project panel) before the run goes on. */
  waiting?: { instruction: string; timeoutMs: number };
  report?: SelfCheckReport;
  problem?: string;
  saved?: SavedReport;
  /** The saved file as read back from the media folder, when the editor asks to see it. */
  savedText?: string;
}

export function emptySelfCheckState(): SelfCheckState {
  return { running: false, keepScratch: false, total: 0, entries: [] };
}
