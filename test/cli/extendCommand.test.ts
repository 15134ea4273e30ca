/**
 * `shotbin extend` as a real process against the fake providers, measured on pixels: the fake
 * receives the clip's last frame (not its first), the new clip starts on it above 30 dB, and the
 * clip's XMP says where its first frame came from. The cost is shown first; a rerun, also after a
 * SIGTERM while the job was at the provider, buys nothing twice; refusals spend nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobRecord } from "../../src/core/jobRecord";
import { requestFrames } from "../../src/fakes/requestFrames";
import { runFfmpegProgram } from "../../src/media/nodeFfmpeg";
import { extractFirstFrame, extractLastFrame } from "../../src/media/nodeFrameExtraction";
import { psnr } from "../../src/media/nodeImageCompare";
import { useFakeProviders } from "../support/fakeProviders";
import { waitUntil } from "../support/waitUntil";
import { killLeftovers, runCli, startCli } from "./support/cliProcess";

jest.setTimeout(180_000);

const fake = useFakeProviders({ queueMs: 10, runMs: 10 });
let folder: string;
let source: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-extend-"));
  source = join(folder, "A001.mp4");
  // Two seconds at 25 fps of a moving test pattern, BT.709 like camera and provider clips.
  const made = await runFfmpegProgram("ffmpeg", [
    "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=2",
    "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-c:v", "libx264", "-preset", "veryfast", "-crf", "12", "-pix_fmt", "yuv420p",
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv", source,
  ]);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(async () => {
  killLeftovers();
  await rm(folder, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home"), ...extra });
const extendArgs = (...extra: string[]) => ["extend", "A001.mp4", "--prompt", "The camera keeps drifting right", "--model", "kling-2.6", "--duration", "5", "--out", "out", "--fake-providers", fake().origin, ...extra];
const ledger = (): JobRecord[] => {
  const file = join(folder, "out", "shotbin-ledger.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { jobs: JobRecord[] }).jobs : [];
};

describe("shotbin extend", () => {
  it("sends the clip's last frame, and the new clip starts on it; the cost is shown first; a rerun buys nothing", async () => {
    const dry = await runCli(extendArgs("--dry-run"), { cwd: folder, env: env() });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Extend A001\.mp4 from its last frame \(frame 50 of 50, at 1\.960 s\) with Kling 2\.6 \(Kling API\): 5 s, 720p; estimated \$\d+\.\d\d/m);
    expect(fake().world.creates.kling).toBe(0);

    const run = await runCli(extendArgs(), { cwd: folder, env: env() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
    expect(run.stdout.indexOf("estimated $")).toBeLessThan(run.stdout.indexOf("Extended: "));
    expect(fake().world.creates.kling).toBe(1);
    const [job] = ledger();
    expect(job).toMatchObject({ state: "ready", frameOrigin: { action: "extend", first: { source: "A001.mp4", seconds: 1.96 } } });

    const last = await extractLastFrame(source, join(folder, "source-last.png"));
    const firstOfSource = await extractFirstFrame(source, join(folder, "source-first.png"));
    const sentImage = requestFrames("kling", [...fake().world.jobs.values()][0]!.input).first;
    if (!sentImage || !("bytes" in sentImage)) throw new Error("the fake received no inline first frame");
    const sent = join(folder, "sent.png");
    await writeFile(sent, sentImage.bytes);
    expect(await psnr(last.path, sent)).toBeGreaterThan(40);
    expect(await psnr(firstOfSource.path, sent)).toBeLessThan(25);
    const first = await extractFirstFrame(job!.file!, join(folder, "result-first.png"));
    expect(await psnr(last.path, first.path)).toBeGreaterThan(30);

    const inspected = await runCli(["inspect", job!.file!]);
    const xmp = (JSON.parse(inspected.stdout) as { xmp: { shotbin: Record<string, unknown> } }).xmp.shotbin;
    expect(xmp).toMatchObject({ frameAction: "extend", firstFrameSource: "A001.mp4", prompt: "The camera keeps drifting right", model: "kling-2.6" });
    expect(Number(xmp.firstFrameTime)).toBeCloseTo(1.96, 6);

    const again = await runCli(extendArgs(), { cwd: folder, env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Already extended: ${job!.file}`);
    expect(fake().world.creates.kling).toBe(1);
  });

  it("after a SIGTERM while the job is at the provider, the same command follows it and buys nothing twice", async () => {
    const world = fake().world;
    world.config = { ...world.config, runMs: Number.POSITIVE_INFINITY };
    const run = startCli(extendArgs(), { cwd: folder, env: env() });
    await waitUntil(() => world.creates.kling === 1 && !!ledger()[0]?.handle, 60_000, () => `the extension at the provider; ${run.stdout()}${run.stderr()}`);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(130);
    expect(run.stderr()).toContain("run the same command again to continue");
    world.config = { ...world.config, runMs: 10 };
    for (const job of world.jobs.values()) job.runMs = 0;
    const again = await runCli(extendArgs(), { cwd: folder, env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Continuing the extension recorded in");
    expect(ledger().map((job) => job.state)).toEqual(["ready"]);
    expect(world.creates.kling).toBe(1);
  });

  it("refuses a text-only model, a missing clip, an estimate over the budget and an unconfirmed spend, sending nothing", async () => {
    const textOnly = await runCli(["extend", "A001.mp4", "--prompt", "more", "--model", "wan2.6-t2v", "--fake-providers", fake().origin], { cwd: folder, env: env() });
    expect(textOnly.code).toBe(2);
    expect(textOnly.stderr).toContain("Extend sends the clip's last frame as the first frame, and Wan 2.6 text to video (DashScope) makes video from text only.");
    const missing = await runCli(["extend", "nope.mp4", "--prompt", "more", "--model", "kling-2.6", "--fake-providers", fake().origin], { cwd: folder, env: env() });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("there is no such file");
    const overBudget = await runCli(extendArgs("--budget", "0.01"), { cwd: folder, env: env() });
    expect(overBudget.code).toBe(4);
    expect(overBudget.stderr).toMatch(/refused: the estimate \$\d+\.\d\d is over --budget \$0\.01\. Nothing was sent\./);
    const unconfirmed = await runCli(extendArgs(), { cwd: folder, env: env({ SHOTBIN_CONFIRM_ABOVE_USD: "0.01" }) });
    expect(unconfirmed.code).toBe(4);
    expect(unconfirmed.stderr).toContain("there is no terminal to ask. Add --yes to approve it, or --budget USD to cap what it may spend.");
    expect(fake().world.creates).toMatchObject({ kling: 0, dashscope: 0 });
    expect(ledger()).toEqual([]);
  });
});
