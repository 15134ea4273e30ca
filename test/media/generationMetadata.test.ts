import { MediaError } from "../../src/core/errors";
import { GENERATION_FIELDS } from "../../src/media/generationMetadata";
import { parseGenerationMetadata } from "../../src/media/generationMetadataCheck";
import { generationMetadataProblems } from "../../src/media/generationMetadataCheck";
import { FULL_META } from "./support/meta";

const MINIMAL = { provider: "gemini", model: "veo-3.1-generate-preview", generatedAt: "2026-11-24T10:00:00Z" };

function problemsWith(changes: Record<string, unknown>): string[] {
  return generationMetadataProblems({ ...FULL_META, ...changes });
}

describe("meta.json rules", () => {
  it("accepts the full and the minimal metadata, and returns a copy", () => {
    expect(generationMetadataProblems(FULL_META)).toEqual([]);
    expect(generationMetadataProblems(MINIMAL)).toEqual([]);
    const parsed = parseGenerationMetadata(FULL_META);
    expect(parsed).toEqual(FULL_META);
    expect(parsed).not.toBe(FULL_META);
  });

  it("has a rule for every field of the namespace and refuses any other key", () => {
    for (const { name } of GENERATION_FIELDS) expect(generationMetadataProblems({ ...MINIMAL, [name]: { not: "valid" } }).join()).toContain(`${name}: `);
    expect(generationMetadataProblems({ ...MINIMAL, sead: 1, colour: "red" })).toEqual(['(root): Unrecognized keys: "sead", "colour"']);
  });

  it("names each missing required field", () => {
    expect(generationMetadataProblems({})).toEqual(["provider: required", "model: required", "generatedAt: required"]);
    expect(generationMetadataProblems([])).toEqual(["(root): expected a JSON object"]);
    expect(generationMetadataProblems(null)).toEqual(["(root): expected a JSON object"]);
  });

  it.each([
    [{ provider: "" }, "provider: must not be empty"],
    [{ model: "m".repeat(201) }, "model: at most 200 characters"],
    [{ prompt: 42 }, "prompt: expected text"],
    [{ seed: 1.5 }, "seed: seed must be an integer"],
    [{ seed: 2 ** 60 }, "seed: seed must be a safe integer; pass larger seeds as a string"],
    [{ seed: "12a" }, "seed: seed must be an integer"],
    [{ duration: 0 }, "duration: seconds, above 0 and at most 86400"],
    [{ duration: Number.POSITIVE_INFINITY }, "duration: seconds, above 0 and at most 86400"],
    [{ aspectRatio: "wide" }, "aspectRatio: aspect ratio looks like 16:9"],
    [{ cost: -1 }, "cost: a finite number, 0 or more"],
    [{ currency: "usd" }, "currency: currency is an ISO 4217 code such as USD"],
    [{ currency: undefined }, "currency: cost needs a currency"],
    [{ generatedAt: "2026-11-24T10:00:00" }, "generatedAt: an ISO 8601 date and time with a time zone, e.g. 2026-11-24T10:00:00Z"],
    [{ generatedAt: "2026-13-45T10:00:00Z" }, "generatedAt: an ISO 8601 date and time with a time zone, e.g. 2026-11-24T10:00:00Z"],
    [{ take: 0 }, "take: an integer from 1 to 100000"],
    [{ referenceImages: "fox.png" }, "referenceImages: expected a list of file names"],
    [{ referenceImages: ["fox.png", ""] }, "referenceImages: item 1: a file name of 1 to 1000 characters"],
  ])("refuses %j with %s", (changes, problem) => {
    expect(problemsWith(changes)).toEqual([problem]);
  });

  it("accepts offsets, fractions and minutes-only times, and seeds as digits", () => {
    for (const generatedAt of ["2026-11-24T10:00Z", "2026-11-24T10:00:00.123456+05:30", "2026-11-24T10:00:00-08:00"]) expect(problemsWith({ generatedAt })).toEqual([]);
    expect(parseGenerationMetadata({ ...MINIMAL, seed: "42" }).seed).toBe(42);
    expect(parseGenerationMetadata({ ...MINIMAL, seed: "18446744073709551615" }).seed).toBe("18446744073709551615");
  });

  it("throws a MediaError listing every problem, with the label", () => {
    let caught: unknown;
    try {
      parseGenerationMetadata({ ...MINIMAL, take: 0, currency: "usd" }, "meta.json");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MediaError);
    expect(caught).toMatchObject({ kind: "invalid-metadata" });
    expect((caught as Error).message).toBe("The generation metadata is not valid: currency: currency is an ISO 4217 code such as USD; take: an integer from 1 to 100000.");
  });
});
