/**
 * Take QA in the panel, the pure parts: the summary the ledger records (`extra.qa`, the shape the
 * CLI writes too), the QA column's text, what is asked of the relay in which order, sorting by
 * score, and the hand-drawn curves' path data.
 */
import type { JobRecord } from "../../src/core/jobRecord";
import type { RelayQaReport } from "../../src/relay/client/qaProtocol";
import { byScore, isMeasurable, qaColumnText, qaSubjectsOf, qaSummaryOf, recordedQa, withQa, type TakeQa } from "../../src/panel/runtime/takeQa";
import { qaVerdictOf } from "../../src/panel/runtime/clipLabels";
import { curvePath, spanX } from "../../src/panel/ui/jobs/qaCurves";

function report(partial: Partial<RelayQaReport>): RelayQaReport {
  return {
    subject: { kind: "file", file: "a.mp4" },
    verdict: "pass",
    score: 97,
    defects: [],
    series: { t: [0, 1], luma: [100, 101], cct: [6500, null] },
    thumbnails: [],
    analysis: { fps: 24, frames: 2, seconds: 1, duration: 2, width: 1280, height: 720, proxy: "320x180", range: "limited" },
    measuredAt: "2026-12-04T07:00:00.000Z",
    ...partial,
  };
}

const flicker = { kind: "flicker" as const, severity: "fail" as const, start: 1, end: 3, value: 0.2, threshold: 0.1, unit: "relative luma swing", detail: "swings" };
const drift = { ...flicker, kind: "colour-temperature-drift" as const, severity: "warn" as const };

function job(partial: Partial<JobRecord>): JobRecord {
  return { id: "j1", state: "imported", file: "/media/a.mp4", request: { provider: "replicate" }, handle: { id: "p-1", provider: "replicate" }, shot: { shotId: "G1", take: 1 }, ...partial } as unknown as JobRecord;
}

describe("the QA summary on the job", () => {
  it("records verdict, score, defect kinds once each and the measuring time, and nothing else", () => {
    const summary = qaSummaryOf(report({ verdict: "fail", score: 32, defects: [flicker, drift, { ...flicker, start: 4, end: 5 }] }));
    expect(summary).toEqual({ verdict: "fail", score: 32, defectKinds: ["flicker", "colour-temperature-drift"], measuredAt: "2026-12-04T07:00:00.000Z" });
    const extra = withQa(job({ extra: { goal: "imported" } }), summary);
    expect(extra).toEqual({ goal: "imported", qa: { verdict: "fail", score: 32, defectKinds: ["flicker", "colour-temperature-drift"], measuredAt: "2026-12-04T07:00:00.000Z" } });
    // The clip-label rule reads the same field.
    expect(qaVerdictOf({ extra })).toBe("fail");
    expect(recordedQa({ extra })).toEqual(summary);
    expect(recordedQa({ extra: { qa: { verdict: "maybe" } } })).toBeUndefined();
  });

  it("writes the QA column as verdict, score and kinds", () => {
    expect(qaColumnText({ verdict: "fail", score: 32, defectKinds: ["flicker", "frozen-frames"], measuredAt: "" })).toBe("FAIL 32 · flicker, frozen-frames");
    expect(qaColumnText({ verdict: "pass", score: 96, defectKinds: [], measuredAt: "" })).toBe("PASS 96");
  });
});

describe("what the panel asks the relay to measure", () => {
  it("asks by job id first when the provider's webhook names the result, then by file", () => {
    expect(qaSubjectsOf(job({}))).toEqual([{ provider: "replicate", jobId: "p-1" }, { file: "/media/a.mp4" }]);
    expect(qaSubjectsOf(job({ request: { provider: "simulator" } as JobRecord["request"], handle: { id: "sim-1", provider: "simulator" } as JobRecord["handle"] }))).toEqual([{ file: "/media/a.mp4" }]);
    expect(qaSubjectsOf(job({ request: { provider: "openai" } as JobRecord["request"] }))).toEqual([{ file: "/media/a.mp4" }]);
  });

  it("measures takes that have a file and got at least to ready", () => {
    expect(isMeasurable(job({ state: "ready" }))).toBe(true);
    expect(isMeasurable(job({ state: "placed" }))).toBe(true);
    expect(isMeasurable(job({ state: "downloading" }))).toBe(false);
    expect(isMeasurable(job({ state: "failed" }))).toBe(false);
    expect(isMeasurable(job({ file: undefined }))).toBe(false);
  });

  it("sorts by score, best first, unmeasured last in their own order", () => {
    const jobs = ["a", "b", "c", "d"].map((id) => job({ id }));
    const qa: Record<string, TakeQa> = { a: { state: "done", report: report({ score: 40 }) }, c: { state: "done", report: report({ score: 95 }) }, d: { state: "measuring" } };
    const recorded = jobs.map((entry) => (entry.id === "b" ? { ...entry, extra: { qa: { verdict: "warn", score: 70, defectKinds: [], measuredAt: "" } } } : entry));
    expect(byScore(recorded, qa).map((entry) => entry.id)).toEqual(["c", "b", "a", "d"]);
  });
});

describe("the curves", () => {
  const box = { width: 100, height: 20, duration: 2 };

  it("draws a path across the box, broken where a value is missing", () => {
    const curve = curvePath([0, 0.5, 1, 2], [100, null, 120, 110], box, 1);
    expect(curve).toMatchObject({ min: 100, max: 120 });
    expect(curve.d).toBe("M0,18M50,2L100,10");
  });

  it("keeps a minimum span, so a steady take draws a flat line in the middle", () => {
    const curve = curvePath([0, 2], [100, 100.5], box, 12);
    expect(curve.max - curve.min).toBe(12);
    expect(curve.d).toBe("M0,10.3L100,9.7");
    expect(curvePath([0], [null], box, 1).d).toBe("");
  });

  it("places a defect's span on the time axis", () => {
    expect(spanX(1, 3, box)).toEqual({ x: 50, width: 50 });
    expect(spanX(1, 1, box)).toEqual({ x: 50, width: 1 });
  });
});
