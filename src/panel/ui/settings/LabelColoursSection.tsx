import { COLOUR_LABELS } from "../../../host/timelineHost";
import { LABEL_STATE_NAMES, LABEL_STATES } from "../../runtime/clipLabels";
import { usePanel, usePanelState } from "../panelContext";
import { SpCheckbox, SpDropdown } from "../spectrum/spectrumWidgets";

const OPTIONS = COLOUR_LABELS.map((label) => ({ value: label, label: label[0]!.toUpperCase() + label.slice(1) }));

/** One of Premiere's label colours per state of a clip Shotbin made: generated, chosen take, failed QA. */
export function LabelColoursSection() {
  const runtime = usePanel();
  const on = usePanelState((state) => state.settings.labelClips);
  const colours = usePanelState((state) => state.settings.labelColours);
  return (
    <div className="sb-section" data-testid="label-colours">
      <div className="sb-label sb-strong">Label colours</div>
      <SpCheckbox testId="label-clips" checked={on} onChange={(checked) => runtime.settings.update({ labelClips: checked })}>
        Label the clips Shotbin makes by their state
      </SpCheckbox>
      <div className="sb-row-wrap">
        {LABEL_STATES.map((state) => (
          <div key={state} className="sb-field">
            <div className="sb-label">{LABEL_STATE_NAMES[state]}</div>
            <SpDropdown testId={`label-colour-${state}`} options={OPTIONS} value={colours[state]} disabled={!on} onChange={(value) => runtime.settings.update({ labelColours: { ...colours, [state]: value as (typeof COLOUR_LABELS)[number] } })} />
          </div>
        ))}
      </div>
      <div className="sb-hint">
        Generated: in the bin. Chosen take: the take on the timeline (a shot list's take in its slot). Failed QA: take QA failed it. Premiere labels clips in the project, so the colour shows on every use of a clip.
      </div>
    </div>
  );
}
