import { useMemo } from "react";
import { formatUsd } from "../../../core/pricing";
import { stateText } from "../../runtime/jobMessages";
import { shotRunsFrom, type ShotRunView, type ShotView } from "../../runtime/shotRunViews";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";

const SHOWN_RUNS = 3;

function Link({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }) {
  return (
    <span className="sb-link" data-testid={testId} onClick={onClick}>
      {label}
    </span>
  );
}

function ShotRow({ run, shot }: { run: ShotRunView; shot: ShotView }) {
  const runtime = usePanel();
  const slot = shot.takes.find((take) => take.take === shot.slotTake) ?? shot.takes[0];
  const job = slot?.job;
  const failed = job?.state === "failed";
  const others = shot.takes.filter((take) => take.take !== shot.slotTake && take.inBin);
  return (
    <div className="sb-tr" data-testid="shot-row" data-shot={shot.shotId} data-state={job?.state ?? ""} data-slot-take={shot.slotTake}>
      <div className="sb-cells">
        <span className="sb-cell sb-strong" style={{ width: 44 }}>
          {shot.shotId}
        </span>
        <span className={`sb-cell sb-cell-grow${failed ? " sb-error" : ""}`} data-testid="shot-status">
          {job ? stateText(job.state) : "—"}
          {shot.takes.length > 1 ? <span className="sb-muted"> · take {shot.slotTake} in the slot</span> : null}
        </span>
        {shot.unfinished ? <Link label="Cancel" testId="shot-cancel" onClick={() => void runtime.shotLists.cancelShot(run.runId, shot.shotId)} /> : null}
      </div>
      {failed && job?.failure ? (
        <div className="sb-error" data-testid="shot-failure" style={{ fontSize: 11 }}>
          {job.failure.message}
        </div>
      ) : null}
      {others.length ? (
        <div className="sb-row" style={{ fontSize: 11 }}>
          {others.map((take) => (
            <Link key={take.take} label={`Replace with take ${take.take}`} testId="replace-take" onClick={() => void runtime.shotLists.replaceWithTake(run.runId, shot.shotId, take.take)} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function RunBlock({ run }: { run: ShotRunView }) {
  const runtime = usePanel();
  const active = usePanelState((state) => state.shotList.activeRuns.includes(run.runId));
  const pause = usePanelState((state) => state.shotList.pauses[run.runId]);
  return (
    <div className="sb-section" data-testid="shot-run" data-run-id={run.runId} data-active={active ? "true" : "false"}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-strong">{run.name}</span>
        <span className="sb-muted" data-testid="shot-run-summary">
          {run.done}/{run.takes} done{run.failed ? ` · ${run.failed} failed` : ""} · {formatUsd(run.approvedUsd)} approved
        </span>
      </div>
      {pause ? (
        <div className="sb-box" data-testid="budget-pause">
          <div className="sb-issue">
            Paused: a retry needs {formatUsd(pause.neededUsd)} more than the {formatUsd(pause.approvedUsd)} approved ({formatUsd(pause.reservedUsd)} spent or reserved so far).
          </div>
          <div className="sb-row sb-gap" style={{ marginTop: 4 }}>
            <SpButton testId="approve-more" variant="primary" onClick={() => void runtime.shotLists.approveMore(run.runId)}>
              Approve {formatUsd(pause.neededUsd)} more
            </SpButton>
            <SpButton testId="stop-run" onClick={() => void runtime.shotLists.cancelRun(run.runId)}>
              Stop the run
            </SpButton>
          </div>
        </div>
      ) : null}
      <div className="sb-table">
        {run.shots.map((shot) => (
          <ShotRow key={shot.order} run={run} shot={shot} />
        ))}
      </div>
      {run.unfinished > 0 ? (
        <div className="sb-row">
          <SpButton testId="cancel-run" onClick={() => void runtime.shotLists.cancelRun(run.runId)}>
            Cancel the run
          </SpButton>
        </div>
      ) : null}
    </div>
  );
}

/** The latest runs, shot by shot: state, failure reason, cancel, and "Replace with take N". */
export function ShotRuns() {
  const jobs = usePanelState((state) => state.jobs);
  const runs = useMemo(() => shotRunsFrom(Object.values(jobs)).slice(0, SHOWN_RUNS), [jobs]);
  if (runs.length === 0) return null;
  return (
    <div data-testid="shot-runs">
      <div className="sb-label sb-strong">Runs</div>
      {runs.map((run) => (
        <RunBlock key={run.runId} run={run} />
      ))}
    </div>
  );
}
