import { useMemo, useState } from "react";
import { formatUsd } from "../../../core/pricing";
import { PROVIDER_IDS, type ProviderId } from "../../../core/request";
import { describeProvider } from "../../../providers/providerDescriptions";
import { BIN_MODES, fileNameExample, type BinMode } from "../../settings/panelSettings";
import { modelOptions } from "../generate/ModelPicker";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox, SpDropdown, SpTextfield } from "../spectrum/spectrumWidgets";

export function MediaFolderSection() {
  const runtime = usePanel();
  const folder = usePanelState((state) => state.mediaFolder);
  const problem = usePanelState((state) => state.mediaFolderProblem);
  return (
    <div className="sb-section">
      <div className="sb-label sb-strong">Media folder</div>
      <div className="sb-ellipsis" data-testid="media-folder" title={folder}>
        {folder ?? <span className="sb-muted">not chosen</span>}
      </div>
      {problem ? <div className="sb-issue">{problem}</div> : null}
      <div className="sb-hint">Clips are saved here, never in the plugin's temporary folder, which Premiere may empty.</div>
      <div className="sb-row">
        <SpButton testId="settings-choose-media-folder" onClick={() => void runtime.mediaFolder.choose()}>
          Choose…
        </SpButton>
      </div>
    </div>
  );
}

const BIN_MODE_LABELS: Record<BinMode, string> = {
  target: "Straight into the target bin",
  daily: "Sub-bin per day: Shotbin / YYYY-MM-DD",
  fixed: "One sub-bin with a fixed name",
};

export function FilesAndBinsSection() {
  const runtime = usePanel();
  const settings = usePanelState((state) => state.settings);
  const [template, setTemplate] = useState(settings.fileNameTemplate);
  const [templateProblem, setTemplateProblem] = useState<string>();
  const [templateSaved, setTemplateSaved] = useState(false);
  const [binName, setBinName] = useState(settings.fixedBinName);
  const [binProblem, setBinProblem] = useState<string>();
  const [binSaved, setBinSaved] = useState(false);
  const saveTemplate = () => {
    const problem = runtime.settings.update({ fileNameTemplate: template.trim() });
    setTemplateProblem(problem);
    setTemplateSaved(!problem);
  };
  const saveBinName = () => {
    const name = binName.trim();
    const problem = name ? runtime.settings.update({ fixedBinName: name }) : "Enter a name for the sub-bin, such as Shotbin or Selects.";
    setBinProblem(problem);
    setBinSaved(!problem);
  };
  return (
    <div className="sb-section">
      <div className="sb-label sb-strong">Files and bins</div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">File-name template</div>
        <div className="sb-row sb-gap">
          <SpTextfield
            testId="file-name-template"
            value={template}
            onInput={(value) => {
              setTemplate(value);
              setTemplateSaved(false);
            }}
            invalid={!!templateProblem}
            style={{ flex: "1 1 auto" }}
          />
          <SpButton testId="file-name-template-save" onClick={saveTemplate}>
            Save
          </SpButton>
        </div>
        <div className="sb-hint">Placeholders: {"{shot} {slug} {scene} {take} {model} {provider} {seed} {job} {date} {aspect} {resolution}"}</div>
        {templateProblem ? <div className="sb-issue" data-testid="file-name-template-problem">{templateProblem}</div> : null}
        {templateSaved ? (
          <div className="sb-ok" data-testid="file-name-template-saved">
            Saved. A clip of shot G1, take 1 would be named {fileNameExample(settings.fileNameTemplate)}
          </div>
        ) : null}
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">New clips go</div>
        <SpDropdown testId="bin-mode" options={BIN_MODES.map((mode) => ({ value: mode, label: BIN_MODE_LABELS[mode] }))} value={settings.binMode} onChange={(value) => runtime.settings.update({ binMode: value as BinMode })} />
      </div>
      {settings.binMode === "fixed" ? (
        <div className="sb-field" style={{ flexBasis: "100%" }}>
          <div className="sb-label">Sub-bin name</div>
          <div className="sb-row sb-gap">
            <SpTextfield
              testId="fixed-bin-name"
              value={binName}
              onInput={(value) => {
                setBinName(value);
                setBinSaved(false);
              }}
              invalid={!!binProblem}
              style={{ flex: "1 1 auto" }}
            />
            <SpButton testId="fixed-bin-name-save" onClick={saveBinName}>
              Save
            </SpButton>
          </div>
          {binProblem ? <div className="sb-issue" data-testid="fixed-bin-name-problem">{binProblem}</div> : null}
          {binSaved ? <div className="sb-ok" data-testid="fixed-bin-name-saved">Saved. New clips go into {settings.fixedBinName} inside the target bin.</div> : null}
        </div>
      ) : null}
    </div>
  );
}

export function DefaultsSection() {
  const runtime = usePanel();
  const settings = usePanelState((state) => state.settings);
  const usable = usePanelState((state) => state.usable);
  const options = useMemo(() => modelOptions(usable), [usable]);
  const [cap, setCap] = useState(settings.dailyBudgetUsd === undefined ? "" : String(settings.dailyBudgetUsd));
  const [capProblem, setCapProblem] = useState<string>();
  const [modelProblem, setModelProblem] = useState<string>();
  const saveCap = () => {
    const trimmed = cap.trim().replace(/^\$/, "");
    if (!trimmed) return setCapProblem(runtime.settings.update({ dailyBudgetUsd: undefined }));
    const value = Number(trimmed);
    if (!/^\d+(\.\d+)?$/.test(trimmed) || !Number.isFinite(value) || value <= 0) return setCapProblem(`'${cap.trim()}' is not an amount; enter dollars, such as 25 or 12.50, or leave it empty for no cap.`);
    setCapProblem(runtime.settings.update({ dailyBudgetUsd: value }));
  };
  return (
    <div className="sb-section">
      <div className="sb-label sb-strong">Defaults and budget</div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Default model</div>
        <SpDropdown
          testId="default-model"
          options={options}
          value={settings.defaultModel ? `${settings.defaultModel.provider}|${settings.defaultModel.model}` : "simulator|shotbin-sim"}
          onChange={(value) => {
            const [provider, model] = value.split("|") as [ProviderId, string];
            setModelProblem(runtime.generator.setDefaultModel(provider, model));
          }}
        />
        {modelProblem ? <div className="sb-issue">{modelProblem}</div> : <div className="sb-hint">Selected in Generate now and each time the panel opens (when its provider has a key).</div>}
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Daily budget cap (USD)</div>
        <div className="sb-row sb-gap">
          <SpTextfield testId="daily-budget" value={cap} placeholder="no cap" onInput={setCap} invalid={!!capProblem} style={{ flex: "1 1 auto" }} />
          <SpButton testId="daily-budget-save" onClick={saveCap}>
            Save
          </SpButton>
        </div>
        {capProblem ? (
          <div className="sb-issue" data-testid="daily-budget-problem">
            {capProblem}
          </div>
        ) : (
          <div className="sb-hint" data-testid="daily-budget-state">
            {settings.dailyBudgetUsd === undefined ? "No cap." : `Cap ${formatUsd(settings.dailyBudgetUsd)} a day.`} Generate, Retry and shot-list runs refuse anything that would take today's spending over the cap.
          </div>
        )}
      </div>
      <SpCheckbox testId="settings-auto-import" checked={settings.autoImport} onChange={(checked) => runtime.settings.update({ autoImport: checked })}>
        Import finished takes automatically
      </SpCheckbox>
    </div>
  );
}

function EndpointRow({ provider }: { provider: Exclude<ProviderId, "simulator"> }) {
  const runtime = usePanel();
  const description = describeProvider(provider);
  const override = usePanelState((state) => state.settings.providers[provider]);
  const [url, setUrl] = useState(override?.baseUrl ?? "");
  const [problem, setProblem] = useState<string>();
  const enabled = override?.enabled ?? description.enabledByDefault;
  const save = (patch: { baseUrl?: string; enabled?: boolean }) => {
    const providers = { ...runtime.state.settings.providers };
    const next = { ...providers[provider], ...patch };
    if (!next.baseUrl) delete next.baseUrl;
    providers[provider] = next;
    setProblem(runtime.settings.update({ providers }));
  };
  return (
    <div className="sb-field" style={{ flexBasis: "100%" }}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-label">{description.displayName}</span>
        <SpCheckbox testId={`provider-enabled-${provider}`} checked={enabled} onChange={(checked) => save({ enabled: checked })}>
          On
        </SpCheckbox>
      </div>
      <div className="sb-row sb-gap">
        <SpTextfield testId={`base-url-${provider}`} value={url} placeholder={description.defaultBaseUrl} onInput={setUrl} style={{ flex: "1 1 auto" }} />
        <SpButton quiet onClick={() => save({ baseUrl: url.trim() || undefined })}>
          Save
        </SpButton>
      </div>
      {problem ? <div className="sb-issue">{problem}</div> : null}
    </div>
  );
}

/** Base URLs for regions, gateways or the harness's fake servers. Each host must also be in manifest.json. */
export function EndpointsSection() {
  const [open, setOpen] = useState(false);
  return (
    <div className="sb-section">
      <div className="sb-link" style={{ marginLeft: 0 }} onClick={() => setOpen(!open)}>
        {open ? "▾" : "▸"} Provider endpoints (advanced)
      </div>
      {open ? (
        <>
          <div className="sb-hint">Leave empty for the provider's own API. Premiere only reaches hosts listed in the plugin's manifest.</div>
          {PROVIDER_IDS.filter((id): id is Exclude<ProviderId, "simulator"> => id !== "simulator").map((id) => (
            <EndpointRow key={id} provider={id} />
          ))}
        </>
      ) : null}
    </div>
  );
}
