import { validateRequest } from "../../src/core/validation";
import { findModel } from "../../src/providers/catalog";

const kling = findModel("kling", "kling-2.6")!;

describe("validateRequest", () => {
  it("names the field, the value and what is allowed", () => {
    const result = validateRequest(kling, {
      provider: "kling",
      model: "kling-2.6",
      prompt: "a fox",
      durationSeconds: 12,
      idempotencyKey: "shotbin-test-0001",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        field: "durationSeconds",
        value: 12,
        message: "duration 12 s is not allowed for kling-2.6; allowed: 5, 10",
      }),
    ]);
  });
});
