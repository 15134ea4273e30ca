import { formatUsd } from "../../../core/pricing";
import type { StartKind } from "../../runtime/shotListView";
import { usePanel, usePanelState } from "../panelContext";
import { SpCheckbox, SpDropdown, SpTextfield } from "../spectrum/spectrumWidgets";

const START_OPTIONS: { value: StartKind; label: string }[] = [
  { value: "end", label: "After the last clip" },
  { value: "playhead", label: "At the playhead" },
  { value: "timecode", label: "At a timecode" },
];

/** Where the run goes: the active sequence (named), a video track, the start, gaps, and the money. */
export function RunOptions() {
  const runtime = usePanel();
  const options = usePanelState((state) => state.shotList.options);
  const sequence = usePanelState((state) => state.context?.sequence ?? null);
  const dailyCap = usePanelState((state) => state.settings.dailyBudgetUsd);
  const spentToday = usePanelState((state) => state.spending.today);
  const update = runtime.shotLists.updateOptions.bind(runtime.shotLists);
  const tracks = sequence?.videoTrackCount ?? 0;
  const trackOptions = Array.from({ length: Math.max(tracks, options.track) + 1 }, (_, i) => ({ value: String(i), label: i < tracks ? `V${i + 1}` : `V${i + 1} (new track)` }));
  return (
    <div className="sb-section" data-testid="run-options">
      <div className="sb-box" data-testid="run-target">
        {sequence ? (
          <>
            Fills the active sequence <span className="sb-strong">{sequence.name}</span> ({Math.round(sequence.frameRate.fps * 1000) / 1000} fps, playhead at frame {sequence.playheadFrame}, ends at frame{" "}
            {sequence.endFrame}). To fill another, open it in Premiere first.
          </>
        ) : (
          <span className="sb-issue">No sequence is active. Open the sequence to fill in Premiere; Shotbin fills the active one.</span>
        )}
      </div>
      <div className="sb-row-wrap">
        <div className="sb-field">
          <div className="sb-label">Video track</div>
          <SpDropdown testId="run-track" options={trackOptions} value={String(options.track)} onChange={(value) => update({ track: Number(value) })} />
        </div>
        <div className="sb-field">
          <div className="sb-label">First shot starts</div>
          <SpDropdown testId="run-start" options={START_OPTIONS} value={options.start} onChange={(value) => update({ start: value as StartKind })} />
        </div>
        {options.start === "timecode" ? (
          <div className="sb-field">
            <div className="sb-label">Timecode (or seconds)</div>
            <SpTextfield testId="run-timecode" value={options.timecode} onInput={(timecode) => update({ timecode })} />
          </div>
        ) : null}
      </div>
      <div className="sb-row-wrap" style={{ alignItems: "center" }}>
        <div className="sb-field">
          <SpCheckbox testId="run-gap" checked={options.gap} onChange={(gap) => update({ gap })}>
            Gap between shots
          </SpCheckbox>
        </div>
        {options.gap ? (
          <div className="sb-field">
            <div className="sb-label">Gap in frames</div>
            <SpTextfield testId="run-gap-frames" value={options.gapFrames} onInput={(gapFrames) => update({ gapFrames })} />
          </div>
        ) : null}
      </div>
      <div className="sb-row-wrap" style={{ alignItems: "center" }}>
        <div className="sb-field">
          <div className="sb-label">Budget for this run (USD)</div>
          <SpTextfield testId="run-budget" value={options.budget} placeholder="no cap" onInput={(budget) => update({ budget })} />
        </div>
        <div className="sb-field">
          <SpCheckbox testId="run-rehearse" checked={options.rehearse} onChange={(rehearse) => update({ rehearse })}>
            Rehearse on the simulator (free)
          </SpCheckbox>
        </div>
      </div>
      <div className="sb-hint" data-testid="run-daily-cap">
        {dailyCap !== undefined ? `Daily cap ${formatUsd(dailyCap)} (Settings); ${formatUsd(spentToday)} spent today.` : "No daily cap is set (Settings)."} A retry that would go past the approved money
        pauses the run and asks.
      </div>
    </div>
  );
}
