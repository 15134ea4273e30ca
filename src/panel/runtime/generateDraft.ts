/**
 * The Generate form as data: what the editor typed and picked, turned into requests, checked
 * against the model's capabilities as they type, and priced ("$3.20 for 2 takes of 8 s at 1080p")
 * before anything is sent.
 */
import type { ModelSpec } from "../../core/modelSpec";
import { formatUsd, roundUsd } from "../../core/pricing";
import { createIdempotencyKey, type ImageInput, type ProviderId, type Resolution, type ResolvedRequest } from "../../core/request";
import { validateRequest, type ValidationIssue, type ValidationWarning } from "../../core/validation";
import type { PickedImage } from "../platform/filePicking";

export const MAX_TAKES = 4;
const MAX_SEED = 4294967295;

export interface GenerateDraft {
  provider: ProviderId;
  model: string;
  prompt: string;
  negativePrompt: string;
  /** Undefined means the model's default. */
  durationSeconds?: number;
  aspectRatio?: string;
  resolution?: Resolution;
  audio?: boolean;
  /** As typed; empty for a random seed. */
  seedText: string;
  firstFrame?: PickedImage;
  lastFrame?: PickedImage;
  referenceImages: PickedImage[];
  takes: number;
}

export interface DraftCheck {
  ok: boolean;
  /** Messages by field (`prompt`, `durationSeconds`, `seed`, `takes`, `model`, ...). */
  issues: Record<string, string[]>;
  warnings: ValidationWarning[];
  /** "$3.20 for 2 takes of 8 s at 1080p", once the request is valid. */
  costText?: string;
  totalUsd?: number;
  priceConfirmed?: boolean;
  priceNote?: string;
  /** The settings the model will use (its defaults filled in). */
  resolved?: Pick<ResolvedRequest, "durationSeconds" | "resolution" | "audio" | "aspectRatio">;
}

export function emptyDraft(spec: ModelSpec): GenerateDraft {
  return { provider: spec.provider, model: spec.id, prompt: "", negativePrompt: "", seedText: "", referenceImages: [], takes: 1 };
}

/** The options that still fit after switching to `spec`; the rest fall back to its defaults. */
export function draftForModel(draft: GenerateDraft, spec: ModelSpec): GenerateDraft {
  const caps = spec.capabilities;
  const next: GenerateDraft = { ...draft, provider: spec.provider, model: spec.id };
  const durations = caps.durations;
  if (next.durationSeconds !== undefined) {
    const fits = "values" in durations ? durations.values.includes(next.durationSeconds) : next.durationSeconds >= durations.min && next.durationSeconds <= durations.max;
    if (!fits) delete next.durationSeconds;
  }
  if (next.aspectRatio !== undefined && !caps.aspectRatios.includes(next.aspectRatio)) delete next.aspectRatio;
  if (next.resolution !== undefined && !caps.resolutions.includes(next.resolution)) delete next.resolution;
  if (caps.audio !== "optional") delete next.audio;
  if (caps.firstFrame === "none") delete next.firstFrame;
  if (caps.lastFrame === "none") delete next.lastFrame;
  if (next.referenceImages.length > caps.maxReferenceImages) next.referenceImages = next.referenceImages.slice(0, caps.maxReferenceImages);
  return next;
}

function image(picked: PickedImage | undefined): ImageInput | undefined {
  return picked ? { kind: "bytes", bytes: picked.bytes, mediaType: picked.mediaType, name: picked.name, ...(picked.lineage ? { lineage: picked.lineage } : {}) } : undefined;
}

/** The seed as a number, undefined for random, or a message when it is not a seed. */
export function parseSeed(text: string): { seed?: number; problem?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_SEED) return { problem: `seed must be a whole number from 0 to ${MAX_SEED}, or empty for a random one` };
  return { seed: Number(trimmed) };
}

/** The raw request for take `take` (1-based): takes after the first use seed + 1, seed + 2, ... */
export function draftRequest(draft: GenerateDraft, idempotencyKey: string, take = 1): Record<string, unknown> {
  const { seed } = parseSeed(draft.seedText);
  const request: Record<string, unknown> = {
    provider: draft.provider,
    model: draft.model,
    prompt: draft.prompt,
    idempotencyKey,
  };
  if (draft.negativePrompt.trim()) request.negativePrompt = draft.negativePrompt;
  if (draft.durationSeconds !== undefined) request.durationSeconds = draft.durationSeconds;
  if (draft.aspectRatio !== undefined) request.aspectRatio = draft.aspectRatio;
  if (draft.resolution !== undefined) request.resolution = draft.resolution;
  if (draft.audio !== undefined) request.audio = draft.audio;
  if (seed !== undefined) request.seed = Math.min(MAX_SEED, seed + take - 1);
  const first = image(draft.firstFrame);
  const last = image(draft.lastFrame);
  if (first) request.firstFrame = first;
  if (last) request.lastFrame = last;
  if (draft.referenceImages.length) request.referenceImages = draft.referenceImages.map((picked) => image(picked));
  return request;
}

function addIssue(issues: Record<string, string[]>, issue: Pick<ValidationIssue, "field" | "message">): void {
  const field = issue.field.split(".")[0] ?? issue.field;
  (issues[field] ??= []).push(issue.message);
}

export function takesText(takes: number): string {
  return `${takes} take${takes === 1 ? "" : "s"}`;
}

/** Checks the draft as the editor types: every problem by field, and the price of all takes. */
export function checkDraft(spec: ModelSpec | undefined, draft: GenerateDraft): DraftCheck {
  const issues: Record<string, string[]> = {};
  if (!spec) {
    addIssue(issues, { field: "model", message: "choose a model" });
    return { ok: false, issues, warnings: [] };
  }
  if (!Number.isInteger(draft.takes) || draft.takes < 1 || draft.takes > MAX_TAKES) {
    addIssue(issues, { field: "takes", message: `takes must be 1 to ${MAX_TAKES}` });
  }
  const seed = parseSeed(draft.seedText);
  if (seed.problem) addIssue(issues, { field: "seed", message: seed.problem });
  const request = draftRequest({ ...draft, seedText: seed.problem ? "" : draft.seedText }, "shotbin-draft-check");
  const result = validateRequest(spec, request);
  if (!result.ok) {
    result.issues.forEach((issue) => addIssue(issues, issue));
    return { ok: false, issues, warnings: result.warnings };
  }
  const takes = Math.max(1, Math.min(MAX_TAKES, Math.floor(draft.takes) || 1));
  const totalUsd = Number.isFinite(result.cost.usd) ? roundUsd(result.cost.usd * takes) : Number.NaN;
  const { durationSeconds, resolution, audio, aspectRatio } = result.request;
  const costText = Number.isFinite(totalUsd)
    ? `${formatUsd(totalUsd)} for ${takesText(takes)} of ${durationSeconds} s at ${resolution}`
    : `Price unknown for ${takesText(takes)} of ${durationSeconds} s at ${resolution}`;
  return {
    ok: Object.keys(issues).length === 0,
    issues,
    warnings: result.warnings,
    costText,
    totalUsd,
    priceConfirmed: result.cost.confirmed,
    ...(result.cost.note ? { priceNote: result.cost.note } : {}),
    resolved: { durationSeconds, resolution, audio, ...(aspectRatio ? { aspectRatio } : {}) },
  };
}

export interface PlannedRequest {
  request: ResolvedRequest;
  take: number;
  estimateUsd: number;
}

/** One validated request per take, each with its own idempotency key. Throws with the first problem. */
export function requestsForDraft(spec: ModelSpec, draft: GenerateDraft, newKey: () => string = createIdempotencyKey) {
  const check = checkDraft(spec, draft);
  if (!check.ok) {
    const first = Object.values(check.issues)[0]?.[0] ?? "the request is not valid";
    throw new Error(`Not sent: ${first}.`);
  }
  return Array.from({ length: draft.takes }, (_, index) => {
    const result = validateRequest(spec, draftRequest(draft, newKey(), index + 1));
    if (!result.ok) throw new Error(`Not sent: ${result.issues[0]?.message ?? "take is not valid"}.`);
    return { request: result.request, take: index + 1, estimate: result.cost };
  });
}
