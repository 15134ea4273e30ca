import { usePanel, usePanelState } from "../panelContext";
import { SpCheckbox, SpDropdown } from "../spectrum/spectrumWidgets";

/** "Place on timeline at playhead" and the video track; a track past the last adds one. */
export function PlacementOptions() {
  const runtime = usePanel();
  const place = usePanelState((state) => state.settings.placeOnTimeline);
  const track = usePanelState((state) => state.settings.placeTrack);
  const tracks = usePanelState((state) => state.context?.sequence?.videoTrackCount ?? 0);
  const options = Array.from({ length: Math.max(tracks, track) + 1 }, (_, i) => ({
    value: String(i),
    label: i < tracks ? `V${i + 1}` : `V${i + 1} (new track)`,
  }));
  return (
    <div className="sb-row-wrap" style={{ alignItems: "center" }}>
      <div className="sb-field" style={{ flexBasis: "60%" }}>
        <SpCheckbox testId="place-on-timeline" checked={place} onChange={(checked) => runtime.settings.update({ placeOnTimeline: checked })}>
          Place on timeline at playhead
        </SpCheckbox>
      </div>
      <div className="sb-field" style={{ flexBasis: "30%" }}>
        <SpDropdown testId="place-track" options={options} value={String(track)} disabled={!place} onChange={(value) => runtime.settings.update({ placeTrack: Number(value) })} />
        {place ? <div className="sb-hint">More takes go on the tracks above.</div> : null}
      </div>
    </div>
  );
}
