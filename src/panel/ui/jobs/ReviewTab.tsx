import { useEffect, useState } from "react";
import type { JobRecord } from "../../../core/jobRecord";
import { formatUsd } from "../../../core/pricing";
import { findModel } from "../../../providers/catalog";
import { previewUrl } from "../../platform/filePicking";
import { awaitsReview, stateRank } from "../../runtime/jobExtras";
import { jobTitle } from "../../runtime/jobMessages";
import type { PanelState } from "../../state/panelStore";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox } from "../spectrum/spectrumWidgets";
import { isDiscarded } from "./jobFilters";

const RECENT_TAKES = 8;

export function reviewCount(state: PanelState): number {
  return state.order.filter((id) => {
    const job = state.jobs[id];
    return !!job && awaitsReview(job);
  }).length;
}

function Preview({ job }: { job: JobRecord }) {
  const runtime = usePanel();
  const [src, setSrc] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    if (job.file) void previewUrl(runtime.platform.uxp, job.file).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [runtime, job.file]);
  if (!src) return null;
  if (failed) return <div className="sb-hint">This clip cannot be previewed here; it is at {job.file}.</div>;
  return <video className="sb-video" data-testid="take-video" src={src} controls preload="metadata" onError={() => setFailed(true)} />;
}

function Take({ job }: { job: JobRecord }) {
  const runtime = usePanel();
  const waiting = awaitsReview(job);
  const model = findModel(job.request.provider, job.request.model)?.displayName ?? job.request.model;
  return (
    <div className="sb-take sb-box" data-testid="review-take" data-job-id={job.id}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-strong">{jobTitle(job)}</span>
        <span className="sb-muted">
          {model} · {formatUsd(job.estimate.usd)}
        </span>
      </div>
      <div className="sb-hint sb-ellipsis" title={job.request.prompt}>
        {job.request.prompt}
      </div>
      <Preview job={job} />
      <div className="sb-row sb-gap" style={{ marginTop: 4 }}>
        {waiting ? (
          <>
            <SpButton variant="cta" testId="review-import" onClick={() => void runtime.jobActions.importTake(job.id)}>
              Import
            </SpButton>
            <SpButton quiet testId="review-discard" onClick={() => void runtime.jobActions.discardTake(job.id)}>
              Discard
            </SpButton>
          </>
        ) : (
          <span className="sb-muted">{isDiscarded(job) ? "Discarded" : job.state === "placed" ? "On the timeline" : "In the project"}</span>
        )}
      </div>
    </div>
  );
}

/** Finished takes, playable before import; takes wait here when auto-import is off. */
export function ReviewTab() {
  const runtime = usePanel();
  const autoImport = usePanelState((state) => state.settings.autoImport);
  const order = usePanelState((state) => state.order);
  const jobs = usePanelState((state) => state.jobs);
  const waiting = order.map((id) => jobs[id]).filter((job): job is JobRecord => !!job && awaitsReview(job));
  const recent = order
    .map((id) => jobs[id])
    .filter((job): job is JobRecord => !!job && !awaitsReview(job) && !!job.file && stateRank(job.state) >= stateRank("ready"))
    .slice(0, RECENT_TAKES);
  return (
    <div data-testid="review-tab">
      <div className="sb-box">
        <SpCheckbox testId="auto-import" checked={autoImport} onChange={(checked) => runtime.settings.update({ autoImport: checked })}>
          Import finished takes automatically
        </SpCheckbox>
        <div className="sb-hint">Off: finished takes wait here until you import or discard them.</div>
      </div>
      {waiting.length === 0 && recent.length === 0 ? <div className="sb-muted">No finished takes yet.</div> : null}
      {waiting.map((job) => (
        <Take key={job.id} job={job} />
      ))}
      {recent.length ? <div className="sb-label" style={{ marginTop: 8 }}>Recent takes</div> : null}
      {recent.map((job) => (
        <Take key={job.id} job={job} />
      ))}
    </div>
  );
}
