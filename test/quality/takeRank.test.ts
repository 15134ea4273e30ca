import { bestTake, compareQa, qaSummaryOf, readQaSummary, type QaSummary } from "../../src/quality/takeRank";

const qa = (verdict: QaSummary["verdict"], score: number): QaSummary => ({ verdict, score, defectKinds: [], measuredAt: "2026-12-04T00:00:00.000Z" });

describe("take ranking", () => {
  it("ranks by verdict first, then score, and an unmeasured take last", () => {
    expect(compareQa(qa("warn", 60), qa("pass", 90))).toBeGreaterThan(0);
    expect(compareQa(qa("warn", 89), qa("fail", 49))).toBeLessThan(0);
    expect(compareQa(qa("pass", 95), qa("pass", 97))).toBeGreaterThan(0);
    expect(compareQa(undefined, qa("fail", 0))).toBeGreaterThan(0);
    expect(compareQa(qa("fail", 0), undefined)).toBeLessThan(0);
    expect(compareQa(undefined, undefined)).toBe(0);
  });

  it("answers the first of equal takes, so take order breaks ties", () => {
    const takes = [{ take: 1, qa: qa("warn", 70) }, { take: 2, qa: qa("pass", 93) }, { take: 3, qa: qa("pass", 93) }, { take: 4, qa: undefined }];
    expect(bestTake(takes, (take) => take.qa)?.take).toBe(2);
    expect(bestTake([{ take: 1, qa: undefined }, { take: 2, qa: undefined }], (take) => take.qa)?.take).toBe(1);
    expect(bestTake([], () => undefined)).toBeUndefined();
  });

  it("summarises a report with each defect kind once, in the vocabulary's order", () => {
    const defect = (kind: "flicker" | "stutter") => ({ kind, severity: "warn" as const, start: 0, end: 1, value: 1, threshold: 1, unit: "", detail: "" });
    const summary = qaSummaryOf({ verdict: "warn", score: 70, defects: [defect("stutter"), defect("flicker"), defect("stutter")] }, "2026-12-04T00:00:00.000Z");
    expect(summary).toEqual({ verdict: "warn", score: 70, defectKinds: ["flicker", "stutter"], measuredAt: "2026-12-04T00:00:00.000Z" });
    expect(readQaSummary(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
    expect(readQaSummary({ verdict: "great", score: 1, defectKinds: [], measuredAt: "x" })).toBeUndefined();
  });
});
