/**
 * No false alarms: natural-looking generated footage (a pan, a dark handheld shot, a push-in, a
 * high-key sky, a locked-off shot, all with grain) and every clip the simulator returns pass with
 * no defect at all.
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { measureClip } from "../../src/quality/measureClip";
import { CLEAN_CLIPS, clip } from "../support/qualityClips";
import { programs } from "./support/programs";

jest.setTimeout(120_000);

const SIMULATOR_CLIPS = path.join(__dirname, "..", "..", "assets", "clips");

describe.each(CLEAN_CLIPS)("the %s clip", (name) => {
  it("passes with no defect", async () => {
    const report = await measureClip(await clip(name), { programs: programs() });
    expect(report.defects).toEqual([]);
    expect(report.verdict).toBe("pass");
    expect(report.score).toBeGreaterThanOrEqual(90);
    expect(report.analysis.range).toBe(name === "clean-full-range" ? "full" : "limited");
    // Not by luck: every reading sits clearly under its warn limit.
    for (const [kind, measure] of Object.entries(report.measures)) {
      expect({ kind, underThreeQuarters: measure.value < 0.75 * measure.warnAt }).toEqual({ kind, underThreeQuarters: true });
    }
  });
});

describe("the simulator's clips", () => {
  const files = readdirSync(SIMULATOR_CLIPS).filter((name) => name.endsWith(".mp4"));

  it("are there to test", () => expect(files.length).toBeGreaterThanOrEqual(8));

  it.each(files)("%s passes with no defect", async (name) => {
    const report = await measureClip(path.join(SIMULATOR_CLIPS, name), { programs: programs() });
    expect(report.defects).toEqual([]);
    expect(report.verdict).toBe("pass");
    // The bars' 100 % white patch is 5–7 % of the frame: measured, under the 10 % limit.
    expect(report.measures["highlight-clipping"].value).toBeGreaterThan(0.04);
    expect(report.measures["highlight-clipping"].value).toBeLessThan(0.1);
  });
});
