import type { ImageModelSpec } from "../core/imageModelSpec";
import { IMAGE_SOURCES as S } from "./imageSources";

/** The fal endpoint for each mode of an image model (edit routes are separate endpoints). */
export interface FalImageEndpoints {
  textToImage: string;
  edit: string;
}

export const FAL_IMAGE_ENDPOINTS: Record<string, FalImageEndpoints> = {
  "fal-ai/flux-2-pro": { textToImage: "fal-ai/flux-2-pro", edit: "fal-ai/flux-2-pro/edit" },
  "fal-ai/bytedance/seedream/v4.5": { textToImage: "fal-ai/bytedance/seedream/v4.5/text-to-image", edit: "fal-ai/bytedance/seedream/v4.5/edit" },
};

export const FAL_IMAGE_MODELS: readonly ImageModelSpec[] = [
  {
    provider: "fal",
    id: "fal-ai/flux-2-pro",
    displayName: "Flux 2 Pro (fal)",
    family: "Flux 2 Pro",
    capabilities: {
      generate: true,
      maxInputImages: 8,
      sizes: [],
      aspectRatios: ["16:9", "9:16", "4:3", "3:4", "1:1"],
      defaultAspectRatio: "16:9",
      aspectFromInput: true,
      resolutions: [],
      qualities: [],
      outputFormats: ["png", "jpeg"],
      defaultOutputFormat: "png",
      maxImagesPerCall: 1,
      seed: "supported",
      negativePrompt: "ignored",
      maxPromptLength: 20000,
    },
    price: {
      // fal's enum sizes are at most 1 MP, so a still costs the first megapixel; an edit adds
      // $0.015 per input megapixel (each input counted as 1 MP here).
      rates: [{ usdPerImage: 0.03, usdPerInputImage: 0.015 }],
      asOf: "2026-12-01",
      source: S.falFlux2ProEdit,
      confirmed: true,
      note: "Input images above 1 MP cost $0.015 per extra megapixel, which the estimate does not see.",
    },
    facts: [
      { fact: "text to image on `fal-ai/flux-2-pro`, edit on `fal-ai/flux-2-pro/edit` with `image_urls` (a list)", source: `${S.falFlux2Pro}; ${S.falFlux2ProEdit}`, confirmed: true },
      { fact: "$0.03 for the first megapixel of output, plus $0.015 per extra megapixel of input and output, rounded up", source: S.falFlux2ProEdit, confirmed: true },
      { fact: "image_size is an enum (square_hd, square, portrait_4_3, portrait_16_9, landscape_4_3, landscape_16_9) or {width, height}; the edit's default is auto", source: S.falFlux2ProEdit, confirmed: true },
      { fact: "inputs seed, output_format (jpeg, png), safety_tolerance, enable_safety_checker", source: "fal model pages as copied by third-party clients", confirmed: false },
      { fact: "the edit takes at most 8 input images", source: S.replicateFlux2Pro, confirmed: false },
      { fact: "the result is {images: [{url, content_type, width, height}], seed}", source: "fal's image output convention (other fal image pages)", confirmed: false },
      { fact: "queue submit/status/result, fal_webhook and its Ed25519 signature are the same as for video", source: S.sharedQueue, confirmed: true },
    ],
  },
  {
    provider: "fal",
    id: "fal-ai/bytedance/seedream/v4.5",
    displayName: "Seedream 4.5 (fal)",
    family: "Seedream 4.5",
    capabilities: {
      generate: true,
      maxInputImages: 10,
      sizes: [],
      aspectRatios: ["16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "1:1", "21:9"],
      defaultAspectRatio: "16:9",
      aspectFromInput: true,
      resolutions: ["2K", "4K"],
      defaultResolution: "2K",
      qualities: [],
      outputFormats: ["png"],
      defaultOutputFormat: "png",
      maxImagesPerCall: 6,
      seed: "supported",
      negativePrompt: "ignored",
      maxPromptLength: 4000,
    },
    price: {
      rates: [
        { resolutions: ["2K"], usdPerImage: 0.04 },
        { resolutions: ["4K"], usdPerImage: 0.08 },
      ],
      asOf: "2026-12-01",
      source: "a gateway's report of about $0.04 per still (image-models.md); 4K assumed double; fal's own price not read",
      confirmed: false,
    },
    facts: [
      { fact: "text to image on `fal-ai/bytedance/seedream/v4.5/text-to-image`, edit on `.../v4.5/edit`", source: S.falSeedream45, confirmed: true },
      { fact: "the edit takes `image_urls`, at most 10 (only the last 10 are used)", source: S.falSeedream45, confirmed: true },
      { fact: "image_size: enums incl. auto_2K and auto_4K, or {width, height} with each side 1920-4096 or 2560x1440 to 4096x4096 pixels in all", source: S.falSeedream45, confirmed: true },
      { fact: "num_images 1-6 (separate generations), max_images 1-6, seed, enable_safety_checker", source: S.falSeedream45, confirmed: true },
      { fact: "the same inputs on the text-to-image endpoint", source: S.falSeedream4, confirmed: false },
      { fact: "output is {images: [{url, ...}], seed}; the still format is PNG", source: S.falSeedream45, confirmed: false },
      { fact: "about $0.04 per still", source: "image-models.md (a gateway's report)", confirmed: false },
    ],
  },
];

const FAL_SIZE_ENUM: Record<string, string> = {
  "1:1": "square_hd",
  "4:3": "landscape_4_3",
  "3:4": "portrait_4_3",
  "16:9": "landscape_16_9",
  "9:16": "portrait_16_9",
};

/** Flux 2 Pro's `image_size`: fal's enum for the ratio, or `auto` (keep the input's) for an edit. */
export function fluxImageSize(aspectRatio: string | undefined): string {
  return aspectRatio ? (FAL_SIZE_ENUM[aspectRatio] ?? "landscape_16_9") : "auto";
}

/**
 * Seedream 4.5's `image_size` in pixels: 2K keeps about 2048x2048 pixels in all (the minimum is
 * 2560x1440), 4K puts 4096 on the long side; both in multiples of 16.
 */
export function seedreamImageSize(aspectRatio: string | undefined, resolution: string | undefined): string | { width: number; height: number } {
  if (!aspectRatio) return resolution === "4K" ? "auto_4K" : "auto_2K";
  const [w, h] = aspectRatio.split(":").map(Number) as [number, number];
  const ratio = w / h;
  let width: number;
  let height: number;
  if (resolution === "4K") {
    width = ratio >= 1 ? 4096 : 4096 * ratio;
    height = ratio >= 1 ? 4096 / ratio : 4096;
  } else {
    const area = 2048 * 2048;
    width = Math.sqrt(area * ratio);
    height = width / ratio;
  }
  const round = (value: number) => Math.min(4096, Math.round(value / 16) * 16);
  return { width: round(width), height: round(height) };
}
