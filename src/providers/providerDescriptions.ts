import type { ProviderId } from "../core/request";

/**
 * Where a provider documents itself: the page to get a key, its price list, and the API reference
 * the adapter follows. One table for Settings' links and `shotbin providers`' citations; each URL
 * was checked against the provider's published documentation (docs/panel.md lists how).
 */
export interface ProviderLinks {
  keys: string;
  pricing: string;
  docs: string;
}

export interface ProviderDescription {
  id: ProviderId;
  displayName: string;
  summary: string;
  enabledByDefault: boolean;
  /** The environment variables the CLI and relay read; the panel keeps the same keys in secureStorage. */
  keyEnv: readonly string[];
  keyHelp: string;
  defaultBaseUrl: string;
  /** None for the simulator, which is built in. */
  links?: ProviderLinks;
}

export const PROVIDER_DESCRIPTIONS: readonly ProviderDescription[] = [
  {
    id: "simulator",
    displayName: "Simulator",
    summary: "Built in. Returns bundled clips after a short delay; no key, no network, no cost. The default when no key is set.",
    enabledByDefault: true,
    keyEnv: [],
    keyHelp: "none",
    defaultBaseUrl: "",
  },
  {
    id: "gemini",
    displayName: "Google Gemini API",
    summary: "Veo 3.1, Veo 3.1 Fast and Veo 3.1 Lite through predictLongRunning; polled, or pushed by a static webhook.",
    enabledByDefault: true,
    keyEnv: ["SHOTBIN_GEMINI_KEY"],
    keyHelp: "an AI Studio API key (SHOTBIN_GEMINI_KEY)",
    defaultBaseUrl: "https://generativelanguage.googleapis.com",
    links: {
      keys: "https://aistudio.google.com/app/apikey",
      pricing: "https://ai.google.dev/gemini-api/docs/pricing",
      docs: "https://ai.google.dev/gemini-api/docs/video",
    },
  },
  {
    id: "kling",
    displayName: "Kling AI",
    summary: "Kling 2.6 through the model-in-path API (API key) or the legacy model_name API (API key or AccessKey/SecretKey JWT); callback_url supported.",
    enabledByDefault: true,
    keyEnv: ["SHOTBIN_KLING_KEY", "SHOTBIN_KLING_ACCESS_KEY", "SHOTBIN_KLING_SECRET_KEY"],
    keyHelp: "an API key (SHOTBIN_KLING_KEY), or an AccessKey and SecretKey for the legacy API",
    defaultBaseUrl: "https://api-singapore.klingai.com",
    links: {
      keys: "https://kling.ai/document-api/api/get-started/authentication",
      pricing: "https://kling.ai/document-api/pricing/base/video",
      docs: "https://kling.ai/document-api/apiReference/model/textToVideo",
    },
  },
  {
    id: "dashscope",
    displayName: "Alibaba DashScope",
    summary: "Wan 2.6 text and image to video, asynchronous only; the key, the model and the base URL must be in the same region. Polled.",
    enabledByDefault: true,
    keyEnv: ["SHOTBIN_DASHSCOPE_KEY"],
    keyHelp: "a Model Studio API key for the region of the base URL (SHOTBIN_DASHSCOPE_KEY)",
    defaultBaseUrl: "https://dashscope-intl.aliyuncs.com",
    links: {
      keys: "https://www.alibabacloud.com/help/en/model-studio/get-api-key",
      pricing: "https://www.alibabacloud.com/help/en/model-studio/models",
      docs: "https://www.alibabacloud.com/help/en/model-studio/legacy-wan-text-to-video-api-reference",
    },
  },
  {
    id: "fal",
    displayName: "fal.ai",
    summary: "Veo 3.1, Kling 2.6 Pro and Wan 2.6 through fal's queue; fal_webhook supported.",
    enabledByDefault: true,
    keyEnv: ["SHOTBIN_FAL_KEY"],
    keyHelp: "a fal key (SHOTBIN_FAL_KEY)",
    defaultBaseUrl: "https://queue.fal.run",
    links: {
      keys: "https://fal.ai/dashboard/keys",
      pricing: "https://fal.ai/pricing",
      docs: "https://fal.ai/docs/documentation/model-apis/queue",
    },
  },
  {
    id: "replicate",
    displayName: "Replicate",
    summary: "Veo 3.1 and Kling 2.6 as predictions on official models; webhook supported.",
    enabledByDefault: true,
    keyEnv: ["SHOTBIN_REPLICATE_KEY"],
    keyHelp: "an API token (SHOTBIN_REPLICATE_KEY)",
    defaultBaseUrl: "https://api.replicate.com",
    links: {
      keys: "https://replicate.com/account/api-tokens",
      pricing: "https://replicate.com/pricing",
      docs: "https://replicate.com/docs/reference/http",
    },
  },
  {
    id: "openai",
    displayName: "OpenAI Videos API",
    summary:
      "Sora 2 and Sora 2 Pro. OpenAI retired the public endpoint on 2026-09-24, so this provider is off by default; set a base URL for a compatible gateway.",
    enabledByDefault: false,
    keyEnv: ["SHOTBIN_OPENAI_KEY"],
    keyHelp: "an API key (SHOTBIN_OPENAI_KEY) and SHOTBIN_OPENAI_BASE_URL for a gateway",
    defaultBaseUrl: "https://api.openai.com",
    links: {
      keys: "https://platform.openai.com/api-keys",
      pricing: "https://developers.openai.com/api/docs/pricing",
      docs: "https://developers.openai.com/api/docs/guides/video-generation",
    },
  },
];

export function describeProvider(id: ProviderId): ProviderDescription {
  const description = PROVIDER_DESCRIPTIONS.find((provider) => provider.id === id);
  if (!description) throw new Error(`Unknown provider ${id}`);
  return description;
}
