import type { CheckEntry } from "../../../diagnostics/reportSchema";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox, SpProgressbar } from "../spectrum/spectrumWidgets";

const STATUS: Record<CheckEntry["status"], { label: string; className: string }> = {
  pass: { label: "Pass", className: "sb-pass" },
  fail: { label: "Fail", className: "sb-fail" },
  skipped: { label: "Skipped", className: "sb-skip" },
};

function Line({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div style={{ fontSize: 11, marginTop: 2 }} data-testid={testId}>
      <span className="sb-muted">{label}: </span>
      {text}
    </div>
  );
}

function CheckRow({ entry }: { entry: CheckEntry }) {
  const status = STATUS[entry.status];
  return (
    <div className="sb-tr" data-testid="check-row" data-id={entry.id} data-status={entry.status}>
      <div className="sb-cells">
        <span className={`sb-cell sb-strong ${status.className}`} style={{ width: 56 }} data-testid="check-status">
          {status.label}
        </span>
        <span className="sb-cell sb-cell-grow" data-testid="check-title" title={entry.assumption}>
          {entry.title}
        </span>
        <span className="sb-cell sb-muted" style={{ paddingRight: 0 }}>
          {entry.durationMs < 1000 ? `${Math.round(entry.durationMs)} ms` : `${(entry.durationMs / 1000).toFixed(1)} s`}
        </span>
      </div>
      <Line label="Expected" text={entry.expected} testId="check-expected" />
      <Line label="Observed" text={entry.observed} testId="check-observed" />
      {entry.fallback ? <Line label="Fallback" text={entry.fallback} testId="check-fallback" /> : null}
      {entry.note ? <Line label="Note" text={entry.note} testId="check-note" /> : null}
    </div>
  );
}

/**
 * The self-check: tests every assumption Shotbin makes about this Premiere in a scratch bin and
 * sequence, shows each result as it comes, and gives the report to copy or save for a bug report.
 */
export function DiagnosticsTab() {
  const runtime = usePanel();
  const session = runtime.selfCheck;
  const state = usePanelState((s) => s.diagnostics);
  const relayUrl = usePanelState((s) => s.settings.relayUrl);
  const report = state.report;
  const done = state.entries.length;
  const failures = state.entries.filter((entry) => entry.status !== "pass").length;
  // Failures and skips first: they are what a bug report is about.
  const entries = [...state.entries].sort((a, b) => Number(a.status === "pass") - Number(b.status === "pass"));
  return (
    <div data-testid="diagnostics-tab">
      <div className="sb-section">
        <div className="sb-hint">
          Tests in a scratch bin and sequence what Shotbin assumes about this Premiere (import, XMP, columns, markers, frame-exact edits, locks, events, storage, files
          {relayUrl ? ", the relay" : ""}) and writes a report. Please attach it to bug reports.
        </div>
        <div className="sb-row sb-gap" style={{ marginTop: 6 }}>
          <SpButton testId="run-self-check" variant="cta" disabled={state.running} onClick={() => void session.run()}>
            {state.running ? "Running…" : "Run self-check"}
          </SpButton>
          <SpCheckbox testId="keep-scratch" checked={state.keepScratch} disabled={state.running} onChange={(keep) => session.setKeepScratch(keep)}>
            Keep scratch items for inspection
          </SpCheckbox>
        </div>
      </div>
      {state.running ? (
        <div className="sb-section" data-testid="self-check-progress">
          <SpProgressbar value={state.total ? Math.round((done / state.total) * 100) : 0} testId="self-check-bar" />
          <div className="sb-hint">
            {done} of {state.total || "…"} checks done{state.current ? `; now: ${state.current.title}` : ""}
          </div>
        </div>
      ) : null}
      {state.waiting ? (
        <div className="sb-box sb-strong" data-testid="self-check-waiting">
          {state.waiting.instruction}
        </div>
      ) : null}
      {state.problem ? (
        <div className="sb-error" data-testid="self-check-problem">
          {state.problem}
        </div>
      ) : null}
      {report ? (
        <div className="sb-section" data-testid="self-check-summary" data-pass={report.summary.pass} data-fail={report.summary.fail} data-skipped={report.summary.skipped}>
          <div className={report.summary.fail ? "sb-fail sb-strong" : "sb-pass sb-strong"}>
            {report.summary.pass} passed, {report.summary.fail} failed, {report.summary.skipped} skipped of {report.summary.total}
          </div>
          <div className="sb-hint">
            {report.premiere.host ?? "?"} {report.premiere.version ?? "?"} · UXP {report.premiere.uxp ?? "?"} · Shotbin {report.shotbin.version} · scratch items{" "}
            {report.scratch.kept ? "kept for inspection" : "removed"}
          </div>
          <div className="sb-row sb-gap" style={{ marginTop: 6 }}>
            <SpButton testId="copy-report" onClick={() => void session.copy()}>
              Copy report
            </SpButton>
            <SpButton testId="save-report" onClick={() => void session.save()}>
              Save report
            </SpButton>
            {state.saved ? (
              <SpButton testId="view-report" quiet onClick={() => void (state.savedText ? session.hideSaved() : session.viewSaved())}>
                {state.savedText ? "Hide saved JSON" : "View saved JSON"}
              </SpButton>
            ) : null}
          </div>
          {state.saved ? (
            <div className="sb-hint" data-testid="saved-report" title={state.saved.path}>
              Saved {state.saved.name} ({Math.round(state.saved.bytes / 1024)} KB) in the media folder.
            </div>
          ) : null}
          {state.savedText ? (
            <div className="sb-pre" data-testid="report-json">
              {state.savedText}
            </div>
          ) : null}
        </div>
      ) : null}
      {entries.length ? (
        <div className="sb-table" data-testid="check-table" data-count={entries.length} data-not-passed={failures}>
          {entries.map((entry) => (
            <CheckRow key={entry.id} entry={entry} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
