import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";

export const SORA_RETIRED_NOTE =
  "OpenAI retired the public Videos API on 2026-09-24. This adapter is off by default; point its base URL at a compatible gateway to use it.";

const PRICE_SOURCE = "OpenAI's API price list, before the endpoint was retired";

const soraCapabilities: ModelCapabilities = {
  // The SDK enum says 4, 8, 12; the guide added 16 and 20 on 2026-03-12.
  durations: { values: [4, 8, 12, 16, 20] },
  defaultDuration: 8,
  aspectRatios: ["16:9", "9:16"],
  defaultAspectRatio: "16:9",
  aspectFromFirstFrame: false,
  resolutions: ["720p"],
  defaultResolution: "720p",
  audio: "always",
  defaultAudio: true,
  seed: "ignored",
  negativePrompt: "ignored",
  firstFrame: "optional",
  lastFrame: "none",
  maxReferenceImages: 0,
  maxPromptLength: 32000,
  rules: [],
};

export const OPENAI_MODELS: readonly ModelSpec[] = [
  {
    provider: "openai",
    id: "sora-2",
    displayName: "Sora 2 (OpenAI)",
    family: "Sora 2",
    capabilities: soraCapabilities,
    price: { rates: [{ usdPerSecond: 0.1 }], asOf: "2026-09-01", source: PRICE_SOURCE, confirmed: true },
    notes: [SORA_RETIRED_NOTE],
  },
  {
    provider: "openai",
    id: "sora-2-pro",
    displayName: "Sora 2 Pro (OpenAI)",
    family: "Sora 2",
    capabilities: { ...soraCapabilities, resolutions: ["720p", "1024p", "1080p"] },
    price: {
      rates: [
        { resolutions: ["720p"], usdPerSecond: 0.3 },
        { resolutions: ["1024p"], usdPerSecond: 0.5 },
        { resolutions: ["1080p"], usdPerSecond: 0.7 },
      ],
      asOf: "2026-09-01",
      source: PRICE_SOURCE,
      confirmed: true,
    },
    notes: [SORA_RETIRED_NOTE],
  },
];

/** Sora takes a pixel size, not an aspect ratio and a tier. */
export function soraSize(aspectRatio: string | undefined, resolution: string): string {
  const portrait = aspectRatio === "9:16";
  const sizes: Record<string, [string, string]> = {
    "720p": ["1280x720", "720x1280"],
    "1024p": ["1792x1024", "1024x1792"],
    "1080p": ["1920x1080", "1080x1920"],
  };
  const pair = sizes[resolution] ?? sizes["720p"]!;
  return portrait ? pair[1] : pair[0];
}
