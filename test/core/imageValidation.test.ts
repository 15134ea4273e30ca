import { createIdempotencyKey } from "../../src/core/request";
import { splitImageRequest, validateImageRequest } from "../../src/core/imageValidation";
import { allImageModels, findImageModel, matchImageModels } from "../../src/providers/imageCatalog";
import { pngImage } from "../support/requests";

function check(provider: string, model: string, fields: Record<string, unknown> = {}) {
  return validateImageRequest(findImageModel(provider as "openai", model)!, { provider, model, prompt: "a lighthouse", idempotencyKey: createIdempotencyKey(), ...fields });
}

function issues(result: ReturnType<typeof check>) {
  return result.ok ? [] : result.issues.map((issue) => `${issue.field}: ${issue.message}`);
}

describe("image request validation", () => {
  it("fills each model's defaults: a fixed size for GPT Image, an aspect ratio and a tier for the others", () => {
    const gpt = check("openai", "gpt-image-1.5");
    expect(gpt.ok && gpt.request).toMatchObject({ count: 1, size: "1024x1024", aspectRatio: "1:1", quality: "medium", outputFormat: "png" });
    const banana = check("gemini", "gemini-3-pro-image-preview");
    expect(banana.ok && banana.request).toMatchObject({ aspectRatio: "16:9", resolution: "1K", outputFormat: "png" });
    expect(banana.ok && banana.request.size).toBeUndefined();
  });

  it("answers a GPT Image aspect ratio with its size, and refuses one it does not make, naming the sizes", () => {
    const wide = check("openai", "gpt-image-1.5", { aspectRatio: "2:3" });
    expect(wide.ok && wide.request.size).toBe("1024x1536");
    expect(issues(check("openai", "gpt-image-1.5", { aspectRatio: "16:9" }))).toEqual([
      "aspectRatio: aspect ratio 16:9 is not available on gpt-image-1.5; it makes 1024x1024 (1:1), 1536x1024 (3:2), 1024x1536 (2:3)",
    ]);
    expect(issues(check("openai", "gpt-image-1.5", { size: "1792x1024" }))[0]).toMatch(/^size: size 1792x1024 is not allowed for gpt-image-1.5; allowed: 1024x1024, 1536x1024, 1024x1536$/);
    expect(issues(check("openai", "gpt-image-1.5", { size: "1536x1024", aspectRatio: "1:1" }))[0]).toMatch(/does not match size 1536x1024/);
  });

  it("names the field, the value and what is allowed for every other setting", () => {
    expect(issues(check("fal", "fal-ai/flux-2-pro", { size: "1024x1024" }))[0]).toMatch(/^size: fal-ai\/flux-2-pro takes an aspect ratio and a resolution, not a pixel size/);
    expect(issues(check("gemini", "gemini-3-pro-image-preview", { resolution: "8K" }))).toEqual(["resolution: resolution 8K is not allowed for gemini-3-pro-image-preview; allowed: 1K, 2K, 4K"]);
    expect(issues(check("openai", "gpt-image-1.5", { quality: "ultra" }))).toEqual(["quality: quality ultra is not allowed for gpt-image-1.5; allowed: low, medium, high"]);
    expect(issues(check("replicate", "bytedance/seedream-4.5", { outputFormat: "png" }))).toEqual(["outputFormat: output format png is not available on bytedance/seedream-4.5; allowed: jpeg"]);
    expect(issues(check("fal", "fal-ai/flux-2-pro", { inputImages: Array.from({ length: 9 }, () => pngImage()) }))).toEqual(["inputImages: 9 input images given; fal-ai/flux-2-pro takes at most 8"]);
    expect(issues(check("replicate", "prunaai/p-image-edit"))).toEqual(["inputImages: prunaai/p-image-edit only edits images; give the image to edit (inputImages)"]);
    expect(issues(check("openai", "gpt-image-1.5", { prompt: "x".repeat(32001) }))).toEqual(["prompt: prompt is 32001 characters; gpt-image-1.5 takes at most 32000"]);
    expect(issues(check("openai", "gpt-image-1.5", { count: 0 }))[0]).toMatch(/^count: /);
    expect(issues(check("openai", "gpt-image-1.5", { outputFormat: "gif" }))[0]).toMatch(/^outputFormat: /);
  });

  it("warns about settings a model would drop, and keeps an edit's aspect ratio open when the model follows the input", () => {
    const gpt = check("openai", "gpt-image-1.5", { seed: 7, negativePrompt: "fog" });
    expect(gpt.ok && gpt.warnings.map((w) => w.field)).toEqual(["seed", "negativePrompt", "cost"]);
    const edit = check("fal", "fal-ai/flux-2-pro", { inputImages: [pngImage()] });
    expect(edit.ok && edit.request.aspectRatio).toBeUndefined();
  });

  it("prices per still, with edit inputs and tiers, from the price table", () => {
    const gpt = check("openai", "gpt-image-1.5", { count: 3, quality: "high", aspectRatio: "3:2" });
    expect(gpt.ok && gpt.cost).toMatchObject({ usd: 0.6, usdPerImage: 0.2, images: 3, confirmed: false });
    const banana = check("gemini", "gemini-3-pro-image-preview", { resolution: "4K", inputImages: [pngImage(), pngImage()] });
    expect(banana.ok && banana.cost.usd).toBeCloseTo(0.24 + 2 * 0.0011, 6);
    const flux = check("fal", "fal-ai/flux-2-pro", { inputImages: [pngImage(), pngImage()] });
    expect(flux.ok && flux.cost).toMatchObject({ usd: 0.06, confirmed: true });
  });

  it("splits a count larger than one call makes into jobs with derived keys and seeds; inputs are priced per call", () => {
    const spec = findImageModel("gemini", "gemini-3-pro-image-preview")!;
    const result = check("gemini", "gemini-3-pro-image-preview", { count: 3, seed: 10, inputImages: [pngImage()] });
    if (!result.ok) throw new Error("invalid");
    const parts = splitImageRequest(spec, result.request);
    expect(parts.map((part) => [part.request.idempotencyKey.replace(result.request.idempotencyKey, "K"), part.request.count, part.request.seed])).toEqual([
      ["K", 1, 10],
      ["K~2", 1, 11],
      ["K~3", 1, 12],
    ]);
    expect(parts.reduce((sum, part) => sum + part.cost.usd, 0)).toBeCloseTo(result.cost.usd, 6);
    expect(result.cost.usd).toBeCloseTo(3 * (0.134 + 0.0011), 6);
    const gpt = check("openai", "gpt-image-1.5", { count: 12 });
    expect(gpt.ok && splitImageRequest(findImageModel("openai", "gpt-image-1.5")!, gpt.request).map((p) => p.request.count)).toEqual([10, 2]);
  });

  it("finds models by provider/id, by id, or by family among usable routes", () => {
    expect(matchImageModels("gpt-image-1.5").map((m) => m.provider)).toEqual(["openai"]);
    expect(matchImageModels("replicate/black-forest-labs/flux-2-pro").map((m) => m.id)).toEqual(["black-forest-labs/flux-2-pro"]);
    expect(matchImageModels("Flux 2 Pro").map((m) => m.provider)).toEqual(["fal", "replicate"]);
    expect(matchImageModels("flux 2 pro", ["simulator", "replicate"]).map((m) => m.provider)).toEqual(["replicate"]);
  });

  it("records a source for every fact, and says which are unconfirmed", () => {
    for (const model of allImageModels()) {
      expect(model.facts.length).toBeGreaterThan(0);
      for (const fact of model.facts) expect(fact.source.length).toBeGreaterThan(5);
      if (!model.price.confirmed) expect(model.facts.some((fact) => !fact.confirmed)).toBe(true);
    }
  });
});
