import { useEffect } from "react";
import type { TimelineActionKind } from "../../../timeline/planTypes";
import { ACTION_LABELS, TIMELINE_ACTIONS, type TimelineActionView } from "../../runtime/timelineSectionView";
import { JobRow } from "../jobs/JobRow";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox } from "../spectrum/spectrumWidgets";
import { useSecondTicker } from "../useSecondTicker";

const WHAT: Record<TimelineActionKind, string> = {
  extend: "one clip: its last frame starts a new shot after it",
  bridge: "two clips on a track: a shot from the first's last frame to the second's first, in the gap",
  fill: "an In/Out range, or the playhead in a gap: a shot exactly that long",
  replace: "one clip or still: its first frame starts a shot that takes its place",
};

function ActionRow({ view, running }: { view: TimelineActionView; running: boolean }) {
  const runtime = usePanel();
  const kind = view.kind;
  return (
    <div className="sb-tr" data-testid={`timeline-action-${kind}`} data-ok={view.ok ? "true" : "false"}>
      <div className="sb-cells">
        <SpButton testId={`timeline-run-${kind}`} variant={view.ok ? "primary" : "secondary"} disabled={!view.ok || running} onClick={() => void runtime.timeline.run(kind)}>
          {ACTION_LABELS[kind]}
        </SpButton>
        <span className="sb-cell sb-cell-grow sb-ellipsis" title={view.summary ?? WHAT[kind]} style={{ marginLeft: 6 }}>
          {view.ok ? view.summary : <span className="sb-muted">{WHAT[kind]}</span>}
        </span>
        {view.ok ? (
          <span className="sb-cell sb-strong" data-testid={`timeline-cost-${kind}`}>
            {view.costText}
          </span>
        ) : null}
      </div>
      {view.ok ? (
        <>
          {view.sends.map((line) => (
            <div key={line} className="sb-sub" data-testid={`timeline-sends-${kind}`} title={line} style={{ whiteSpace: "normal" }}>
              Sends {line}
            </div>
          ))}
          <div className="sb-sub" data-testid={`timeline-request-${kind}`}>
            {view.request}
          </div>
          {view.notes.map((note) => (
            <div key={note} className="sb-hint" data-testid={`timeline-note-${kind}`}>
              {note}
            </div>
          ))}
        </>
      ) : (
        <div className="sb-issue" data-testid={`timeline-refusal-${kind}`}>
          {view.refusal}
        </div>
      )}
    </div>
  );
}

/** The take of the last action, followed here, and Place for a take waiting in the Source Monitor. */
function LatestAction() {
  const runtime = usePanel();
  const latest = usePanelState((state) => state.timeline.latest);
  const waiting = usePanelState((state) => state.timeline.awaitingPlacement);
  const now = useSecondTicker();
  if (!latest && !waiting) return null;
  return (
    <div className="sb-box" data-testid="timeline-latest">
      {latest ? <JobRow id={latest.jobId} now={now} /> : null}
      {waiting ? (
        <div className="sb-row sb-gap" data-testid="timeline-awaiting-placement" style={{ marginTop: 6 }}>
          <span className="sb-cell-grow">{waiting.clipName} is in the Source Monitor: mark In and Out there if you like, then Place.</span>
          <SpButton testId="timeline-place" variant="cta" onClick={() => void runtime.timeline.place(waiting.jobId)}>
            Place
          </SpButton>
          <SpButton testId="timeline-keep-in-bin" quiet onClick={() => void runtime.timeline.discard(waiting.jobId)}>
            Keep in bin
          </SpButton>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The Generate tab's From timeline section: what is selected in Premiere's Timeline, and for each
 * action what it sends and costs (or why it cannot run), with the prompt and model above.
 */
export function FromTimeline() {
  const runtime = usePanel();
  const section = usePanelState((state) => state.timeline);
  const preview = usePanelState((state) => state.settings.timelinePreview);
  // Follow the Timeline while the section is on screen.
  useEffect(() => runtime.timeline.watch(), [runtime]);
  const running = section.running !== undefined;
  return (
    <div className="sb-section" data-testid="from-timeline" style={{ marginTop: 12 }}>
      <div className="sb-label sb-strong">From timeline</div>
      {section.problem ? (
        <div className="sb-hint" data-testid="timeline-problem">
          {section.problem}
        </div>
      ) : (
        <div className="sb-hint" data-testid="timeline-selection">
          {section.sequence ? `${section.sequence.name} · ${Number(section.sequence.fps.toFixed(3))} fps · ` : ""}
          {section.selection}
        </div>
      )}
      <div className="sb-hint">Uses the prompt and model above; the frames are exported into the media folder.</div>
      {section.actions ? (
        <div className="sb-table" data-testid="timeline-actions">
          {TIMELINE_ACTIONS.map((kind) => (
            <ActionRow key={kind} view={section.actions![kind]} running={running} />
          ))}
          <div className="sb-tr" data-testid="timeline-markers" data-ok={section.markers && !section.markers.refusal ? "true" : "false"}>
            <div className="sb-cells">
              <SpButton testId="timeline-plan-markers" variant="secondary" disabled={running || !section.markers || !!section.markers.refusal} onClick={() => void runtime.timeline.planMarkers()}>
                Markers as a shot list
              </SpButton>
              <span className="sb-cell sb-cell-grow" style={{ marginLeft: 6 }}>
                {section.markers && !section.markers.refusal ? `${section.markers.shots} marker${section.markers.shots === 1 ? "" : "s"} with a prompt: planned in the Shot list tab, priced before Run` : null}
              </span>
            </div>
            {section.markers?.refusal ? (
              <div className="sb-issue" data-testid="timeline-refusal-markers">
                {section.markers.refusal}
              </div>
            ) : null}
            {section.markers && !section.markers.refusal
              ? section.markers.skipped.map((reason) => (
                  <div key={reason} className="sb-hint">
                    Skipped: {reason}
                  </div>
                ))
              : null}
          </div>
        </div>
      ) : null}
      <SpCheckbox testId="timeline-preview" checked={preview} onChange={(checked) => runtime.settings.update({ timelinePreview: checked })}>
        Preview each take in the Source Monitor before placing it
      </SpCheckbox>
      {section.runProblem ? (
        <div className="sb-issue" data-testid="timeline-run-problem" style={{ marginTop: 6 }}>
          {section.runProblem}
        </div>
      ) : null}
      <LatestAction />
    </div>
  );
}
