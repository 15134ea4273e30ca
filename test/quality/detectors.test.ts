/**
 * The judging half on hand-written series: each detector finds its defect, at its time, and
 * nothing on the clean take it was spoiled from.
 */
import { DEFECT_KINDS } from "../../src/quality/qualityTypes";
import { assess, at, cleanSeries, edit, FPS } from "./support/syntheticSeries";

const kinds = (assessment: ReturnType<typeof assess>) => assessment.defects.map((defect) => defect.kind);

describe("the clean synthetic take", () => {
  it("raises nothing and passes with a high score", () => {
    const result = assess(cleanSeries());
    expect(result.defects).toEqual([]);
    expect(result.verdict).toBe("pass");
    expect(result.score).toBeGreaterThanOrEqual(95);
    expect(Object.keys(result.measures).sort()).toEqual([...DEFECT_KINDS].sort());
  });
});

describe("flicker", () => {
  it("finds a 3 Hz luma modulation of ±4 % between 2 s and 4 s, and nothing else", () => {
    const series = cleanSeries();
    edit(series, "luma", at(2), at(4), (i, old) => old * (1 + 0.04 * Math.sin(2 * Math.PI * 3 * (i / FPS - 2))));
    const result = assess(series);
    expect(kinds(result)).toEqual(["flicker"]);
    const [flicker] = result.defects;
    expect(flicker!.start).toBeGreaterThanOrEqual(1.9);
    expect(flicker!.start).toBeLessThanOrEqual(2.2);
    expect(flicker!.end).toBeGreaterThanOrEqual(3.8);
    expect(flicker!.end).toBeLessThanOrEqual(4.2);
    expect(flicker!.value).toBeGreaterThan(0.06);
    expect(flicker!.threshold).toBe(flicker!.severity === "fail" ? 0.1 : 0.03);
  });

  it("finds a single flash frame", () => {
    const series = cleanSeries();
    edit(series, "luma", at(3), at(3), (_, old) => old * 1.2);
    const result = assess(series);
    expect(kinds(result)).toEqual(["flicker"]);
    expect(result.defects[0]!.start).toBeCloseTo(at(3) / FPS - 1 / FPS, 1);
    expect(result.defects[0]!.severity).toBe("fail");
  });

  it("leaves a steady exposure change alone, however fast", () => {
    const series = cleanSeries();
    edit(series, "luma", at(2), 119, (_, old) => old * 1.25);
    expect(kinds(assess(series))).toEqual([]);
  });

  it("leaves swings under 3 % alone, and reports how close they came", () => {
    const series = cleanSeries();
    edit(series, "luma", 0, 119, (i, old) => old * (1 + 0.01 * Math.sin(2 * Math.PI * 3 * (i / FPS))));
    const result = assess(series);
    expect(result.defects).toEqual([]);
    expect(result.measures.flicker.value).toBeGreaterThan(0.01);
    expect(result.measures.flicker.value).toBeLessThan(0.03);
    expect(result.score).toBeLessThan(assess(cleanSeries()).score);
  });

  it("fails more than three flashes a second at the photosensitive limit (relative luminance 0.1)", () => {
    const series = cleanSeries();
    // 5 Hz square wave between 0.15 and 0.45 of white: 5 flashes a second.
    edit(series, "light", at(1), at(3), (i) => (Math.floor((i - at(1)) / (FPS / 10)) % 2 ? 0.45 : 0.15));
    edit(series, "luma", at(1), at(3), (i) => 16 + 219 * Math.pow(series.light[i]!, 1 / 2.4));
    const result = assess(series);
    const flashes = result.defects.filter((defect) => defect.unit === "flashes per second");
    expect(flashes).toHaveLength(1);
    expect(flashes[0]!.severity).toBe("fail");
    expect(flashes[0]!.value).toBeGreaterThan(3);
    expect(flashes[0]!.threshold).toBe(3);
    expect(kinds(result)).toEqual(["flicker"]);
  });

  it("does not call two flashes a second a photosensitivity failure", () => {
    const series = cleanSeries();
    edit(series, "light", at(1), at(3), (i) => (Math.floor((i - at(1)) / (FPS / 4)) % 2 ? 0.45 : 0.15));
    edit(series, "luma", at(1), at(3), (i) => 16 + 219 * Math.pow(series.light[i]!, 1 / 2.4));
    const result = assess(series);
    expect(result.defects.some((defect) => defect.unit === "flashes per second")).toBe(false);
    expect(kinds(result)).toEqual(["flicker"]); // still a strong flicker
  });
});

describe("shadow fluctuation", () => {
  it("finds the shadow level pumping by 4 % of the range while the highlights hold", () => {
    const series = cleanSeries();
    edit(series, "lumaP10", at(1), at(3), (i, old) => Math.round(old + 4.5 * Math.sin(2 * Math.PI * 2 * (i / FPS - 1))));
    const result = assess(series);
    expect(kinds(result)).toEqual(["shadow-fluctuation"]);
    expect(result.defects[0]!.severity).toBe("warn");
    expect(result.defects[0]!.start).toBeGreaterThanOrEqual(0.9);
    expect(result.defects[0]!.end).toBeLessThanOrEqual(3.2);
  });

  it("is not raised when the highlights pump with the shadows (that is flicker)", () => {
    const series = cleanSeries();
    const pump = (i: number) => Math.sin(2 * Math.PI * 2 * (i / FPS - 1));
    edit(series, "lumaP10", at(1), at(3), (i, old) => Math.round(old + 4.5 * pump(i)));
    edit(series, "lumaP90", at(1), at(3), (i, old) => Math.round(old + 9 * pump(i)));
    edit(series, "luma", at(1), at(3), (i, old) => old + 6 * pump(i));
    const result = assess(series);
    expect(kinds(result)).toEqual(["flicker"]);
  });

  it("fails a swing of 7.5 IRE or more", () => {
    const series = cleanSeries();
    edit(series, "lumaP10", at(1), at(3), (i, old) => Math.round(old + 10 * Math.sin(2 * Math.PI * 2 * (i / FPS - 1))));
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity])).toEqual([["shadow-fluctuation", "fail"]]);
  });
});

describe("colour-temperature drift", () => {
  it("finds a 40 mired ramp between 1.5 s and 3.5 s, with the kelvin it started from", () => {
    const series = cleanSeries();
    edit(series, "wbShift", 0, 119, (i, old) => old + 40 * Math.min(1, Math.max(0, (i / FPS - 1.5) / 2)));
    const result = assess(series);
    expect(kinds(result)).toEqual(["colour-temperature-drift"]);
    const [drift] = result.defects;
    expect(drift!.severity).toBe("fail");
    expect(drift!.value).toBeGreaterThan(38);
    expect(drift!.start).toBeGreaterThanOrEqual(1.4);
    expect(drift!.start).toBeLessThanOrEqual(1.8);
    expect(drift!.end).toBeGreaterThanOrEqual(3.2);
    expect(drift!.end).toBeLessThanOrEqual(3.7);
    expect(drift!.detail).toMatch(/6\d{3} K → 5\d{3} K/);
    expect(drift!.detail).toContain("warmer");
  });

  it("finds a sudden 15 mired jump as a warning, at the jump", () => {
    const series = cleanSeries();
    edit(series, "wbShift", at(2.5), 119, (_, old) => old - 15);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity])).toEqual([["colour-temperature-drift", "warn"]]);
    expect(result.defects[0]!.start).toBeGreaterThan(2.2);
    expect(result.defects[0]!.end).toBeLessThan(2.9);
    expect(result.defects[0]!.detail).toContain("cooler");
  });

  it("ignores 6 mired of wander", () => {
    const series = cleanSeries();
    edit(series, "wbShift", 0, 119, (i) => 3 * Math.sin(i / 9));
    expect(kinds(assess(series))).toEqual([]);
  });

  it("judges each side of a cut on its own", () => {
    const series = cleanSeries();
    edit(series, "change", at(2.5), at(2.5), () => 0.95);
    edit(series, "wbShift", at(2.5), 119, (_, old) => old + 25);
    expect(kinds(assess(series))).toEqual(["hard-cut"]);
  });
});

describe("highlight clipping and out-of-range levels", () => {
  it("finds 20 % of the frame clipped for 2 s (warn) and 30 % (fail)", () => {
    const warn = cleanSeries();
    edit(warn, "clipped", at(2), at(4) - 1, () => 0.2);
    const result = assess(warn);
    expect(result.defects.map((d) => [d.kind, d.severity, d.start, d.end])).toEqual([["highlight-clipping", "warn", 2, 4]]);
    const fail = cleanSeries();
    edit(fail, "clipped", at(2), at(4) - 1, () => 0.3);
    expect(assess(fail).defects.map((d) => d.severity)).toEqual(["fail"]);
  });

  it("does not count a clipped flash shorter than a quarter second", () => {
    const series = cleanSeries();
    edit(series, "clipped", at(2), at(2) + 3, () => 0.4);
    expect(kinds(assess(series))).toEqual([]);
  });

  it("finds luma outside EBU R103's tolerance over more than 1 % of the frame", () => {
    const series = cleanSeries();
    edit(series, "outOfTolerance", at(1), at(3) - 1, () => 0.02);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity, d.start, d.end])).toEqual([["out-of-range", "warn", 1, 3]]);
    edit(series, "outOfTolerance", at(1), at(3) - 1, () => 0.08);
    expect(assess(series).defects.map((d) => d.severity)).toEqual(["fail"]);
  });

  it("reads the legal-range (BRNG) fraction but judges only R103's tolerance", () => {
    const series = cleanSeries();
    edit(series, "outOfRange", 0, 119, () => 0.04);
    expect(kinds(assess(series))).toEqual([]);
  });
});

describe("black frames", () => {
  it("fails black frames mid-take and warns at the head or tail", () => {
    const mid = cleanSeries();
    edit(mid, "dark", at(2), at(2) + 5, () => 1);
    edit(mid, "diff", at(2), at(2) + 6, (i) => (i === at(2) || i === at(2) + 6 ? 90 : 0));
    edit(mid, "change", at(2), at(2) + 6, () => 1);
    const result = assess(mid);
    expect(result.defects.map((d) => [d.kind, d.severity, d.start, d.end])).toEqual([["black-frames", "fail", 2, 2.25]]);

    const head = cleanSeries();
    edit(head, "dark", 0, 2, () => 0.995);
    expect(assess(head).defects.map((d) => [d.kind, d.severity])).toEqual([["black-frames", "warn"]]);

    const whole = cleanSeries();
    edit(whole, "dark", 0, 119, () => 1);
    expect(assess(whole).defects.map((d) => [d.kind, d.severity])).toEqual([["black-frames", "fail"]]);
  });

  it("does not call a dark scene black", () => {
    const series = cleanSeries();
    edit(series, "dark", 0, 119, () => 0.9);
    expect(kinds(assess(series))).toEqual([]);
  });
});

describe("frozen frames and stutter", () => {
  it("finds a 1 s freeze in moving footage, and not its catch-up frame as a cut", () => {
    const series = cleanSeries();
    edit(series, "diff", at(2), at(3) - 1, () => 0.03);
    edit(series, "change", at(2), at(3) - 1, () => 0);
    edit(series, "diff", at(3), at(3), () => 40);
    edit(series, "change", at(3), at(3), () => 0.85);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity, d.start, d.end])).toEqual([["frozen-frames", "fail", 2, 3]]);
    expect(result.defects[0]!.detail).toContain("held for 24 more frames");
  });

  it("warns a freeze of 3 to 11 frames", () => {
    const series = cleanSeries();
    edit(series, "diff", at(2), at(2) + 3, () => 0);
    edit(series, "change", at(2), at(2) + 3, () => 0);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity])).toEqual([["frozen-frames", "warn"]]);
    expect(result.defects[0]!.value).toBeCloseTo(4 / FPS, 3);
  });

  it("fails a freeze that runs to the end of the file, whatever its length", () => {
    const series = cleanSeries();
    edit(series, "diff", 116, 119, () => 0);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity])).toEqual([["frozen-frames", "fail"]]);
    expect(result.defects[0]!.end).toBeCloseTo(120 / FPS, 3);
    expect(result.defects[0]!.detail).toContain("to the end of the file");
  });

  it("fails a take that is one picture throughout", () => {
    const series = cleanSeries();
    edit(series, "diff", 1, 119, () => 0);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity])).toEqual([["frozen-frames", "fail"]]);
    expect(result.defects[0]!.start).toBeCloseTo(1 / FPS, 3);
    expect(result.defects[0]!.detail).toContain("still");
  });

  it("does not call repeats in footage that barely moves a freeze", () => {
    const series = cleanSeries();
    edit(series, "diff", 1, 119, (i) => (i % 10 < 5 ? 0 : 0.4));
    expect(kinds(assess(series))).toEqual([]);
  });

  it("finds isolated repeats followed by a jump as stutter; four in a second fail", () => {
    const series = cleanSeries();
    for (const frame of [50, 56, 62, 68]) {
      edit(series, "diff", frame, frame, () => 0);
      edit(series, "change", frame, frame, () => 0);
      edit(series, "change", frame + 1, frame + 1, () => 0.11);
    }
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity, d.value])).toEqual([["stutter", "fail", 4]]);
    expect(result.defects[0]!.start).toBeCloseTo(50 / FPS, 3);
    expect(result.defects[0]!.end).toBeCloseTo(69 / FPS, 3);
  });

  it("warns a single hitch, and ignores a repeat with no jump after it (an even cadence)", () => {
    const one = cleanSeries();
    edit(one, "diff", 50, 50, () => 0);
    edit(one, "change", 51, 51, () => 0.11);
    expect(assess(one).defects.map((d) => [d.kind, d.severity, d.value])).toEqual([["stutter", "warn", 1]]);

    const noJump = cleanSeries();
    for (let frame = 2; frame < 120; frame += 2) edit(noJump, "diff", frame, frame, () => 0);
    expect(kinds(assess(noJump))).toEqual([]);
  });

  it("finds a frame held for two frame times (a variable-rate gap) then a jump", () => {
    const series = cleanSeries();
    // Frame 50 is shown until frame 51 at 52/24: one frame slot is missing.
    edit(series, "t", 51, 119, (_, old) => old + 1 / FPS);
    edit(series, "change", 51, 51, () => 0.12);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.value])).toEqual([["stutter", 1]]);
    expect(result.defects[0]!.detail).toContain("twice as long");
  });
});

describe("hard cuts", () => {
  it("finds a change spike at its frame", () => {
    const series = cleanSeries();
    edit(series, "change", at(2.5), at(2.5), () => 0.9);
    const result = assess(series);
    expect(result.defects.map((d) => [d.kind, d.severity, d.start, d.end])).toEqual([["hard-cut", "fail", 2.5, 2.5]]);
  });

  it("leaves sustained fast motion alone", () => {
    const series = cleanSeries();
    edit(series, "change", 1, 119, (i) => 0.35 + 0.1 * Math.sin(i));
    expect(kinds(assess(series))).toEqual([]);
  });
});

describe("verdict and score", () => {
  it("keeps verdicts in their bands and ranks longer and more defects lower", () => {
    const clean = assess(cleanSeries());
    const oneWarn = cleanSeries();
    edit(oneWarn, "clipped", at(2), at(2.5), () => 0.15);
    const longWarn = cleanSeries();
    edit(longWarn, "clipped", at(0.5), at(4.5), () => 0.15);
    const oneFail = cleanSeries();
    edit(oneFail, "change", at(2.5), at(2.5), () => 0.9);
    const twoFails = cleanSeries();
    edit(twoFails, "change", at(1.5), at(1.5), () => 0.9);
    edit(twoFails, "change", at(3.5), at(3.5), () => 0.9);
    const scores = [clean, assess(oneWarn), assess(longWarn), assess(oneFail), assess(twoFails)].map((r) => [r.verdict, r.score]);
    expect(scores.map(([verdict]) => verdict)).toEqual(["pass", "warn", "warn", "fail", "fail"]);
    const values = scores.map(([, score]) => score as number);
    expect(values[0]).toBeGreaterThanOrEqual(90);
    expect(values[1]).toBeLessThanOrEqual(89);
    expect(values[1]).toBeGreaterThanOrEqual(50);
    expect(values[3]).toBeLessThanOrEqual(49);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]!);
    // One brief failing cut: 49 × 30 / (30 + a near miss under 10); two: 49 × 30 / (60 + …).
    expect(values[3]).toBeGreaterThanOrEqual(Math.round((49 * 30) / 40));
    expect(values[4]).toBeLessThanOrEqual(Math.round((49 * 30) / 60));
  });
});
