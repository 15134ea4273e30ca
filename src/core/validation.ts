import { generationRequestSchema, type GenerationRequest, type ResolvedRequest } from "./request";
import {
  allowedDurations,
  isDurationAllowed,
  type CapabilityRule,
  type ModelSpec,
  type SettingCondition,
  type SettingField,
} from "./modelSpec";
import { estimateFromTable, type CostEstimate } from "./pricing";

export interface ValidationIssue {
  /** The request field at fault (`durationSeconds`), or `request` for the whole object. */
  field: string;
  message: string;
  value?: unknown;
  allowed?: readonly string[];
}

/** A setting the model will not honour but that does not stop the job (seed on Veo, ...). */
export interface ValidationWarning {
  field: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; request: ResolvedRequest; warnings: ValidationWarning[]; cost: CostEstimate }
  | { ok: false; issues: ValidationIssue[]; warnings: ValidationWarning[] };

const FIELD_LABELS: Record<SettingField, string> = {
  durationSeconds: "duration",
  aspectRatio: "aspect ratio",
  resolution: "resolution",
  audio: "audio",
  seed: "seed",
  negativePrompt: "negative prompt",
  firstFrame: "first frame",
  lastFrame: "last frame",
  referenceImages: "reference images",
};

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_NAMES: Record<number, string> = { 0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0b: "vertical tab", 0x0c: "form feed", 0x1b: "ESC", 0x7f: "DEL" };

/** A control character in prompt text: providers reject or silently drop it, so it is refused here with its place. */
function controlCharacterIssue(field: "prompt" | "negativePrompt", text: string | undefined): ValidationIssue | undefined {
  if (!text) return undefined;
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CONTROL_NAMES[code] ?? "control character";
  const position = [...text.slice(0, match.index)].length + 1;
  const label = field === "prompt" ? "prompt" : "negative prompt";
  return {
    field,
    value: unicode,
    message: `${label} has a control character (${unicode} ${name}) at character ${position}; remove it (tabs and line breaks are fine)`,
  };
}

function show(value: unknown): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "string") return `'${value}'`;
  return String(value);
}

function settingValue(request: Partial<ResolvedRequest>, field: SettingField): unknown {
  const value = request[field];
  if (field === "referenceImages") return Array.isArray(value) && value.length > 0 ? value : undefined;
  return value;
}

function holds(request: Partial<ResolvedRequest>, condition: SettingCondition): boolean {
  const value = settingValue(request, condition.field);
  if (condition.present !== undefined && (value !== undefined) !== condition.present) return false;
  if (condition.in !== undefined && !condition.in.includes(value as string | number | boolean)) return false;
  return true;
}

function describeRule(rule: CapabilityRule, modelId: string, value: unknown): ValidationIssue {
  const field = rule.then.field;
  return {
    field,
    value,
    message: `${FIELD_LABELS[field]} ${value === undefined ? "missing" : show(value)} is not allowed for ${modelId}: ${rule.reason}`,
    ...(rule.then.in ? { allowed: rule.then.in.map(String) } : {}),
  };
}

/**
 * Checks a request against its model before anything is sent, fills in the model's defaults and
 * prices the result. A request the model cannot honour is refused with the field, the value and
 * what is allowed; a setting the model would silently drop comes back as a warning.
 */
export function validateRequest(spec: ModelSpec, input: unknown): ValidationResult {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationWarning[] = [];
  const parsed = generationRequestSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join(".") : "request";
      issues.push({ field, message: `${field}: ${issue.message}` });
    }
    return { ok: false, issues, warnings };
  }
  const request: GenerationRequest = parsed.data;
  const caps = spec.capabilities;
  const model = spec.id;

  if (request.provider !== spec.provider || request.model !== spec.id) {
    issues.push({
      field: "model",
      value: `${request.provider}/${request.model}`,
      message: `request is for ${request.provider}/${request.model}, not ${spec.provider}/${spec.id}`,
    });
  }

  if (request.prompt.trim().length === 0 && !request.firstFrame) {
    issues.push({ field: "prompt", message: "prompt is empty; describe the shot" });
  } else if (request.prompt.length > caps.maxPromptLength) {
    issues.push({
      field: "prompt",
      value: request.prompt.length,
      message: `prompt is ${request.prompt.length} characters; ${model} takes at most ${caps.maxPromptLength}`,
    });
  }

  for (const issue of [controlCharacterIssue("prompt", request.prompt), controlCharacterIssue("negativePrompt", request.negativePrompt)]) {
    if (issue) issues.push(issue);
  }

  const durationSeconds = request.durationSeconds ?? caps.defaultDuration;
  if (!isDurationAllowed(caps.durations, durationSeconds)) {
    issues.push({
      field: "durationSeconds",
      value: durationSeconds,
      message: `duration ${durationSeconds} s is not allowed for ${model}; allowed: ${allowedDurations(caps.durations)}`,
      allowed: "values" in caps.durations ? caps.durations.values.map(String) : undefined,
    });
  }

  let aspectRatio: string | undefined;
  if (caps.aspectFromFirstFrame && (request.firstFrame || caps.aspectRatios.length === 0)) {
    if (request.aspectRatio !== undefined) {
      warnings.push({
        field: "aspectRatio",
        message: `${model} takes its aspect ratio from the first frame; ${request.aspectRatio} is ignored`,
      });
    }
  } else {
    aspectRatio = request.aspectRatio ?? caps.defaultAspectRatio;
    if (aspectRatio === undefined || !caps.aspectRatios.includes(aspectRatio)) {
      issues.push({
        field: "aspectRatio",
        value: aspectRatio,
        message: `aspect ratio ${aspectRatio ?? "(none)"} is not allowed for ${model}; allowed: ${caps.aspectRatios.join(", ")}`,
        allowed: caps.aspectRatios,
      });
    }
  }

  const resolution = request.resolution ?? caps.defaultResolution;
  if (!caps.resolutions.includes(resolution)) {
    issues.push({
      field: "resolution",
      value: resolution,
      message: `resolution ${resolution} is not allowed for ${model}; allowed: ${caps.resolutions.join(", ")}`,
      allowed: caps.resolutions,
    });
  }

  let audio = request.audio ?? caps.defaultAudio;
  if (caps.audio === "always" && request.audio === false) {
    warnings.push({ field: "audio", message: `${model} always generates audio; mute the clip's audio track instead` });
    audio = true;
  } else if (caps.audio === "never" && request.audio === true) {
    issues.push({ field: "audio", value: true, message: `${model} makes silent clips; turn audio off`, allowed: ["off"] });
  }

  if (request.seed !== undefined && caps.seed === "ignored") {
    warnings.push({ field: "seed", message: `${model} has no seed setting; seed ${request.seed} is recorded but not sent` });
  }
  if (request.negativePrompt && caps.negativePrompt === "ignored") {
    warnings.push({ field: "negativePrompt", message: `${model} has no negative prompt; it is not sent` });
  }

  if (request.firstFrame && caps.firstFrame === "none") {
    issues.push({ field: "firstFrame", message: `${model} does not take a first frame; choose an image-to-video model` });
  } else if (!request.firstFrame && caps.firstFrame === "required") {
    issues.push({ field: "firstFrame", message: `${model} needs a first frame image` });
  }
  if (request.lastFrame) {
    if (caps.lastFrame === "none") {
      issues.push({ field: "lastFrame", message: `${model} does not take a last frame` });
    } else if (!request.firstFrame) {
      issues.push({ field: "lastFrame", message: "a last frame needs a first frame too" });
    }
  }
  const referenceCount = request.referenceImages?.length ?? 0;
  if (referenceCount > caps.maxReferenceImages) {
    issues.push({
      field: "referenceImages",
      value: referenceCount,
      message:
        caps.maxReferenceImages === 0
          ? `${model} does not take reference images`
          : `${referenceCount} reference images given; ${model} takes at most ${caps.maxReferenceImages}`,
    });
  }

  const resolved: ResolvedRequest = { ...request, durationSeconds, resolution, audio, aspectRatio };
  if (aspectRatio === undefined) delete resolved.aspectRatio;
  for (const rule of caps.rules) {
    if (rule.when.every((condition) => holds(resolved, condition)) && !holds(resolved, rule.then)) {
      issues.push(describeRule(rule, model, settingValue(resolved, rule.then.field)));
    }
  }

  if (issues.length > 0) return { ok: false, issues, warnings };
  const cost = estimateFromTable(spec.price, resolved);
  if (!cost.confirmed) {
    warnings.push({ field: "cost", message: `the price of ${model} is not confirmed (${cost.source}, ${cost.asOf})` });
  }
  return { ok: true, request: resolved, warnings, cost };
}
