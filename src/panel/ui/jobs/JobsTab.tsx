import { useEffect, useMemo, useState } from "react";
import { formatUsd } from "../../../core/pricing";
import { startOfDay } from "../../runtime/spending";
import { usePanel, usePanelState } from "../panelContext";
import { useSecondTicker } from "../useSecondTicker";
import { RelayIndicatorLine } from "../settings/RelaySection";
import { FILTER_LABELS, JOB_FILTERS, jobGroup, type JobFilter } from "./jobFilters";
import { JOB_ROW_HEIGHT, JobRow } from "./JobRow";
import { VirtualList } from "./VirtualList";

/** Every job with status, progress, time and cost; filters by status; money spent today and this month. */
export function JobsTab() {
  const order = usePanelState((state) => state.order);
  const jobs = usePanelState((state) => state.jobs);
  const spending = usePanelState((state) => state.spending);
  const runtime = usePanel();
  const [filter, setFilter] = useState<JobFilter>("all");
  const now = useSecondTicker();
  // "Today" starts again at midnight even when no job changes.
  const day = startOfDay(now);
  useEffect(() => runtime.jobs.refreshSpending(), [runtime, day]);
  const counts = useMemo(() => {
    const result: Record<JobFilter, number> = { all: order.length, active: 0, review: 0, done: 0, failed: 0, cancelled: 0 };
    for (const id of order) {
      const job = jobs[id];
      if (job) result[jobGroup(job)]++;
    }
    return result;
  }, [order, jobs]);
  const visible = useMemo(() => (filter === "all" ? order : order.filter((id) => jobs[id] && jobGroup(jobs[id]!) === filter)), [order, jobs, filter]);
  return (
    <div data-testid="jobs-tab" style={{ display: "flex", flexDirection: "column", flex: "1 1 auto", minHeight: 0 }}>
      <div className="sb-row" style={{ justifyContent: "space-between", marginBottom: 6 }} data-testid="spending">
        <span>
          Spent today <span className="sb-strong" data-testid="spent-today">{formatUsd(spending.today)}</span>
        </span>
        <span>
          This month <span className="sb-strong" data-testid="spent-month">{formatUsd(spending.month)}</span>
        </span>
      </div>
      <RelayIndicatorLine />
      <div className="sb-filters" style={{ marginTop: 6 }}>
        {JOB_FILTERS.map((name) => (
          <span key={name} className={`sb-chip${filter === name ? " sb-chip-on" : ""}`} data-testid={`filter-${name}`} onClick={() => setFilter(name)}>
            {FILTER_LABELS[name]} {counts[name]}
          </span>
        ))}
      </div>
      {visible.length === 0 ? (
        <div className="sb-muted" data-testid="jobs-empty">
          {order.length === 0 ? "No jobs yet. Generate a shot to see it here." : "No jobs match this filter."}
        </div>
      ) : (
        <VirtualList testId="job-list" items={visible} rowHeight={JOB_ROW_HEIGHT} renderRow={(id) => <JobRow key={id} id={id} now={now} />} />
      )}
    </div>
  );
}
