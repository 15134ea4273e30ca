import type { ModelSpec } from "../core/modelSpec";
import type { ProviderId } from "../core/request";
import { DASHSCOPE_MODELS } from "./dashscopeModels";
import { FAL_MODELS } from "./falModels";
import { GEMINI_MODELS } from "./geminiModels";
import { KLING_MODELS } from "./klingModels";
import { OPENAI_MODELS } from "./openaiModels";
import { REPLICATE_MODELS } from "./replicateModels";
import { SIMULATOR_MODELS } from "./simulatorModels";

/**
 * Every model Shotbin knows, as data: no adapter is built and no key is needed to read it, so the
 * panel can show options and prices before anything is configured.
 */
const MODELS: readonly ModelSpec[] = [
  ...SIMULATOR_MODELS,
  ...GEMINI_MODELS,
  ...KLING_MODELS,
  ...DASHSCOPE_MODELS,
  ...FAL_MODELS,
  ...REPLICATE_MODELS,
  ...OPENAI_MODELS,
];

export function allModels(): readonly ModelSpec[] {
  return MODELS;
}

export function findModel(provider: ProviderId, modelId: string): ModelSpec | undefined {
  return MODELS.find((model) => model.provider === provider && model.id === modelId);
}

export function modelsOf(provider: ProviderId): readonly ModelSpec[] {
  return MODELS.filter((model) => model.provider === provider);
}
