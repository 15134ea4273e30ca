import { useMemo } from "react";
import type { ProviderId } from "../../../core/request";
import { modelsOf } from "../../../providers/catalog";
import { PROVIDER_DESCRIPTIONS } from "../../../providers/providerDescriptions";
import { usePanel, usePanelState } from "../panelContext";
import { SpDropdown, type DropdownOption } from "../spectrum/spectrumWidgets";

/** Models grouped by provider: only providers whose key is set, and the simulator. */
export function modelOptions(usable: readonly ProviderId[], current?: { provider: ProviderId; model: string }): DropdownOption[] {
  const options: DropdownOption[] = [];
  for (const provider of PROVIDER_DESCRIPTIONS) {
    const isCurrent = current?.provider === provider.id;
    if (!usable.includes(provider.id) && !isCurrent) continue;
    options.push({ value: `group:${provider.id}`, label: `— ${provider.displayName}${usable.includes(provider.id) ? "" : " (no key)"} —`, disabled: true });
    for (const model of modelsOf(provider.id)) {
      options.push({
        value: `${provider.id}|${model.id}`,
        label: model.displayName,
        ...(usable.includes(provider.id) ? {} : { disabled: true }),
      });
    }
  }
  return options;
}

export function ModelPicker() {
  const runtime = usePanel();
  const usable = usePanelState((state) => state.usable);
  const provider = usePanelState((state) => state.draft.provider);
  const model = usePanelState((state) => state.draft.model);
  const options = useMemo(() => modelOptions(usable, { provider, model }), [usable, provider, model]);
  const onlySimulator = usable.length === 1 && usable[0] === "simulator";
  return (
    <div className="sb-field" style={{ flexBasis: "100%" }}>
      <div className="sb-label">Model</div>
      <SpDropdown
        testId="model"
        options={options}
        value={`${provider}|${model}`}
        onChange={(value) => {
          const [nextProvider, nextModel] = value.split("|") as [ProviderId, string];
          runtime.generator.chooseModel(nextProvider, nextModel);
        }}
      />
      {onlySimulator ? <div className="sb-hint">Add a provider's key in Settings to see its models.</div> : null}
    </div>
  );
}
