import { formatUsd } from "../../../core/pricing";
import type { PlanRowView, PlanView } from "../../runtime/shotListView";

function Problems({ problems, testId }: { problems: PlanRowView["problems"]; testId: string }) {
  return (
    <>
      {problems.map((problem, i) => (
        <div key={i} className={problem.severity === "error" ? "sb-error" : "sb-issue"} data-testid={testId} data-severity={problem.severity} style={{ fontSize: 11, marginTop: 2 }}>
          {problem.severity === "error" ? "Error: " : "Note: "}
          {problem.text}
        </div>
      ))}
    </>
  );
}

function PlanRow({ row }: { row: PlanRowView }) {
  const sub = [...row.options, row.prompt].filter(Boolean).join(" · ");
  return (
    <div className={`sb-tr${row.blocked ? " sb-tr-blocked" : ""}`} data-testid="plan-row" data-shot={row.shot} data-blocked={row.blocked ? "true" : "false"}>
      <div className="sb-cells">
        <span className="sb-cell sb-strong" style={{ width: 44 }} title={row.where}>
          {row.shot}
        </span>
        <span className="sb-cell sb-cell-grow" data-testid="plan-row-model" title={row.rehearsalOf ? `Rehearsed on the simulator instead of ${row.rehearsalOf}` : row.modelLabel}>
          {row.modelLabel}
          {row.rehearsalOf ? <span className="sb-muted"> for {row.rehearsalOf}</span> : null}
        </span>
        <span className="sb-cell" style={{ width: 36 }} data-testid="plan-row-duration">
          {row.durationSeconds !== undefined ? `${row.durationSeconds} s` : "—"}
        </span>
        <span className="sb-cell" style={{ width: 40 }} data-testid="plan-row-takes">
          {row.takes}×
        </span>
        <span className="sb-cell" style={{ width: 52, textAlign: "right", paddingRight: 0 }} data-testid="plan-row-cost">
          {row.blocked ? "—" : formatUsd(row.costUsd)}
        </span>
      </div>
      <div className="sb-sub" title={sub}>
        {row.where ? `${row.where} · ` : ""}
        {sub}
      </div>
      {row.imageText ? (
        <div className="sb-sub" data-testid="plan-row-image">
          {row.imageText}
        </div>
      ) : null}
      <Problems problems={row.problems} testId="plan-row-problem" />
    </div>
  );
}

/**
 * The plan before anything is spent: a row per shot (model, length, takes, cost; options and the
 * folded prompt under it; problems at its row and column with the fix), then the totals and the
 * verdict. A list with errors shows here in full but cannot run.
 */
export function PlanTable({ plan }: { plan: PlanView }) {
  return (
    <div data-testid="plan">
      <div className="sb-row" style={{ justifyContent: "space-between", marginBottom: 4 }}>
        <span className="sb-strong" data-testid="plan-name">
          {plan.name}
        </span>
        <span className="sb-muted">
          {plan.shots} shot{plan.shots === 1 ? "" : "s"} · {plan.format.toUpperCase()}
        </span>
      </div>
      <div className="sb-table">
        <div className="sb-tr sb-tr-head">
          <div className="sb-cells">
            <span className="sb-cell" style={{ width: 44 }}>
              Shot
            </span>
            <span className="sb-cell sb-cell-grow">Model</span>
            <span className="sb-cell" style={{ width: 36 }}>
              Length
            </span>
            <span className="sb-cell" style={{ width: 40 }}>
              Takes
            </span>
            <span className="sb-cell" style={{ width: 52, textAlign: "right", paddingRight: 0 }}>
              Est. cost
            </span>
          </div>
        </div>
        {plan.rows.map((row) => (
          <PlanRow key={`${row.shot}:${row.where ?? ""}`} row={row} />
        ))}
      </div>
      <Problems problems={plan.problems} testId="plan-problem" />
      {plan.ignoredColumns.length ? <div className="sb-hint">Ignored columns: {plan.ignoredColumns.join(", ")}</div> : null}
      <div className="sb-cost" data-testid="plan-total">
        Total: {plan.totalText}
      </div>
      <div className="sb-hint" data-testid="plan-wall-time">
        Estimated wall time {plan.wallTimeText}. Seeds: {plan.seedPolicy}.
      </div>
      {plan.refusal ? (
        <div className="sb-error" data-testid="plan-refusal" style={{ marginTop: 6 }}>
          Cannot run: {plan.refusal}.
        </div>
      ) : null}
    </div>
  );
}
