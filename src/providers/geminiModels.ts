import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";
import type { PriceTable } from "../core/pricing";

const PRICE_SOURCE = "Google's Gemini API price list";

const veoCapabilities: ModelCapabilities = {
  durations: { values: [4, 6, 8] },
  defaultDuration: 8,
  aspectRatios: ["16:9", "9:16"],
  defaultAspectRatio: "16:9",
  aspectFromFirstFrame: false,
  resolutions: ["720p", "1080p", "4k"],
  defaultResolution: "720p",
  // The Gemini API has no audio switch and no seed: the SDK refuses both outside Vertex.
  audio: "always",
  defaultAudio: true,
  seed: "ignored",
  negativePrompt: "supported",
  firstFrame: "optional",
  lastFrame: "optional",
  maxReferenceImages: 3,
  // The limit is 1,024 tokens; about four characters per token.
  maxPromptLength: 4000,
  rules: [
    { when: [{ field: "resolution", in: ["1080p", "4k"] }], then: { field: "durationSeconds", in: [8] }, reason: "1080p and 4k need 8 s" },
    { when: [{ field: "referenceImages", present: true }], then: { field: "durationSeconds", in: [8] }, reason: "reference images need 8 s" },
    { when: [{ field: "referenceImages", present: true }], then: { field: "firstFrame", present: false }, reason: "reference images cannot be combined with a first frame" },
  ],
};

function price(rates: PriceTable["rates"]): PriceTable {
  return { rates, asOf: "2026-09-17", source: PRICE_SOURCE, confirmed: true, note: "Audio is always on and included." };
}

export const GEMINI_MODELS: readonly ModelSpec[] = [
  {
    provider: "gemini",
    id: "veo-3.1-generate-preview",
    displayName: "Veo 3.1 (Gemini API)",
    family: "Veo 3.1",
    capabilities: veoCapabilities,
    price: price([
      { resolutions: ["720p", "1080p"], usdPerSecond: 0.4 },
      { resolutions: ["4k"], usdPerSecond: 0.6 },
    ]),
  },
  {
    provider: "gemini",
    id: "veo-3.1-fast-generate-preview",
    displayName: "Veo 3.1 Fast (Gemini API)",
    family: "Veo 3.1",
    capabilities: veoCapabilities,
    price: price([
      { resolutions: ["720p"], usdPerSecond: 0.1 },
      { resolutions: ["1080p"], usdPerSecond: 0.12 },
      { resolutions: ["4k"], usdPerSecond: 0.3 },
    ]),
  },
  {
    provider: "gemini",
    id: "veo-3.1-lite-generate-preview",
    displayName: "Veo 3.1 Lite (Gemini API)",
    family: "Veo 3.1",
    capabilities: {
      ...veoCapabilities,
      resolutions: ["720p", "1080p"],
      maxReferenceImages: 0,
      rules: veoCapabilities.rules.filter((rule) => rule.when[0]?.field !== "referenceImages"),
    },
    price: price([
      { resolutions: ["720p"], usdPerSecond: 0.05 },
      { resolutions: ["1080p"], usdPerSecond: 0.08 },
    ]),
  },
];
