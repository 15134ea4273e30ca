import { JobRow } from "../jobs/JobRow";
import { usePanel, usePanelState } from "../panelContext";
import { useSecondTicker } from "../useSecondTicker";

/**
 * The takes Generate just sent, followed right under the button: status, progress, elapsed time,
 * cost and the same actions as in Jobs, with a jump to the Jobs tab for everything else.
 */
export function LatestShot() {
  const runtime = usePanel();
  const latest = usePanelState((state) => state.lastGenerated);
  const now = useSecondTicker();
  if (!latest) return null;
  return (
    <div className="sb-section" data-testid="latest-shot" style={{ marginTop: 10 }}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-label sb-strong">Shot {latest.shotId}</span>
        <span className="sb-link" data-testid="open-jobs" onClick={() => runtime.store.setState({ activeTab: "jobs" })}>
          Follow in Jobs →
        </span>
      </div>
      <div className="sb-box">
        {latest.jobIds.map((id) => (
          <JobRow key={id} id={id} now={now} />
        ))}
      </div>
    </div>
  );
}
