import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Timecode from "smpte-timecode";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { readClipFactsOfJobs } from "../../src/shotlist/clipFacts";
import { buildTimelineExports } from "../../src/shotlist/timelineExports";
import { fileUrl, parseFrameRate, type LayoutOptions } from "../../src/shotlist/timelineLayout";
import { checkEdl, checkFcpxml, checkOtio, checkResolveCsv, FCPXML_DTD, xmllint } from "./exportChecks";
import { finishedRun, type ShotSpecForRun } from "./support/finishedRun";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin exports é-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * Shot 3A failed; 2A has a second take; 4A's clip came back short (5.5 s for a 6 s shot) and 5A's
 * long (10 s for an 8 s shot). Every clip is a real 24 fps MP4.
 */
const SHOTS: ShotSpecForRun[] = [
  { seconds: 5, clipSeconds: 5 },
  { seconds: 4, clipSeconds: 4, takes: 2 },
  { seconds: 10 },
  { seconds: 6, clipSeconds: 5.5 },
  { seconds: 8, clipSeconds: 10 },
  { seconds: 5, clipSeconds: 5 },
];

/**
 * Frames each shot takes at each rate, worked out by hand from the clips' 24 fps frame counts
 * (whole frames of the clip, at most the whole frames of the shot's length): at 23.976 a 5.000 s
 * clip is 120 × 24000 / 24024 = 119.88, so 119 frames. The failed shot 3A keeps its 10 s slot.
 */
const FRAMES: Record<string, number[]> = {
  "23.976": [119, 95, 239, 131, 191, 119], // 5.5 s = 131.868; the 8 s shot's 10 s clip is cut to 191.808 → 191
  "25": [125, 100, 250, 137, 200, 125], // 5.5 s = 137.5
  "29.97": [149, 119, 299, 164, 239, 149], // 5.5 s = 164.835; 8 s = 239.76
};

async function exportsAt(rateText: string, options: Partial<LayoutOptions> = {}, shots = SHOTS) {
  const jobs = await finishedRun(folder, shots);
  const facts = await readClipFactsOfJobs(jobs, nodeFileSystem.open);
  const rate = parseFrameRate(rateText)!;
  const built = buildTimelineExports(jobs, { name: "Harbour: Day 3", rate, clips: facts.clips, clipProblems: facts.problems, ...options });
  const text = (suffix: string) => built.files.find((f) => f.fileName.endsWith(suffix))!.text;
  return { jobs, ...built, text, clipFile: (shot: string) => join(folder, `${shot}_t1.mp4`) };
}

describe("timeline exports, read back by OTIO's schema (ajv), xmllint and xmldom, smpte-timecode and papaparse", () => {
  it.each(Object.keys(FRAMES))("lay shots end to end by their clips' real frame counts at %s fps", async (rateText) => {
    const { jobs, files, layout, text, clipFile } = await exportsAt(rateText);
    expect(files.map((f) => f.fileName)).toEqual(["Harbour_Day_3.otio", "Harbour_Day_3.fcpxml", "Harbour_Day_3.edl", "Harbour_Day_3.resolve.csv"]);
    const frames = FRAMES[rateText]!;
    const starts = frames.map((_, i) => frames.slice(0, i).reduce((a, b) => a + b, 0));
    const total = frames.reduce((a, b) => a + b, 0);

    const otio = checkOtio(text(".otio"));
    expect(otio.rate).toBeCloseTo(parseFloat(rateText), 2);
    expect(otio.items.map((item) => [item.schema, item.frames, item.file])).toEqual(frames.map((n, i) => (i === 2 ? ["Gap.1", n, undefined] : ["Clip.1", n, clipFile(`${i + 1}A`)])));
    // The media's own length is in available_range: 5A's 10 s clip, cut to its 8 s shot.
    expect(otio.items[4]!.availableFrames).toBe({ "23.976": 239, "25": 250, "29.97": 299 }[rateText]);
    expect(otio.items[0]!.metadata.shotbin).toMatchObject({ shotId: "1A", take: 1, model: "shotbin-sim", provider: "simulator", seed: jobs[0]!.request.seed, prompt: jobs[0]!.request.prompt });

    const fcpxml = checkFcpxml(text(".fcpxml"));
    expect(fcpxml).toMatchObject({ version: "1.10", colorSpace: "1-1-1 (Rec. 709)", width: 256, height: 144, sequenceFrames: total, tcFormat: rateText === "29.97" ? "DF" : "NDF" });
    expect(fcpxml.formatName).toBeUndefined(); // 256×144 has no Final Cut format name
    expect(fcpxml.spine.map((item) => [item.kind, item.offset, item.duration])).toEqual(frames.map((n, i) => [i === 2 ? "gap" : "asset-clip", starts[i], n]));
    for (const item of fcpxml.spine.filter((entry) => entry.kind === "asset-clip")) {
      expect(item.tcFormat).toBe(fcpxml.tcFormat);
      expect(item.keywords).toContain("shotbin-sim");
    }
    expect(fcpxml.spine[0]!.note).toContain(`Seed: ${jobs[0]!.request.seed}`);

    const edl = checkEdl(text(".edl"), parseFloat(rateText));
    expect(edl.title).toBe("Harbour: Day 3");
    expect(edl.dropFrame).toBe(rateText === "29.97");
    const hour = Timecode(rateText === "29.97" ? "01:00:00;00" : "01:00:00:00", rateText === "29.97" ? 29.97 : Math.round(parseFloat(rateText)) as 24 | 25, rateText === "29.97").frameCount;
    expect(edl.events.map((e) => [e.recordIn - hour, e.recordOut - e.recordIn, e.sourceIn, e.clipName])).toEqual([0, 1, 3, 4, 5].map((i) => [starts[i], frames[i], 0, `${i + 1}A_t1.mp4`]));

    const rows = checkResolveCsv(text(".resolve.csv"));
    expect(rows.map((row) => [row["File Name"], row.Shot, row.Take, row["Good Take"]])).toEqual([
      ["1A_t1.mp4", "1A", "1", "1"],
      ["2A_t1.mp4", "2A", "1", "1"],
      ["2A_t2.mp4", "2A", "2", ""],
      ["4A_t1.mp4", "4A", "1", "1"],
      ["5A_t1.mp4", "5A", "1", "1"],
      ["6A_t1.mp4", "6A", "1", "1"],
    ]);
    expect(rows[0]!["Camera FPS"]).toBe(rateText);
    if (rateText !== "23.976") return;
    const first = rows[0]!;
    expect(first.Description).toBe(jobs[0]!.request.prompt);
    expect(first.Comments).toContain(`Model: simulator/shotbin-sim`);
    expect(first.Comments).toContain(`Seed: ${jobs[0]!.request.seed}`);
    expect(first.Keywords).toBe(`Shotbin, simulator, shotbin-sim, seed ${jobs[0]!.request.seed}`);
    expect(first["Date Recorded"]).toBe("2026_11_20");
    expect(first["Focal Point (mm)"]).toBe("35");

    // What remains to tell the editor: the empty slot, and the clip shorter than its shot.
    expect(layout.messages).toEqual([
      "Shot 3A has no finished take (The prompt was flagged.): its 239 frames from 00:00:08:22 are empty.",
      "4A_t1.mp4 (shot 4A) holds 131 whole frames, 12 fewer than the shot's 143: the next shot follows it at once.",
    ]);
  });

  it("writes drop-frame timecode at 29.97 across minute boundaries, and every label reads back in smpte-timecode", async () => {
    // Seven 10 s shots: 299 frames each at 29.97, 2093 in all, so the record times cross 01:01:00;00.
    const shots = Array.from({ length: 7 }, () => ({ seconds: 10, clipSeconds: 10 }));
    const { text } = await exportsAt("29.97", {}, shots);
    const edl = checkEdl(text(".edl"), 29.97);
    expect(text(".edl").split("\r\n")[1]).toBe("FCM: DROP FRAME");
    expect(edl.events.map((e) => e.recordInText)).toEqual(["01:00:00;00", "01:00:09;29", "01:00:19;28", "01:00:29;27", "01:00:39;26", "01:00:49;25", "01:00:59;24"]);
    expect(edl.events.at(-1)!.recordOut - edl.events[0]!.recordIn).toBe(7 * 299);
    expect(text(".edl")).toContain(" 01:01:09;25\r\n"); // 6 × 299 + 299 = 2093 frames after 01:00:00;00, past the dropped 01:01:00;00 and ;01
    // 59.94 is drop-frame too, four labels a minute.
    const fast = await exportsAt("59.94", {}, shots.slice(0, 2));
    expect(checkEdl(fast.text(".edl"), 59.94).events.map((e) => e.recordInText)).toEqual(["01:00:00;00", "01:00:09;59"]);
    expect(checkFcpxml(fast.text(".fcpxml")).tcFormat).toBe("DF");
    // An editor can ask for non-drop-frame at 29.97.
    const ndf = await exportsAt("29.97", { dropFrame: false }, shots.slice(0, 2));
    expect(ndf.text(".edl").split("\r\n")[1]).toBe("FCM: NON-DROP FRAME");
    expect(checkFcpxml(ndf.text(".fcpxml")).tcFormat).toBe("NDF");
  });

  it("takes the frame size given, else the clips', else the shots' resolution", async () => {
    const given = await exportsAt("29.97", { frameSize: { width: 1920, height: 1080 } }, SHOTS.slice(0, 2));
    expect(checkFcpxml(given.text(".fcpxml"))).toMatchObject({ width: 1920, height: 1080, formatName: "FFVideoFormat1080p2997" });
    expect(checkOtio(given.text(".otio")).metadata.shotbin).toMatchObject({ width: 1920, height: 1080, timecode: "drop-frame", frameRateLabel: "29.97" });
    expect(given.layout.frameSize.source).toBe("given");

    const jobs = await finishedRun(folder, SHOTS.slice(0, 2), { resolution: "720p" });
    const fromRequests = buildTimelineExports(jobs, { name: "x", rate: parseFrameRate("25")! });
    expect(fromRequests.layout.frameSize).toEqual({ width: 1280, height: 720, source: "requests" });
    expect(checkFcpxml(fromRequests.files[1]!.text)).toMatchObject({ width: 1280, height: 720, formatName: "FFVideoFormat720p25" });
    // Without the clips' facts each shot keeps its planned length, and the messages say so.
    expect(fromRequests.layout.messages[0]).toBe("The length of 1A_t1.mp4 (shot 1A) is unknown: it is laid at the shot's 125 frames.");
  });

  it("starts a shot where the list fixes it, leaving the space before it empty, and names a clip it cannot read", async () => {
    // Shot 3 is fixed at 12 s (a marker's position, in ticks); shots 1 and 2 end at 119 + 95 frames.
    const shots = [{ seconds: 5, clipSeconds: 5 }, { seconds: 4, clipSeconds: 4 }, { seconds: 5, clipSeconds: 5, startTicks: 12n * 254016000000n }, { seconds: 4, clipSeconds: 4 }];
    const { text, layout, jobs } = await exportsAt("23.976", {}, shots);
    const fixedAt = Math.round((12 * 24000) / 1001); // 287.7 → 288
    const otio = checkOtio(text(".otio"));
    expect(otio.items.map((item) => [item.schema, item.frames])).toEqual([["Clip.1", 119], ["Clip.1", 95], ["Gap.1", fixedAt - 214], ["Clip.1", 119], ["Clip.1", 95]]);
    expect(checkFcpxml(text(".fcpxml")).spine.map((item) => item.offset)).toEqual([0, 119, 214, fixedAt, fixedAt + 119]);
    expect(layout.messages).toEqual([`${fixedAt - 214} empty frames before shot 3A (00:00:08:22 to 00:00:12:00): the list fixes its start.`]);

    await writeFile(jobs[3]!.file!, "not really a movie");
    const facts = await readClipFactsOfJobs(jobs, nodeFileSystem.open);
    expect(facts.problems.get(jobs[3]!.id)).toMatch(/not an MP4/);
    const { layout: unread } = buildTimelineExports(jobs, { name: "x", rate: parseFrameRate("23.976")!, clips: facts.clips, clipProblems: facts.problems });
    expect(unread.messages.at(-1)).toMatch(/^The length of 4A_t1\.mp4 \(shot 4A\) is unknown \(.*not an MP4.*\): it is laid at the shot's 95 frames\.$/);
  });

  it("writes file URLs that survive spaces, accents and Windows drive letters", () => {
    expect(fileUrl("/tmp/a b/é.mp4")).toBe("file:///tmp/a%20b/%C3%A9.mp4");
    expect(fileUrl("C:\\Clips\\shot 1.mp4")).toBe("file:///C:/Clips/shot%201.mp4");
  });

  it("catch a broken export: malformed XML, an asset that points nowhere, an unknown OTIO key, a header off by one word, a timecode drop-frame skips", async () => {
    const { files } = await exportsAt("29.97", {}, SHOTS.slice(0, 3));
    const [otio, fcpxml, edl, csv] = files.map((file) => file.text) as [string, string, string, string];
    expect(() => xmllint(fcpxml.replace("</spine>", ""))).toThrow(/xmllint refused/);
    expect(() => checkFcpxml(fcpxml.replace(/1A_t1\.mp4/g, "gone.mp4"))).toThrow(/does not exist/);
    expect(() => checkFcpxml(fcpxml.replace('offset="0s"', 'offset="1/7s"'))).toThrow(/not on the frame grid/);
    expect(() => checkOtio(otio.replace('"target_url"', '"target_uri"'))).toThrow(/not valid OTIO/);
    expect(() => checkOtio(otio.replace('"rate": 29.97002997002997', '"rate": "29.97"'))).toThrow(/not valid OTIO/);
    expect(() => checkResolveCsv(csv.replace("Day / Night", "Day/Night"))).toThrow(/first line/);
    const firstEvent = edl.split("\r\n")[3]!;
    expect(firstEvent).toMatch(/01:00:00;00 01:00:04;29$/);
    expect(() => checkEdl(edl.replace("01:00:00;00 01:00:04;29", "01:00:00:00 01:00:04;29"), 29.97)).toThrow(/the FCM says DROP FRAME/);
    expect(() => checkEdl(edl.replace("00:00:00;00 00:00:04;29", "00:00:00;00 00:00:05;00"), 29.97)).toThrow(/lengths differ/);
    expect(() => checkEdl(edl.replace(/01:00:04;29/g, "01:01:00;00"), 29.97)).toThrow(/not a timecode at 29.97 fps/);
  });

  (FCPXML_DTD ? it : it.skip)("validates against Apple's FCPXML DTD named by SHOTBIN_FCPXML_DTD", async () => {
    // Only runs where a copy of Apple's DTD exists (it ships inside Final Cut Pro); checkFcpxml uses it.
    const { text } = await exportsAt("29.97");
    expect(() => checkFcpxml(text(".fcpxml"))).not.toThrow();
  });
});
