import { estimateFromTable, formatUsd, roundUsd } from "../../src/core/pricing";
import type { Resolution } from "../../src/core/request";
import { findModel } from "../../src/providers/catalog";
import type { ProviderId } from "../../src/core/request";

function estimate(provider: ProviderId, model: string, durationSeconds: number, resolution: Resolution, audio: boolean) {
  return estimateFromTable(findModel(provider, model)!.price, { durationSeconds, resolution, audio });
}

describe("the price table against hand-computed examples", () => {
  it.each([
    // provider, model, seconds, resolution, audio, dollars (worked out by hand from providers.md §10)
    ["gemini", "veo-3.1-generate-preview", 8, "720p", true, 3.2], // 8 × 0.40
    ["gemini", "veo-3.1-generate-preview", 8, "4k", true, 4.8], // 8 × 0.60
    ["gemini", "veo-3.1-fast-generate-preview", 8, "1080p", true, 0.96], // 8 × 0.12
    ["gemini", "veo-3.1-lite-generate-preview", 6, "720p", true, 0.3], // 6 × 0.05
    ["kling", "kling-2.6", 5, "720p", false, 0.21], // 5 × 0.042
    ["kling", "kling-2.6", 10, "1080p", true, 1.4], // 10 × 0.14
    ["kling", "kling-v2-6", 10, "1080p", false, 0.7], // 10 × 0.07
    ["dashscope", "wan2.6-t2v", 15, "1080p", true, 2.25], // 15 × 0.15
    ["dashscope", "wan2.6-i2v-flash", 10, "1080p", false, 0.375], // 10 × 0.0375
    ["fal", "fal-ai/veo3.1", 8, "4k", false, 3.2], // 8 × 0.40 silent 4k
    ["fal", "fal-ai/veo3.1/fast", 6, "1080p", true, 0.9], // 6 × 0.15
    ["fal", "fal-ai/kling-video/v2.6/pro", 10, "1080p", true, 1.4], // 10 × 0.14
    ["replicate", "google/veo-3.1", 8, "1080p", false, 1.6], // 8 × 0.20
    ["openai", "sora-2", 12, "720p", true, 1.2], // 12 × 0.10
    ["openai", "sora-2-pro", 12, "1024p", true, 6], // 12 × 0.50
    ["openai", "sora-2-pro", 4, "1080p", true, 2.8], // 4 × 0.70
    ["simulator", "shotbin-sim", 10, "1080p", true, 0],
  ] as const)("%s/%s, %d s at %s, audio %s: $%d", (provider, model, seconds, resolution, audio, dollars) => {
    const cost = estimate(provider, model, seconds, resolution, audio);
    expect(cost.usd).toBe(dollars);
    expect(cost.billedSeconds).toBe(seconds);
  });

  it("says which prices are unconfirmed", () => {
    expect(estimate("kling", "kling-2.6", 5, "720p", false).confirmed).toBe(false);
    expect(estimate("dashscope", "wan2.6-t2v", 5, "720p", true).confirmed).toBe(false);
    expect(estimate("replicate", "google/veo-3.1", 8, "720p", true).confirmed).toBe(false);
    expect(estimate("gemini", "veo-3.1-generate-preview", 8, "720p", true).confirmed).toBe(true);
    expect(estimate("fal", "fal-ai/veo3.1", 8, "720p", true).confirmed).toBe(true);
  });

  it("returns no number, with a reason, when no rate matches", () => {
    const cost = estimate("kling", "kling-2.6", 5, "720p", true);
    expect(cost.usd).toBeNaN();
    expect(cost.note).toBe("No price is known for 720p with audio on.");
    expect(formatUsd(cost.usd)).toBe("price unknown");
  });

  it("rounds money to a millionth so sums do not drift, and formats it for people", () => {
    expect(roundUsd(0.07 * 5)).toBe(0.35);
    expect(formatUsd(3.2)).toBe("$3.20");
    expect(formatUsd(0.0375)).toBe("$0.04");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0)).toBe("$0.00");
  });
});
