import type { ImageModelSpec } from "../core/imageModelSpec";
import { IMAGE_SOURCES as S } from "./imageSources";

export const GEMINI_IMAGE_MODELS: readonly ImageModelSpec[] = [
  {
    provider: "gemini",
    id: "gemini-3-pro-image-preview",
    displayName: "Nano Banana Pro (Gemini API)",
    family: "Nano Banana Pro",
    capabilities: {
      generate: true,
      maxInputImages: 14,
      sizes: [],
      aspectRatios: ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"],
      defaultAspectRatio: "16:9",
      aspectFromInput: true,
      resolutions: ["1K", "2K", "4K"],
      defaultResolution: "1K",
      qualities: [],
      outputFormats: ["png"],
      defaultOutputFormat: "png",
      maxImagesPerCall: 1,
      seed: "supported",
      negativePrompt: "ignored",
      maxPromptLength: 20000,
    },
    price: {
      rates: [
        { resolutions: ["1K", "2K"], usdPerImage: 0.134, usdPerInputImage: 0.0011 },
        { resolutions: ["4K"], usdPerImage: 0.24, usdPerInputImage: 0.0011 },
      ],
      asOf: "2026-03-24",
      source: S.geminiPrice,
      confirmed: false,
      note: "Prompt text tokens are billed on top (not estimated).",
    },
    facts: [
      { fact: "POST {base}/v1beta/models/gemini-3-pro-image-preview:generateContent with `x-goog-api-key`; one answer, no job to poll", source: S.genaiSdk, confirmed: true },
      { fact: "generationConfig.responseModalities [\"IMAGE\"] (or TEXT and IMAGE) and generationConfig.imageConfig {aspectRatio, imageSize}", source: S.genaiSdk, confirmed: true },
      { fact: "imageSize 1K, 2K or 4K (uppercase K), default 1K", source: S.genaiSdk, confirmed: true },
      { fact: "aspect ratios 1:1, 3:2, 2:3, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9", source: S.vertexModelPage, confirmed: true },
      { fact: "stills come back as candidates[].content.parts[].inlineData {mimeType, data (base64)}", source: S.genaiSdk, confirmed: true },
      { fact: "up to 14 input images per prompt (png, jpeg, webp, heic, heif), at most 7 MB each inline", source: S.vertexModelPage, confirmed: true },
      { fact: "the 14-image limit applies on the Gemini API as on Vertex AI", source: S.vertexModelPage, confirmed: false },
      { fact: "candidateCount is 1: one still per call", source: S.vertexModelPage, confirmed: true },
      { fact: "generationConfig.seed is honoured by the image model", source: S.genaiSdk, confirmed: false },
      { fact: "the output MIME type is image/png (outputMimeType is not settable on the Gemini API)", source: S.genaiSdk, confirmed: false },
      { fact: "$0.134 per 1K or 2K still, $0.24 per 4K still, about $0.0011 per input image", source: S.geminiPrice, confirmed: false },
    ],
    notes: ["Preview model. A blocked prompt answers promptFeedback.blockReason and no still; whether it is billed is UNCONFIRMED."],
  },
];
