import { createFalImagesFake } from "./falImagesFake";
import type { FakeWorld } from "./fakeWorld";
import { createGeminiImagesFake } from "./geminiImagesFake";
import { createOpenaiImagesFake } from "./openaiImagesFake";
import type { FakeProvider } from "./providerRoute";
import { createReplicateImagesFake } from "./replicateImagesFake";

/** The image routes' fakes, served beside the video fakes on the same prefixes (each claims its own requests). */
export function createImageFakes(world: FakeWorld): FakeProvider[] {
  return [createOpenaiImagesFake(world), createGeminiImagesFake(world), createFalImagesFake(world), createReplicateImagesFake(world)];
}
