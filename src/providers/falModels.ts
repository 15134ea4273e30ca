import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";

const FAL_SOURCE = "fal's price for the endpoint, from its model page";

const veoCapabilities: ModelCapabilities = {
  durations: { values: [4, 6, 8] },
  defaultDuration: 8,
  aspectRatios: ["16:9", "9:16"],
  defaultAspectRatio: "16:9",
  aspectFromFirstFrame: false,
  resolutions: ["720p", "1080p", "4k"],
  defaultResolution: "720p",
  audio: "optional",
  defaultAudio: true,
  seed: "supported",
  negativePrompt: "supported",
  firstFrame: "optional",
  lastFrame: "optional",
  maxReferenceImages: 3,
  maxPromptLength: 20000,
  rules: [
    {
      when: [{ field: "referenceImages", present: true }],
      then: { field: "firstFrame", present: false },
      reason: "reference images use their own endpoint, without a first frame",
    },
  ],
};

/** Which fal endpoint serves a request, by the inputs it carries. */
export interface FalEndpoints {
  textToVideo: string;
  imageToVideo?: string;
  firstLastFrame?: string;
  referenceToVideo?: string;
}

export const FAL_ENDPOINTS: Record<string, FalEndpoints> = {
  "fal-ai/veo3.1": {
    textToVideo: "fal-ai/veo3.1",
    imageToVideo: "fal-ai/veo3.1/image-to-video",
    firstLastFrame: "fal-ai/veo3.1/first-last-frame-to-video",
    referenceToVideo: "fal-ai/veo3.1/reference-to-video",
  },
  "fal-ai/veo3.1/fast": {
    textToVideo: "fal-ai/veo3.1/fast",
    imageToVideo: "fal-ai/veo3.1/fast/image-to-video",
    firstLastFrame: "fal-ai/veo3.1/fast/first-last-frame-to-video",
  },
  "fal-ai/kling-video/v2.6/pro": {
    textToVideo: "fal-ai/kling-video/v2.6/pro/text-to-video",
    imageToVideo: "fal-ai/kling-video/v2.6/pro/image-to-video",
    firstLastFrame: "fal-ai/kling-video/v2.6/pro/image-to-video",
  },
  "wan/v2.6": {
    textToVideo: "wan/v2.6/text-to-video",
    imageToVideo: "wan/v2.6/image-to-video",
  },
};

export const FAL_MODELS: readonly ModelSpec[] = [
  {
    provider: "fal",
    id: "fal-ai/veo3.1",
    displayName: "Veo 3.1 (fal)",
    family: "Veo 3.1",
    capabilities: veoCapabilities,
    price: {
      rates: [
        { resolutions: ["720p", "1080p"], audio: true, usdPerSecond: 0.4 },
        { resolutions: ["720p", "1080p"], audio: false, usdPerSecond: 0.2 },
        { resolutions: ["4k"], audio: true, usdPerSecond: 0.6 },
        { resolutions: ["4k"], audio: false, usdPerSecond: 0.4 },
      ],
      asOf: "2026-09-19",
      source: FAL_SOURCE,
      confirmed: true,
    },
  },
  {
    provider: "fal",
    id: "fal-ai/veo3.1/fast",
    displayName: "Veo 3.1 Fast (fal)",
    family: "Veo 3.1",
    capabilities: { ...veoCapabilities, maxReferenceImages: 0, rules: [] },
    price: {
      rates: [
        { resolutions: ["720p", "1080p"], audio: true, usdPerSecond: 0.15 },
        { resolutions: ["720p", "1080p"], audio: false, usdPerSecond: 0.1 },
        { resolutions: ["4k"], audio: true, usdPerSecond: 0.35 },
        { resolutions: ["4k"], audio: false, usdPerSecond: 0.3 },
      ],
      asOf: "2026-09-19",
      source: FAL_SOURCE,
      confirmed: true,
    },
  },
  {
    provider: "fal",
    id: "fal-ai/kling-video/v2.6/pro",
    displayName: "Kling 2.6 Pro (fal)",
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
      lastFrame: "optional",
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
      source: FAL_SOURCE,
      confirmed: true,
    },
    notes: ["The end-frame field (end_image_url) is unconfirmed."],
  },
  {
    provider: "fal",
    id: "wan/v2.6",
    displayName: "Wan 2.6 (fal)",
    family: "Wan 2.6",
    capabilities: {
      durations: { values: [5, 10, 15] },
      defaultDuration: 5,
      aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"],
      defaultAspectRatio: "16:9",
      aspectFromFirstFrame: true,
      resolutions: ["720p", "1080p"],
      defaultResolution: "720p",
      audio: "always",
      defaultAudio: true,
      seed: "supported",
      negativePrompt: "supported",
      firstFrame: "optional",
      lastFrame: "none",
      maxReferenceImages: 0,
      maxPromptLength: 1500,
      rules: [],
    },
    price: {
      rates: [
        { resolutions: ["720p"], usdPerSecond: 0.1 },
        { resolutions: ["1080p"], usdPerSecond: 0.15 },
      ],
      asOf: "2026-09-19",
      source: "Alibaba list price; fal's own Wan 2.6 price was not read",
      confirmed: false,
    },
    notes: ["fal's Wan 2.6 input schema is unconfirmed (providers.md §6.3)."],
  },
];
