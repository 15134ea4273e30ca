import { useMemo } from "react";
import { findModel } from "../../../providers/catalog";
import { specOfKey } from "../../runtime/compareView";
import { checkDraft, draftForModel } from "../../runtime/generateDraft";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpTextarea, SpTextfield } from "../spectrum/spectrumWidgets";
import { CompareGroups } from "./CompareGroups";
import { CompareModels } from "./CompareModels";
import { CompareSend } from "./CompareSend";
import { CompareSwitch } from "./CompareSwitch";
import { FieldIssues } from "./FieldIssues";
import { FromTimeline } from "./FromTimeline";
import { HostContextLine } from "./HostContextLine";
import { MediaFolderLine } from "./MediaFolderLine";
import { ImageInputs } from "./ImageInputs";
import { LatestShot } from "./LatestShot";
import { ModelOptions } from "./ModelOptions";
import { ModelPicker } from "./ModelPicker";
import { PlacementOptions } from "./PlacementOptions";

/** Prompt, model, the model's options, images, placement, a live price, and Generate. */
export function GenerateTab() {
  const runtime = usePanel();
  const draft = usePanelState((state) => state.draft);
  const generating = usePanelState((state) => state.generating);
  const problem = usePanelState((state) => state.generateProblem);
  const comparing = usePanelState((state) => state.compare.on);
  const lead = usePanelState((state) => state.compare.models[0]);
  // In Compare mode the options follow the first ticked model; each model's line says what it gets.
  const compareSpec = comparing && lead ? specOfKey(lead) : undefined;
  const spec = compareSpec ?? findModel(draft.provider, draft.model);
  const shown = useMemo(() => (compareSpec ? draftForModel(draft, compareSpec) : draft), [compareSpec, draft]);
  const check = useMemo(() => checkDraft(spec, shown), [spec, shown]);
  const negativeIgnored = spec?.capabilities.negativePrompt === "ignored";
  return (
    <div data-testid="generate-tab">
      <HostContextLine />
      <MediaFolderLine />
      <CompareSwitch />
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Prompt</div>
        <SpTextarea
          testId="prompt"
          value={draft.prompt}
          placeholder="Describe the shot: subject, action, camera, light"
          invalid={!!check.issues.prompt && draft.prompt !== ""}
          onInput={(prompt) => runtime.generator.updateDraft({ prompt })}
          style={{ width: "100%", minHeight: 64 }}
        />
        <FieldIssues messages={check.issues.prompt} testId="prompt" quiet={draft.prompt === ""} />
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Negative prompt</div>
        <SpTextfield
          testId="negative-prompt"
          value={draft.negativePrompt}
          placeholder={negativeIgnored ? "not used by this model" : "what to avoid"}
          onInput={(negativePrompt) => runtime.generator.updateDraft({ negativePrompt })}
          style={{ width: "100%" }}
        />
      </div>
      {comparing ? <CompareModels /> : <ModelPicker />}
      {comparing ? null : <FieldIssues messages={check.issues.model} testId="model" />}
      {spec ? <ModelOptions spec={spec} draft={shown} check={check} /> : null}
      {spec ? <ImageInputs spec={spec} draft={draft} check={check} /> : null}
      {comparing ? null : <PlacementOptions />}
      {check.warnings.map((warning) => (
        <div key={`${warning.field}:${warning.message}`} className="sb-hint" data-testid="warning">
          {warning.message}
        </div>
      ))}
      {comparing ? (
        <CompareSend />
      ) : (
        <>
          <div className="sb-cost" data-testid="cost">
            {check.costText ?? "—"}
            {check.costText && check.priceConfirmed === false ? <span className="sb-muted"> (price not confirmed)</span> : null}
          </div>
          <div className="sb-row">
            <SpButton testId="generate" variant="cta" disabled={!check.ok || generating} onClick={() => void runtime.generator.generate()}>
              {generating ? "Sending…" : draft.takes > 1 ? `Generate ${draft.takes} takes` : "Generate"}
            </SpButton>
          </div>
          {problem ? (
            <div className="sb-issue" data-testid="generate-problem" style={{ marginTop: 6 }}>
              {problem}
            </div>
          ) : null}
        </>
      )}
      {comparing ? <CompareGroups /> : null}
      <LatestShot />
      <FromTimeline />
    </div>
  );
}
