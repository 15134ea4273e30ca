import { aspectOfSize, estimateImageCost, type ImageCostEstimate, type ImageModelSpec } from "./imageModelSpec";
import { imageMode, imageRequestSchema, type ImageRequest, type ResolvedImageRequest } from "./imageRequest";
import type { ValidationIssue, ValidationWarning } from "./validation";

export type ImageValidationResult =
  | { ok: true; request: ResolvedImageRequest; warnings: ValidationWarning[]; cost: ImageCostEstimate }
  | { ok: false; issues: ValidationIssue[]; warnings: ValidationWarning[] };

function listOf(values: readonly string[]): string {
  return values.length ? values.join(", ") : "(none)";
}

/**
 * Checks an image request against its model before anything is sent, fills in the model's
 * defaults and prices the whole request (every still of `count`). Problems name the field, the
 * value and what is allowed, as video validation does.
 */
export function validateImageRequest(spec: ImageModelSpec, input: unknown): ImageValidationResult {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationWarning[] = [];
  const parsed = imageRequestSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join(".") : "request";
      issues.push({ field, message: `${field}: ${issue.message}` });
    }
    return { ok: false, issues, warnings };
  }
  const request: ImageRequest = parsed.data;
  const caps = spec.capabilities;
  const model = spec.id;
  const mode = imageMode(request);
  const inputs = request.inputImages?.length ?? 0;

  if (request.provider !== spec.provider || request.model !== spec.id) {
    issues.push({ field: "model", value: `${request.provider}/${request.model}`, message: `request is for ${request.provider}/${request.model}, not ${spec.provider}/${spec.id}` });
  }
  if (request.prompt.trim().length === 0) {
    issues.push({ field: "prompt", message: mode === "edit" ? "prompt is empty; say what to change in the image" : "prompt is empty; describe the frame" });
  } else if (request.prompt.length > caps.maxPromptLength) {
    issues.push({ field: "prompt", value: request.prompt.length, message: `prompt is ${request.prompt.length} characters; ${model} takes at most ${caps.maxPromptLength}` });
  }

  if (mode === "generate" && !caps.generate) {
    issues.push({ field: "inputImages", message: `${model} only edits images; give the image to edit (inputImages)` });
  }
  if (mode === "edit" && inputs > caps.maxInputImages) {
    issues.push({
      field: "inputImages",
      value: inputs,
      message: caps.maxInputImages === 0 ? `${model} does not edit images; choose an edit model` : `${inputs} input images given; ${model} takes at most ${caps.maxInputImages}`,
    });
  }

  // Size or aspect ratio: a model with fixed sizes answers to both; the others to aspect ratios only.
  let size: string | undefined;
  let aspectRatio: string | undefined;
  if (caps.sizes.length > 0) {
    const bySize = new Map(caps.sizes.map((s) => [aspectOfSize(s), s]));
    if (request.size !== undefined) {
      if (!caps.sizes.includes(request.size)) {
        issues.push({ field: "size", value: request.size, message: `size ${request.size} is not allowed for ${model}; allowed: ${listOf(caps.sizes)}`, allowed: caps.sizes });
      } else if (request.aspectRatio !== undefined && aspectOfSize(request.size) !== request.aspectRatio) {
        issues.push({ field: "aspectRatio", value: request.aspectRatio, message: `aspect ratio ${request.aspectRatio} does not match size ${request.size} (${aspectOfSize(request.size)}); give one or the other` });
      }
      size = request.size;
    } else if (request.aspectRatio !== undefined) {
      size = bySize.get(request.aspectRatio);
      if (!size) {
        issues.push({
          field: "aspectRatio",
          value: request.aspectRatio,
          message: `aspect ratio ${request.aspectRatio} is not available on ${model}; it makes ${caps.sizes.map((s) => `${s} (${aspectOfSize(s)})`).join(", ")}`,
          allowed: [...bySize.keys()],
        });
      }
    } else if (!(mode === "edit" && caps.aspectFromInput)) {
      size = caps.defaultSize ?? caps.sizes[0];
    }
    aspectRatio = size ? aspectOfSize(size) : undefined;
  } else {
    if (request.size !== undefined) {
      issues.push({ field: "size", value: request.size, message: `${model} takes an aspect ratio and a resolution, not a pixel size; allowed aspect ratios: ${listOf(caps.aspectRatios)}`, allowed: caps.aspectRatios });
    }
    aspectRatio = request.aspectRatio ?? (mode === "edit" && caps.aspectFromInput ? undefined : caps.defaultAspectRatio);
    if (aspectRatio !== undefined && !caps.aspectRatios.includes(aspectRatio)) {
      issues.push({ field: "aspectRatio", value: aspectRatio, message: `aspect ratio ${aspectRatio} is not allowed for ${model}; allowed: ${listOf(caps.aspectRatios)}`, allowed: caps.aspectRatios });
    }
  }

  let resolution = request.resolution ?? caps.defaultResolution;
  if (request.resolution !== undefined && caps.resolutions.length === 0) {
    warnings.push({ field: "resolution", message: `${model} has no resolution setting; ${request.resolution} is not sent` });
    resolution = undefined;
  } else if (resolution !== undefined && !caps.resolutions.includes(resolution)) {
    issues.push({ field: "resolution", value: resolution, message: `resolution ${resolution} is not allowed for ${model}; allowed: ${listOf(caps.resolutions)}`, allowed: caps.resolutions });
  }

  let quality = request.quality ?? caps.defaultQuality;
  if (request.quality !== undefined && caps.qualities.length === 0) {
    warnings.push({ field: "quality", message: `${model} has no quality levels; ${request.quality} is not sent` });
    quality = undefined;
  } else if (quality !== undefined && !caps.qualities.includes(quality)) {
    issues.push({ field: "quality", value: quality, message: `quality ${quality} is not allowed for ${model}; allowed: ${listOf(caps.qualities)}`, allowed: caps.qualities });
  }

  const outputFormat = request.outputFormat ?? caps.defaultOutputFormat;
  if (!caps.outputFormats.includes(outputFormat)) {
    issues.push({ field: "outputFormat", value: outputFormat, message: `output format ${outputFormat} is not available on ${model}; allowed: ${listOf(caps.outputFormats)}`, allowed: caps.outputFormats });
  }

  if (request.seed !== undefined && caps.seed === "ignored") {
    warnings.push({ field: "seed", message: `${model} has no seed setting; seed ${request.seed} is recorded but not sent` });
  }
  if (request.negativePrompt && caps.negativePrompt === "ignored") {
    warnings.push({ field: "negativePrompt", message: `${model} has no negative prompt; it is not sent` });
  }

  if (issues.length > 0) return { ok: false, issues, warnings };
  const count = request.count ?? 1;
  const resolved: ResolvedImageRequest = { ...request, count, outputFormat };
  delete resolved.size;
  delete resolved.aspectRatio;
  delete resolved.resolution;
  delete resolved.quality;
  if (size !== undefined) resolved.size = size;
  if (aspectRatio !== undefined) resolved.aspectRatio = aspectRatio;
  if (resolution !== undefined) resolved.resolution = resolution;
  if (quality !== undefined) resolved.quality = quality;
  const cost = imageRequestCost(spec, resolved);
  if (!cost.confirmed) {
    warnings.push({ field: "cost", message: `the price of ${model} is not confirmed (${cost.source}, ${cost.asOf})` });
  }
  return { ok: true, request: resolved, warnings, cost };
}

/** What `request` costs on `spec`, over every job it will be split into (inputs count once per call). */
export function imageRequestCost(spec: ImageModelSpec, request: ResolvedImageRequest): ImageCostEstimate {
  const calls = splitCounts(request.count, spec.capabilities.maxImagesPerCall);
  const inputs = request.inputImages?.length ?? 0;
  const parts = calls.map((count) => estimateImageCost(spec.price, { count, mode: imageMode(request), inputImages: inputs, size: request.size, resolution: request.resolution, quality: request.quality }));
  const first = parts[0]!;
  return { ...first, usd: Math.round(parts.reduce((sum, part) => sum + part.usd, 0) * 1e6) / 1e6, images: request.count, inputImages: inputs * calls.length };
}

function splitCounts(count: number, perCall: number): number[] {
  const calls: number[] = [];
  for (let left = count; left > 0; left -= perCall) calls.push(Math.min(perCall, left));
  return calls;
}

/**
 * One job per provider call: a count larger than the model makes per call becomes several
 * requests. The first keeps the idempotency key; the others get `<key>~2`, `<key>~3`, ... so the
 * same request always plans the same jobs (a rerun finds them in the ledger). With a seed, call i
 * uses seed + i - 1, or every call would return the same stills.
 */
export function splitImageRequest(spec: ImageModelSpec, request: ResolvedImageRequest): Array<{ request: ResolvedImageRequest; cost: ImageCostEstimate }> {
  return splitCounts(request.count, spec.capabilities.maxImagesPerCall).map((count, i) => {
    const part: ResolvedImageRequest = { ...request, count, idempotencyKey: i === 0 ? request.idempotencyKey : `${request.idempotencyKey}~${i + 1}` };
    if (request.seed !== undefined) part.seed = (request.seed + i) % 4294967296;
    return { request: part, cost: imageRequestCost(spec, part) };
  });
}
