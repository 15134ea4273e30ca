import { createIdempotencyKey, type ImageInput, type ProviderId, type ResolvedRequest } from "../../src/core/request";
import { validateRequest } from "../../src/core/validation";
import { findModel } from "../../src/providers/catalog";

/** A request validated against its model, as the pipeline would send it. */
export function resolvedRequest(provider: ProviderId, model: string, fields: Record<string, unknown> = {}): ResolvedRequest {
  const spec = findModel(provider, model);
  if (!spec) throw new Error(`no model ${provider}/${model}`);
  const result = validateRequest(spec, { provider, model, prompt: "A red fox crosses a snowy field at dawn", idempotencyKey: createIdempotencyKey(), ...fields });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join("; "));
  return result.request;
}

/** A tiny PNG (1x1) as an image input. */
export function pngImage(name = "frame.png"): ImageInput {
  const bytes = Uint8Array.from(
    Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
  );
  return { kind: "bytes", bytes, mediaType: "image/png", name };
}
