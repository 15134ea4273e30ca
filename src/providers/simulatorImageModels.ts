import type { ImageModelSpec } from "../core/imageModelSpec";

export const SIMULATOR_IMAGE_MODEL_ID = "shotbin-sim-image";

export const SIMULATOR_IMAGE_MODELS: readonly ImageModelSpec[] = [
  {
    provider: "simulator",
    id: SIMULATOR_IMAGE_MODEL_ID,
    displayName: "Simulator stills (offline, free)",
    family: "Simulator",
    capabilities: {
      generate: true,
      maxInputImages: 4,
      sizes: [],
      aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"],
      defaultAspectRatio: "16:9",
      aspectFromInput: true,
      resolutions: [],
      qualities: [],
      outputFormats: ["png"],
      defaultOutputFormat: "png",
      maxImagesPerCall: 4,
      seed: "supported",
      negativePrompt: "supported",
      maxPromptLength: 20000,
    },
    price: { rates: [{ usdPerImage: 0 }], asOf: "2026-12-01", source: "built in", confirmed: true },
    facts: [{ fact: "draws PNG patterns from a hash of prompt, seed and index; an edit redraws its source and marks it", source: "src/providers/simulatorStill.ts", confirmed: true }],
    notes: ["Draws stills locally after a short delay. No key, no network, no cost."],
  },
];
