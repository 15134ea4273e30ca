/**
 * Each of the nine defect kinds, put into generated footage at a known time with ffmpeg, is found
 * by `measureClip` in the right window, and nothing else is reported with it.
 */
import { measureClip } from "../../src/quality/measureClip";
import type { QualityReport } from "../../src/quality/qualityTypes";
import { clip, DEFECT_CLIPS, DEFECT_WINDOWS, type DefectClipName } from "../support/qualityClips";
import { programs } from "./support/programs";

jest.setTimeout(120_000);

/** Window edges may be off by this much: swings are located to the frame, smoothing blurs a little. */
const TOLERANCE = 0.25;

const reports = new Map<DefectClipName, QualityReport>();

beforeAll(async () => {
  for (const name of DEFECT_CLIPS) reports.set(name, await measureClip(await clip(name), { programs: programs() }));
});

describe.each(DEFECT_CLIPS.filter((name) => name !== "frozen-to-end"))("the %s clip", (name) => {
  const expected = DEFECT_WINDOWS[name];

  it(`reports ${expected.kind} in ${expected.start.toFixed(2)}–${expected.end.toFixed(2)} s and nothing else`, () => {
    const report = reports.get(name)!;
    expect(report.defects.map((defect) => defect.kind)).toEqual([expected.kind]);
    const [defect] = report.defects;
    expect(Math.abs(defect!.start - expected.start)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(defect!.end - expected.end)).toBeLessThanOrEqual(TOLERANCE);
    expect(defect!.value).toBeGreaterThanOrEqual(defect!.threshold);
    expect(report.verdict).toBe(defect!.severity);
    expect(report.score).toBeLessThan(90);
  });
});

it("places the hard cut on the first frame of the new shot", () => {
  const [cut] = reports.get("hard-cut")!.defects;
  expect(cut!.start).toBeCloseTo(2.5, 3);
  expect(cut!.end).toBeCloseTo(2.5, 3);
});

it("times the mid-take freeze from the first repeated frame to the first new one", () => {
  const [freeze] = reports.get("frozen-frames")!.defects;
  expect([freeze!.start, freeze!.end, freeze!.severity]).toEqual([2, 3, "fail"]);
  expect(freeze!.detail).toContain("held for 24 more frames");
});

it("counts the four hitches of the stutter clip", () => {
  const [stutter] = reports.get("stutter")!.defects;
  expect(stutter!.value).toBe(4);
  expect(stutter!.severity).toBe("fail");
});

it("names the drift's direction and the colour temperatures at either end", () => {
  const [drift] = reports.get("colour-temperature-drift")!.defects;
  expect(drift!.detail).toMatch(/about \d{4} K → \d{4} K \(\d+\.\d mired warmer\)/);
  expect(drift!.value).toBeGreaterThan(30);
});

it("reports per-frame series and the analysis for every clip", () => {
  for (const report of reports.values()) {
    expect(report.analysis.frames).toBe(120);
    expect(report.analysis.fps).toBe(24);
    expect(report.analysis.duration).toBeCloseTo(5, 3);
    expect(report.analysis.range).toBe("limited");
    for (const values of Object.values(report.series)) expect(values).toHaveLength(120);
    expect(report.series.t[1]).toBeCloseTo(1 / 24, 5);
  }
});
