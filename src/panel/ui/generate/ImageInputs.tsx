import type { ModelSpec } from "../../../core/modelSpec";
import type { DraftCheck, GenerateDraft } from "../../runtime/generateDraft";
import { usePanel } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";
import { FieldIssues } from "./FieldIssues";

/** First frame, last frame and reference images, chosen with UXP's file picker; only what the model takes. */
export function ImageInputs({ spec, draft, check }: { spec: ModelSpec; draft: GenerateDraft; check: DraftCheck }) {
  const runtime = usePanel();
  const caps = spec.capabilities;
  if (caps.firstFrame === "none" && caps.lastFrame === "none" && caps.maxReferenceImages === 0) return null;
  return (
    <div className="sb-section">
      {caps.firstFrame !== "none" ? (
        <div className="sb-field" style={{ flexBasis: "100%" }}>
          <div className="sb-label">First frame{caps.firstFrame === "required" ? " (required)" : ""}</div>
          <div className="sb-row sb-gap">
            <span className="sb-ellipsis" style={{ flex: "1 1 auto" }}>
              {draft.firstFrame?.name ?? <span className="sb-muted">none</span>}
            </span>
            <SpButton quiet testId="pick-first-frame" onClick={() => void runtime.generator.chooseImage("firstFrame")}>
              Choose…
            </SpButton>
            {draft.firstFrame ? (
              <SpButton quiet onClick={() => runtime.generator.updateDraft({ firstFrame: undefined })}>
                Remove
              </SpButton>
            ) : null}
          </div>
          <FieldIssues messages={check.issues.firstFrame} testId="first-frame" />
        </div>
      ) : null}
      {caps.lastFrame !== "none" ? (
        <div className="sb-field" style={{ flexBasis: "100%" }}>
          <div className="sb-label">Last frame</div>
          <div className="sb-row sb-gap">
            <span className="sb-ellipsis" style={{ flex: "1 1 auto" }}>
              {draft.lastFrame?.name ?? <span className="sb-muted">none</span>}
            </span>
            <SpButton quiet testId="pick-last-frame" onClick={() => void runtime.generator.chooseImage("lastFrame")}>
              Choose…
            </SpButton>
            {draft.lastFrame ? (
              <SpButton quiet onClick={() => runtime.generator.updateDraft({ lastFrame: undefined })}>
                Remove
              </SpButton>
            ) : null}
          </div>
          <FieldIssues messages={check.issues.lastFrame} testId="last-frame" />
        </div>
      ) : null}
      {caps.maxReferenceImages > 0 ? (
        <div className="sb-field" style={{ flexBasis: "100%" }}>
          <div className="sb-label">Reference images (up to {caps.maxReferenceImages})</div>
          {draft.referenceImages.map((image, index) => (
            <div key={`${image.path}-${index}`} className="sb-row sb-gap">
              <span className="sb-ellipsis" style={{ flex: "1 1 auto" }}>
                {image.name}
              </span>
              <SpButton quiet onClick={() => runtime.generator.updateDraft({ referenceImages: draft.referenceImages.filter((_, i) => i !== index) })}>
                Remove
              </SpButton>
            </div>
          ))}
          {draft.referenceImages.length < caps.maxReferenceImages ? (
            <div className="sb-row">
              <SpButton quiet testId="pick-reference" onClick={() => void runtime.generator.chooseImage("reference")}>
                Add reference…
              </SpButton>
            </div>
          ) : null}
          <FieldIssues messages={check.issues.referenceImages} testId="reference-images" />
        </div>
      ) : null}
    </div>
  );
}
