import type { ModelCapabilities, ModelSpec } from "../core/modelSpec";
import type { PriceTable } from "../core/pricing";

const SOURCE = "Alibaba list prices as resellers quote them; not read from Alibaba's own page";

const wanCapabilities: ModelCapabilities = {
  // Launch docs said 5/10/15; later pages say any whole second from 2 to 15.
  durations: { min: 2, max: 15 },
  defaultDuration: 5,
  aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"],
  defaultAspectRatio: "16:9",
  aspectFromFirstFrame: false,
  resolutions: ["720p", "1080p"],
  defaultResolution: "720p",
  // Without an audio_url the model makes matching audio; plain wan2.6 has no documented off switch.
  audio: "always",
  defaultAudio: true,
  seed: "supported",
  negativePrompt: "supported",
  firstFrame: "none",
  lastFrame: "none",
  maxReferenceImages: 0,
  // Sources disagree (800, 1500, 5000 characters); the middle one until confirmed.
  maxPromptLength: 1500,
  rules: [],
};

function price(rates: PriceTable["rates"]): PriceTable {
  return { rates, asOf: "2026-10-12", source: SOURCE, confirmed: false, note: "Billed on usage.duration." };
}

const i2vCapabilities: ModelCapabilities = {
  ...wanCapabilities,
  aspectRatios: [],
  defaultAspectRatio: undefined,
  aspectFromFirstFrame: true,
  firstFrame: "required",
};

export const DASHSCOPE_MODELS: readonly ModelSpec[] = [
  {
    provider: "dashscope",
    id: "wan2.6-t2v",
    displayName: "Wan 2.6 text to video (DashScope)",
    family: "Wan 2.6",
    capabilities: wanCapabilities,
    price: price([
      { resolutions: ["720p"], usdPerSecond: 0.1 },
      { resolutions: ["1080p"], usdPerSecond: 0.15 },
    ]),
  },
  {
    provider: "dashscope",
    id: "wan2.6-i2v",
    displayName: "Wan 2.6 image to video (DashScope)",
    family: "Wan 2.6",
    capabilities: i2vCapabilities,
    price: price([
      { resolutions: ["720p"], usdPerSecond: 0.1 },
      { resolutions: ["1080p"], usdPerSecond: 0.15 },
    ]),
  },
  {
    provider: "dashscope",
    id: "wan2.6-i2v-flash",
    displayName: "Wan 2.6 Flash image to video (DashScope)",
    family: "Wan 2.6",
    capabilities: { ...i2vCapabilities, audio: "optional", defaultAudio: true },
    price: price([
      { resolutions: ["720p"], audio: true, usdPerSecond: 0.05 },
      { resolutions: ["720p"], audio: false, usdPerSecond: 0.025 },
      { resolutions: ["1080p"], audio: true, usdPerSecond: 0.075 },
      { resolutions: ["1080p"], audio: false, usdPerSecond: 0.0375 },
    ]),
  },
];

/** DashScope's text-to-video takes a pixel size written W*H. */
export function wanSize(aspectRatio: string | undefined, resolution: string): string {
  const sizes: Record<string, Record<string, string>> = {
    "720p": { "16:9": "1280*720", "9:16": "720*1280", "1:1": "960*960", "4:3": "1088*832", "3:4": "832*1088" },
    "1080p": { "16:9": "1920*1080", "9:16": "1080*1920", "1:1": "1440*1440", "4:3": "1632*1248", "3:4": "1248*1632" },
  };
  return sizes[resolution]?.[aspectRatio ?? "16:9"] ?? "1280*720";
}
