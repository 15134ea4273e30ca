/**
 * The stalled generator: the last good frame cloned to the end of the file. ffmpeg's own
 * freezedetect never closes such a freeze (it prints a freeze_start and no freeze_end, the
 * gotcha noted in qa.md); QA closes it at the end of the file and fails the take.
 */
import { measureClip } from "../../src/quality/measureClip";
import { runOk } from "../media/support/run";
import { clip, DEFECT_WINDOWS } from "../support/qualityClips";
import { programs } from "./support/programs";

jest.setTimeout(120_000);

it("reports a freeze that runs to the end of the file, ending where the file ends", async () => {
  const file = await clip("frozen-to-end");
  const report = await measureClip(file, { programs: programs() });
  const expected = DEFECT_WINDOWS["frozen-to-end"];
  expect(report.defects.map((defect) => [defect.kind, defect.severity])).toEqual([["frozen-frames", "fail"]]);
  const [freeze] = report.defects;
  expect(freeze!.start).toBeCloseTo(expected.start, 3);
  expect(freeze!.end).toBeCloseTo(report.analysis.duration, 3);
  expect(freeze!.end).toBeCloseTo(expected.end, 3);
  expect(freeze!.value).toBeCloseTo(2, 3);
  expect(freeze!.detail).toContain("to the end of the file");
  expect(report.verdict).toBe("fail");
});

it("is the case freezedetect leaves open: its last freeze_start has no freeze_end", async () => {
  const file = await clip("frozen-to-end");
  const log = await runOk(programs().ffmpeg, ["-hide_banner", "-nostats", "-i", file, "-vf", "freezedetect=n=-60dB:d=0.2,metadata=mode=print:file=-", "-f", "null", "-"]);
  const events = [...log.matchAll(/lavfi\.freezedetect\.(freeze_start|freeze_end)=([\d.]+)/g)].map((m) => m[1]);
  expect(events.length).toBeGreaterThan(0);
  expect(events[events.length - 1]).toBe("freeze_start");
});
