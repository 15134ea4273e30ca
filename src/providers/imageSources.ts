/**
 * Where the image catalogue's facts were read (docs/frames.md repeats them). "First-hand" means
 * the provider's own page or SDK; anything else is marked `confirmed: false` (UNCONFIRMED).
 */
export const IMAGE_SOURCES = {
  openaiSdk: "openai-node 6.49.0 src/resources/images.ts (generated from OpenAI's OpenAPI spec), read 2026-12",
  openaiPrice: "OpenAI's pricing as quoted by aifreeapi.com (2026-03-23) and llmreference.com (2026-05-10); OpenAI's own page not read",
  genaiSdk: "@google/genai 2.32.0 types (ImageConfig: aspectRatio, imageSize 1K/2K/4K; GenerateContentConfig), read 2026-12",
  vertexModelPage: "docs.cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/3-pro-image (max 14 images per prompt, aspect ratios, MIME types, candidateCount 1)",
  geminiPrice: "ai.google.dev/gemini-api/docs/pricing as quoted by aifreeapi.com (2026-03-23/24) and blog.laozhang.ai (2026-02); Google's page not read first-hand",
  falFlux2ProEdit: "fal.ai/models/fal-ai/flux-2-pro/edit/llms.txt (pricing per megapixel, image_size default auto, @fal-ai/client subscribe)",
  falFlux2Pro: "fal.ai/models/fal-ai/flux-2-pro/api (endpoint, @fal-ai/client subscribe)",
  falSeedream45: "fal.ai/docs/model-api-reference/image-generation-api/bytedance-seedream-v4.5 (edit: image_urls up to 10, image_size enums incl. auto_2K/auto_4K, size limits, num_images 1-6, max_images, seed)",
  falSeedream4: "fal.ai/models/fal-ai/bytedance/seedream/v4/text-to-image/llms.txt (v4 schema, for comparison)",
  replicateFlux2Pro: "replicate.com/black-forest-labs/flux-2-pro versions 00b07c32 and 2aea4586 /api (input_images max 8, aspect_ratio incl. match_input_image, resolution in MP, safety_tolerance 1-5, seed, output_format webp default, output is one URI)",
  replicateSeedream45: "replicate.com/bytedance/seedream-4.5 versions fffbf9ea, 9fe3b828, e563f451 /api (image_input 1-14, size 2K/4K/custom, aspect_ratio default match_input_image, sequential_image_generation, max_images, prompt ≤ 4000, output is an array of URIs)",
  replicatePImageEdit: "replicate.com/prunaai/p-image-edit versions d44a8ff8, 05a6b136, b479167b /api (prompt, images: first is edited, turbo, aspect_ratio default match_input_image, seed, disable_safety_checker, output is one URI)",
  prunaDocs: "docs.pruna.ai P-Image-Edit page ($0.010 per edit) and docs.runpod.io p-image-edit (1-5 images, aspect ratios)",
  sharedQueue: "providers.md §6 (fal queue, webhooks) and §7 (Replicate predictions, webhooks)",
} as const;
