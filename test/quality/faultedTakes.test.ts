/**
 * The fake providers' clip faults, over real HTTP: a job scripted with `flickering-clip` or
 * `frozen-clip` succeeds, its download is the spoiled clip, and QA finds the defect; a job
 * without one downloads the clean clip, which passes. Takes that differ in quality, for
 * `--pick best` and compare.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { FAKE_KEYS } from "../../src/fakes/fakeWorld";
import { measureClip } from "../../src/quality/measureClip";
import { fakeJobReaches, useFakeProviders } from "../support/fakeProviders";
import { makeTempDir } from "../media/support/fixtures";
import { programs } from "./support/programs";

jest.setTimeout(120_000);

const fakes = useFakeProviders();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("qa-faults");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Key ${FAKE_KEYS.fal}`, "content-type": "application/json" };

/** Creates a fal job over HTTP, waits for it, and downloads its video to `as`; answers the file and the downloaded headers. */
async function takeFromFal(prompt: string, as: string): Promise<{ file: string; contentLength: number; ranged: Buffer }> {
  const { origin, world } = fakes();
  const created = await fetch(`${origin}/fal/queue/fal-ai/veo3.1`, { method: "POST", headers: auth, body: JSON.stringify({ prompt, duration: "4s" }) });
  expect(created.status).toBe(200);
  const { request_id: id, response_url: responseUrl } = (await created.json()) as { request_id: string; response_url: string };
  await fakeJobReaches(world, "fal", id, "succeeded");
  const result = (await (await fetch(responseUrl, { headers: auth })).json()) as { video: { url: string } };
  const video = await fetch(result.video.url);
  expect(video.status).toBe(200);
  const bytes = Buffer.from(await video.arrayBuffer());
  const file = path.join(dir, as);
  await fsp.writeFile(file, bytes);
  // A resumed download (a Range request) gets the same bytes.
  const tail = await fetch(result.video.url, { headers: { range: `bytes=${bytes.length - 1000}-` } });
  expect(tail.status).toBe(206);
  return { file, contentLength: Number(video.headers.get("content-length")), ranged: Buffer.from(await tail.arrayBuffer()) };
}

async function scriptFault(rule: object): Promise<void> {
  const response = await fetch(`${fakes().origin}/_control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  expect(response.status).toBe(200);
}

it("serves a flickering clip for a job scripted with flickering-clip, and QA finds the flicker", async () => {
  await scriptFault({ provider: "fal", promptIncludes: "take 2", fault: { type: "flickering-clip" } });
  const spoiled = await takeFromFal("harbour at dawn, take 2", "take2.mp4");
  const clean = await takeFromFal("harbour at dawn, take 1", "take1.mp4");

  const spoiledBytes = await fsp.readFile(spoiled.file);
  expect(spoiled.contentLength).toBe(spoiledBytes.length);
  expect(spoiled.ranged.equals(spoiledBytes.subarray(spoiledBytes.length - 1000))).toBe(true);
  expect(spoiledBytes.equals(await fsp.readFile(clean.file))).toBe(false);

  const [spoiledReport, cleanReport] = await Promise.all([spoiled.file, clean.file].map((file) => measureClip(file, { programs: programs() })));
  expect(spoiledReport!.defects.map((defect) => defect.kind)).toEqual(["flicker"]);
  expect(spoiledReport!.verdict).toBe("fail");
  expect(cleanReport!.verdict).toBe("pass");
  expect(cleanReport!.score).toBeGreaterThan(spoiledReport!.score);
  // Same length and rate as the clean take: only the picture differs.
  expect(spoiledReport!.analysis.frames).toBe(cleanReport!.analysis.frames);
});

it("serves a clip frozen to the end for a job scripted with frozen-clip, and QA finds the freeze", async () => {
  await scriptFault({ provider: "fal", fault: { type: "frozen-clip" } });
  const frozen = await takeFromFal("a quiet street", "frozen.mp4");
  const report = await measureClip(frozen.file, { programs: programs() });
  expect(report.defects.map((defect) => [defect.kind, defect.severity])).toEqual([["frozen-frames", "fail"]]);
  const [freeze] = report.defects;
  expect(freeze!.end).toBeCloseTo(report.analysis.duration, 3);
  expect(freeze!.start).toBeCloseTo(0.4 * report.analysis.duration, 1);
  // The rule fired once: the next job is clean.
  const next = await takeFromFal("a quiet street", "next.mp4");
  expect((await measureClip(next.file, { programs: programs() })).verdict).toBe("pass");
});

it("applies an always rule (times 0) to every new job, once each, beside other rules", async () => {
  const { world } = fakes();
  world.faults.clear();
  world.faults.add({ provider: "fal", fault: { type: "frozen-clip" }, times: 0 });
  world.faults.add({ provider: "fal", promptIncludes: "lighthouse", fault: { type: "webhook-duplicates", copies: 2 } });
  const jobs = ["a lighthouse at dusk", "a lighthouse at dawn"].map((prompt) => world.createJob({ provider: "fal", model: "fal-ai/veo3.1", endpoint: "fal-ai/veo3.1", prompt, input: {}, seconds: 4 }));
  for (const job of jobs) expect(job.jobFaults.map((fault) => fault.type)).toEqual(["frozen-clip", "webhook-duplicates"].slice(0, job === jobs[0] ? 2 : 1));
  expect(world.faults.list().map((rule) => rule.fired)).toEqual([2, 1]);
  world.faults.clear();
});
