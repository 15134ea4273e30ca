import { useMemo } from "react";
import { aspectOfSize } from "../../../core/imageModelSpec";
import { findImageModel } from "../../../providers/imageCatalog";
import { checkFramesDraft, formatStillUsd, framesText, imageModelsFor, MAX_FRAMES, sameChoice } from "../../runtime/framesDraft";
import { FieldIssues } from "../generate/FieldIssues";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpCheckbox, SpDropdown, SpTextarea, SpTextfield } from "../spectrum/spectrumWidgets";

const DEFAULT_ASPECT = "default";

/** One prompt on one or more image models, N frames each, priced per frame and in total before anything is sent. */
export function FramesForm() {
  const runtime = usePanel();
  const draft = usePanelState((state) => state.frames.draft);
  const usable = usePanelState((state) => state.imageUsable);
  const sending = usePanelState((state) => state.frames.sending);
  const problem = usePanelState((state) => state.frames.problem);
  const check = useMemo(() => checkFramesDraft(draft, usable), [draft, usable]);
  const models = useMemo(() => imageModelsFor(usable, "generate"), [usable]);
  const aspects = useMemo(() => {
    const chosen = draft.models.map((choice) => findImageModel(choice.provider, choice.model)).filter((spec) => !!spec);
    const ratios = new Set<string>();
    for (const spec of chosen) for (const ratio of spec.capabilities.sizes.length ? spec.capabilities.sizes.map((size) => aspectOfSize(size)) : spec.capabilities.aspectRatios) ratios.add(ratio);
    return [...ratios];
  }, [draft.models]);
  return (
    <div className="sb-section" data-testid="frames-form">
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Prompt</div>
        <SpTextarea
          testId="frames-prompt"
          value={draft.prompt}
          placeholder="Describe the frame: subject, setting, light, lens, mood"
          invalid={!!check.issues.prompt && draft.prompt !== ""}
          onInput={(prompt) => runtime.frames.updateDraft({ prompt })}
          style={{ width: "100%", minHeight: 56 }}
        />
        <FieldIssues messages={check.issues.prompt} testId="frames-prompt" quiet={draft.prompt === ""} />
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Image models (one or more)</div>
        {models.map((spec) => {
          const choice = { provider: spec.provider, model: spec.id };
          const line = check.lines.find((candidate) => sameChoice(candidate.choice, choice));
          const perFrame = line && Number.isFinite(line.usdPerImage) ? ` · ${formatStillUsd(line.usdPerImage)} a frame` : "";
          return (
            <div key={`${spec.provider}|${spec.id}`}>
              <SpCheckbox testId={`frames-model-${spec.provider}-${spec.id.replace(/[^a-z0-9]+/gi, "-")}`} checked={!!line} onChange={() => runtime.frames.toggleModel(choice)}>
                {spec.displayName}
                {perFrame}
              </SpCheckbox>
              {line?.issues.map((issue) => (
                <div key={issue} className="sb-issue" data-testid="frames-model-issue">
                  {spec.displayName}: {issue}
                </div>
              ))}
            </div>
          );
        })}
        {usable.length === 1 ? <div className="sb-hint">Add a fal, Replicate, OpenAI or Gemini key in Settings to see their image models.</div> : null}
        <FieldIssues messages={check.issues.models} testId="frames-models" />
      </div>
      <div className="sb-row-wrap">
        <div className="sb-field">
          <div className="sb-label">Frames per model</div>
          <SpDropdown
            testId="frames-count"
            options={Array.from({ length: MAX_FRAMES }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
            value={String(draft.count)}
            onChange={(value) => runtime.frames.updateDraft({ count: Number(value) })}
          />
        </div>
        <div className="sb-field">
          <div className="sb-label">Aspect ratio</div>
          <SpDropdown
            testId="frames-aspect"
            options={[{ value: DEFAULT_ASPECT, label: "Each model's default" }, ...aspects.map((ratio) => ({ value: ratio, label: ratio }))]}
            value={draft.aspectRatio ?? DEFAULT_ASPECT}
            onChange={(value) => runtime.frames.updateDraft({ aspectRatio: value === DEFAULT_ASPECT ? undefined : value })}
          />
        </div>
        <div className="sb-field">
          <div className="sb-label">Seed</div>
          <SpTextfield testId="frames-seed" value={draft.seedText} placeholder="random" invalid={!!check.issues.seed} onInput={(seedText) => runtime.frames.updateDraft({ seedText })} />
          <FieldIssues messages={check.issues.seed} testId="frames-seed" />
        </div>
      </div>
      {check.lines.length > 1 ? (
        <div className="sb-hint" data-testid="frames-lines">
          {check.lines.map((line) => `${framesText(line.count)} × ${line.label}: ${formatStillUsd(line.usd)}`).join(" · ")}
        </div>
      ) : null}
      {check.lines.flatMap((line) => line.warnings).map((warning) => (
        <div key={`${warning.field}:${warning.message}`} className="sb-hint" data-testid="frames-warning">
          {warning.message}
        </div>
      ))}
      <div className="sb-cost" data-testid="frames-cost">
        {check.costText ?? "—"}
        {check.costText && !check.priceConfirmed ? <span className="sb-muted"> (price not confirmed)</span> : null}
      </div>
      <div className="sb-row">
        <SpButton testId="frames-generate" variant="cta" disabled={!check.ok || sending} onClick={() => void runtime.frames.generate()}>
          {sending ? "Sending…" : `Generate ${framesText(check.frames || draft.count)}`}
        </SpButton>
      </div>
      {problem ? (
        <div className="sb-issue" data-testid="frames-problem" style={{ marginTop: 6 }}>
          {problem}
        </div>
      ) : null}
    </div>
  );
}

