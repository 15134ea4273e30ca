import { useMemo } from "react";
import { planCompare } from "../../runtime/compareView";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";

/** Each ticked model's settings and price, the total, and the one button that sends them all. */
export function CompareSend() {
  const runtime = usePanel();
  const draft = usePanelState((state) => state.draft);
  const models = usePanelState((state) => state.compare.models);
  const usable = usePanelState((state) => state.usable);
  const problem = usePanelState((state) => state.compare.problem);
  const sending = usePanelState((state) => state.generating);
  const plan = useMemo(() => planCompare(draft, models, usable), [draft, models, usable]);
  const takes = models.length * draft.takes;
  return (
    <div className="sb-section" data-testid="compare-send">
      <div className="sb-box">
        {plan.models.map((model) => (
          <div key={model.key} className="sb-job-line" data-testid="compare-model-cost" data-key={model.key} data-usd={String(model.usd)}>
            <span className="sb-ellipsis">
              <span className="sb-strong">{model.displayName}</span> · {model.summary}
            </span>
            {model.problems.length > 0 || !model.check.ok ? (
              <span className="sb-issue" data-testid="compare-model-problem">
                {model.problems[0] ?? Object.values(model.check.issues)[0]?.[0]}
              </span>
            ) : null}
          </div>
        ))}
        {plan.models.length === 0 ? <div className="sb-hint">Tick 2 to 4 models above.</div> : null}
      </div>
      <div className="sb-cost" data-testid="compare-total" data-usd={String(plan.totalUsd)}>
        Total: {plan.totalText}
        {plan.priceUncertain ? <span className="sb-muted"> (a price is not confirmed)</span> : null}
      </div>
      {plan.problems.map((text) => (
        <div key={text} className="sb-hint" data-testid="compare-plan-problem">
          {text}
        </div>
      ))}
      <div className="sb-row">
        <SpButton testId="compare-send-button" variant="cta" disabled={!plan.ok || sending} onClick={() => void runtime.compare.send()}>
          {sending ? "Sending…" : `Send ${takes} take${takes === 1 ? "" : "s"} to ${models.length} models`}
        </SpButton>
      </div>
      <div className="sb-hint">Nothing is imported until you choose a take below.</div>
      {problem ? (
        <div className="sb-issue" data-testid="compare-problem" style={{ marginTop: 6 }}>
          {problem}
        </div>
      ) : null}
    </div>
  );
}
