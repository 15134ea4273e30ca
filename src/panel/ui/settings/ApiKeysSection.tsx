import { useState } from "react";
import type { ProviderId } from "../../../core/request";
import { describeProvider } from "../../../providers/providerDescriptions";
import { PROVIDER_KEY_FIELDS, type KeyField } from "../../settings/keyNames";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox, SpTextfield } from "../spectrum/spectrumWidgets";

function KeyInput({ field }: { field: KeyField }) {
  const runtime = usePanel();
  const saved = usePanelState((state) => state.keysSet[field.name] ?? false);
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string>();
  return (
    <div className="sb-field" style={{ flexBasis: "100%" }}>
      <div className="sb-label">
        {field.label} · <span className={saved ? "sb-ok" : "sb-muted"} data-testid={`key-state-${field.name}`}>{saved ? "saved" : "not set"}</span>
      </div>
      <div className="sb-row sb-gap">
        <SpTextfield testId={`key-${field.name}`} type="password" value={value} placeholder={saved ? "•••••••• (enter a new one to replace it)" : "paste the key"} onInput={setValue} style={{ flex: "1 1 auto" }} />
        <SpButton
          testId={`key-save-${field.name}`}
          disabled={!value.trim()}
          onClick={() =>
            void runtime.keys.save(field.name, value).then((error) => {
              setProblem(error);
              if (!error) setValue("");
            })
          }
        >
          Save
        </SpButton>
        {saved ? (
          <SpButton quiet testId={`key-remove-${field.name}`} onClick={() => void runtime.keys.remove(field.name)}>
            Remove
          </SpButton>
        ) : null}
      </div>
      {problem ? <div className="sb-issue">{problem}</div> : null}
    </div>
  );
}

/** Where to get a key and what it costs: the provider's own pages, opened in the browser. */
function ProviderLinks({ provider }: { provider: Exclude<ProviderId, "simulator"> }) {
  const runtime = usePanel();
  const { displayName, links } = describeProvider(provider);
  if (!links) return null;
  return (
    <div className="sb-row" style={{ marginTop: 2 }}>
      <span className="sb-link" style={{ marginLeft: 0 }} data-testid={`key-page-${provider}`} title={links.keys} onClick={() => void runtime.links.open(links.keys, `${displayName}'s page for API keys`)}>
        Get a key ↗
      </span>
      <span className="sb-link" data-testid={`pricing-page-${provider}`} title={links.pricing} onClick={() => void runtime.links.open(links.pricing, `${displayName}'s prices`)}>
        Pricing ↗
      </span>
    </div>
  );
}

/**
 * OpenAI's image route has its own switch: its Images API (GPT Image 1.5) is live and on by
 * default, while its Videos API (Sora) was retired upstream and is off unless switched on.
 */
function OpenaiImagesSwitch() {
  const runtime = usePanel();
  const enabled = usePanelState((state) => state.settings.imageProviders.openai?.enabled ?? true);
  const save = (checked: boolean) => runtime.settings.update({ imageProviders: { ...runtime.state.settings.imageProviders, openai: { enabled: checked } } });
  return (
    <div style={{ marginTop: 4 }}>
      <SpCheckbox testId="image-provider-enabled-openai" checked={enabled} onChange={save}>
        GPT Image 1.5 for Frames (OpenAI Images API)
      </SpCheckbox>
      <div className="sb-hint" data-testid="image-provider-note-openai">
        On by default: the Images API is live. Sora video (the Videos API, retired by OpenAI) is switched separately, under Provider endpoints.
      </div>
    </div>
  );
}

function ProviderKeys({ provider }: { provider: Exclude<ProviderId, "simulator"> }) {
  const runtime = usePanel();
  const description = describeProvider(provider);
  const usable = usePanelState((state) => state.usable.includes(provider));
  const enabled = usePanelState((state) => state.settings.providers[provider]?.enabled ?? description.enabledByDefault);
  const test = usePanelState((state) => state.keyTests[provider]);
  return (
    <div className="sb-box" data-testid={`provider-${provider}`}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-strong">{description.displayName}</span>
        {usable ? (
          <SpButton quiet testId={`key-test-${provider}`} onClick={() => void runtime.keys.test(provider)}>
            Test key
          </SpButton>
        ) : null}
      </div>
      {!enabled ? <div className="sb-hint">{provider === "openai" ? "Sora video is switched off (see Provider endpoints below)." : "Switched off (see Provider endpoints below)."}</div> : null}
      {provider === "openai" ? <OpenaiImagesSwitch /> : null}
      <div className="sb-hint">{description.keyHelp}</div>
      {description.links ? <ProviderLinks provider={provider} /> : null}
      {PROVIDER_KEY_FIELDS[provider].map((field) => (
        <KeyInput key={field.name} field={field} />
      ))}
      {test ? (
        <div className={test.state === "ok" ? "sb-ok" : test.state === "failed" ? "sb-error" : "sb-muted"} data-testid={`key-test-result-${provider}`}>
          {test.message}
        </div>
      ) : null}
    </div>
  );
}

/** Keys go to UXP secureStorage and are never shown again; "Test key" makes one cheap authenticated call. */
export function ApiKeysSection() {
  return (
    <div className="sb-section">
      <div className="sb-label sb-strong">API keys</div>
      <div className="sb-hint" style={{ marginBottom: 6 }}>
        Stored encrypted in Premiere's secure storage for your OS user; never written to logs, projects or clips. The simulator needs none.
      </div>
      {(Object.keys(PROVIDER_KEY_FIELDS) as Exclude<ProviderId, "simulator">[]).map((provider) => (
        <ProviderKeys key={provider} provider={provider} />
      ))}
    </div>
  );
}
