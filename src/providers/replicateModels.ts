import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";

const SOURCE = "upstream list price; Replicate's own price was not read";

const veoCapabilities: ModelCapabilities = {
  durations: { values: [4, 6, 8] },
  defaultDuration: 8,
  aspectRatios: ["16:9", "9:16"],
  defaultAspectRatio: "16:9",
  aspectFromFirstFrame: false,
  resolutions: ["720p", "1080p"],
  defaultResolution: "720p",
  audio: "optional",
  defaultAudio: true,
  seed: "supported",
  negativePrompt: "supported",
  firstFrame: "optional",
  lastFrame: "optional",
  maxReferenceImages: 3,
  maxPromptLength: 4000,
  // Replicate's schema for google/veo-3.1: reference images "only work with 16:9 aspect ratio and
  // 8-second duration", and the last frame is ignored when they are given.
  rules: [
    {
      when: [{ field: "referenceImages", present: true }],
      then: { field: "firstFrame", present: false },
      reason: "reference images cannot be combined with a first frame",
    },
    {
      when: [{ field: "referenceImages", present: true }],
      then: { field: "lastFrame", present: false },
      reason: "Replicate ignores the last frame when reference images are given",
    },
    {
      when: [{ field: "referenceImages", present: true }],
      then: { field: "durationSeconds", in: [8] },
      reason: "reference images only work with 8-second clips",
    },
    {
      when: [{ field: "referenceImages", present: true }],
      then: { field: "aspectRatio", in: ["16:9"] },
      reason: "reference images only work with 16:9",
    },
  ],
};

export const REPLICATE_MODELS: readonly ModelSpec[] = [
  {
    provider: "replicate",
    id: "google/veo-3.1",
    displayName: "Veo 3.1 (Replicate)",
    family: "Veo 3.1",
    capabilities: veoCapabilities,
    price: {
      rates: [
        { audio: true, usdPerSecond: 0.4 },
        { audio: false, usdPerSecond: 0.2 },
      ],
      asOf: "2026-09-19",
      source: SOURCE,
      confirmed: false,
    },
  },
  {
    provider: "replicate",
    id: "google/veo-3.1-fast",
    displayName: "Veo 3.1 Fast (Replicate)",
    family: "Veo 3.1",
    capabilities: { ...veoCapabilities, maxReferenceImages: 0, rules: [] },
    price: {
      rates: [
        { audio: true, usdPerSecond: 0.15 },
        { audio: false, usdPerSecond: 0.1 },
      ],
      asOf: "2026-09-19",
      source: SOURCE,
      confirmed: false,
    },
  },
  {
    provider: "replicate",
    id: "kwaivgi/kling-v2.6",
    displayName: "Kling 2.6 (Replicate)",
    family: "Kling 2.6",
    capabilities: {
      durations: { values: [5, 10] },
      defaultDuration: 5,
      aspectRatios: ["16:9", "9:16", "1:1"],
      defaultAspectRatio: "16:9",
      aspectFromFirstFrame: true,
      resolutions: ["1080p"],
      defaultResolution: "1080p",
      audio: "optional",
      defaultAudio: true,
      seed: "ignored",
      negativePrompt: "supported",
      firstFrame: "optional",
      // Replicate's kwaivgi/kling-v2.6 schema has start_image but no end_image.
      lastFrame: "none",
      maxReferenceImages: 0,
      maxPromptLength: 2500,
      rules: [],
    },
    price: {
      rates: [
        { audio: false, usdPerSecond: 0.07 },
        { audio: true, usdPerSecond: 0.14 },
      ],
      asOf: "2026-09-19",
      source: "Replicate's price for kwaivgi/kling-v2.6, read from a third-party copy of its model page",
      confirmed: false,
    },
    notes: [
      "Input schema (prompt, negative_prompt, start_image, aspect_ratio, duration, generate_audio) from copies of Replicate's model page; no end frame.",
    ],
  },
];
