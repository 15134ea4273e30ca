import type { ModelSpec } from "../../../core/modelSpec";
import type { Resolution } from "../../../core/request";
import type { DraftCheck, GenerateDraft } from "../../runtime/generateDraft";
import { MAX_TAKES } from "../../runtime/generateDraft";
import { usePanel } from "../panelContext";
import { SpCheckbox, SpDropdown, SpTextfield } from "../spectrum/spectrumWidgets";
import { FieldIssues } from "./FieldIssues";

function durationChoices(spec: ModelSpec): number[] {
  const durations = spec.capabilities.durations;
  if ("values" in durations) return [...durations.values];
  const choices: number[] = [];
  for (let seconds = durations.min; seconds <= durations.max; seconds++) choices.push(seconds);
  return choices;
}

/** The model's own options, built from its capabilities: only what this model can do is offered. */
export function ModelOptions({ spec, draft, check }: { spec: ModelSpec; draft: GenerateDraft; check: DraftCheck }) {
  const runtime = usePanel();
  const caps = spec.capabilities;
  const duration = draft.durationSeconds ?? caps.defaultDuration;
  const resolution = draft.resolution ?? caps.defaultResolution;
  const aspect = draft.aspectRatio ?? caps.defaultAspectRatio;
  const audio = caps.audio === "always" ? true : caps.audio === "never" ? false : (draft.audio ?? caps.defaultAudio);
  const aspectFromImage = caps.aspectFromFirstFrame && (caps.aspectRatios.length === 0 || !!draft.firstFrame);
  return (
    <div className="sb-row-wrap">
      <div className="sb-field">
        <div className="sb-label">Duration</div>
        <SpDropdown
          testId="duration"
          options={durationChoices(spec).map((seconds) => ({ value: String(seconds), label: `${seconds} s` }))}
          value={String(duration)}
          invalid={!!check.issues.durationSeconds}
          onChange={(value) => runtime.generator.updateDraft({ durationSeconds: Number(value) })}
        />
        <FieldIssues messages={check.issues.durationSeconds} testId="duration" />
      </div>
      {aspectFromImage ? (
        <div className="sb-field">
          <div className="sb-label">Aspect ratio</div>
          <div className="sb-hint">From the first frame</div>
        </div>
      ) : (
        <div className="sb-field">
          <div className="sb-label">Aspect ratio</div>
          <SpDropdown
            testId="aspect"
            options={caps.aspectRatios.map((ratio) => ({ value: ratio, label: ratio }))}
            value={aspect}
            invalid={!!check.issues.aspectRatio}
            onChange={(value) => runtime.generator.updateDraft({ aspectRatio: value })}
          />
          <FieldIssues messages={check.issues.aspectRatio} testId="aspect" />
        </div>
      )}
      <div className="sb-field">
        <div className="sb-label">Resolution</div>
        <SpDropdown
          testId="resolution"
          options={caps.resolutions.map((value) => ({ value, label: value }))}
          value={resolution}
          invalid={!!check.issues.resolution}
          onChange={(value) => runtime.generator.updateDraft({ resolution: value as Resolution })}
        />
        <FieldIssues messages={check.issues.resolution} testId="resolution" />
      </div>
      <div className="sb-field">
        <div className="sb-label">Takes</div>
        <SpDropdown
          testId="takes"
          options={Array.from({ length: MAX_TAKES }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
          value={String(draft.takes)}
          onChange={(value) => runtime.generator.updateDraft({ takes: Number(value) })}
        />
        <FieldIssues messages={check.issues.takes} testId="takes" />
      </div>
      <div className="sb-field">
        <div className="sb-label">Seed</div>
        <SpTextfield
          testId="seed"
          value={draft.seedText}
          placeholder={caps.seed === "ignored" ? "not used by this model" : "random"}
          invalid={!!check.issues.seed}
          onInput={(value) => runtime.generator.updateDraft({ seedText: value })}
        />
        <FieldIssues messages={check.issues.seed} testId="seed" />
        {draft.takes > 1 && draft.seedText.trim() ? <div className="sb-hint">Takes use seed, seed + 1, …</div> : null}
      </div>
      <div className="sb-field" style={{ justifyContent: "flex-end" }}>
        {caps.audio === "never" ? (
          <div className="sb-hint">Silent model</div>
        ) : (
          <SpCheckbox testId="audio" checked={audio} disabled={caps.audio === "always"} onChange={(checked) => runtime.generator.updateDraft({ audio: checked })}>
            {caps.audio === "always" ? "Audio (always on)" : "Audio"}
          </SpCheckbox>
        )}
        <FieldIssues messages={check.issues.audio} testId="audio" />
      </div>
    </div>
  );
}
