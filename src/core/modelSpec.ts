import type { PriceTable } from "./pricing";
import type { ProviderId, Resolution } from "./request";

export type SettingField =
  | "durationSeconds"
  | "aspectRatio"
  | "resolution"
  | "audio"
  | "seed"
  | "negativePrompt"
  | "firstFrame"
  | "lastFrame"
  | "referenceImages";

/** A test on one setting of a request: its value is one of `in`, or it is present or absent. */
export interface SettingCondition {
  field: SettingField;
  in?: readonly (string | number | boolean)[];
  present?: boolean;
}

/** "When all of `when` hold, `then` must hold too", with the reason shown to the user. */
export interface CapabilityRule {
  when: readonly SettingCondition[];
  then: SettingCondition;
  reason: string;
}

export type DurationSpec = { values: readonly number[] } | { min: number; max: number };

/**
 * What a model can do, as data. Validation reads it before anything is sent, and the panel
 * builds its option pickers from it.
 */
export interface ModelCapabilities {
  durations: DurationSpec;
  defaultDuration: number;
  /** Empty when the model only takes the aspect ratio from its first frame. */
  aspectRatios: readonly string[];
  defaultAspectRatio?: string;
  /** The first frame decides the aspect ratio; a requested one is ignored (a warning). */
  aspectFromFirstFrame: boolean;
  resolutions: readonly Resolution[];
  defaultResolution: Resolution;
  /** `always`: audio cannot be turned off. `never`: the model makes silent clips. */
  audio: "always" | "never" | "optional";
  defaultAudio: boolean;
  /** `ignored`: the API has no such setting; a value becomes a warning. */
  seed: "supported" | "ignored";
  negativePrompt: "supported" | "ignored";
  firstFrame: "none" | "optional" | "required";
  lastFrame: "none" | "optional";
  maxReferenceImages: number;
  maxPromptLength: number;
  rules: readonly CapabilityRule[];
}

export interface ModelSpec {
  provider: ProviderId;
  /** The provider's own id: `veo-3.1-generate-preview`, `fal-ai/kling-video/v2.6/pro`, ... */
  id: string;
  /** As the UI shows it: "Veo 3.1 (Gemini API)". */
  displayName: string;
  /** The model family across providers, for grouping: "Veo 3.1", "Kling 2.6", "Wan 2.6". */
  family: string;
  capabilities: ModelCapabilities;
  price: PriceTable;
  /** Why a model is unusual: shut down upstream, unconfirmed schema, ... */
  notes?: readonly string[];
}

export function allowedDurations(spec: DurationSpec): string {
  return "values" in spec ? spec.values.join(", ") : `${spec.min} to ${spec.max} (whole seconds)`;
}

export function isDurationAllowed(spec: DurationSpec, seconds: number): boolean {
  return "values" in spec
    ? spec.values.includes(seconds)
    : Number.isInteger(seconds) && seconds >= spec.min && seconds <= spec.max;
}
