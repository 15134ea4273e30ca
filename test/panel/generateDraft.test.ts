import type { ModelSpec } from "../../src/core/modelSpec";
import { findModel } from "../../src/providers/catalog";
import { checkDraft, draftForModel, draftRequest, emptyDraft, parseSeed, requestsForDraft } from "../../src/panel/runtime/generateDraft";

/** A model whose price makes the arithmetic visible: $0.20 per second at 1080p with audio, $0.10 without. */
const spec: ModelSpec = {
  provider: "fal",
  id: "test/model",
  displayName: "Test model",
  family: "Test",
  capabilities: {
    durations: { values: [4, 8] },
    defaultDuration: 8,
    aspectRatios: ["16:9", "9:16"],
    defaultAspectRatio: "16:9",
    aspectFromFirstFrame: false,
    resolutions: ["720p", "1080p"],
    defaultResolution: "1080p",
    audio: "optional",
    defaultAudio: true,
    seed: "supported",
    negativePrompt: "supported",
    firstFrame: "optional",
    lastFrame: "none",
    maxReferenceImages: 0,
    maxPromptLength: 100,
    rules: [{ when: [{ field: "resolution", in: ["1080p"] }], then: { field: "durationSeconds", in: [8] }, reason: "1080p needs 8 s" }],
  },
  price: { rates: [{ resolutions: ["1080p"], audio: true, usdPerSecond: 0.2 }, { usdPerSecond: 0.1 }], asOf: "2026-01-01", source: "test", confirmed: true },
};

describe("the Generate draft", () => {
  it("prices every take before anything is sent", () => {
    const check = checkDraft(spec, { ...emptyDraft(spec), prompt: "A harbour at dawn", takes: 2 });
    expect(check.ok).toBe(true);
    expect(check.costText).toBe("$3.20 for 2 takes of 8 s at 1080p");
    expect(checkDraft(spec, { ...emptyDraft(spec), prompt: "x", takes: 1, resolution: "720p", durationSeconds: 4, audio: false }).costText).toBe("$0.40 for 1 take of 4 s at 720p");
  });

  it("names each problem by field as the editor types, and prices nothing then", () => {
    const check = checkDraft(spec, { ...emptyDraft(spec), prompt: "x".repeat(101), durationSeconds: 4, seedText: "4.5", takes: 5 });
    expect(check.ok).toBe(false);
    expect(check.costText).toBeUndefined();
    expect(check.issues.prompt?.[0]).toMatch(/prompt is 101 characters; test\/model takes at most 100/);
    expect(check.issues.durationSeconds?.[0]).toMatch(/1080p needs 8 s/);
    expect(check.issues.seed?.[0]).toMatch(/seed must be a whole number/);
    expect(check.issues.takes?.[0]).toBe("takes must be 1 to 4");
    expect(checkDraft(undefined, emptyDraft(spec)).issues.model).toEqual(["choose a model"]);
  });

  it("gives takes after the first the next seeds, and each take its own idempotency key", () => {
    let n = 0;
    const takes = requestsForDraft(spec, { ...emptyDraft(spec), prompt: "A harbour", seedText: "100", takes: 3 }, () => `shotbin-key-${++n}`);
    expect(takes.map((take) => [take.take, take.request.seed, take.request.idempotencyKey])).toEqual([
      [1, 100, "shotbin-key-1"],
      [2, 101, "shotbin-key-2"],
      [3, 102, "shotbin-key-3"],
    ]);
    expect(() => requestsForDraft(spec, { ...emptyDraft(spec), prompt: "" })).toThrow(/^Not sent: prompt is empty/);
  });

  it("keeps the options a newly chosen model can take and drops the others", () => {
    const kling = findModel("kling", "kling-2.6")!;
    const draft = { ...emptyDraft(spec), prompt: "keep me", durationSeconds: 8, aspectRatio: "9:16", resolution: "1080p" as const, seedText: "7" };
    const switched = draftForModel(draft, kling);
    expect(switched).toMatchObject({ provider: "kling", model: "kling-2.6", prompt: "keep me", aspectRatio: "9:16", resolution: "1080p", seedText: "7" });
    expect(switched.durationSeconds).toBeUndefined();
  });

  it("reads seeds strictly", () => {
    expect(parseSeed("")).toEqual({});
    expect(parseSeed(" 42 ")).toEqual({ seed: 42 });
    expect(parseSeed("4294967296").problem).toBeDefined();
    expect(parseSeed("1e3").problem).toBeDefined();
    expect(draftRequest({ ...emptyDraft(spec), prompt: "p", negativePrompt: "  " }, "shotbin-abcdefgh")).not.toHaveProperty("negativePrompt");
  });
});
