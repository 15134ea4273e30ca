import { useMemo, useState } from "react";
import { formatUsd } from "../../../core/pricing";
import { compareGroups, durationText, type CompareColumnView, type CompareGroupView, type CompareTakeView, type QaBadge } from "../../runtime/compareView";
import type { OthersFate } from "../../controllers/compareController";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox, SpDropdown, SpProgressbar } from "../spectrum/spectrumWidgets";
import { useSecondTicker } from "../useSecondTicker";

/** How many comparisons are shown (newest first), besides every one still waiting for a choice; older ones stay in Jobs and the ledger. */
const SHOWN = 3;

const FATES = [
  { value: "keep", label: "Keep them in a Takes sub-bin" },
  { value: "discard", label: "Leave them out of the project (files stay on disk)" },
];

function QaLine({ badge }: { badge: QaBadge }) {
  if (badge.kind === "none") return null;
  if (badge.kind === "pending") return <span className="sb-sub" data-testid="compare-qa" data-qa="pending">QA pending</span>;
  if (badge.kind === "needs-relay") return <span className="sb-sub" data-testid="compare-qa" data-qa="needs-relay" title="QA runs on the relay: set one in Settings.">QA needs a relay</span>;
  const { verdict, score, defectKinds } = badge.qa;
  const tone = verdict === "pass" ? "sb-pass" : verdict === "warn" ? "sb-skip" : "sb-fail";
  return (
    <span data-testid="compare-qa" data-qa={verdict} title={defectKinds.length ? defectKinds.join(", ") : "no defects found"}>
      <span className={`sb-strong ${tone}`}>QA {verdict}</span> {score}
      {defectKinds.length ? <span className="sb-sub"> · {defectKinds.join(", ")}</span> : null}
    </span>
  );
}

const ROLE_WORDS = { chosen: "Chosen", kept: "Kept in Takes", discarded: "Left out of the project" } as const;

function TakeCell(props: { take: CompareTakeView; now: number; canChoose: boolean; onChoose: () => void; busy: boolean }) {
  const { take, now } = props;
  const running = take.progress !== undefined;
  const time = take.secondsToResult !== undefined ? `${durationText(take.secondsToResult)} to result` : take.failure ? "" : `${durationText(Math.max(0, Math.round((now - Date.parse(take.sentAt)) / 1000)))} so far`;
  const choosable = props.canChoose && !take.discarded && (take.state === "ready" || take.state === "imported" || take.state === "placed");
  return (
    <div className="sb-section" data-testid="compare-take" data-job-id={take.id} data-state={take.state} data-role={take.role ?? ""} style={{ marginBottom: 6 }}>
      <span className={take.failure ? "sb-error" : undefined} data-testid="compare-take-status">
        Take {take.take}: {take.role ? ROLE_WORDS[take.role] : take.statusText}
        {running ? ` ${take.progress}%` : ""}
      </span>
      {running ? <SpProgressbar value={take.progress ?? 0} testId="compare-take-progress" /> : null}
      {time ? <span className="sb-sub" data-testid="compare-take-time">{time}</span> : null}
      {take.failure ? <span className="sb-sub" title={take.failure}>{take.failure}</span> : null}
      {take.clipName ? (
        <span className="sb-sub" data-testid="compare-take-clip" title={take.clipName}>
          {take.clipName}
        </span>
      ) : null}
      <QaLine badge={take.qa} />
      {choosable ? (
        <SpButton testId="compare-choose" disabled={props.busy} onClick={props.onChoose} style={{ marginTop: 4 }}>
          Choose
        </SpButton>
      ) : null}
    </div>
  );
}

function Column(props: { column: CompareColumnView; now: number; canChoose: boolean; busy: boolean; onChoose: (id: string) => void }) {
  const { column } = props;
  return (
    <div className="sb-box" data-testid="compare-column" data-key={column.key} style={{ flex: "1 1 0", minWidth: 0, marginRight: 6, display: "flex", flexDirection: "column" }}>
      <span className="sb-strong sb-ellipsis" data-testid="compare-column-model" title={column.displayName}>
        {column.displayName}
      </span>
      <span className="sb-sub" data-testid="compare-column-cost">
        {formatUsd(column.usd)}
      </span>
      {column.takes.map((take) => (
        <TakeCell key={take.id} take={take} now={props.now} canChoose={props.canChoose} busy={props.busy} onChoose={() => props.onChoose(take.id)} />
      ))}
    </div>
  );
}

function Group({ group, now }: { group: CompareGroupView; now: number }) {
  const runtime = usePanel();
  const choosing = usePanelState((state) => state.compare.choosing);
  const [fate, setFate] = useState<OthersFate>("keep");
  const [place, setPlace] = useState(false);
  return (
    <div className="sb-section" data-testid="compare-group" data-group-id={group.groupId} data-decided={group.chosenId ? "yes" : "no"}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-ellipsis" title={group.prompt}>
          <span className="sb-strong">Compare {group.shotId}</span> · {group.prompt}
        </span>
        <span data-testid="compare-group-cost">{formatUsd(group.totalUsd)}</span>
      </div>
      <div className="sb-row" style={{ alignItems: "stretch" }} data-testid="compare-columns">
        {group.columns.map((column) => (
          <Column key={column.key} column={column} now={now} canChoose={group.canChoose} busy={choosing === group.groupId} onChoose={(id) => void runtime.compare.choose(group.groupId, id, { others: fate, place })} />
        ))}
      </div>
      {group.canChoose ? (
        <div className="sb-row-wrap" data-testid="compare-choose-options">
          <div className="sb-field" style={{ minWidth: 220 }}>
            <div className="sb-label">The other takes</div>
            <SpDropdown testId="compare-others" options={FATES} value={fate} onChange={(value) => setFate(value as OthersFate)} />
          </div>
          <div className="sb-field" style={{ justifyContent: "flex-end" }}>
            <SpCheckbox testId="compare-place" checked={place} onChange={setPlace}>
              Place the chosen take on the timeline at the playhead
            </SpCheckbox>
          </div>
        </div>
      ) : !group.chosenId && group.waiting > 0 ? (
        <div className="sb-hint">You can choose once every take is in ({group.waiting} on the way).</div>
      ) : null}
    </div>
  );
}

/** The comparisons in the ledger, newest first: one column per model, its takes, and the choice. */
export function CompareGroups() {
  const jobs = usePanelState((state) => state.jobs);
  const relayConfigured = usePanelState((state) => !!state.settings.relayUrl);
  const groups = useMemo(() => compareGroups(Object.values(jobs), relayConfigured).filter((group, index) => index < SHOWN || !group.chosenId), [jobs, relayConfigured]);
  const now = useSecondTicker();
  if (groups.length === 0) return null;
  return (
    <div className="sb-section" data-testid="compare-groups" style={{ marginTop: 10 }}>
      {groups.map((group) => (
        <Group key={group.groupId} group={group} now={now} />
      ))}
    </div>
  );
}
