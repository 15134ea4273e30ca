/**
 * The Frames form as data: one prompt on one or more image models, N frames each, checked against
 * each model's capabilities as the art director types, and priced per still and in total before
 * anything is sent. Also the refine form: an edit prompt on an edit model, for the picked frame.
 */
import type { ImageCostEstimate, ImageModelSpec } from "../../core/imageModelSpec";
import type { ResolvedImageRequest } from "../../core/imageRequest";
import { splitImageRequest, validateImageRequest } from "../../core/imageValidation";
import { roundUsd } from "../../core/pricing";
import { createIdempotencyKey, type ImageInput, type ProviderId } from "../../core/request";
import type { ValidationWarning } from "../../core/validation";
import { allImageModels, findImageModel } from "../../providers/imageCatalog";
import { parseSeed } from "./generateDraft";

export const MAX_FRAMES = 8;
export const MAX_VARIANTS = 4;

export interface ImageModelChoice {
  provider: ProviderId;
  model: string;
}

export interface FramesDraft {
  prompt: string;
  negativePrompt: string;
  /** One or more image models; each makes `count` frames. */
  models: ImageModelChoice[];
  /** Frames per model, 1 to 8. */
  count: number;
  /** Undefined: each model's default. */
  aspectRatio?: string;
  /** As typed; empty for a random seed. */
  seedText: string;
}

export interface RefineDraft {
  prompt: string;
  /** The edit model; undefined until one is chosen (the pick's own model when it edits). */
  model?: ImageModelChoice;
  /** Variants to make, 1 to 4. */
  count: number;
}

/** One model's line of the price: what it makes, at what price per still. */
export interface FramesLine {
  choice: ImageModelChoice;
  label: string;
  count: number;
  usd: number;
  usdPerImage: number;
  confirmed: boolean;
  /** Problems of this model with the draft's settings. */
  issues: string[];
  warnings: ValidationWarning[];
  note?: string;
}

export interface FramesCheck {
  ok: boolean;
  /** Problems by field: `prompt`, `count`, `seed`, `models`. */
  issues: Record<string, string[]>;
  lines: FramesLine[];
  totalUsd: number;
  frames: number;
  /** "$0.48 for 8 frames", once every line is valid. */
  costText?: string;
  priceConfirmed: boolean;
}

export function emptyFramesDraft(): FramesDraft {
  return { prompt: "", negativePrompt: "", models: [{ provider: "simulator", model: "shotbin-sim-image" }], count: 4, seedText: "" };
}

export function emptyRefineDraft(): RefineDraft {
  return { prompt: "", count: 2 };
}

/** A still's price: tenths of a cent matter when a frame costs $0.009 or $0.134. */
export function formatStillUsd(usd: number): string {
  if (!Number.isFinite(usd)) return "price unknown";
  if (usd === 0) return "$0.00";
  const text = usd.toFixed(usd < 1 ? 3 : 2);
  return `$${text.replace(/(\.\d\d)0$/, "$1")}`;
}

export function framesText(count: number): string {
  return `${count} frame${count === 1 ? "" : "s"}`;
}

/** Models that can make frames from text (or, with `edit`, edit a frame) on the usable routes. */
export function imageModelsFor(usable: readonly ProviderId[], purpose: "generate" | "edit"): ImageModelSpec[] {
  return allImageModels().filter((model) => usable.includes(model.provider) && (purpose === "generate" ? model.capabilities.generate : model.capabilities.maxInputImages > 0));
}

export function sameChoice(a: ImageModelChoice | undefined, b: ImageModelChoice | undefined): boolean {
  return !!a && !!b && a.provider === b.provider && a.model === b.model;
}

function frameRequest(draft: FramesDraft, spec: ImageModelSpec, idempotencyKey: string): Record<string, unknown> {
  const { seed } = parseSeed(draft.seedText);
  return {
    provider: spec.provider,
    model: spec.id,
    prompt: draft.prompt,
    count: draft.count,
    idempotencyKey,
    ...(draft.negativePrompt.trim() ? { negativePrompt: draft.negativePrompt } : {}),
    ...(draft.aspectRatio ? { aspectRatio: draft.aspectRatio } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}

function addIssue(issues: Record<string, string[]>, field: string, message: string): void {
  (issues[field] ??= []).push(message);
}

/** Checks the draft as it is typed: every problem, each model's price per still and line, and the total. */
export function checkFramesDraft(draft: FramesDraft, usable: readonly ProviderId[]): FramesCheck {
  const issues: Record<string, string[]> = {};
  if (!Number.isInteger(draft.count) || draft.count < 1 || draft.count > MAX_FRAMES) addIssue(issues, "count", `frames must be 1 to ${MAX_FRAMES} per model`);
  const seed = parseSeed(draft.seedText);
  if (seed.problem) addIssue(issues, "seed", seed.problem);
  if (draft.models.length === 0) addIssue(issues, "models", "choose at least one image model");
  const count = Math.max(1, Math.min(MAX_FRAMES, Math.floor(draft.count) || 1));
  const lines: FramesLine[] = [];
  for (const choice of draft.models) {
    const spec = findImageModel(choice.provider, choice.model);
    if (!spec) {
      addIssue(issues, "models", `Shotbin does not know the image model ${choice.model}`);
      continue;
    }
    const line: FramesLine = { choice, label: spec.displayName, count, usd: Number.NaN, usdPerImage: Number.NaN, confirmed: false, issues: [], warnings: [] };
    lines.push(line);
    if (!usable.includes(spec.provider)) line.issues.push(`no key is set for ${spec.displayName}; add it in Settings`);
    const checked = { ...draft, count, seedText: seed.problem ? "" : draft.seedText };
    const result = validateImageRequest(spec, frameRequest(checked, spec, "shotbin-frames-check"));
    for (const issue of result.ok ? [] : result.issues) {
      if (issue.field === "prompt") addIssue(issues, "prompt", issue.message);
      else line.issues.push(issue.message);
    }
    line.warnings = result.warnings.filter((warning) => warning.field !== "cost");
    // The price shows before the prompt is written: an empty prompt is priced as any other.
    const priced = result.ok || draft.prompt.trim() ? result : validateImageRequest(spec, frameRequest({ ...checked, prompt: "a frame" }, spec, "shotbin-frames-check"));
    if (!priced.ok || line.issues.length > 0) continue;
    line.usd = priced.cost.usd;
    line.usdPerImage = priced.cost.usdPerImage;
    line.confirmed = priced.cost.confirmed;
    if (priced.cost.note) line.note = priced.cost.note;
  }
  // Every model reports an empty prompt; say it once.
  const all: Record<string, string[]> = { ...issues };
  if (issues.prompt) all.prompt = [...new Set(issues.prompt)];
  const linesOk = lines.every((line) => line.issues.length === 0);
  const frames = lines.length * count;
  const totalUsd = roundUsd(lines.reduce((sum, line) => sum + line.usd, 0));
  const ok = Object.keys(all).length === 0 && linesOk && lines.length > 0;
  return {
    ok,
    issues: all,
    lines,
    totalUsd,
    frames,
    priceConfirmed: lines.every((line) => line.confirmed),
    ...(linesOk && lines.length > 0 ? { costText: Number.isFinite(totalUsd) ? `${formatStillUsd(totalUsd)} for ${framesText(frames)}` : `Price unknown for ${framesText(frames)}` } : {}),
  };
}

/** One provider call of a Frames request: what the ledger records as one image job. */
export interface PlannedFrameCall {
  spec: ImageModelSpec;
  request: ResolvedImageRequest;
  estimate: ImageCostEstimate;
  /** The number, within its board, of the call's first still (1-based). */
  firstNumber: number;
}

/** Every provider call of the draft, each with its own idempotency key. Throws with the first problem. */
export function framesCalls(draft: FramesDraft, usable: readonly ProviderId[], newKey: () => string = createIdempotencyKey): PlannedFrameCall[] {
  const check = checkFramesDraft(draft, usable);
  if (!check.ok) throw new Error(`Not sent: ${firstProblem(check)}.`);
  const calls: PlannedFrameCall[] = [];
  let number = 1;
  for (const choice of draft.models) {
    const spec = findImageModel(choice.provider, choice.model)!;
    const result = validateImageRequest(spec, frameRequest(draft, spec, newKey()));
    if (!result.ok) throw new Error(`Not sent: ${result.issues[0]?.message ?? "the request is not valid"}.`);
    for (const part of splitImageRequest(spec, result.request)) {
      calls.push({ spec, request: part.request, estimate: part.cost, firstNumber: number });
      number += part.request.count;
    }
  }
  return calls;
}

export function firstProblem(check: FramesCheck): string {
  return Object.values(check.issues)[0]?.[0] ?? check.lines.find((line) => line.issues.length)?.issues[0] ?? "the request is not valid";
}

export interface RefineCheck {
  ok: boolean;
  problem?: string;
  spec?: ImageModelSpec;
  usd: number;
  usdPerImage: number;
  confirmed: boolean;
  costText?: string;
  warnings: ValidationWarning[];
  request?: ResolvedImageRequest;
}

/**
 * Checks (and, with a key, builds) the edit of the picked frame: the pick is the image edited,
 * its lineage rides on the input so the variants and any clip made from them record it.
 */
export function checkRefine(draft: RefineDraft, source: ImageInput | undefined, usable: readonly ProviderId[], idempotencyKey = "shotbin-refine-check"): RefineCheck {
  const none = { ok: false, usd: Number.NaN, usdPerImage: Number.NaN, confirmed: false, warnings: [] };
  if (!source) return { ...none, problem: "pick a frame to refine first" };
  if (!draft.model) return { ...none, problem: "choose an edit model" };
  const spec = findImageModel(draft.model.provider, draft.model.model);
  if (!spec) return { ...none, problem: `Shotbin does not know the image model ${draft.model.model}` };
  if (!usable.includes(spec.provider)) return { ...none, spec, problem: `no key is set for ${spec.displayName}; add it in Settings` };
  if (!Number.isInteger(draft.count) || draft.count < 1 || draft.count > MAX_VARIANTS) return { ...none, spec, problem: `variants must be 1 to ${MAX_VARIANTS}` };
  const edit = (prompt: string) => validateImageRequest(spec, { provider: spec.provider, model: spec.id, prompt, count: draft.count, inputImages: [source], idempotencyKey });
  const result = edit(draft.prompt);
  // Priced before the edit prompt is written, as the frames are.
  const priced = result.ok || draft.prompt.trim() ? result : edit("a change");
  if (!priced.ok) return { ...none, spec, problem: priced.issues[0]?.message ?? "the edit is not valid", warnings: priced.warnings };
  const usd = priced.cost.usd;
  const price = {
    spec,
    usd,
    usdPerImage: priced.cost.usdPerImage,
    confirmed: priced.cost.confirmed,
    costText: Number.isFinite(usd) ? `${formatStillUsd(usd)} for ${draft.count} variant${draft.count === 1 ? "" : "s"}` : `Price unknown for ${draft.count} variant(s)`,
    warnings: priced.warnings.filter((warning) => warning.field !== "cost"),
  };
  if (!result.ok) return { ...price, ok: false, problem: result.issues[0]?.message ?? "the edit is not valid" };
  return { ...price, ok: true, request: result.request };
}
