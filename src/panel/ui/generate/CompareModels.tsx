import { modelsOf } from "../../../providers/catalog";
import { PROVIDER_DESCRIPTIONS } from "../../../providers/providerDescriptions";
import { MAX_COMPARE_MODELS, modelKey } from "../../runtime/compareView";
import { usePanel, usePanelState } from "../panelContext";
import { SpCheckbox } from "../spectrum/spectrumWidgets";

/** Compare mode's model list: every model a key (or the simulator) makes usable, 2 to 4 ticked. */
export function CompareModels() {
  const runtime = usePanel();
  const usable = usePanelState((state) => state.usable);
  const chosen = usePanelState((state) => state.compare.models);
  const full = chosen.length >= MAX_COMPARE_MODELS;
  const onlySimulator = usable.length === 1 && usable[0] === "simulator";
  return (
    <div className="sb-field" style={{ flexBasis: "100%" }} data-testid="compare-models">
      <div className="sb-label">Models to compare (2 to {MAX_COMPARE_MODELS})</div>
      {PROVIDER_DESCRIPTIONS.filter((provider) => usable.includes(provider.id)).map((provider) => (
        <div key={provider.id} className="sb-row-wrap">
          <span className="sb-sub" style={{ flexBasis: "100%" }}>
            {provider.displayName}
          </span>
          {modelsOf(provider.id).map((model) => {
            const key = modelKey(provider.id, model.id);
            const ticked = chosen.includes(key);
            return (
              <div key={key} data-testid="compare-model" data-key={key} data-label={model.displayName} style={{ marginRight: 10 }}>
                <SpCheckbox checked={ticked} disabled={!ticked && full} onChange={() => runtime.compare.toggleModel(key)}>
                  {model.displayName}
                </SpCheckbox>
              </div>
            );
          })}
        </div>
      ))}
      {onlySimulator ? <div className="sb-hint">Add providers' keys in Settings to compare their models.</div> : null}
    </div>
  );
}
