import { useMemo } from "react";
import { compareGroups } from "../../runtime/compareView";
import { usePanel, usePanelState } from "../panelContext";
import { SpActionButton } from "../spectrum/spectrumWidgets";

/** One model or Compare models; while off, says when a comparison waits for the editor's choice. */
export function CompareSwitch() {
  const runtime = usePanel();
  const on = usePanelState((state) => state.compare.on);
  const jobs = usePanelState((state) => state.jobs);
  const waiting = useMemo(() => (on ? 0 : compareGroups(Object.values(jobs), false).filter((group) => !group.chosenId).length), [on, jobs]);
  return (
    <div className="sb-row sb-gap" style={{ marginBottom: 6 }} data-testid="compare-switch">
      <SpActionButton testId="mode-single" selected={!on} onClick={() => runtime.compare.setOn(false)}>
        One model
      </SpActionButton>
      <SpActionButton testId="mode-compare" selected={on} onClick={() => runtime.compare.setOn(true)}>
        Compare models
      </SpActionButton>
      {waiting > 0 ? (
        <span className="sb-link" data-testid="compare-waiting" onClick={() => runtime.compare.setOn(true)}>
          {waiting === 1 ? "A comparison waits for your choice" : `${waiting} comparisons wait for your choice`} →
        </span>
      ) : null}
    </div>
  );
}
