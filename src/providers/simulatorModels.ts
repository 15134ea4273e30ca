import type { ModelSpec } from "../core/modelSpec";

export const SIMULATOR_MODEL_ID = "shotbin-sim";

export const SIMULATOR_MODELS: readonly ModelSpec[] = [
  {
    provider: "simulator",
    id: SIMULATOR_MODEL_ID,
    displayName: "Simulator (offline, free)",
    family: "Simulator",
    capabilities: {
      durations: { values: [4, 5, 6, 8, 10] },
      defaultDuration: 5,
      aspectRatios: ["16:9", "9:16", "1:1"],
      defaultAspectRatio: "16:9",
      aspectFromFirstFrame: false,
      resolutions: ["720p", "1080p"],
      defaultResolution: "1080p",
      audio: "optional",
      defaultAudio: true,
      seed: "supported",
      negativePrompt: "supported",
      firstFrame: "optional",
      lastFrame: "optional",
      maxReferenceImages: 3,
      maxPromptLength: 20000,
      rules: [],
    },
    price: { rates: [{ usdPerSecond: 0 }], asOf: "2026-11-24", source: "built in", confirmed: true },
    notes: ["Returns bundled placeholder clips (colour bars labelled SHOTBIN SIMULATOR) at the frame size asked for, after a short delay. No key, no network, no cost."],
  },
];
