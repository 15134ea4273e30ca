import { memo, useState, type ReactElement } from "react";
import type { JobRecord } from "../../../core/jobRecord";
import { formatUsd } from "../../../core/pricing";
import { findModel } from "../../../providers/catalog";
import { awaitsReview, jobExtra } from "../../runtime/jobExtras";
import { jobTitle, nextStep, stateText } from "../../runtime/jobMessages";
import { usePanel, usePanelState } from "../panelContext";
import { SpProgressbar } from "../spectrum/spectrumWidgets";
import { isDiscarded } from "./jobFilters";

export const JOB_ROW_HEIGHT = 64;

function elapsed(job: JobRecord, now: number): string {
  const start = Date.parse(job.handle?.submittedAt ?? job.createdAt);
  const final = job.state === "failed" || job.state === "cancelled" || job.state === "placed" || job.state === "imported" || job.state === "ready";
  const end = final ? Date.parse(job.updatedAt) : now;
  const seconds = Math.max(0, Math.round((end - start) / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

function Action({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }) {
  return (
    <span className="sb-link" data-testid={testId} onClick={onClick}>
      {label}
    </span>
  );
}

/** One job: what it is, where it is, how long, what it costs, and what can be done with it. */
export const JobRow = memo(function JobRow({ id, now }: { id: string; now: number }) {
  const runtime = usePanel();
  const job = usePanelState((state) => state.jobs[id]);
  const [confirming, setConfirming] = useState(false);
  if (!job) return null;
  const model = findModel(job.request.provider, job.request.model)?.displayName ?? job.request.model;
  const running = job.state === "running" || job.state === "queued";
  const progress = Math.round((job.progress ?? 0) * 100);
  const status = isDiscarded(job) ? "Discarded" : stateText(job.state);
  const retryUsd = runtime.jobActions.retryEstimate(job);
  const actions: ReactElement[] = [];
  if (runtime.jobActions.canCancel(job)) actions.push(<Action key="cancel" label="Cancel" testId="job-cancel" onClick={() => void runtime.jobActions.cancel(id)} />);
  if (job.state === "failed" && runtime.jobActions.canResume(job)) actions.push(<Action key="resume" label={job.failure?.step === "submit" ? "Send again" : "Resume"} testId="job-resume" onClick={() => void runtime.jobActions.resume(id)} />);
  if ((job.state === "failed" && !runtime.jobActions.canResume(job)) || job.state === "cancelled") actions.push(<Action key="retry" label="Retry…" testId="job-retry" onClick={() => setConfirming(true)} />);
  if (awaitsReview(job)) actions.push(<Action key="import" label="Import" testId="job-import" onClick={() => void runtime.jobActions.importTake(id)} />);
  if (job.state === "imported" || job.state === "placed") actions.push(<Action key="reimport" label="Re-import" testId="job-reimport" onClick={() => void runtime.jobActions.reimport(id)} />);
  if (job.file) actions.push(<Action key="reveal" label="Reveal" testId="job-reveal" onClick={() => void runtime.jobActions.reveal(id)} />);
  const where = jobExtra(job).placement;
  return (
    <div className="sb-job" data-testid="job-row" data-job-id={id} data-state={job.state}>
      <div className="sb-job-line">
        <span className="sb-ellipsis" title={job.request.prompt}>
          <span className="sb-strong">{jobTitle(job)}</span> · {model}
        </span>
        <span data-testid="job-cost">{formatUsd(job.estimate.usd)}</span>
      </div>
      <div className="sb-job-line">
        <span className={job.state === "failed" ? "sb-error" : undefined} data-testid="job-status" style={{ flex: "0 0 auto", marginRight: 8 }}>
          {status}
          {running && job.progress !== undefined ? ` ${progress}%` : ""}
        </span>
        {running ? (
          <div style={{ flex: "1 1 auto", marginRight: 8 }}>
            <SpProgressbar value={progress} testId="job-progress" />
          </div>
        ) : (
          <span className="sb-ellipsis sb-muted" style={{ flex: "1 1 auto" }} title={job.failure ? `${job.failure.message} ${nextStep(job)}` : undefined} data-testid="job-detail">
            {job.failure ? job.failure.message : where && job.state === "placed" ? `V${where.track + 1} at frame ${where.frame}` : (job.file?.split(/[\\/]/).pop() ?? "")}
          </span>
        )}
        <span className="sb-muted" data-testid="job-elapsed">
          {elapsed(job, now)}
        </span>
      </div>
      <div className="sb-job-line" style={{ justifyContent: "flex-start" }}>
        {confirming ? (
          <>
            <span data-testid="retry-confirm-text">New job for {formatUsd(retryUsd)}{job.failure?.kind === "unknown-submit" ? " (the first may also be charged)" : ""}?</span>
            <Action
              label="Retry"
              testId="job-retry-confirm"
              onClick={() => {
                setConfirming(false);
                void runtime.jobActions.retryAsNewJob(id);
              }}
            />
            <Action label="Keep" testId="job-retry-cancel" onClick={() => setConfirming(false)} />
          </>
        ) : (
          actions
        )}
      </div>
    </div>
  );
});
