import { isDurationAllowed } from "../../src/core/modelSpec";
import { validateRequest, type ValidationResult } from "../../src/core/validation";
import { allModels, findModel } from "../../src/providers/catalog";
import { pngImage } from "../support/requests";

function base(provider: string, model: string, extra: Record<string, unknown> = {}) {
  return { provider, model, prompt: "A lighthouse keeper climbs the stairs", idempotencyKey: "shotbin-test-key-1", ...extra };
}

function issues(result: ValidationResult) {
  return result.ok ? [] : result.issues;
}

describe("every model's capabilities", () => {
  for (const spec of allModels()) {
    const caps = spec.capabilities;
    const needsImage = caps.firstFrame === "required" ? { firstFrame: pngImage() } : {};

    describe(`${spec.provider}/${spec.id}`, () => {
      it("accepts its defaults and makes them explicit", () => {
        const result = validateRequest(spec, base(spec.provider, spec.id, needsImage));
        expect(issues(result)).toEqual([]);
        if (!result.ok) return;
        expect(result.request.durationSeconds).toBe(caps.defaultDuration);
        expect(result.request.resolution).toBe(caps.defaultResolution);
        expect(caps.resolutions).toContain(result.request.resolution);
        expect(isDurationAllowed(caps.durations, result.request.durationSeconds)).toBe(true);
        expect(Number.isFinite(result.cost.usd)).toBe(true);
      });

      it("refuses a duration it cannot make, naming the value and what is allowed", () => {
        const result = validateRequest(spec, base(spec.provider, spec.id, { ...needsImage, durationSeconds: 37 }));
        expect(issues(result)).toEqual([expect.objectContaining({ field: "durationSeconds", value: 37 })]);
        expect(issues(result)[0]?.message).toMatch(new RegExp(`^duration 37 s is not allowed for ${spec.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}; allowed: `));
      });

      it("refuses a resolution it does not offer", () => {
        const missing = (["480p", "720p", "1024p", "1080p", "4k"] as const).find((r) => !caps.resolutions.includes(r))!;
        const result = validateRequest(spec, base(spec.provider, spec.id, { ...needsImage, resolution: missing }));
        expect(issues(result).map((issue) => issue.field)).toContain("resolution");
      });

      it("handles the aspect ratio as its data says", () => {
        const result = validateRequest(spec, base(spec.provider, spec.id, { ...needsImage, aspectRatio: "21:9" }));
        if (caps.aspectFromFirstFrame && (caps.firstFrame === "required" || caps.aspectRatios.length === 0)) {
          expect(result.ok).toBe(true);
          expect(result.warnings.map((w) => w.field)).toContain("aspectRatio");
        } else {
          expect(issues(result)).toEqual([expect.objectContaining({ field: "aspectRatio", allowed: caps.aspectRatios })]);
        }
      });

      it("warns about settings it ignores instead of dropping them silently", () => {
        const result = validateRequest(spec, base(spec.provider, spec.id, { ...needsImage, seed: 1234, negativePrompt: "text, logos" }));
        const warned = result.warnings.map((w) => w.field);
        expect(warned.includes("seed")).toBe(caps.seed === "ignored");
        expect(warned.includes("negativePrompt")).toBe(caps.negativePrompt === "ignored");
      });

      it("enforces its image inputs", () => {
        const withFirst = validateRequest(spec, base(spec.provider, spec.id, { firstFrame: pngImage() }));
        const withoutFirst = validateRequest(spec, base(spec.provider, spec.id));
        expect(issues(withFirst).some((i) => i.field === "firstFrame")).toBe(caps.firstFrame === "none");
        expect(issues(withoutFirst).some((i) => i.field === "firstFrame")).toBe(caps.firstFrame === "required");
        const refs = validateRequest(spec, base(spec.provider, spec.id, { referenceImages: [1, 2, 3, 4].map(() => pngImage()) }));
        expect(issues(refs).some((i) => i.field === "referenceImages")).toBe(true);
      });

      it("has a dated, sourced price", () => {
        expect(spec.price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(spec.price.source.length).toBeGreaterThan(5);
      });
    });
  }
});

describe("model-specific rules, by hand", () => {
  const veo = findModel("gemini", "veo-3.1-generate-preview")!;
  const kling = findModel("kling", "kling-2.6")!;
  const sora = findModel("openai", "sora-2")!;
  const wan = findModel("dashscope", "wan2.6-t2v")!;

  it("Veo on the Gemini API needs 8 s at 1080p and 4k", () => {
    const result = validateRequest(veo, base("gemini", veo.id, { resolution: "1080p", durationSeconds: 6 }));
    expect(issues(result)).toEqual([
      { field: "durationSeconds", value: 6, allowed: ["8"], message: "duration 6 is not allowed for veo-3.1-generate-preview: 1080p and 4k need 8 s" },
    ]);
    expect(validateRequest(veo, base("gemini", veo.id, { resolution: "4k", durationSeconds: 8 })).ok).toBe(true);
  });

  it("Veo on the Gemini API records a seed but warns that it is not sent, and keeps audio on", () => {
    const result = validateRequest(veo, base("gemini", veo.id, { seed: 42, audio: false }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.seed).toBe(42);
    expect(result.request.audio).toBe(true);
    expect(result.warnings.map((w) => w.message)).toEqual([
      "veo-3.1-generate-preview always generates audio; mute the clip's audio track instead",
      "veo-3.1-generate-preview has no seed setting; seed 42 is recorded but not sent",
    ]);
  });

  it("Kling 2.6 makes native audio only at 1080p", () => {
    expect(issues(validateRequest(kling, base("kling", kling.id, { audio: true })))).toEqual([
      expect.objectContaining({ field: "resolution", value: "720p", allowed: ["1080p"] }),
    ]);
    expect(validateRequest(kling, base("kling", kling.id, { audio: true, resolution: "1080p" })).ok).toBe(true);
  });

  it("a last frame needs a first frame", () => {
    expect(issues(validateRequest(kling, base("kling", kling.id, { lastFrame: pngImage(), resolution: "1080p" })))).toEqual([
      { field: "lastFrame", message: "a last frame needs a first frame too" },
    ]);
  });

  it("Sora 2 takes only 720p and no last frame", () => {
    const result = validateRequest(sora, base("openai", sora.id, { resolution: "1080p" }));
    expect(issues(result)).toEqual([expect.objectContaining({ field: "resolution", allowed: ["720p"] })]);
    expect(issues(validateRequest(sora, base("openai", sora.id, { firstFrame: pngImage(), lastFrame: pngImage() }))).map((i) => i.field)).toEqual([
      "lastFrame",
    ]);
  });

  it("Wan 2.6 takes any whole second from 2 to 15", () => {
    expect(validateRequest(wan, base("dashscope", wan.id, { durationSeconds: 13 })).ok).toBe(true);
    expect(issues(validateRequest(wan, base("dashscope", wan.id, { durationSeconds: 7.5 })))[0]?.message).toBe(
      "duration 7.5 s is not allowed for wan2.6-t2v; allowed: 2 to 15 (whole seconds)",
    );
  });

  it("refuses an empty prompt, a prompt over the limit, and a request for another model", () => {
    expect(issues(validateRequest(kling, base("kling", kling.id, { prompt: "  " })))[0]?.message).toBe("prompt is empty; describe the shot");
    expect(issues(validateRequest(kling, base("kling", kling.id, { prompt: "x".repeat(2501) })))[0]?.message).toBe(
      "prompt is 2501 characters; kling-2.6 takes at most 2500",
    );
    expect(issues(validateRequest(kling, base("fal", kling.id))).map((i) => i.field)).toContain("model");
  });

  it("reports schema problems with the field path", () => {
    const result = validateRequest(kling, { ...base("kling", kling.id), seed: -1, extra: true });
    expect(issues(result).map((i) => i.field).sort()).toEqual(["request", "seed"]);
  });
});
