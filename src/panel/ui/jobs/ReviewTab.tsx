import { useEffect, useRef, useState, type MutableRefObject } from "react";
import type { JobRecord } from "../../../core/jobRecord";
import { formatUsd } from "../../../core/pricing";
import { findModel } from "../../../providers/catalog";
import { previewUrl } from "../../platform/filePicking";
import { describeError } from "../../../core/errors";
import { awaitsReview, stateRank } from "../../runtime/jobExtras";
import { byScore, recordedQa } from "../../runtime/takeQa";
import { jobTitle } from "../../runtime/jobMessages";
import type { PanelState } from "../../state/panelStore";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox } from "../spectrum/spectrumWidgets";
import { isDiscarded } from "./jobFilters";
import { QaBadge, TakeQaView } from "./TakeQaView";

const RECENT_TAKES = 8;

export function reviewCount(state: PanelState): number {
  return state.order.filter((id) => {
    const job = state.jobs[id];
    return !!job && awaitsReview(job);
  }).length;
}

function Preview({ job, video }: { job: JobRecord; video: MutableRefObject<HTMLVideoElement | null> }) {
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
  return <video ref={video} className="sb-video" data-testid="take-video" src={src} controls preload="metadata" onError={() => setFailed(true)} />;
}

function Take({ job, relay }: { job: JobRecord; relay: boolean }) {
  const runtime = usePanel();
  const waiting = awaitsReview(job);
  const qa = usePanelState((state) => state.qa[job.id]);
  const video = useRef<HTMLVideoElement | null>(null);
  useEffect(() => {
    if (relay) runtime.qa.ensure(job.id);
  }, [runtime, job.id, job.file, relay]);
  // A defect's time seeks the preview; without one, the take opens in Premiere's Source Monitor.
  const seek = (seconds: number) => {
    const player = video.current;
    if (player) {
      player.pause();
      player.currentTime = seconds;
      return;
    }
    const target = job.clipId ? { clip: { id: job.clipId, name: job.file?.split(/[\\/]/).pop() ?? job.shot.shotId, mediaPath: job.file ?? "" } } : { file: job.file ?? "" };
    void runtime.premiere
      .requireHost()
      .openInSourceMonitor(target)
      .then(() => runtime.notices.notify("info", `The take is open in the Source Monitor: the defect starts at ${seconds.toFixed(2)} s.`))
      .catch((error: unknown) => runtime.notices.notify("warning", `The take could not be opened in the Source Monitor: ${describeError(error)}`));
  };
  const model = findModel(job.request.provider, job.request.model)?.displayName ?? job.request.model;
  return (
    <div className="sb-take sb-box" data-testid="review-take" data-job-id={job.id}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-row">
          <span className="sb-strong">{jobTitle(job)}</span>
          <QaBadge qa={qa} {...(recordedQa(job) ? { recorded: recordedQa(job)! } : {})} />
        </span>
        <span className="sb-muted">
          {model} · {formatUsd(job.estimate.usd)}
        </span>
      </div>
      <div className="sb-hint sb-ellipsis" title={job.request.prompt}>
        {job.request.prompt}
      </div>
      <Preview job={job} video={video} />
      <TakeQaView qa={qa} onSeek={seek} onRetry={() => runtime.qa.retry(job.id)} />
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
  const qa = usePanelState((state) => state.qa);
  const relay = usePanelState((state) => !!state.settings.relayUrl);
  const [sortByScore, setSortByScore] = useState(false);
  const sorted = (list: JobRecord[]) => (sortByScore ? byScore(list, qa) : list);
  const waiting = sorted(order.map((id) => jobs[id]).filter((job): job is JobRecord => !!job && awaitsReview(job)));
  const recent = sorted(
    order
      .map((id) => jobs[id])
      .filter((job): job is JobRecord => !!job && !awaitsReview(job) && !!job.file && stateRank(job.state) >= stateRank("ready"))
      .slice(0, RECENT_TAKES),
  );
  return (
    <div data-testid="review-tab">
      <div className="sb-box">
        <SpCheckbox testId="auto-import" checked={autoImport} onChange={(checked) => runtime.settings.update({ autoImport: checked })}>
          Import finished takes automatically
        </SpCheckbox>
        <div className="sb-hint">Off: finished takes wait here until you import or discard them.</div>
        {relay ? (
          <SpCheckbox testId="qa-sort" checked={sortByScore} onChange={setSortByScore}>
            Sort by QA score, best first
          </SpCheckbox>
        ) : (
          <div className="sb-hint" data-testid="qa-needs-relay">
            QA needs a relay: the panel cannot run ffmpeg, so the relay measures each take.
            <span className="sb-link" data-testid="qa-open-settings" onClick={() => runtime.store.setState({ activeTab: "settings" })}>
              Set up a relay in Settings
            </span>
          </div>
        )}
      </div>
      {waiting.length === 0 && recent.length === 0 ? <div className="sb-muted">No finished takes yet.</div> : null}
      {waiting.map((job) => (
        <Take key={job.id} job={job} relay={relay} />
      ))}
      {recent.length ? <div className="sb-label" style={{ marginTop: 8 }}>Recent takes</div> : null}
      {recent.map((job) => (
        <Take key={job.id} job={job} relay={relay} />
      ))}
    </div>
  );
}
