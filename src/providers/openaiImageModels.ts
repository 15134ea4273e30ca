import type { ImageModelSpec } from "../core/imageModelSpec";
import { IMAGE_SOURCES as S } from "./imageSources";

/** OpenAI's fixed sizes for the GPT image models; `auto` exists too but is not priced, so Shotbin never sends it. */
export const GPT_IMAGE_SIZES = ["1024x1024", "1536x1024", "1024x1536"] as const;

export const OPENAI_IMAGE_MODELS: readonly ImageModelSpec[] = [
  {
    provider: "openai",
    id: "gpt-image-1.5",
    displayName: "GPT Image 1.5 (OpenAI)",
    family: "GPT Image 1.5",
    capabilities: {
      generate: true,
      maxInputImages: 16,
      sizes: GPT_IMAGE_SIZES,
      defaultSize: "1024x1024",
      aspectRatios: [],
      aspectFromInput: false,
      resolutions: [],
      qualities: ["low", "medium", "high"],
      // OpenAI's default is `auto`, whose price is not known in advance: Shotbin always sends one.
      defaultQuality: "medium",
      outputFormats: ["png", "jpeg", "webp"],
      defaultOutputFormat: "png",
      maxImagesPerCall: 10,
      seed: "ignored",
      negativePrompt: "ignored",
      maxPromptLength: 32000,
    },
    price: {
      rates: [
        { sizes: ["1024x1024"], qualities: ["low"], usdPerImage: 0.009 },
        { sizes: ["1024x1024"], qualities: ["medium"], usdPerImage: 0.034 },
        { sizes: ["1024x1024"], qualities: ["high"], usdPerImage: 0.133 },
        { sizes: ["1536x1024", "1024x1536"], qualities: ["low"], usdPerImage: 0.013 },
        { sizes: ["1536x1024", "1024x1536"], qualities: ["medium"], usdPerImage: 0.05 },
        { sizes: ["1536x1024", "1024x1536"], qualities: ["high"], usdPerImage: 0.2 },
      ],
      asOf: "2026-05-10",
      source: S.openaiPrice,
      confirmed: false,
      note: "Output images only; prompt text and edit input images are billed as tokens on top (not estimated).",
    },
    facts: [
      { fact: "POST /v1/images/generations takes JSON; POST /v1/images/edits takes multipart (`image`, or `image[]` for several)", source: S.openaiSdk, confirmed: true },
      { fact: "model `gpt-image-1.5`; the edits endpoint's default model", source: S.openaiSdk, confirmed: true },
      { fact: "GPT image models always answer base64 (`data[].b64_json`); response_format is not supported", source: S.openaiSdk, confirmed: true },
      { fact: "sizes 1024x1024, 1536x1024, 1024x1536 (and auto)", source: S.openaiSdk, confirmed: true },
      { fact: "quality low, medium, high (and auto); output_format png, jpeg, webp; output_compression 0-100 for jpeg/webp", source: S.openaiSdk, confirmed: true },
      { fact: "n 1 to 10; prompt up to 32000 characters; edits take up to 16 images (png, webp or jpg under 50 MB)", source: S.openaiSdk, confirmed: true },
      { fact: "no seed and no negative prompt parameter", source: S.openaiSdk, confirmed: true },
      { fact: "per-image prices low/medium/high: 1024x1024 $0.009/$0.034/$0.133, 1536x1024 or 1024x1536 $0.013/$0.05/$0.20", source: S.openaiPrice, confirmed: false },
      { fact: "a moderation refusal answers 400 with code `moderation_blocked`", source: "OpenAI error convention seen in public client code; not in the SDK", confirmed: false },
      { fact: "the Images API takes no idempotency key, so an interrupted call cannot be looked up", source: S.openaiSdk, confirmed: true },
    ],
    notes: ["The OpenAI Videos API is retired (2026-09-24); the Images API is not, so this route is on by default (docs/frames.md)."],
  },
];

/** The size OpenAI gets: the validated one (validation always resolves one for this model). */
export function gptImageSize(size: string | undefined): string {
  return size ?? "1024x1024";
}
