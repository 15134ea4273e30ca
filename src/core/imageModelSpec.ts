import type { ImageMode, ImageOutputFormat } from "./imageRequest";
import type { ProviderId } from "./request";

/**
 * What an image model can do, as data: validation reads it before anything is sent, the panel
 * builds its pickers from it, and the price table prices a request per still.
 */
export interface ImageCapabilities {
  /** Text to image. */
  generate: boolean;
  /** How many input images an edit takes; 0 when the model (route) cannot edit. */
  maxInputImages: number;
  /** Fixed pixel sizes (OpenAI); each also answers to its own aspect ratio. Empty: aspect ratios. */
  sizes: readonly string[];
  defaultSize?: string;
  aspectRatios: readonly string[];
  defaultAspectRatio?: string;
  /** An edit without an aspect ratio keeps the first input image's (`match_input_image`). */
  aspectFromInput: boolean;
  /** Output tiers in the model's own words (`1K`, `2K`, `4K`; `1 MP`); empty when it has none. */
  resolutions: readonly string[];
  defaultResolution?: string;
  qualities: readonly string[];
  defaultQuality?: string;
  outputFormats: readonly ImageOutputFormat[];
  defaultOutputFormat: ImageOutputFormat;
  /** Stills one call can make; a larger count becomes several jobs. */
  maxImagesPerCall: number;
  seed: "supported" | "ignored";
  negativePrompt: "supported" | "ignored";
  maxPromptLength: number;
}

/** One line of a price list: USD per output still for the matching settings. */
export interface ImagePriceRate {
  resolutions?: readonly string[];
  qualities?: readonly string[];
  sizes?: readonly string[];
  mode?: ImageMode;
  usdPerImage: number;
  /** Added once per input image of an edit (input megapixels, image input tokens). */
  usdPerInputImage?: number;
}

export interface ImagePriceTable {
  rates: readonly ImagePriceRate[];
  asOf: string;
  source: string;
  /** False when the price comes from a reseller or a single secondary source. */
  confirmed: boolean;
  note?: string;
}

/** A fact in the catalogue and where it was read; `confirmed: false` is shown as UNCONFIRMED. */
export interface ImageModelFact {
  fact: string;
  source: string;
  confirmed: boolean;
}

export interface ImageModelSpec {
  provider: ProviderId;
  /** The provider's own id: `gpt-image-1.5`, `fal-ai/flux-2-pro`, `black-forest-labs/flux-2-pro`. */
  id: string;
  /** As the UI shows it: "Flux 2 Pro (fal)". */
  displayName: string;
  /** The model across providers: "Flux 2 Pro", "Seedream 4.5". */
  family: string;
  capabilities: ImageCapabilities;
  price: ImagePriceTable;
  /** Every fact the adapter relies on, with its source (docs/frames.md lists them). */
  facts: readonly ImageModelFact[];
  notes?: readonly string[];
}

export interface ImageCostEstimate {
  usd: number;
  usdPerImage: number;
  images: number;
  inputImages: number;
  usdPerInputImage?: number;
  confirmed: boolean;
  source: string;
  asOf: string;
  note?: string;
}

/** The settings a price depends on. */
export interface PricedImageSettings {
  count: number;
  mode: ImageMode;
  inputImages: number;
  size?: string;
  resolution?: string;
  quality?: string;
}

function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

export function findImageRate(table: ImagePriceTable, settings: PricedImageSettings): ImagePriceRate | undefined {
  return table.rates.find(
    (rate) =>
      (rate.mode === undefined || rate.mode === settings.mode) &&
      (rate.resolutions === undefined || (settings.resolution !== undefined && rate.resolutions.includes(settings.resolution))) &&
      (rate.qualities === undefined || (settings.quality !== undefined && rate.qualities.includes(settings.quality))) &&
      (rate.sizes === undefined || (settings.size !== undefined && rate.sizes.includes(settings.size))),
  );
}

/** The price of `count` stills (and the edit's input images) under `table`. */
export function estimateImageCost(table: ImagePriceTable, settings: PricedImageSettings): ImageCostEstimate {
  const rate = findImageRate(table, settings);
  const base = { images: settings.count, inputImages: settings.inputImages, source: table.source, asOf: table.asOf };
  if (!rate) {
    const what = [settings.size, settings.resolution, settings.quality, settings.mode].filter(Boolean).join(", ");
    return { ...base, usd: Number.NaN, usdPerImage: Number.NaN, confirmed: false, note: `No price is known for ${what}.` };
  }
  const inputs = settings.mode === "edit" ? (rate.usdPerInputImage ?? 0) * settings.inputImages : 0;
  return {
    ...base,
    usd: roundUsd(rate.usdPerImage * settings.count + inputs),
    usdPerImage: rate.usdPerImage,
    ...(rate.usdPerInputImage !== undefined ? { usdPerInputImage: rate.usdPerInputImage } : {}),
    confirmed: table.confirmed,
    ...(table.note ? { note: table.note } : {}),
  };
}

/** `3:2` for `1536x1024`. */
export function aspectOfSize(size: string): string {
  const [w, h] = size.split("x").map(Number) as [number, number];
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(w, h) || 1;
  return `${w / d}:${h / d}`;
}
