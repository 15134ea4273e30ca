import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exiftoolXmp } from "../media/support/readers";
import { useFakeProviders } from "../support/fakeProviders";
import { formatOf, similarity } from "../support/stills";

/**
 * `shotbin image` as a user runs it: a spawned CLI against the fake providers. The fake's create
 * counts prove that a rerun after a kill buys nothing twice.
 */
const fake = useFakeProviders({ queueMs: 200, runMs: 300 });
const BIN = join(__dirname, "..", "..", "bin", "shotbin.js");
let folder: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-image-cli-"));
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(folder, { recursive: true, force: true });
});

function start(args: string[]): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [BIN, "image", ...args], { cwd: folder, env: { ...process.env, SHOTBIN_POLL_MS: "50", SHOTBIN_FAKE_PROVIDERS: fake().origin }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, output: () => output };
}

interface StoredImageJob {
  id: string;
  state: string;
  handle?: { id: string };
  files?: Array<{ path: string; sha256?: string }>;
  failure?: { kind: string; charged: boolean | string };
}

function ledger(out: string): StoredImageJob[] {
  const file = join(out, "shotbin-image-ledger.json");
  if (!existsSync(file)) return [];
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { imageJobs?: StoredImageJob[] }).imageJobs ?? [];
  } catch {
    return [];
  }
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("shotbin image", () => {
  it("makes stills with XMP on a queue route, and a rerun after a kill follows the job it bought", async () => {
    const world = fake().world;
    // The job waits in the queue until released, however slow the machine.
    world.config = { ...world.config, queueMs: Number.POSITIVE_INFINITY };
    const out = join(folder, "frames");
    const args = ["--prompt", "Harbour at dawn — 港の夜明け", "--model", "fal-ai/flux-2-pro", "--aspect", "16:9", "--seed", "17", "--out", out, "--yes"];

    const first = start(args);
    await until(() => ledger(out).some((job) => job.state === "queued"), 20_000, `a queued job (output: ${first.output()})`);
    expect(first.output()).toMatch(/1 still\(s\) from Flux 2 Pro \(fal\) at 16:9, png: \$0\.03/);
    first.child.kill("SIGKILL");
    await first.exit;
    expect(world.creates.fal).toBe(1);

    const [job] = [...world.jobs.values()];
    job!.queueMs = 0;
    const second = start(args);
    expect(await second.exit).toBe(0);
    expect(second.output()).toMatch(/already in .*following it, nothing is bought again/);
    expect(world.creates.fal).toBe(1);
    const [done] = ledger(out);
    expect(done).toMatchObject({ state: "ready", handle: { id: job!.id } });
    const still = done!.files![0]!.path;
    expect(still).toMatch(/harbour-at-dawn-港の夜明け_flux-2-pro_17\.png$/);
    const tags = await exiftoolXmp(still);
    expect(tags).toMatchObject({ "XMP-shotbin:Provider": "fal", "XMP-shotbin:Model": "fal-ai/flux-2-pro", "XMP-shotbin:Prompt": "Harbour at dawn — 港の夜明け", "XMP-shotbin:JobId": job!.id, "XMP-shotbin:Cost": 0.03 });

    const third = start(args);
    expect(await third.exit).toBe(0);
    expect(world.creates.fal).toBe(1);
    expect((await readdir(out)).filter((name) => name.endsWith(".png"))).toHaveLength(1);
  }, 60_000);

  it("never sends a synchronous call twice: killed mid-call, the rerun reports it and buys nothing", async () => {
    const world = fake().world;
    world.faults.add({ provider: "openai", operation: "create", fault: { type: "timeout", delayMs: 1500 } });
    const out = join(folder, "gpt");
    const args = ["--prompt", "a lighthouse", "--model", "gpt-image-1.5", "--quality", "low", "--out", out, "--yes"];
    const first = start(args);
    await until(() => ledger(out).some((job) => job.state === "submitting"), 20_000, "a submitting job");
    await until(() => world.requests.length > 0 || world.faults.list().some((rule) => rule.fired > 0), 20_000, "the fake to receive the call");
    first.child.kill("SIGKILL");
    await first.exit;
    const second = start(args);
    expect(await second.exit).toBe(5);
    expect(second.output()).toMatch(/cannot say whether it received it/);
    expect(ledger(out)[0]).toMatchObject({ state: "failed", failure: { kind: "unknown-submit", charged: "unknown" } });
    await until(() => world.creates.openai === 1, 10_000, "the first call to finish at the fake");
    expect(world.creates.openai).toBe(1);
  }, 60_000);

  it("runs again what failed after the purchase (the result could not be read) without buying again", async () => {
    const world = fake().world;
    // Every read of the result fails until the HTTP layer's retries are used up: fal reports a 5xx.
    world.faults.add({ provider: "fal", operation: "result", times: 4, fault: { type: "server-error", status: 500 } });
    const out = join(folder, "retry");
    const args = ["--prompt", "a windmill", "--model", "fal-ai/flux-2-pro", "--out", out, "--yes"];
    const first = start(args);
    expect(await first.exit).toBe(5);
    expect(ledger(out)[0]).toMatchObject({ state: "failed", failure: { kind: "server" } });
    const second = start(args);
    expect(await second.exit).toBe(0);
    expect(ledger(out)[0]).toMatchObject({ state: "ready" });
    expect(world.creates.fal).toBe(1);
  }, 60_000);

  it("edits a still it made: the new still derives from it and records its lineage", async () => {
    const out = join(folder, "edit");
    const made = start(["--prompt", "a red barn", "--model", "replicate/black-forest-labs/flux-2-pro", "--format", "jpeg", "--out", out, "--yes"]);
    expect(await made.exit).toBe(0);
    const source = ledger(out)[0]!.files![0]!;
    const edited = start(["--prompt", "add snow", "--model", "prunaai/p-image-edit", "--edit-of", source.path, "--out", out, "--yes"]);
    expect(await edited.exit).toBe(0);
    const result = ledger(out).find((job) => job.id !== ledger(out)[0]!.id)!.files![0]!.path;
    expect(formatOf(readFileSync(result))).toBe("jpeg");
    expect(similarity(readFileSync(result), readFileSync(source.path))).toBeGreaterThan(0.6);
    const tags = await exiftoolXmp(result);
    expect(tags["XMP-shotbin:SourceStillJob"]).toBe(ledger(out)[0]!.id);
    expect(tags["XMP-shotbin:SourceStillSha256"]).toBe(source.sha256);
    expect(world().creates.replicate).toBe(2);
  }, 60_000);

  it("shows the cost and spends nothing on --dry-run, over --budget, or without --yes off a terminal", async () => {
    const dry = start(["--prompt", "x", "--model", "gpt-image-1.5", "--quality", "high", "--n", "3", "--aspect", "3:2", "--dry-run"]);
    expect(await dry.exit).toBe(0);
    expect(dry.output()).toMatch(/3 still\(s\) from GPT Image 1\.5 \(OpenAI\) at 1536x1024, high quality, png: would cost \$0\.60 \(\$0\.20 a still\), price unconfirmed/);
    const over = start(["--prompt", "x", "--model", "gemini-3-pro-image-preview", "--resolution", "4K", "--budget", "0.10"]);
    expect(await over.exit).toBe(4);
    expect(over.output()).toMatch(/over the budget of \$0\.10/);
    const unasked = start(["--prompt", "x", "--model", "fal-ai/flux-2-pro"]);
    expect(await unasked.exit).toBe(4);
    expect(unasked.output()).toMatch(/Add --yes/);
    expect(fake().world.creates).toMatchObject({ openai: 0, gemini: 0, fal: 0 });
    // A refused request leaves no ledger behind: nothing was planned.
    expect(existsSync(join(folder, "shotbin-stills", "shotbin-image-ledger.json"))).toBe(false);
  }, 60_000);

  it("names the option at fault, with what is allowed, and refuses unreadable inputs", async () => {
    const aspect = start(["--prompt", "x", "--model", "gpt-image-1.5", "--aspect", "16:9"]);
    expect(await aspect.exit).toBe(2);
    expect(aspect.output()).toMatch(/--aspect: aspect ratio 16:9 is not available on gpt-image-1\.5; it makes 1024x1024 \(1:1\), 1536x1024 \(3:2\), 1024x1536 \(2:3\)/);
    const many = start(["--prompt", "x", "--model", "black-forest-labs/flux-2-pro", ...Array.from({ length: 9 }, () => ["--edit-of", BIN]).flat()]);
    expect(await many.exit).toBe(3);
    expect(many.output()).toMatch(/--edit-of .*shotbin\.js: .* is not a PNG, JPEG or WebP still/);
    const missing = start(["--prompt", "x", "--edit-of", "nope.png"]);
    expect(await missing.exit).toBe(3);
    expect(missing.output()).toMatch(/--edit-of nope\.png: no such file/);
    const unknown = start(["--prompt", "x", "--model", "midjourney-7"]);
    expect(await unknown.exit).toBe(2);
    expect(unknown.output()).toMatch(/no image model 'midjourney-7'/);
  }, 60_000);
});

function world() {
  return fake().world;
}
