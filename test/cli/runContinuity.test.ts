/**
 * `shotbin run` with a continuity chain, as a real process against the fake providers, measured on
 * pixels: the fake provider receives, as shot 2's first frame, the last frame of shot 1's clip;
 * the clip it returns starts on that frame; the first frame of shot 2 matches the last frame of
 * shot 1 and 3 matches 2, each above 30 dB PSNR. A run killed with SIGKILL in the middle of the
 * chain and run again with --resume buys nothing twice and the shots after still get their frames.
 * A failed first shot blocks the shots after it, spending nothing on them.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { JobRecord } from "../../src/core/jobRecord";
import { requestFrames } from "../../src/fakes/requestFrames";
import { extractFirstFrame, extractLastFrame } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { useFakeProviders } from "../support/fakeProviders";
import { makeStill } from "../support/mediaMaker";
import { waitUntil } from "../support/waitUntil";
import { killLeftovers, runCli, startCli } from "./support/cliProcess";

jest.setTimeout(240_000);

const fake = useFakeProviders({ queueMs: 10, runMs: 10 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-continuity-"));
  await makeStill(folder, "storyboard", { width: 1280, height: 720 });
});
afterEach(async () => {
  killLeftovers();
  await rm(folder, { recursive: true, force: true });
});

// Shot 1 starts from a storyboard frame at 1280×720, the size the fake makes clips at, so every
// comparison is between pictures of one size (a canned 1080p clip would be scaled on the way).
const CHAIN = [
  "Shot,Description,Length,Model,Continuity,First frame",
  "1,A lighthouse at dusk on a rocky point,5,kling-2.6,,storyboard.png",
  "2,The beam sweeps across the dark sea,5,kling-2.6,previous,",
  "3,A small boat turns towards the light,5,kling-2.6,previous,",
].join("\n");

function ledger(out: string): JobRecord[] {
  try {
    return (JSON.parse(readFileSync(join(out, "shotbin-ledger.json"), "utf8")) as { jobs: JobRecord[] }).jobs;
  } catch {
    return [];
  }
}

const shot = (jobs: JobRecord[], id: string) => jobs.find((job) => job.shot.shotId === id)!;
const env = () => ({ SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home") });
const args = (out: string, ...extra: string[]) => ["run", "chain.csv", "--out", out, "--fake-providers", fake().origin, "--yes", ...extra];

/** The first frame the fake provider received for a shot's prompt, written to a file. */
async function frameSentFor(prompt: string, file: string): Promise<string> {
  const jobs = [...fake().world.jobs.values()].filter((job) => job.prompt.includes(prompt));
  expect(jobs).toHaveLength(1);
  const first = requestFrames("kling", jobs[0]!.input).first;
  if (!first || !("bytes" in first)) throw new Error(`the fake received no inline first frame for "${prompt}"`);
  await writeFile(file, first.bytes);
  return file;
}

/** Shot N+1's clip starts on shot N's last frame, on pixels, and the fake was sent that frame. */
async function expectChainOnPixels(jobs: JobRecord[]): Promise<void> {
  for (const [from, to, prompt] of [["1", "2", "The beam sweeps"], ["2", "3", "A small boat"]] as const) {
    const last = await extractLastFrame(shot(jobs, from).file!, join(folder, `last-${from}.png`));
    const first = await extractFirstFrame(shot(jobs, to).file!, join(folder, `first-${to}.png`));
    const sent = await frameSentFor(prompt, join(folder, `sent-${to}.png`));
    expect(await psnr(last.path, sent)).toBeGreaterThan(40);
    expect(await psnr(last.path, first.path)).toBeGreaterThan(30);
    // And not by accident: the shot's first frame is unlike the first frame of the shot it continues.
    const start = await extractFirstFrame(shot(jobs, from).file!, join(folder, `first-${from}.png`));
    expect(await psnr(start.path, first.path)).toBeLessThan(25);
    const to_ = shot(jobs, to);
    expect(to_.frameOrigin).toMatchObject({ action: "continuity", first: { source: basename(shot(jobs, from).file!), jobId: shot(jobs, from).id } });
    expect(to_.frameOrigin!.first!.seconds).toBeCloseTo(last.seconds, 6);
  }
}

describe("shotbin run with continuity", () => {
  it("starts each continuing shot on the last frame of the one before, above 30 dB, and records where it came from", async () => {
    await writeFile(join(folder, "chain.csv"), CHAIN);
    const out = join(folder, "out");
    const dry = await runCli(["run", "chain.csv", "--dry-run", "--fake-providers", fake().origin], { cwd: folder, env: env() });
    expect(dry.stdout).toContain("[from 1] The beam sweeps");
    expect(dry.stdout).toContain("Continuity: shot 2 starts on the last frame of shot 1; shot 3 starts on the last frame of shot 2.");
    const run = await runCli(args(out), { cwd: folder, env: env() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
    const jobs = ledger(out);
    expect(jobs.map((job) => job.state)).toEqual(["ready", "ready", "ready"]);
    expect(fake().world.creates.kling).toBe(3);
    // Each continuing shot was sent only after the shot before it was ready.
    const at = (job: JobRecord, state: string) => Date.parse(job.history.find((entry) => entry.state === state)!.at);
    expect(at(shot(jobs, "2"), "submitting")).toBeGreaterThanOrEqual(at(shot(jobs, "1"), "ready"));
    expect(at(shot(jobs, "3"), "submitting")).toBeGreaterThanOrEqual(at(shot(jobs, "2"), "ready"));
    await expectChainOnPixels(jobs);
    // The clip itself says where its first frame came from.
    const inspected = await runCli(["inspect", shot(jobs, "2").file!]);
    const xmp = (JSON.parse(inspected.stdout) as { xmp: { shotbin: Record<string, unknown> } }).xmp.shotbin;
    expect(xmp).toMatchObject({ frameAction: "continuity", firstFrameSource: basename(shot(jobs, "1").file!) });
    expect(Number(xmp.firstFrameTime)).toBeCloseTo(shot(jobs, "2").frameOrigin!.first!.seconds!, 3);
  });

  it("after a SIGKILL in the middle of the chain, --resume buys nothing twice and the shots after still get their frames", async () => {
    await writeFile(join(folder, "chain.csv"), CHAIN);
    const out = join(folder, "out");
    const world = fake().world;
    // Every job runs until the test lets it go.
    world.config = { ...world.config, runMs: Number.POSITIVE_INFINITY };
    const run = startCli(args(out), { cwd: folder, env: env() });
    const output = () => run.stdout() + run.stderr();
    await waitUntil(() => world.creates.kling === 1, 60_000, () => `shot 1 sent; ${output()}`);
    for (const job of world.jobs.values()) job.runMs = 0;
    // Shot 2 is bought and held at the provider: the middle of the chain.
    await waitUntil(() => world.creates.kling === 2 && !!shot(ledger(out), "2")?.handle, 90_000, () => `shot 2 at the provider; ${JSON.stringify(ledger(out).map((job) => job.state))}; ${output()}`);
    run.child.kill("SIGKILL");
    await run.exit;
    const atKill = ledger(out);
    expect(atKill.map((job) => job.state)).toEqual(["ready", expect.stringMatching(/^(queued|running)$/), "planned"]);
    expect(world.creates.kling).toBe(2);

    world.config = { ...world.config, runMs: 10 };
    for (const job of world.jobs.values()) job.runMs = 0;
    const resumed = await runCli(["run", "chain.csv", "--out", out, "--fake-providers", fake().origin, "--resume"], { cwd: folder, env: env() });
    expect({ code: resumed.code, out: resumed.stdout + resumed.stderr }).toEqual({ code: 0, out: expect.any(String) as string });
    const jobs = ledger(out);
    expect(jobs.map((job) => job.state)).toEqual(["ready", "ready", "ready"]);
    // Shot 2 kept its provider job: followed, not bought again; shot 3 bought once.
    expect(shot(jobs, "2").handle!.id).toBe(shot(atKill, "2").handle!.id);
    expect(world.creates.kling).toBe(3);
    await expectChainOnPixels(jobs);
  });

  it("blocks the shots after a shot that failed, sends nothing for them, and says why", async () => {
    await writeFile(join(folder, "chain.csv"), CHAIN);
    fake().world.faults.add({ provider: "kling", operation: "create", promptIncludes: "A lighthouse at dusk", fault: { type: "content-policy", message: "Flagged by moderation." } });
    const out = join(folder, "out");
    const run = await runCli(args(out), { cwd: folder, env: env() });
    expect(run.code).toBe(5);
    expect(fake().world.creates.kling).toBe(1);
    const jobs = ledger(out);
    expect(jobs.map((job) => [job.state, job.failure?.kind])).toEqual([
      ["failed", "content-policy"],
      ["failed", "blocked"],
      ["failed", "blocked"],
    ]);
    expect(run.stderr).toMatch(/- shot 2 take 1 \(kling-2\.6\): shot 2 continues from shot 1, which failed: Kling refused the content: [^\n]*Flagged by moderation[^\n]*\. Nothing was sent for it\. \[not charged\]/);
    expect(run.stderr).toMatch(/- shot 3 take 1 \(kling-2\.6\): shot 3 continues from shot 2, which is blocked: shot 2 continues from shot 1, which failed: [^\n]*Flagged by moderation[^\n]*\. Nothing was sent for it\. \[not charged\]/);
  });
});
