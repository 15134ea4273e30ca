import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobRecord } from "../../src/core/jobRecord";
import { validateRequest } from "../../src/core/validation";
import { findModel } from "../../src/providers/catalog";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { buildShotPlan } from "../../src/shotlist/shotPlan";
import { buildTimelineExports } from "../../src/shotlist/timelineExports";
import { fileUrl, parseFrameRate } from "../../src/shotlist/timelineLayout";
import { checkEdl, checkFcpxml, checkOtio, checkResolveCsv } from "./exportChecks";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin exports é-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const DURATIONS = [5, 4, 10, 6, 8, 5];

/** A finished run: shot 3 failed, shot 2 has a second take, every other take is on disk. */
async function finishedRun() {
  const shots = DURATIONS.map((duration, i) => ({ shot: `${i + 1}A`, prompt: `Harbour, shot ${i + 1}, "quoted" & <angled>, comma, semicolon;`, duration, camera: "Wide", lens: "35mm", ...(i === 1 ? { takes: 2 } : {}) }));
  const list = parseJsonShotList(JSON.stringify({ name: "Harbour: Day 3", defaults: { model: "shotbin-sim", seedPolicy: "per-shot:5" }, shots }), { file: "h.json" });
  const plan = buildShotPlan(list, { check: (r) => validateRequest(findModel("simulator", "shotbin-sim")!, r), usable: ["simulator"], now: Date.parse("2026-11-20T10:00:00Z") });
  const jobs: JobRecord[] = [];
  for (const job of plan.jobs) {
    const at = "2026-11-20T10:05:00.000Z";
    if (job.shot.shotId === "3A") {
      jobs.push({ ...job, state: "failed", failure: { step: "track", kind: "content-policy", message: "The prompt was flagged.", retryable: false, charged: false, at } });
      continue;
    }
    const file = join(folder, `${job.shot.shotId}_t${job.shot.take}.mp4`);
    await writeFile(file, "not really a movie");
    jobs.push({ ...job, state: "ready", file, handle: { provider: "simulator", model: "shotbin-sim", id: `sim_${job.id}`, idempotencyKey: job.id, submittedAt: at, data: {} }, history: [...job.history, { state: "succeeded", at }] });
  }
  return { plan, jobs };
}

describe("timeline exports", () => {
  it("agree with each other and with their formats at 23.976 fps, gaps and all", async () => {
    const { jobs } = await finishedRun();
    const rate = parseFrameRate("23.976")!;
    const { files, layout } = buildTimelineExports(jobs, { name: "Harbour: Day 3", rate });
    expect(files.map((f) => f.fileName)).toEqual(["Harbour_Day_3.otio", "Harbour_Day_3.fcpxml", "Harbour_Day_3.edl", "Harbour_Day_3.resolve.csv"]);
    const text = (suffix: string) => files.find((f) => f.fileName.endsWith(suffix))!.text;
    const frames = DURATIONS.map((seconds) => Math.round((seconds * 24000) / 1001));
    const clipFile = (shot: string) => join(folder, `${shot}_t1.mp4`);

    const otio = checkOtio(text(".otio"));
    expect(otio.rate).toBeCloseTo(24000 / 1001, 12);
    expect(otio.items.map((item) => [item.schema, item.frames, item.file])).toEqual(
      DURATIONS.map((_, i) => (i === 2 ? ["Gap.1", frames[i], undefined] : ["Clip.1", frames[i], clipFile(`${i + 1}A`)])),
    );
    expect(otio.items[0]!.metadata.shotbin).toMatchObject({ shotId: "1A", take: 1, model: "shotbin-sim", provider: "simulator", seed: jobs[0]!.request.seed, prompt: jobs[0]!.request.prompt });

    const fcpxml = checkFcpxml(text(".fcpxml"));
    expect(fcpxml.colorSpace).toBe("1-1-1 (Rec. 709)");
    expect(fcpxml.frameDuration).toBe("1001/24000s");
    let offset = 0;
    fcpxml.spine.forEach((item, i) => {
      expect(item.offset).toBe(offset);
      expect(item.duration).toBe(frames[i]);
      expect(item.kind).toBe(i === 2 ? "gap" : "asset-clip");
      if (item.kind === "asset-clip") {
        expect(item.file).toBe(clipFile(`${i + 1}A`));
        expect(item.note).toContain(`Seed: ${jobs.find((j) => j.shot.shotId === `${i + 1}A`)!.request.seed}`);
        expect(item.keywords).toContain("shotbin-sim");
      }
      offset += item.duration;
    });
    expect(fcpxml.sequenceFrames).toBe(offset);
    expect(layout.durationFrames).toBe(offset);

    const edl = checkEdl(text(".edl"), 24);
    expect(edl.title).toBe("Harbour: Day 3");
    const hour = 3600 * 24;
    const starts = frames.map((_, i) => frames.slice(0, i).reduce((a, b) => a + b, 0));
    expect(edl.events.map((e) => [e.recordIn - hour, e.recordOut - e.recordIn, e.sourceIn, e.clipName])).toEqual(
      [0, 1, 3, 4, 5].map((i) => [starts[i], frames[i], 0, `${i + 1}A_t1.mp4`]),
    );

    const rows = checkResolveCsv(text(".resolve.csv"));
    expect(rows.map((row) => [row["File Name"], row.Shot, row.Take, row["Good Take"]])).toEqual([
      ["1A_t1.mp4", "1A", "1", "1"],
      ["2A_t1.mp4", "2A", "1", "1"],
      ["2A_t2.mp4", "2A", "2", ""],
      ["4A_t1.mp4", "4A", "1", "1"],
      ["5A_t1.mp4", "5A", "1", "1"],
      ["6A_t1.mp4", "6A", "1", "1"],
    ]);
    const first = rows[0]!;
    expect(first.Description).toBe(jobs[0]!.request.prompt);
    expect(first.Comments).toContain(`Model: simulator/shotbin-sim`);
    expect(first.Comments).toContain(`Seed: ${jobs[0]!.request.seed}`);
    expect(first.Keywords).toBe(`Shotbin, simulator, shotbin-sim, seed ${jobs[0]!.request.seed}`);
    expect(first["Date Recorded"]).toBe("2026_11_20");
    expect(first["Camera FPS"]).toBe("23.976");
    expect(first["Focal Point (mm)"]).toBe("35");
  });

  it("writes file URLs that survive spaces, accents and Windows drive letters", () => {
    expect(fileUrl("/tmp/a b/é.mp4")).toBe("file:///tmp/a%20b/%C3%A9.mp4");
    expect(fileUrl("C:\\Clips\\shot 1.mp4")).toBe("file:///C:/Clips/shot%201.mp4");
  });

  it("catch a broken export: an asset that points nowhere, a header off by one word", async () => {
    const { jobs } = await finishedRun();
    const { files } = buildTimelineExports(jobs, { name: "x", rate: parseFrameRate("24")! });
    const fcpxml = files[1]!.text.replace(/1A_t1\.mp4/g, "gone.mp4");
    expect(() => checkFcpxml(fcpxml)).toThrow(/does not exist/);
    expect(() => checkResolveCsv(files[3]!.text.replace("Day / Night", "Day/Night"))).toThrow(/not Resolve's/);
    expect(() => checkEdl(files[2]!.text.replace("01:00:05:00 01:00:09:00", "01:00:04:00 01:00:09:00"), 24)).toThrow(/lengths differ/);
  });
});
