import type { ImageModelSpec } from "../core/imageModelSpec";
import type { ProviderId } from "../core/request";
import { FAL_IMAGE_MODELS } from "./falImageModels";
import { GEMINI_IMAGE_MODELS } from "./geminiImageModels";
import { OPENAI_IMAGE_MODELS } from "./openaiImageModels";
import { REPLICATE_IMAGE_MODELS } from "./replicateImageModels";
import { SIMULATOR_IMAGE_MODELS } from "./simulatorImageModels";

/**
 * Every image model Shotbin knows, as data (no adapter built, no key needed), with the facts it
 * relies on and their sources. docs/frames.md is this table in prose.
 */
const IMAGE_MODELS: readonly ImageModelSpec[] = [
  ...SIMULATOR_IMAGE_MODELS,
  ...OPENAI_IMAGE_MODELS,
  ...GEMINI_IMAGE_MODELS,
  ...FAL_IMAGE_MODELS,
  ...REPLICATE_IMAGE_MODELS,
];

export function allImageModels(): readonly ImageModelSpec[] {
  return IMAGE_MODELS;
}

export function findImageModel(provider: ProviderId, modelId: string): ImageModelSpec | undefined {
  return IMAGE_MODELS.find((model) => model.provider === provider && model.id === modelId);
}

/**
 * A model named by the user: `provider/model` (`fal/fal-ai/flux-2-pro`), a model id alone when
 * only one provider has it (`gpt-image-1.5`), or a family (`Flux 2 Pro`) when only one usable
 * route offers it. Answers every match, so the caller can say which are ambiguous.
 */
export function matchImageModels(name: string, usable?: readonly ProviderId[]): ImageModelSpec[] {
  const wanted = name.trim().toLowerCase();
  const pool = usable ? IMAGE_MODELS.filter((model) => usable.includes(model.provider)) : IMAGE_MODELS;
  const exact = IMAGE_MODELS.filter((model) => `${model.provider}/${model.id}`.toLowerCase() === wanted);
  if (exact.length) return exact;
  const byId = IMAGE_MODELS.filter((model) => model.id.toLowerCase() === wanted);
  if (byId.length) return byId;
  return pool.filter((model) => model.family.toLowerCase() === wanted || model.displayName.toLowerCase() === wanted);
}
