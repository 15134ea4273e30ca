import { useMemo } from "react";
import { findModel } from "../../../providers/catalog";
import { findTile } from "../../runtime/framesBoard";
import { checkRefine, imageModelsFor, MAX_VARIANTS, type ImageModelChoice } from "../../runtime/framesDraft";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpDropdown, SpTextfield } from "../spectrum/spectrumWidgets";
import { useStillUrl } from "./FrameGrid";

/** The picked frame: refine it with an edit model (variants beside it), or animate it in Generate. */
export function PickPanel() {
  const runtime = usePanel();
  const stills = usePanelState((state) => state.stills);
  const frames = usePanelState((state) => state.frames);
  const usable = usePanelState((state) => state.imageUsable);
  const videoDraft = usePanelState((state) => state.draft);
  const tile = findTile(stills, frames.pick);
  const src = useStillUrl(tile?.ready ? tile.path : undefined);
  const edits = useMemo(() => imageModelsFor(usable, "edit"), [usable]);
  const placeholder = useMemo(() => (tile?.path ? { kind: "bytes" as const, bytes: new Uint8Array(0), mediaType: "image/png" as const, name: "pick" } : undefined), [tile?.path]);
  const check = checkRefine(frames.refine, placeholder, usable);
  if (!tile?.ready) return null;
  const videoSpec = findModel(videoDraft.provider, videoDraft.model);
  const takesLast = videoSpec?.capabilities.lastFrame !== "none";
  const value = frames.refine.model ? `${frames.refine.model.provider}|${frames.refine.model.model}` : undefined;
  return (
    <div className="sb-box" data-testid="frame-pick">
      <div className="sb-row sb-gap" style={{ alignItems: "flex-start" }}>
        {src ? <img className="sb-pick-thumb" src={src} alt={`The picked frame, ${tile.board} frame ${tile.number}`} /> : null}
        <div style={{ flex: "1 1 auto", minWidth: 0 }}>
          <div className="sb-strong">
            Picked: {tile.board} frame {tile.number}
          </div>
          <div className="sb-sub" title={tile.prompt}>
            {tile.label} · {tile.prompt}
          </div>
        </div>
      </div>
      <div className="sb-label sb-strong" style={{ marginTop: 8 }}>
        Animate
      </div>
      <div className="sb-row sb-gap">
        <SpButton testId="frames-animate" variant="cta" onClick={() => void runtime.frames.animate("firstFrame")}>
          Animate from this frame
        </SpButton>
        {takesLast ? (
          <SpButton testId="frames-last-frame" onClick={() => void runtime.frames.animate("lastFrame")}>
            Use as last frame
          </SpButton>
        ) : null}
      </div>
      <div className="sb-hint">It becomes the first frame (or the last) of the video request in Generate; the clip records which still it came from.</div>
      {frames.animateNote ? (
        <div className="sb-hint" data-testid="frames-animate-note">
          {frames.animateNote}
        </div>
      ) : null}
      <div className="sb-label sb-strong" style={{ marginTop: 8 }}>
        Refine
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">What to change</div>
        <SpTextfield testId="frames-refine-prompt" value={frames.refine.prompt} placeholder="warmer light, a red boat in the foreground" onInput={(prompt) => runtime.frames.updateRefine({ prompt })} style={{ width: "100%" }} />
      </div>
      <div className="sb-row-wrap">
        <div className="sb-field">
          <div className="sb-label">Edit model</div>
          <SpDropdown
            testId="frames-refine-model"
            options={edits.map((spec) => ({ value: `${spec.provider}|${spec.id}`, label: spec.displayName }))}
            value={value}
            placeholder="choose an edit model"
            onChange={(next) => {
              const [provider, model] = next.split("|") as [ImageModelChoice["provider"], string];
              runtime.frames.updateRefine({ model: { provider, model } });
            }}
          />
        </div>
        <div className="sb-field">
          <div className="sb-label">Variants</div>
          <SpDropdown
            testId="frames-refine-count"
            options={Array.from({ length: MAX_VARIANTS }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
            value={String(frames.refine.count)}
            onChange={(count) => runtime.frames.updateRefine({ count: Number(count) })}
          />
        </div>
      </div>
      <div className="sb-cost" data-testid="frames-refine-cost">
        {check.costText ?? "—"}
        {check.costText && !check.confirmed ? <span className="sb-muted"> (price not confirmed)</span> : null}
      </div>
      {!check.ok && frames.refine.prompt.trim() ? (
        <div className="sb-issue" data-testid="frames-refine-issue">
          {check.problem}
        </div>
      ) : null}
      <div className="sb-row">
        <SpButton testId="frames-refine" disabled={!check.ok || frames.sending} onClick={() => void runtime.frames.refine()}>
          Refine
        </SpButton>
      </div>
      {frames.refineProblem ? (
        <div className="sb-issue" data-testid="frames-refine-problem">
          {frames.refineProblem}
        </div>
      ) : null}
    </div>
  );
}
