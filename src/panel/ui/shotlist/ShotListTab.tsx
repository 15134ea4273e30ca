import { useEffect } from "react";
import { MediaFolderLine } from "../generate/MediaFolderLine";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";
import { PlanTable } from "./PlanTable";
import { RunOptions } from "./RunOptions";
import { ShotRuns } from "./ShotRuns";

/**
 * A shot list from a file to the timeline: choose the CSV, JSON or Fountain file, read the plan
 * (nothing is spent yet), pick track, start and budget, Run; then follow each shot, cancel, or
 * replace a slot's take.
 */
export function ShotListTab() {
  const runtime = usePanel();
  const shotList = usePanelState((state) => state.shotList);
  const dailyCap = usePanelState((state) => state.settings.dailyBudgetUsd);
  const usable = usePanelState((state) => state.usable.join(","));
  const spentToday = usePanelState((state) => state.spending.today);
  // Keys, the daily cap and today's spending change the plan's verdict: price it again when they do.
  useEffect(() => {
    runtime.shotLists.replan();
  }, [runtime, dailyCap, usable, spentToday]);
  const plan = shotList.plan;
  return (
    <div data-testid="shotlist-tab">
      <MediaFolderLine />
      <div className="sb-section">
        <div className="sb-row sb-gap">
          <SpButton testId="choose-shot-list" variant="primary" disabled={shotList.loading} onClick={() => void runtime.shotLists.chooseFile()}>
            Choose shot list…
          </SpButton>
          {shotList.file ? (
            <SpButton testId="reload-shot-list" quiet disabled={shotList.loading} onClick={() => void runtime.shotLists.reload()}>
              {plan ? "Read again" : "Plan again"}
            </SpButton>
          ) : null}
        </div>
        <div className="sb-hint" data-testid="shot-list-file">
          {shotList.file ? shotList.file.path : "CSV (comma, semicolon or tab), JSON or Fountain. Nothing is sent until you choose Run."}
        </div>
        {shotList.loadProblem ? (
          <div className="sb-error" data-testid="shot-list-load-problem">
            {shotList.loadProblem}
          </div>
        ) : null}
      </div>
      {plan ? (
        <>
          <PlanTable plan={plan} />
          <RunOptions />
          <div className="sb-row">
            <SpButton testId="run-shot-list" variant="cta" disabled={!!plan.refusal || shotList.starting} onClick={() => void runtime.shotLists.start()}>
              {shotList.starting ? "Starting…" : `Run ${plan.jobs} take${plan.jobs === 1 ? "" : "s"}`}
            </SpButton>
          </div>
        </>
      ) : null}
      {shotList.runProblem ? (
        <div className="sb-issue" data-testid="run-problem" style={{ marginTop: 6 }}>
          {shotList.runProblem}
        </div>
      ) : null}
      <div style={{ marginTop: 12 }}>
        <ShotRuns />
      </div>
    </div>
  );
}
