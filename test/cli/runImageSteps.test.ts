import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { FakeJob } from "../../src/fakes/fakeJobs";
import { exiftoolXmp } from "../media/support/readers";
import { useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { killLeftovers, startCli, type CliProcess } from "./support/cliProcess";

/**
 * A 3-shot list with image steps, run by the spawned CLI against the fake providers: each shot's
 * still is made on Replicate (Flux 2 Pro; shot 2's is then edited with P Image Edit), then its take
 * animates it on fal. Every step is created once at the fake, and a run killed with SIGKILL while
 * its stills, then its takes, wait at the providers resumes and buys nothing twice. Each clip's XMP,
 * read by ExifTool, names the still it was animated from.
 */
const fake = useFakeProviders({ queueMs: 100, runMs: 200 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-image-steps-"));
});
afterEach(async () => {
  killLeftovers();
  await rm(folder, { recursive: true, force: true });
});

const LIST = [
  "Shot,Description,Duration,Model,Image model,Image prompt,Edit prompt,Edit model",
  "1,Fog rolls over the harbour at dawn,5,fal-ai/kling-video/v2.6/pro,black-forest-labs/flux-2-pro,,,",
  '2,A fishing boat leaves the pier,5,fal-ai/kling-video/v2.6/pro,black-forest-labs/flux-2-pro,"A red fishing boat at the pier, wide",add gulls over the mast,prunaai/p-image-edit',
  "3,The lighthouse beam sweeps the sea,5,fal-ai/kling-video/v2.6/pro,black-forest-labs/flux-2-pro,,,",
].join("\n");

interface Ledger {
  jobs: Array<{ id: string; state: string; shot: { shotId: string }; request: { prompt: string; firstFrame?: { path?: string; name?: string; lineage?: { file: string; sha256?: string; jobId: string } } }; file?: string; extra?: { imageStep?: { jobId: string } } }>;
  imageJobs: Array<{ id: string; state: string; shot: { shotId: string }; request: { prompt: string; model: string }; files?: Array<{ path: string; sha256?: string }>; extra?: { imageStep?: { role: string; source?: string } } }>;
}

function ledger(out: string): Ledger {
  const file = join(out, "shotbin-ledger.json");
  if (!existsSync(file)) return { jobs: [], imageJobs: [] };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Ledger>;
    return { jobs: parsed.jobs ?? [], imageJobs: parsed.imageJobs ?? [] };
  } catch {
    return { jobs: [], imageJobs: [] };
  }
}

function run(args: string[]): CliProcess {
  return startCli(["run", "harbour.csv", "--out", "out", "--fake-providers", fake().origin, "--concurrency", "fal=3", ...args], { cwd: folder, env: { SHOTBIN_POLL_MS: "40", SHOTBIN_HOME: join(folder, "home") } });
}

const jobsAt = (provider: FakeJob["provider"]) => [...fake().world.jobs.values()].filter((job) => job.provider === provider);

/** Holds every fake job created from now on in its queue until released. */
function hold(): void {
  fake().world.config = { ...fake().world.config, queueMs: Number.POSITIVE_INFINITY };
}

function release(jobs: FakeJob[]): void {
  for (const job of jobs) if (job.queueMs === Number.POSITIVE_INFINITY) job.queueMs = 0;
}

async function expectFinished(out: string): Promise<void> {
  const final = ledger(out);
  expect(final.imageJobs.map((job) => job.state)).toEqual(["ready", "ready", "ready", "ready"]);
  expect(final.jobs.map((job) => job.state)).toEqual(["ready", "ready", "ready"]);
  // One create per step at the fake: 3 stills and 1 edit on Replicate, 3 takes on fal.
  expect(jobsAt("replicate").map((job) => job.model).sort()).toEqual(["black-forest-labs/flux-2-pro", "black-forest-labs/flux-2-pro", "black-forest-labs/flux-2-pro", "prunaai/p-image-edit"]);
  expect(jobsAt("fal").map((job) => job.prompt).sort()).toEqual(final.jobs.map((job) => job.request.prompt).sort());
  expect(fake().world.creates).toMatchObject({ replicate: 4, fal: 3 });
  // Each take animated its shot's still (shot 2: the edit), and its clip says so in its XMP.
  for (const take of final.jobs) {
    const finalStill = final.imageJobs.find((job) => job.id === take.extra!.imageStep!.jobId)!;
    expect(finalStill.shot.shotId).toBe(take.shot.shotId);
    expect(finalStill.extra!.imageStep!.role).toBe(take.shot.shotId === "2" ? "edit" : "generate");
    const still = finalStill.files![0]!;
    expect(take.request.firstFrame).toMatchObject({ path: still.path, lineage: { file: basename(still.path), sha256: still.sha256, jobId: finalStill.id } });
    const tags = await exiftoolXmp(take.file!);
    expect(tags["XMP-shotbin:SourceStill"]).toBe(basename(still.path));
    expect(tags["XMP-shotbin:SourceStillSha256"]).toBe(still.sha256);
    expect(tags["XMP-shotbin:SourceStillJob"]).toBe(finalStill.id);
  }
  // The edit refined shot 2's still and records it.
  const edit = final.imageJobs.find((job) => job.extra?.imageStep?.role === "edit")!;
  const source = final.imageJobs.find((job) => job.id === edit.extra!.imageStep!.source)!;
  const editTags = await exiftoolXmp(edit.files![0]!.path);
  expect(editTags["XMP-shotbin:SourceStill"]).toBe(basename(source.files![0]!.path));
  expect(source.request.prompt).toBe("A red fishing boat at the pier, wide");
}

describe("shotbin run with image steps", () => {
  it("shows and prices both steps, then makes 3 stills (one edited) and 3 clips from them, one create per step", async () => {
    await writeFile(join(folder, "harbour.csv"), LIST);
    const dry = run(["--dry-run"]);
    expect(await dry.exit).toBe(0);
    // Stills: 3 × $0.03 (Flux 2 Pro, 1 MP) + $0.01 (P Image Edit); takes: 3 × 5 s of Kling 2.6 on fal.
    expect(dry.stdout()).toMatch(/2: Flux 2 Pro \(Replicate\) \+ P Image Edit \(Replicate\), then edited: "add gulls over the mast", \$0\.04: "A red fishing boat at the pier, wide"/);
    expect(dry.stdout()).toMatch(/Total: \$\d+\.\d\d .*\(stills \$0\.10 in 4 image job\(s\), clips \$\d+\.\d\d\)/);

    const done = run(["--yes"]);
    expect(await done.exit).toBe(0);
    expect(done.stdout()).toContain("Image steps: 4 of 4 still(s) made.");
    await expectFinished(join(folder, "out"));
  }, 120_000);

  it("resumes after a kill while the stills wait at Replicate, and again while the takes wait at fal, buying nothing twice", async () => {
    await writeFile(join(folder, "harbour.csv"), LIST);
    const out = join(folder, "out");
    hold();
    const first = run(["--yes"]);
    // The 3 stills are at Replicate (the edit waits for its still), recorded in the ledger: kill.
    await waitUntil(() => jobsAt("replicate").length === 3 && ledger(out).imageJobs.filter((job) => job.state === "queued").length === 3, 30_000, () => `stills queued; output: ${first.stdout()}${first.stderr()}`);
    first.child.kill("SIGKILL");
    await first.exit;
    expect(ledger(out).jobs.every((job) => job.state === "planned" && !job.request.firstFrame?.path)).toBe(true);
    expect(jobsAt("fal")).toEqual([]);

    // Resumed: the stills are followed (not bought again), the edit is made, then the takes go to fal and wait there: kill again.
    const released = setInterval(() => release(jobsAt("replicate")), 20);
    try {
      const second = run(["--resume"]);
      await waitUntil(() => jobsAt("fal").length === 3 && ledger(out).jobs.filter((job) => job.state === "queued").length === 3, 60_000, () => `takes queued; output: ${second.stdout()}${second.stderr()}`);
      expect(jobsAt("replicate")).toHaveLength(4);
      second.child.kill("SIGKILL");
      await second.exit;
    } finally {
      clearInterval(released);
    }

    fake().world.config = { ...fake().world.config, queueMs: 50 };
    release(jobsAt("fal"));
    const third = run(["--resume"]);
    expect(await third.exit).toBe(0);
    await expectFinished(out);
  }, 180_000);
});
