import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";
import type { PriceTable } from "../core/pricing";

/** Kling bills in units; the price list converts at about $0.14 per unit, which varies by package. */
const KLING_PRICE: PriceTable = {
  rates: [
    { resolutions: ["720p"], audio: false, usdPerSecond: 0.042 },
    { resolutions: ["1080p"], audio: false, usdPerSecond: 0.07 },
    { resolutions: ["1080p"], audio: true, usdPerSecond: 0.14 },
  ],
  asOf: "2026-09-19",
  source: "Kling's unit prices: 0.3, 0.5 or 1.0 units a second at about $0.14 a unit",
  confirmed: false,
  note: "Converted from units at $0.14 per unit; your resource package may differ. Failed tasks are not charged.",
};

const klingCapabilities: ModelCapabilities = {
  durations: { values: [5, 10] },
  defaultDuration: 5,
  aspectRatios: ["16:9", "9:16", "1:1"],
  defaultAspectRatio: "16:9",
  // Image-to-video has no aspect_ratio: the first frame decides.
  aspectFromFirstFrame: true,
  resolutions: ["720p", "1080p"],
  defaultResolution: "720p",
  audio: "optional",
  defaultAudio: false,
  seed: "ignored",
  negativePrompt: "ignored",
  firstFrame: "optional",
  lastFrame: "optional",
  maxReferenceImages: 0,
  maxPromptLength: 2500,
  rules: [
    { when: [{ field: "audio", in: [true] }], then: { field: "resolution", in: ["1080p"] }, reason: "native audio needs 1080p" },
    { when: [{ field: "lastFrame", present: true }], then: { field: "resolution", in: ["1080p"] }, reason: "a last frame needs 1080p" },
  ],
};

export const KLING_MODELS: readonly ModelSpec[] = [
  {
    provider: "kling",
    id: "kling-2.6",
    displayName: "Kling 2.6 (Kling API)",
    family: "Kling 2.6",
    capabilities: klingCapabilities,
    price: KLING_PRICE,
    notes: ["Uses the model-in-path API with an API key. Put what to avoid in the prompt: this API has no negative prompt."],
  },
  {
    provider: "kling",
    id: "kling-v2-6",
    displayName: "Kling 2.6 (Kling legacy API)",
    family: "Kling 2.6",
    capabilities: { ...klingCapabilities, negativePrompt: "supported" },
    price: KLING_PRICE,
    notes: ["Uses the model_name API; works with an API key or an AccessKey/SecretKey pair. 720p is mode std, 1080p is mode pro."],
  },
];

/** Model ids that use the legacy `model_name` API, mapped to the name it expects. */
export const KLING_LEGACY_MODEL_NAMES: Record<string, string> = { "kling-v2-6": "kling-v2-6" };
