/**
 * Choosing the request for a planned action: the shortest duration the model offers that covers
 * the frames needed (never stepping in seconds: a duration covers N frames when every one of them
 * starts before the clip ends), a resolution the model's rules accept, an aspect ratio for the
 * sequence's frame, and the price, all through core validation.
 */
import type { DurationSpec, ModelSpec } from "../core/modelSpec";
import type { ImageInput, Resolution } from "../core/request";
import { type TickRate, wholeFramesIn } from "../core/ticks";
import { validateRequest, type ValidationIssue } from "../core/validation";
import type { CostEstimate } from "../core/pricing";
import type { ActionSettings, PlannedRequest } from "./planTypes";

/** Every duration the model offers, shortest first (whole seconds for a range). */
export function offeredDurations(spec: DurationSpec): number[] {
  if ("values" in spec) return [...spec.values].sort((a, b) => a - b);
  const out: number[] = [];
  for (let s = Math.ceil(spec.min); s <= spec.max; s++) out.push(s);
  return out;
}

export function longestDuration(spec: DurationSpec): number {
  const all = offeredDurations(spec);
  return all[all.length - 1] ?? 0;
}

const PLACEHOLDER: ImageInput = { kind: "bytes", bytes: new Uint8Array(0), mediaType: "image/png", name: "frame.png" };

/** The sequence's aspect ratio among the model's, when one is within 2 % of the frame's. */
export function aspectFor(model: ModelSpec, frame: { width: number; height: number }): string | undefined {
  const ratio = frame.width / frame.height;
  let best: { aspect: string; off: number } | undefined;
  for (const aspect of model.capabilities.aspectRatios) {
    const [w, h] = aspect.split(":").map(Number) as [number, number];
    const off = Math.abs(w / h - ratio) / ratio;
    if (!best || off < best.off) best = { aspect, off };
  }
  return best && best.off <= 0.02 ? best.aspect : undefined;
}

export interface RequestChoice {
  request: PlannedRequest;
  cost: CostEstimate;
  yieldsFrames: number;
}

export type RequestChoiceResult = { ok: true; choice: RequestChoice } | { ok: false; reason: string; code: "too-long" | "request-invalid" };

export interface RequestNeeds {
  model: ModelSpec;
  rate: TickRate;
  /** Frames the result must cover; null to use the editor's (or the model's default) duration. */
  neededFrames: number | null;
  firstFrame: boolean;
  lastFrame: boolean;
  settings: ActionSettings;
  frameSize: { width: number; height: number };
}

/**
 * The shortest duration (and a resolution) the model accepts for these needs, validated and
 * priced. Refuses when nothing the model offers is long enough, or nothing validates.
 */
export function chooseRequest(needs: RequestNeeds): RequestChoiceResult {
  const { model, rate, settings } = needs;
  const caps = model.capabilities;
  const offered = offeredDurations(caps.durations);
  let durations: number[];
  if (needs.neededFrames === null) {
    durations = [settings.durationSeconds ?? caps.defaultDuration];
  } else {
    const needed = needs.neededFrames;
    durations = offered.filter((seconds) => wholeFramesIn(seconds, rate) >= needed);
    if (durations.length === 0) {
      const longest = longestDuration(caps.durations);
      return {
        ok: false,
        code: "too-long",
        reason: `${needed} frames (${(needed / rate.fps).toFixed(2)} s) is longer than the longest clip ${model.displayName} makes (${longest} s, ${wholeFramesIn(longest, rate)} frames). Shorten the span, or choose a model with longer clips.`,
      };
    }
  }
  const preferred = settings.resolution ?? caps.defaultResolution;
  const resolutions: Resolution[] = [preferred, ...caps.resolutions.filter((r) => r !== preferred)];
  const aspectRatio = settings.aspectRatio ?? (needs.firstFrame && caps.aspectFromFirstFrame ? undefined : aspectFor(model, needs.frameSize));
  let firstIssues: ValidationIssue[] | undefined;
  for (const durationSeconds of durations) {
    for (const resolution of resolutions) {
      const prompt = settings.prompt?.trim() ? settings.prompt : "(prompt)";
      const checked = validateRequest(model, {
        provider: model.provider,
        model: model.id,
        prompt,
        idempotencyKey: "shotbin-plan-preview",
        durationSeconds,
        resolution,
        ...(settings.audio !== undefined ? { audio: settings.audio } : {}),
        ...(aspectRatio ? { aspectRatio } : {}),
        ...(needs.firstFrame ? { firstFrame: PLACEHOLDER } : {}),
        ...(needs.lastFrame ? { lastFrame: PLACEHOLDER } : {}),
      });
      if (!checked.ok) {
        firstIssues ??= checked.issues;
        continue;
      }
      const request: PlannedRequest = {
        model,
        durationSeconds,
        resolution: checked.request.resolution,
        audio: checked.request.audio,
        ...(checked.request.aspectRatio ? { aspectRatio: checked.request.aspectRatio } : {}),
        firstFrame: needs.firstFrame,
        lastFrame: needs.lastFrame,
        needsPrompt: !settings.prompt?.trim(),
        warnings: checked.warnings,
      };
      return { ok: true, choice: { request, cost: checked.cost, yieldsFrames: wholeFramesIn(durationSeconds, rate) } };
    }
  }
  return {
    ok: false,
    code: "request-invalid",
    reason: `${model.displayName} cannot make this: ${(firstIssues ?? []).map((issue) => issue.message).join("; ") || "no setting it offers fits"}.`,
  };
}
