import type { GenerationMetadata } from "../../../src/media/generationMetadata";

/** Generation metadata with every field set, and text that breaks naive writers. */
export const HARD_PROMPT =
  'A fox at dawn,\nthen "rain" & <thunder> \'quoted\'\n\ttabbed — 🎬🦊 日本語テキスト, русский, العربية\r\nlast line';

export const FULL_META: GenerationMetadata = {
  provider: "gemini",
  model: "veo-3.1-generate-preview",
  prompt: HARD_PROMPT,
  negativePrompt: "blurry\nlow quality & <watermarks>",
  seed: 1234567890,
  duration: 8,
  aspectRatio: "16:9",
  resolution: "1080p",
  jobId: "models/veo-3.1-generate-preview/operations/abc123",
  idempotencyKey: "shotbin-7f3a9c",
  cost: 3.2,
  currency: "USD",
  priceSource: "Shotbin price table, 2025-11-01",
  generatedAt: "2025-01-02T03:04:05Z",
  shotList: "Episode 1 shots.csv",
  shotId: "S01-A",
  shotName: "Fox at dawn",
  scene: "12",
  take: 3,
  referenceImages: ["fox.png", "forest <night> & rain.jpg"],
};
