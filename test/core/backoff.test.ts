import { backoffDelay } from "../../src/core/backoff";

describe("the backoff formula every retry uses", () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 4000 };

  it("doubles from the first delay per failure and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 9].map((failures) => backoffDelay(policy, failures))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(backoffDelay({ ...policy, factor: 3 }, 3)).toBe(4000);
    expect(backoffDelay({ ...policy, factor: 3 }, 2)).toBe(1500);
  });

  it("with a random source, waits between half and all of the step", () => {
    expect(backoffDelay(policy, 2, () => 0)).toBe(500);
    expect(backoffDelay(policy, 2, () => 0.999999)).toBeCloseTo(1000, 2);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(750);
  });
});
